//! `fazhi powers …`. (Being built: issue 4.)

use anyhow::Result;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum PowersCmd {
    /// Placeholder.
    Info,
}

pub async fn run(cmd: PowersCmd) -> Result<u8> {
    match cmd {
        PowersCmd::Info => Ok(0),
    }
}
