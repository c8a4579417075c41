//! `fazhi dispatch …`: Work-order dispatch (工单分拨派转). (Being built: issue 9.)

use anyhow::Result;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum DispatchCmd {
    /// Placeholder.
    Info,
}

pub async fn run(cmd: DispatchCmd) -> Result<u8> {
    match cmd {
        DispatchCmd::Info => Ok(0),
    }
}
