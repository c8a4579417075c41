//! `fazhi sampling …`: Double-random inspections (双随机、一公开). (Being built: issue 5.)

use anyhow::Result;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum SamplingCmd {
    /// Placeholder.
    Info,
}

pub async fn run(cmd: SamplingCmd) -> Result<u8> {
    match cmd {
        SamplingCmd::Info => Ok(0),
    }
}
