//! Demo of major administrative decisions for 2024, written through the module's own code
//! (`decisions::catalogue`, `decisions::workflow`, `counsel::opinions`). The report: the
//! district government's 2024 catalogue of major decision items was issued and published, the
//! decisions went through the five statutory procedures, the publication rate was 100 %
//! (公示率达100%). The catalogue's size and the decisions made are the demo's own choice
//! (the report gives none); they are `pub const`s the tests compare against.
//!
//! The item titles are generated for the demo in the style of a district catalogue; the people
//! at the meetings have generated names with their real titles.

use chrono::{Duration, NaiveDate};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use sqlx::Row;

use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::calendar::HolidayCalendar;
use fazhi_core::counsel::SubjectKind;
use fazhi_core::counsel::opinions;
use fazhi_core::db::Db;
use fazhi_core::decisions::catalogue::{self, NewItem};
use fazhi_core::decisions::records;
use fazhi_core::decisions::rules::{Category, Position, ReviewConclusion, Speech, Trigger};
use fazhi_core::decisions::workflow::{self, NewDecision, Step};
use fazhi_core::{BINHAI_REGION, Error, Result};

/// Items of the 2024 catalogue, all published.
pub const CATALOGUE_ITEMS: usize = 12;
/// Decisions adopted at the executive meeting in 2024 (and published).
pub const DECIDED: usize = 9;
/// Decisions still in the legality review at the end of the demo year.
pub const IN_REVIEW: usize = 1;
/// Written counsel opinions per decision sent for review (第二十八条).
pub const OPINIONS_PER_DECISION: usize = 2;
const YEAR: i32 = 2024;
const SEED: u64 = 20_240_220;

/// (承办单位, title, category, technical, risky, hearing).
const ITEMS: [(&str, &str, Category, bool, bool, bool); CATALOGUE_ITEMS] = [
    (
        "区发改委",
        "滨海新区国民经济和社会发展第十四个五年规划纲要实施中期评估调整方案",
        Category::Plan,
        true,
        false,
        false,
    ),
    (
        "区住建委",
        "滨海新区2024年城镇老旧小区改造实施方案",
        Category::Project,
        true,
        true,
        true,
    ),
    (
        "区城市管理委",
        "滨海新区生活垃圾分类管理工作实施方案",
        Category::PublicPolicy,
        false,
        true,
        true,
    ),
    (
        "区生态环境局",
        "滨海新区重污染天气应急减排措施清单调整方案",
        Category::PublicPolicy,
        true,
        true,
        false,
    ),
    (
        "区交运局",
        "滨海新区公共交通线网优化调整方案",
        Category::PublicPolicy,
        true,
        true,
        true,
    ),
    (
        "区教体局",
        "滨海新区2024年义务教育学校招生入学政策",
        Category::PublicPolicy,
        false,
        true,
        false,
    ),
    (
        "区规划资源局",
        "滨海新区国土空间总体规划近期实施方案",
        Category::Plan,
        true,
        false,
        false,
    ),
    (
        "区卫生健康委",
        "滨海新区紧密型医疗卫生共同体建设实施方案",
        Category::PublicPolicy,
        true,
        false,
        false,
    ),
    (
        "区商促局",
        "滨海新区促进消费扩容提质若干措施",
        Category::PublicPolicy,
        false,
        false,
        false,
    ),
    (
        "区水务局",
        "滨海新区城市防洪排涝工程建设规划",
        Category::Project,
        true,
        true,
        false,
    ),
    (
        "区民政局",
        "滨海新区养老服务设施布局专项规划",
        Category::Plan,
        true,
        false,
        false,
    ),
    (
        "区文旅局",
        "滨海新区文物保护利用和历史文化遗产保护实施方案",
        Category::Resources,
        true,
        false,
        false,
    ),
];

const TITLES: [&str; 4] = ["常务副区长", "副区长", "副区长", "副区长"];

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(e.to_string())
}

fn day(y: i32, m: u32, d: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| internal("date"))
}

/// A working day on or after `d`.
fn working(cal: &HolidayCalendar, d: NaiveDate) -> Result<NaiveDate> {
    if cal.is_working_day(d).working {
        Ok(d)
    } else {
        Ok(cal
            .add_working_days(d, 1)
            .map_err(|e| internal(e.message_en()))?
            .date)
    }
}

/// One step through the workflow on the decision as it now stands.
async fn step(
    tx: &mut AuditedTx,
    cal: &HolidayCalendar,
    id: i64,
    on: NaiveDate,
    s: Step,
) -> Result<()> {
    let m = records::load_in(tx.conn(), BINHAI_REGION, id).await?;
    workflow::apply(tx, BINHAI_REGION, "demo", cal, &m, on, &s).await
}

/// Builds the 2024 catalogue and runs its decisions. One transaction for the catalogue and one
/// per decision; each step is audited as the module's normal path does.
pub async fn generate(db: &Db, progress: &mut dyn FnMut(&str, usize, usize)) -> Result<()> {
    let done: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM decision_catalogues WHERE region_code = $1",
    )
    .bind(BINHAI_REGION)
    .fetch_one(db.pool())
    .await?
    .try_get(0)?;
    if done > 0 {
        return Ok(());
    }
    let cal = fazhi_core::calendar::load_calendar(db).await?;
    let mut rng = StdRng::seed_from_u64(SEED);
    let lawyers = crate::counsel::lawyers_by_body(db).await?;
    let bureau = fazhi_core::org::find_department_by_name(db.pool(), BINHAI_REGION, "区司法局")
        .await?
        .ok_or_else(|| internal("区司法局 missing"))?;
    let bureau_lawyers: Vec<i64> = lawyers
        .iter()
        .find(|(d, _)| *d == bureau)
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    if bureau_lawyers.len() < OPINIONS_PER_DECISION {
        return Err(internal(
            "the Justice Bureau has too few public-sector lawyers",
        ));
    }

    // The catalogue: proposals in January, listed, agreed by the district Party committee,
    // published on the government website.
    let mut tx = AuditedTx::begin(db, Actor::system("demo")).await?;
    let mut items = Vec::new();
    for (i, (body, title, category, ..)) in ITEMS.iter().enumerate() {
        let dept = fazhi_core::org::find_department_by_name(tx.conn(), BINHAI_REGION, body)
            .await?
            .ok_or_else(|| internal(format!("{body} missing")))?;
        let id = catalogue::propose_in(
            &mut tx,
            BINHAI_REGION,
            &NewItem {
                year: YEAR,
                department_id: dept,
                title: (*title).into(),
                category: *category,
                standard: format!("属于《重大行政决策程序暂行条例》{}规定的事项，涉及面广、与群众切身利益密切相关。", category.article()),
                planned: format!("{YEAR}年第{}季度", i % 3 + 2),
            },
            "demo",
        )
        .await?;
        items.push((id, dept));
    }
    for (id, _) in &items {
        catalogue::settle_in(&mut tx, BINHAI_REGION, *id, day(YEAR, 2, 1)?, true, "").await?;
    }
    catalogue::approve_in(
        &mut tx,
        BINHAI_REGION,
        YEAR,
        day(YEAR, 2, 6)?,
        "经中共天津市滨海新区委员会常委会会议同意",
    )
    .await?;
    catalogue::publish_in(&mut tx, BINHAI_REGION, YEAR, day(YEAR, 2, 20)?).await?;
    tx.commit().await?;

    let total = DECIDED + IN_REVIEW;
    for (i, ((item, dept), spec)) in items.iter().zip(ITEMS.iter()).take(total).enumerate() {
        let (_, title, _, technical, risky, hearing) = *spec;
        let started = working(&cal, day(YEAR, 3, 1)? + Duration::days(18 * i as i64))?;
        let mut tx = AuditedTx::begin(db, Actor::system("demo")).await?;
        let id = workflow::start_in(
            &mut tx,
            BINHAI_REGION,
            &NewDecision {
                item_id: *item,
                title: title.into(),
                summary: format!(
                    "《{title}（草案）》及起草说明：明确目标任务、主要措施、责任分工和保障措施。"
                ),
                open_to_public: true,
                closed_reason: String::new(),
                technical,
                risky,
                started_on: started,
            },
            "demo",
        )
        .await?;
        let from = started + Duration::days(5);
        let to = from + Duration::days(29);
        if hearing {
            let h = from + Duration::days(20);
            step(
                &mut tx,
                &cal,
                id,
                h,
                Step::Hearing {
                    hearing_on: h,
                    materials_on: h - Duration::days(10),
                    record_signed: true,
                },
            )
            .await?;
        }
        step(
            &mut tx,
            &cal,
            id,
            to + Duration::days(3),
            Step::Participate {
                from,
                to,
                short_reason: String::new(),
                received: 20 + (i as i64 * 7) % 45,
                adoption: "通过区政府网站公开征求意见，对意见逐条归纳整理、研究论证，合理意见已吸收采纳，未采纳的说明理由。".into(),
            },
        )
        .await?;
        if technical {
            step(
                &mut tx,
                &cal,
                id,
                to + Duration::days(5),
                Step::Experts {
                    experts: "南开大学法学院、天津大学建筑学院、天津市决策咨询论证专家库专家"
                        .into(),
                    opinion: "专家认为方案必要、可行，建议细化分年度实施安排，已采纳。".into(),
                    signed: true,
                    no_interest: true,
                },
            )
            .await?;
        }
        if risky {
            step(
                &mut tx,
                &cal,
                id,
                to + Duration::days(7),
                Step::Risk {
                    assessor: "滨海新区社会稳定风险评估中心".into(),
                    report: "风险点：群众诉求集中、实施期间出行不便；防范措施：分片实施、提前公告；处置预案已制定。".into(),
                    controllable: true,
                },
            )
            .await?;
        }
        let submitted = working(&cal, to + Duration::days(10))?;
        let needed_by = fazhi_core::decisions::rules::review_earliest_due(&cal, submitted)
            .map_err(|e| internal(e.message_en()))?;
        step(
            &mut tx,
            &cal,
            id,
            submitted,
            Step::SubmitReview { needed_by },
        )
        .await?;
        // The Justice Bureau's public-sector lawyers give their opinions (第二十八条).
        let mut pool = bureau_lawyers.clone();
        pool.shuffle(&mut rng);
        if let Some((_, own)) = lawyers.iter().find(|(d, _)| d == dept)
            && let Some(first) = own.first()
        {
            pool.insert(0, *first);
        }
        for c in pool.iter().take(OPINIONS_PER_DECISION) {
            opinions::assign_in(
                &mut tx,
                BINHAI_REGION,
                *c,
                SubjectKind::Decision,
                id,
                submitted,
                "demo",
            )
            .await?;
            opinions::give_in(
                &mut tx,
                BINHAI_REGION,
                *c,
                SubjectKind::Decision,
                id,
                submitted + Duration::days(3),
                "决策事项符合法定权限，已履行公众参与等法定程序，草案内容未发现与法律、法规、规章相抵触之处；建议完善责任分工表述。",
                "demo",
            )
            .await?;
        }
        if i >= DECIDED {
            tx.commit().await?;
            continue;
        }
        let reviewed =
            working(&cal, needed_by - Duration::days(1))?.max(submitted + Duration::days(3));
        step(
            &mut tx,
            &cal,
            id,
            reviewed,
            Step::Review {
                conclusion: ReviewConclusion::Lawful,
                opinion: "经审查，决策事项属于区人民政府法定权限，决策草案的形成履行了法定程序，内容合法。".into(),
            },
        )
        .await?;
        let meeting = working(&cal, reviewed + Duration::days(7))?;
        let mut speeches: Vec<Speech> = TITLES
            .iter()
            .map(|t| Speech {
                speaker: format!("{t} {}", crate::counsel::person(&mut rng)),
                is_head: false,
                position: Position::Agree,
                opinion: "同意，建议抓好组织实施。".into(),
            })
            .collect();
        let dissent = if i == 2 {
            speeches[3].position = Position::Abstain;
            speeches[3].opinion = "对资金保障有保留意见，建议分年度安排。".into();
            format!(
                "{}：对资金保障有保留意见，建议分年度安排。",
                speeches[3].speaker
            )
        } else {
            String::new()
        };
        speeches.push(Speech {
            speaker: format!("区长 {}", crate::counsel::person(&mut rng)),
            is_head: true,
            position: Position::Agree,
            opinion: "原则通过，按会议意见修改完善后印发实施。".into(),
        });
        step(
            &mut tx,
            &cal,
            id,
            meeting,
            Step::Decide {
                meeting_kind: "常务会议".into(),
                speeches,
                adopted: true,
                head_reason: String::new(),
                dissent,
            },
        )
        .await?;
        let published = working(&cal, meeting + Duration::days(6))?;
        step(
            &mut tx,
            &cal,
            id,
            published,
            Step::Publish {
                channel: "滨海新区人民政府网站“重大行政决策”专栏、区政府公报".into(),
                party_reported_on: meeting + Duration::days(1),
            },
        )
        .await?;
        step(
            &mut tx,
            &cal,
            id,
            working(&cal, published + Duration::days(10))?,
            Step::Archive,
        )
        .await?;
        if i == 0 {
            step(
                &mut tx,
                &cal,
                id,
                day(YEAR, 12, 20)?,
                Step::Evaluate {
                    trigger: Trigger::Necessary,
                    evaluator: "天津市滨海新区发展研究中心".into(),
                    conclusion: "调整后的规划目标总体达到预期，建议继续跟踪重点项目进度。".into(),
                },
            )
            .await?;
        }
        tx.commit().await?;
        progress("重大行政决策 decisions", i + 1, total);
    }
    Ok(())
}
