//! Double-random inspections (双随机、一公开). (Being built: issue 5.)

pub mod demo;
