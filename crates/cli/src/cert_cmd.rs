//! `fazhi cert …`: the electronic inspection certificate. (Being built: issue 6.)

use anyhow::Result;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum CertCmd {
    /// Placeholder.
    Info,
}

pub async fn run(cmd: CertCmd) -> Result<u8> {
    match cmd {
        CertCmd::Info => Ok(0),
    }
}
