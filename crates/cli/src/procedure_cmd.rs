//! `fazhi procedure …`: the procedure figures that apply to a body on a day, with their sources.

use anyhow::{Context, Result};
use clap::Subcommand;
use fazhi_core::BINHAI_REGION;
use fazhi_core::org::find_department_by_name;
use fazhi_core::procedure::params_for;

use crate::{bilingual, open};

#[derive(Subcommand)]
pub enum ProcedureCmd {
    /// Every figure for a body on a day: value, source, and whether it is the unverified
    /// platform default (`[{"key","label","value","source","verified","effective_from"}]`).
    Show {
        /// Department (full or short name).
        #[arg(long)]
        department: String,
        /// The day (YYYY-MM-DD); default today.
        #[arg(long)]
        on: Option<String>,
        #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
        db: String,
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(cmd: ProcedureCmd) -> Result<u8> {
    match cmd {
        ProcedureCmd::Show {
            department,
            on,
            db,
            json,
        } => {
            let on = match crate::day_or_today(on.as_deref()) {
                Ok(d) => d,
                Err(code) => return Ok(code),
            };
            let db = open(&db).await?;
            let id = find_department_by_name(db.pool(), BINHAI_REGION, &department)
                .await
                .map_err(bilingual)?
                .with_context(|| format!("部门不存在 / unknown department {department:?}"))?;
            let p = params_for(&db, BINHAI_REGION, id, on)
                .await
                .map_err(bilingual)?;
            if json {
                let rows: Vec<_> = p
                    .params
                    .values()
                    .map(|x| {
                        serde_json::json!({
                            "key": x.key.as_str(), "label": x.key.label_zh(), "value": x.value,
                            "source": x.source, "verified": x.verified,
                            "effective_from": x.effective_from,
                        })
                    })
                    .collect();
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                for x in p.params.values() {
                    let mark = if x.verified {
                        ""
                    } else {
                        "（平台默认，未核实）"
                    };
                    println!(
                        "{}：{}  依据：{}{mark}",
                        x.key.label_zh(),
                        x.display("zh"),
                        x.source
                    );
                }
            }
            Ok(0)
        }
    }
}
