//! `fazhi`: the one binary of the platform — serve the web UI and API, build the demo
//! district, migrate, back up, verify the audit chain, manage accounts, work with the law.

mod calendar_cmd;
mod cases_cmd;
mod cert_cmd;
mod counsel_cmd;
mod decisions_cmd;
mod dispatch_cmd;
mod law_cmd;
mod mediation_cmd;
mod normative_cmd;
mod powers_cmd;
mod procedure_cmd;
mod reconsideration_cmd;
mod sampling_cmd;
mod supervision_cmd;

use std::io::{BufRead, IsTerminal};
use std::net::SocketAddr;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use fazhi_core::audit::verify;
use fazhi_core::auth::{
    AccountLink, DataScope, NewUser, Role, add_linked_user_cli, set_disabled_by_username,
};
use fazhi_core::db::Db;
use fazhi_core::org::find_department_by_name;
use fazhi_demo::{DEMO_PASSWORD, build, is_built};
use indicatif::{ProgressBar, ProgressStyle};

#[derive(Parser)]
#[command(
    name = "fazhi",
    version,
    about = "法治 — 滨海新区法治政府建设一体化平台 / Binhai rule-of-law government platform"
)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

/// The database argument every data command takes: a SQLite file path, `sqlite://…` or `postgres://…`.
#[derive(clap::Args, Clone)]
struct DbArg {
    /// Database: a SQLite file path, a sqlite:// URL or a postgres:// URL.
    #[arg(long, env = "FAZHI_DB", default_value = "fazhi.db")]
    db: String,
}

#[derive(Subcommand)]
enum Cmd {
    /// Serve the web UI, the JSON API and the public portal.
    Serve {
        #[command(flatten)]
        db: DbArg,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Mark cookies Secure (set when TLS terminates in front of the server).
        #[arg(long)]
        secure_cookies: bool,
    },
    /// Build the demo district (2024) if absent, print the demo accounts, and serve it.
    Demo {
        /// Demo database file.
        #[arg(long, default_value = "fazhi-demo.db")]
        db: String,
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Build the database and exit.
        #[arg(long)]
        init_only: bool,
    },
    /// Apply pending database migrations.
    Migrate {
        #[command(flatten)]
        db: DbArg,
    },
    /// Consistent online copy of a SQLite database (PostgreSQL: use pg_dump).
    Backup {
        #[command(flatten)]
        db: DbArg,
        /// Target file (must not exist).
        #[arg(long)]
        to: String,
    },
    /// The audit chain.
    Audit {
        #[command(subcommand)]
        cmd: AuditCmd,
    },
    /// Accounts.
    User {
        #[command(subcommand)]
        cmd: UserCmd,
    },
    /// The power and responsibility list (权责清单).
    Powers {
        #[command(subcommand)]
        cmd: powers_cmd::PowersCmd,
    },
    /// Double-random inspections (双随机、一公开): draws, exports, verification, statistics.
    Sampling {
        #[command(subcommand)]
        cmd: sampling_cmd::SamplingCmd,
    },
    /// The electronic inspection certificate (电子检查证): keys, verify, list, statistics.
    Cert {
        #[command(subcommand)]
        cmd: cert_cmd::CertCmd,
    },
    /// Penalty cases (行政处罚案件): yearly figures, scale populator.
    Cases {
        #[command(subcommand)]
        cmd: cases_cmd::CasesCmd,
    },
    /// Enforcement supervision (执法监督): figures, automatic case-file checks.
    Supervision {
        #[command(subcommand)]
        cmd: supervision_cmd::SupervisionCmd,
    },
    /// Work-order dispatch (工单分拨派转): classify, evaluate.
    Dispatch {
        #[command(subcommand)]
        cmd: dispatch_cmd::DispatchCmd,
    },
    /// Measurement helpers (see docs/BENCHMARKS.md).
    Bench {
        #[command(subcommand)]
        cmd: BenchCmd,
    },
    /// The legal corpus: import, parse, cite, search, diff.
    Law {
        #[command(subcommand)]
        cmd: law_cmd::LawCmd,
    },
    /// Administrative reconsideration (行政复议): the figures of a year.
    Reconsideration {
        #[command(subcommand)]
        cmd: reconsideration_cmd::ReconsiderationCmd,
    },
    /// Lawsuits against the district's bodies (行政应诉): the figures of a year.
    Litigation {
        #[command(subcommand)]
        cmd: reconsideration_cmd::LitigationCmd,
    },
    /// People's mediation (人民调解): the figures of a year, account links, the benchmark.
    Mediation {
        #[command(subcommand)]
        cmd: mediation_cmd::MediationCmd,
    },
    /// Procedure parameters per body (hearing thresholds, periods, disclosure scope).
    Procedure {
        #[command(subcommand)]
        cmd: procedure_cmd::ProcedureCmd,
    },
    /// The working-day calendar: deadline arithmetic on the official holiday notices.
    Calendar {
        #[command(subcommand)]
        cmd: calendar_cmd::CalendarCmd,
    },
    /// The route table: every route with who may call it, its data scope and whether it writes.
    Routes {
        /// One JSON object per route instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Major administrative decisions (重大行政决策): the figures of a year.
    Decisions {
        #[command(subcommand)]
        cmd: decisions_cmd::DecisionsCmd,
    },
    /// Legal counsel and public-sector lawyers (法律顾问、公职律师): the figures of a year.
    Counsel {
        #[command(subcommand)]
        cmd: counsel_cmd::CounselCmd,
    },
    /// Normative documents (行政规范性文件): the figures of a year, documents citing lapsed law.
    Normative {
        #[command(subcommand)]
        cmd: normative_cmd::NormativeCmd,
    },
}

#[derive(Subcommand)]
enum BenchCmd {
    /// Add N synthetic officers (with cards, audited) to a demo database, for scale tests.
    Populate {
        #[command(flatten)]
        db: DbArg,
        /// How many officers to add.
        #[arg(long)]
        officers: usize,
    },
    /// Log in and print a session cookie, for load generators (wrk -H "Cookie: ...").
    Session {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        username: String,
    },
}

#[derive(Subcommand)]
enum AuditCmd {
    /// Check every link of the chain; exit 0 when intact, 1 with the first broken entry.
    Verify {
        #[command(flatten)]
        db: DbArg,
    },
}

#[derive(Subcommand)]
enum UserCmd {
    /// Lift the login throttle of an account at the server's console (the unlock path no one can
    /// lock out; audited as the CLI).
    Unlock {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        username: String,
    },
    /// Create an account. The password comes from FAZHI_PASSWORD or one line of standard input.
    Add {
        #[command(flatten)]
        db: DbArg,
        #[arg(long)]
        username: String,
        /// Display name.
        #[arg(long)]
        name: String,
        /// sys_admin, sec_admin, audit_admin, supervisor, dept_admin, officer, legal_reviewer, enterprise.
        #[arg(long)]
        role: String,
        /// Department (full or short name), for business roles.
        #[arg(long)]
        department: Option<String>,
        /// own_department, department_tree, district, none (default follows the role).
        #[arg(long)]
        scope: Option<String>,
        /// Link the account to this officer record (officers.id) of its own department.
        #[arg(long, conflicts_with = "enterprise")]
        officer: Option<i64>,
        /// Link an enterprise account to the registered subject with this 统一社会信用代码.
        #[arg(long)]
        enterprise: Option<String>,
    },
    /// Disable an account: it cannot log in and its sessions end at once (audited as the CLI).
    Disable {
        #[command(flatten)]
        db: DbArg,
        /// User name.
        username: String,
    },
    /// Re-enable a disabled account (audited as the CLI).
    Enable {
        #[command(flatten)]
        db: DbArg,
        /// User name.
        username: String,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::from(2);
        }
    };
    match rt.block_on(run(cli)) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("错误 / error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Shows a domain error in both languages.
fn bilingual(e: fazhi_core::Error) -> anyhow::Error {
    anyhow::anyhow!("{}\n{}", e.message_zh(), e.message_en())
}

/// A date argument (YYYY-MM-DD), or today when absent or empty; a bad one is reported in both
/// languages and answers exit code 2.
fn day_or_today(arg: Option<&str>) -> std::result::Result<chrono::NaiveDate, u8> {
    match arg.map(str::trim) {
        None | Some("") => Ok(fazhi_core::time::today()),
        Some(s) => s.parse().map_err(|_| {
            eprintln!("日期格式应为 YYYY-MM-DD：{s}\nThe date must be YYYY-MM-DD: {s}");
            2
        }),
    }
}

async fn open(db: &str) -> Result<Db> {
    Db::open(db).await.map_err(bilingual)
}

fn bar(len: u64, what: &str) -> ProgressBar {
    let pb = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})") {
        pb.set_style(style.progress_chars("=> "));
    }
    pb.set_message(what.to_string());
    if !std::io::stderr().is_terminal() {
        pb.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    pb
}

async fn serve(db: Db, listen: SocketAddr, secure: bool) -> Result<u8> {
    db.optimize().await.map_err(bilingual)?;
    let state = fazhi_web::AppState::new(db, secure)
        .await
        .map_err(bilingual)?;
    println!("Fazhi 法治 serving on {}", fazhi_web::describe(&listen));
    fazhi_web::serve(state, listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    Ok(0)
}

async fn run(cli: Cli) -> Result<u8> {
    match cli.cmd {
        Cmd::Serve {
            db,
            listen,
            secure_cookies,
        } => {
            let db = open(&db.db).await?;
            fazhi_core::calendar::seed_calendar(&db)
                .await
                .map_err(bilingual)?;
            serve(db, listen, secure_cookies).await
        }
        Cmd::Demo {
            db,
            listen,
            init_only,
        } => demo(&db, listen, init_only).await,
        Cmd::Routes { json } => {
            print_routes(json);
            Ok(0)
        }
        Cmd::Migrate { db } => {
            let db = Db::connect(&db.db).await.map_err(bilingual)?;
            let applied = db.migrate().await.map_err(bilingual)?;
            fazhi_core::calendar::seed_calendar(&db)
                .await
                .map_err(bilingual)?;
            if applied.is_empty() {
                println!("数据库已是最新 / database is up to date");
            } else {
                println!("已执行迁移 / applied migrations: {applied:?}");
            }
            Ok(0)
        }
        Cmd::Backup { db, to } => {
            let db = open(&db.db).await?;
            db.backup_to(&to).await.map_err(bilingual)?;
            println!("已备份到 / backed up to {to}");
            Ok(0)
        }
        Cmd::Audit {
            cmd: AuditCmd::Verify { db },
        } => audit_verify(&db.db).await,
        Cmd::User {
            cmd:
                UserCmd::Add {
                    db,
                    username,
                    name,
                    role,
                    department,
                    scope,
                    officer,
                    enterprise,
                },
        } => {
            let link = match (officer, enterprise) {
                (Some(o), _) => Some(AccountLink::Officer(o)),
                (None, Some(e)) => Some(AccountLink::Enterprise(e)),
                (None, None) => None,
            };
            user_add(&db.db, username, name, role, department, scope, link).await
        }
        Cmd::User {
            cmd: UserCmd::Disable { db, username },
        } => {
            let db = open(&db.db).await?;
            set_disabled_by_username(&db, &username, true)
                .await
                .map_err(bilingual)?;
            println!("已停用账号 / account disabled: {username}");
            Ok(0)
        }
        Cmd::User {
            cmd: UserCmd::Enable { db, username },
        } => {
            let db = open(&db.db).await?;
            set_disabled_by_username(&db, &username, false)
                .await
                .map_err(bilingual)?;
            println!("已启用账号 / account enabled: {username}");
            Ok(0)
        }
        Cmd::User {
            cmd: UserCmd::Unlock { db, username },
        } => {
            let db = open(&db.db).await?;
            fazhi_core::auth::unlock_by_username(&db, &username)
                .await
                .map_err(bilingual)?;
            println!("已解除登录限制 / login throttle lifted: {username}");
            Ok(0)
        }
        Cmd::Law { cmd } => law_cmd::run(cmd).await,
        Cmd::Calendar { cmd } => calendar_cmd::run(cmd).await,
        Cmd::Procedure { cmd } => procedure_cmd::run(cmd).await,
        Cmd::Reconsideration { cmd } => reconsideration_cmd::run(cmd).await,
        Cmd::Litigation { cmd } => reconsideration_cmd::run_litigation(cmd).await,
        Cmd::Mediation { cmd } => mediation_cmd::run(cmd).await,
        Cmd::Powers { cmd } => powers_cmd::run(cmd).await,
        Cmd::Sampling { cmd } => sampling_cmd::run(cmd).await,
        Cmd::Dispatch { cmd } => dispatch_cmd::run(cmd).await,
        Cmd::Cases { cmd } => cases_cmd::run(cmd).await,
        Cmd::Supervision { cmd } => supervision_cmd::run(cmd).await,
        Cmd::Cert { cmd } => cert_cmd::run(cmd).await,
        Cmd::Decisions { cmd } => decisions_cmd::run(cmd).await,
        Cmd::Counsel { cmd } => counsel_cmd::run(cmd).await,
        Cmd::Normative { cmd } => normative_cmd::run(cmd).await,
        Cmd::Bench {
            cmd: BenchCmd::Populate { db, officers },
        } => {
            let db = open(&db.db).await?;
            let pb = bar(officers as u64, "officers");
            let n =
                fazhi_demo::org::populate(&db, officers, 5000, |d, _| pb.set_position(d as u64))
                    .await
                    .map_err(bilingual)?;
            pb.finish_and_clear();
            println!("added {n} officers");
            Ok(0)
        }
        Cmd::Bench {
            cmd: BenchCmd::Session { db, username },
        } => {
            let db = open(&db.db).await?;
            let password =
                std::env::var("FAZHI_PASSWORD").unwrap_or_else(|_| DEMO_PASSWORD.to_string());
            match fazhi_core::auth::login(&db, &username, &password)
                .await
                .map_err(bilingual)?
            {
                fazhi_core::auth::LoginOutcome::Success { token, .. } => {
                    println!("fz_sid={token}");
                    Ok(0)
                }
                other => bail!("login failed: {other:?}"),
            }
        }
    }
}

/// `fazhi demo`: builds the demo district if absent, prints the accounts, serves it.
async fn demo(db: &str, listen: SocketAddr, init_only: bool) -> Result<u8> {
    let started = std::time::Instant::now();
    let db = open(db).await?;
    if is_built(&db).await.map_err(bilingual)? {
        println!("演示数据库已存在 / demo database present: {}", db.url());
    } else {
        let pb = bar(0, "building the demo district");
        let summary = build(&db, |what, done, total| {
            pb.set_length(total as u64);
            pb.set_position(done as u64);
            pb.set_message(what.to_string());
        })
        .await
        .map_err(bilingual)?;
        pb.finish_and_clear();
        if summary.law_files == 0 {
            println!(
                "未找到法规目录（FAZHI_LAWS_DIR 或 ../shared/data/laws），法规库为空；可稍后运行 fazhi law import DIR / no statute directory found: the legal corpus is empty; run fazhi law import DIR later"
            );
        }
        println!(
            "演示区已生成 / demo district built: {} 个法规文件 statute files, {} 个执法主体 bodies, {} 名执法人员 officers ({:.1} s)",
            summary.law_files,
            summary.departments,
            summary.officers,
            started.elapsed().as_secs_f64()
        );
    }
    print_accounts();
    if init_only {
        return Ok(0);
    }
    serve(db, listen, false).await
}

/// `fazhi audit verify`: exit 0 when the chain is intact, 1 at the first broken entry.
async fn audit_verify(db: &str) -> Result<u8> {
    let db = open(db).await?;
    let pb = bar(0, "verifying the audit chain");
    let rep = verify(&db, |done, total| {
        pb.set_length(total as u64);
        pb.set_position(done as u64);
    })
    .await
    .map_err(bilingual)?;
    pb.finish_and_clear();
    match rep.broken {
        None => {
            println!(
                "审计链完整 / audit chain intact: {} entries, head {} {}",
                rep.checked, rep.head_seq, rep.head_hash
            );
            Ok(0)
        }
        Some(b) => {
            println!("审计链断裂 / audit chain BROKEN at entry {}", b.seq);
            println!("{}", b.reason_zh);
            println!("{}", b.reason);
            Ok(1)
        }
    }
}

/// `fazhi user add`: the operator's account creation at the server's console (no principal: the
/// operator's shell access to the database is the authority), audited as the CLI.
async fn user_add(
    db: &str,
    username: String,
    name: String,
    role: String,
    department: Option<String>,
    scope: Option<String>,
    link: Option<AccountLink>,
) -> Result<u8> {
    let db = open(db).await?;
    let Some(role) = Role::parse(&role).filter(|r| *r != Role::Public) else {
        bail!(
            "未知角色 / unknown role {role:?}: sys_admin, sec_admin, audit_admin, supervisor, dept_admin, officer, legal_reviewer, enterprise"
        );
    };
    let department_id = match &department {
        Some(d) => Some(
            find_department_by_name(db.pool(), fazhi_core::BINHAI_REGION, d)
                .await
                .map_err(bilingual)?
                .with_context(|| format!("部门不存在 / unknown department {d:?}"))?,
        ),
        None => None,
    };
    let scope = match scope {
        Some(s) => {
            DataScope::parse(&s).with_context(|| format!("未知数据范围 / unknown scope {s:?}"))?
        }
        None => match role {
            Role::Supervisor => DataScope::District,
            Role::DeptAdmin | Role::LegalReviewer => DataScope::DepartmentTree,
            Role::Officer => DataScope::OwnDepartment,
            _ => DataScope::NoData,
        },
    };
    let password = match std::env::var("FAZHI_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            eprintln!("password (one line on standard input):");
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    let id = add_linked_user_cli(
        &db,
        &NewUser {
            username: username.clone(),
            display_name: name,
            password,
            role,
            department_id,
            scope,
            officer_id: None,
            region: fazhi_core::BINHAI_REGION.into(),
        },
        link.as_ref(),
    )
    .await
    .map_err(bilingual)?;
    println!("已创建账号 / created account {username} (id {id})");
    Ok(0)
}

fn print_accounts() {
    println!();
    println!("演示账号 / demo accounts (password 密码: {DEMO_PASSWORD})");
    for a in fazhi_demo::DEMO_ACCOUNTS {
        println!(
            "  {:<12} {:<10} {:<26} {}",
            a.username,
            a.role.label_zh(),
            a.role.label_en(),
            a.department
        );
    }
    println!("  (公众 / public: no login — /portal)");
    println!();
}

/// Prints the route table (`fazhi routes`). A closed pipe (`| head`) ends the listing quietly.
fn print_routes(json: bool) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    for r in fazhi_web::routes::table() {
        let access = format!("{:?}", r.access);
        let scope = format!("{:?}", r.scope);
        let line = if json {
            serde_json::json!({
                "method": r.method.as_str(),
                "path": r.path,
                "access": access,
                "scope": scope,
                "writes": r.writes,
            })
            .to_string()
        } else {
            let writes = if r.writes { "writes" } else { "" };
            format!(
                "{:<5} {:<52} {:<40} {:<10} {writes}",
                r.method.as_str(),
                r.path,
                access,
                scope
            )
        };
        if writeln!(out, "{line}").is_err() {
            return;
        }
    }
}
