//! Power and responsibility list (权责清单) with dynamic management. (Being built: issue 4.)

pub mod demo;
