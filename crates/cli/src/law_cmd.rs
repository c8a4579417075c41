//! `fazhi law …`: thin clap wiring over `fazhi_law::commands`.

use anyhow::Result;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum LawCmd {
    /// Placeholder until the corpus library lands.
    Info,
}

pub async fn run(cmd: LawCmd) -> Result<u8> {
    match cmd {
        LawCmd::Info => {
            println!("legal corpus: see docs/law.md");
            Ok(0)
        }
    }
}
