//! `fazhi supervision …`: figures of a year, the automatic findings for one case, and the
//! scoring of the review assistant against the planted defects.

use anyhow::Result;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum SupervisionCmd {}

pub async fn run(cmd: SupervisionCmd) -> Result<u8> {
    match cmd {}
}
