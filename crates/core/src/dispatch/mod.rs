//! Work-order dispatch (工单分拨派转). (Being built: issue 9.)

pub mod demo;
