//! Demo of normative documents for 2024, written through the module's own code
//! (`normative::workflow::apply`, `fair_competition::record`, `cleanup`). The report's figures —
//! 226 documents reviewed for legality with 615 opinions, every published document reviewed —
//! are the sizes of the generated sets; the CLI and the pages count the records.
//!
//! The documents' titles are generated from each body's usual subjects ("关于…的实施意见",
//! "…管理办法") and their texts cite real provisions of the corpus; the environmental and
//! water bodies cite 大气污染防治法 / 水污染防治法 / 环境保护法 etc., which the 生态环境法典
//! repealed from 2026-08-15, so `fazhi normative stale --on 2026-12-03` lists them. A few
//! documents of 2019 and 2021 give the cleanup its expired ones; the 2024 cleanup campaign
//! decides and publishes them.
//!
//! Each step goes through `workflow::apply`, which audits it; the steps of about forty
//! documents share a transaction.

use chrono::{Duration, NaiveDate};
use fazhi_law::Corpus;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sqlx::Row;
use std::collections::BTreeMap;

use fazhi_core::audit::{Actor, AuditedTx};
use fazhi_core::auth::{DataScope, Principal, Role};
use fazhi_core::calendar::HolidayCalendar;
use fazhi_core::db::Db;
use fazhi_core::normative::fair_competition::{self, Mode, NewReview};
use fazhi_core::normative::rules::{CHECKLIST, ExceptionGround, FAIR_COMPETITION_STANDARDS};
use fazhi_core::normative::{Conclusion, NewDocument, Step, cleanup, records, workflow};
use fazhi_core::{BINHAI_REGION, Error, Result};

/// The report's figures (2024).
pub const REVIEWED: usize = 226;
pub const OPINIONS: usize = 615;
/// Every document published in 2024 was reviewed first.
pub const REVIEW_RATE: f64 = 100.0;
/// Policy measures other than normative documents reviewed centrally (the free-trade zone's
/// central fair-competition review), one of them under an exception.
pub const STANDALONE_CENTRAL_REVIEWS: usize = 3;
/// Documents of 2019 (expired in 2024, cleaned up) and of 2021 (expired by the end of 2026).
pub const OLD_2019: usize = 6;
pub const OLD_2021: usize = 4;
const YEAR: i32 = 2024;
const SEED: u64 = 20_240_226;
const BATCH: usize = 40;

/// A body's documents: short name, whether they touch enterprises (share in %), the citations
/// of its texts, its subjects.
struct Drafter {
    body: &'static str,
    enterprises: u32,
    basis: &'static str,
    subjects: &'static [&'static str],
}

const DRAFTERS: &[Drafter] = &[
    Drafter {
        body: "区市场监管局",
        enterprises: 80,
        basis: "《优化营商环境条例》第六十四条、《中华人民共和国产品质量法》第八条、《市场主体登记管理条例》第三条",
        subjects: &[
            "市场主体登记便利化",
            "食品小作坊和小餐饮备案",
            "轻微违法行为容错纠错",
            "电子商务经营者信用监管",
            "计量器具强制检定",
            "广告发布登记",
            "特种设备安全监管",
            "产品质量监督抽查",
            "知识产权质押融资",
            "个体工商户分型分类精准帮扶",
        ],
    },
    Drafter {
        body: "区生态环境局",
        enterprises: 70,
        basis: "《中华人民共和国环境保护法》第二十四条、《中华人民共和国大气污染防治法》第四十三条、《中华人民共和国固体废物污染环境防治法》第二十条",
        subjects: &[
            "重污染天气应急减排",
            "扬尘污染防治",
            "挥发性有机物排放管控",
            "工业固体废物规范化管理",
            "排污许可证后监管",
            "环境执法正面清单",
            "建设项目环境影响评价审批服务",
            "噪声污染投诉处理",
        ],
    },
    Drafter {
        body: "区水务局",
        enterprises: 40,
        basis: "《中华人民共和国水污染防治法》第二十一条、《中华人民共和国环境保护法》第六条",
        subjects: &[
            "排水许可",
            "入河排污口设置",
            "城镇污水处理设施运行监管",
            "河湖管理范围",
        ],
    },
    Drafter {
        body: "区应急局",
        enterprises: 70,
        basis: "《中华人民共和国安全生产法》第十条、第二十一条",
        subjects: &[
            "安全生产分级分类监管",
            "危险化学品经营企业安全检查",
            "有限空间作业安全管理",
            "安全生产举报奖励",
            "工贸企业重大事故隐患排查",
            "安全生产行政执法计划",
        ],
    },
    Drafter {
        body: "区城市管理委",
        enterprises: 40,
        basis: "《城市市容和环境卫生管理条例》第四条、第十四条",
        subjects: &[
            "户外广告设施设置",
            "生活垃圾分类管理",
            "占道经营疏导点设置",
            "建筑垃圾运输处置",
            "城市道路照明设施管理",
        ],
    },
    Drafter {
        body: "区住建委",
        enterprises: 70,
        basis: "《中华人民共和国建筑法》第七条、《建设工程质量管理条例》第四条",
        subjects: &[
            "建设工程施工许可告知承诺",
            "房屋建筑工程质量安全监管",
            "建筑市场信用评价",
            "老旧小区改造",
            "物业服务企业考核",
        ],
    },
    Drafter {
        body: "区交运局",
        enterprises: 60,
        basis: "《中华人民共和国道路交通安全法》第五条、《中华人民共和国安全生产法》第十条",
        subjects: &[
            "道路运输企业安全生产",
            "网络预约出租汽车经营服务",
            "港区货运车辆通行",
            "公交线网优化",
        ],
    },
    Drafter {
        body: "区人社局",
        enterprises: 60,
        basis: "《中华人民共和国劳动合同法》第四条、《保障农民工工资支付条例》第三条",
        subjects: &[
            "农民工工资支付监管",
            "职业技能提升补贴",
            "高校毕业生就业见习",
            "劳动保障监察",
            "企业用工指导",
        ],
    },
    Drafter {
        body: "区商促局",
        enterprises: 100,
        basis: "《优化营商环境条例》第十三条、第六十四条",
        subjects: &[
            "促进外贸稳规模优结构",
            "跨境电子商务发展",
            "招商引资项目服务",
            "商贸流通企业扶持",
            "夜间经济发展",
        ],
    },
    Drafter {
        body: "区发改委",
        enterprises: 90,
        basis: "《优化营商环境条例》第十三条、《中华人民共和国价格法》第十八条",
        subjects: &[
            "政府定价成本监审",
            "社会信用体系建设",
            "重点项目审批服务",
            "节能审查",
        ],
    },
    Drafter {
        body: "区工信局",
        enterprises: 100,
        basis: "《优化营商环境条例》第十三条、《中华人民共和国数据安全法》第六条",
        subjects: &[
            "专精特新中小企业培育",
            "工业互联网发展",
            "数据安全管理",
            "智能制造专项资金",
        ],
    },
    Drafter {
        body: "区规划资源局",
        enterprises: 40,
        basis: "《中华人民共和国土地管理法》第五条、《中华人民共和国城乡规划法》第十一条",
        subjects: &["临时用地管理", "工业用地弹性出让", "不动产登记便民服务"],
    },
    Drafter {
        body: "区卫生健康委",
        enterprises: 20,
        basis: "《中华人民共和国行政许可法》第十二条",
        subjects: &[
            "医疗机构执业登记",
            "公共场所卫生许可告知承诺",
            "家庭医生签约服务",
        ],
    },
    Drafter {
        body: "区政务服务办",
        enterprises: 60,
        basis: "《优化营商环境条例》第三十五条、《中华人民共和国行政许可法》第十二条",
        subjects: &[
            "政务服务“一网通办”",
            "证明事项告知承诺制",
            "帮办代办服务",
            "政务服务好差评",
        ],
    },
];

const KINDS: &[&str] = &[
    "实施意见",
    "管理办法",
    "若干措施",
    "实施细则",
    "工作规范",
    "暂行办法",
];

/// Opinions a reviewer writes, by checklist item ("" = drafting and wording).
const OPINIONS_BY_ITEM: &[(&str, &str)] = &[
    (
        "no_new_powers",
        "第七条“逾期不改正的，处以罚款”属于设定行政处罚，规范性文件不得设定，建议删除。",
    ),
    (
        "no_new_powers",
        "第十条涉及收费的内容没有法律、法规依据，建议删除或列明收费依据。",
    ),
    (
        "rights_duties",
        "第九条要求市场主体额外提供的证明材料没有法律、法规依据，属于增加义务，建议删除（《优化营商环境条例》第六十四条）。",
    ),
    (
        "rights_duties",
        "第六条将信用修复期限延长至三年，减损了当事人的权利，建议按上位规定执行。",
    ),
    (
        "conformity",
        "第五条规定的办理时限长于上位法规定的时限，建议按上位法修改。",
    ),
    (
        "competence",
        "第十一条涉及其他部门的职责，建议删除或改为会同有关部门办理。",
    ),
    ("procedure", "起草说明未载明征求意见的采纳情况，建议补充。"),
    ("", "第三条适用范围表述不够明确，建议明确适用对象。"),
    ("", "第十二条“另行规定”表述不明确，建议明确具体办理程序。"),
    ("", "第八条“原则上”表述弹性过大，建议明确适用条件。"),
    ("", "第四条引用的依据条款序号有误，建议核对后修改。"),
    ("", "建议在附则中明确文件的有效期和解释机关。"),
    ("", "第二条与第十五条的表述重复，建议合并。"),
];

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Internal(e.to_string())
}

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| internal("date"))
}

fn wd(cal: &HolidayCalendar, d: NaiveDate, n: u32) -> Result<NaiveDate> {
    Ok(cal
        .add_working_days(d, n)
        .map_err(|e| internal(e.message_en()))?
        .date)
}

/// A working day on or after `d`.
fn working(cal: &HolidayCalendar, d: NaiveDate) -> Result<NaiveDate> {
    if cal.is_working_day(d).working {
        Ok(d)
    } else {
        wd(cal, d, 1)
    }
}

/// One planned document.
struct Plan {
    department_id: i64,
    body: &'static str,
    title: String,
    text: String,
    enterprises: bool,
    central: bool,
    submitted: NaiveDate,
    opinions: usize,
    /// An item of the checklist the reviewer finds a problem with (conclusion 修改后提交).
    failed: Option<&'static str>,
}

fn body_text(title: &str, subject: &str, basis: &str) -> String {
    format!(
        "第一条 为做好{subject}工作，根据{basis}等规定，结合本区实际，制定本文件。\n\
         第二条 本文件适用于本区行政区域内{subject}相关工作。\n\
         第三条 区有关部门按照职责分工做好{subject}的组织实施、指导和监督工作。\n\
         第四条 本文件自发布之日起施行，有效期五年。《{title}》由起草单位负责解释。"
    )
}

/// The documents to generate, in order of submission.
async fn plans(db: &Db, cal: &HolidayCalendar, rng: &mut StdRng) -> Result<Vec<Plan>> {
    let mut drafters = Vec::new();
    for d in DRAFTERS {
        if let Some(id) =
            fazhi_core::org::find_department_by_name(db.pool(), BINHAI_REGION, d.body).await?
        {
            drafters.push((id, d));
        }
    }
    if drafters.is_empty() {
        return Err(internal("no drafting bodies in the demo district"));
    }
    // Every (body, subject, kind) once, shuffled, then the first 226.
    let mut titles = Vec::new();
    for (id, d) in &drafters {
        for s in d.subjects {
            for k in KINDS {
                titles.push((*id, *d, *s, *k));
            }
        }
    }
    for i in (1..titles.len()).rev() {
        titles.swap(i, rng.gen_range(0..=i));
    }
    titles.truncate(REVIEWED);
    let start = date(YEAR, 1, 8)?;
    let mut out = Vec::with_capacity(REVIEWED);
    // 615 opinions over 226 documents: 163 with three, 63 with two.
    let threes = OPINIONS - 2 * REVIEWED;
    for (i, (id, d, subject, kind)) in titles.into_iter().enumerate() {
        let title = format!("天津市滨海新区关于{subject}的{kind}");
        let day = (i as i64 * 310) / REVIEWED as i64;
        let submitted = working(cal, start + Duration::days(day))?;
        let enterprises = rng.gen_range(0..100) < d.enterprises;
        let central = enterprises && matches!(d.body, "区商促局" | "区发改委" | "区工信局");
        let opinions = if i < threes { 3 } else { 2 };
        let failed = if i % 4 == 1 {
            Some(["no_new_powers", "rights_duties", "conformity"][i % 3])
        } else {
            None
        };
        out.push(Plan {
            department_id: id,
            body: d.body,
            text: body_text(&title, subject, d.basis),
            title,
            enterprises,
            central,
            submitted,
            opinions,
            failed,
        });
    }
    Ok(out)
}

fn checklist(clear: bool) -> BTreeMap<String, bool> {
    FAIR_COMPETITION_STANDARDS
        .iter()
        .map(|(k, _, _)| (k.to_string(), clear))
        .collect()
}

/// A document from draft to deliberation (the signature follows in date order).
#[allow(clippy::too_many_arguments)]
async fn draft_to_deliberation(
    tx: &mut AuditedTx,
    cal: &HolidayCalendar,
    corpus: &Corpus,
    p: &Plan,
    planned_on: NaiveDate,
    review_days: u32,
    rng: &mut StdRng,
) -> Result<(i64, NaiveDate)> {
    let region = BINHAI_REGION;
    let drafter = format!("{}法制机构", p.body);
    let reviewer = "区司法局法制审核科";
    let n = NewDocument {
        department_id: p.department_id,
        title: p.title.clone(),
        subject: p.title.clone(),
        body_text: p.text.clone(),
        touches_enterprises: p.enterprises,
        planned_on,
    };
    let id = workflow::create(tx, region, corpus, &n, None, &drafter).await?;
    let r = p.submitted;
    macro_rules! step {
        ($who:expr, $on:expr, $step:expr) => {{
            let d = records::load_in(tx.conn(), region, id).await?;
            workflow::apply(tx, region, $who, cal, corpus, &d, $on, &$step).await?;
        }};
    }
    step!(
        &drafter,
        r - Duration::days(62),
        Step::Assess {
            note: "经评估，制定本文件确有必要，措施可行，对市场主体和社会公众的影响可控。".into()
        }
    );
    let from = r - Duration::days(55);
    let to = from + Duration::days(if p.enterprises { 30 } else { 20 });
    step!(
        &drafter,
        from,
        Step::OpenComment {
            from,
            to,
            reason: String::new()
        }
    );
    let comments = rng.gen_range(0..12);
    step!(
        &drafter,
        to + Duration::days(1),
        Step::CloseComment {
            feedback: if comments == 0 {
                "征求意见期间未收到意见。".into()
            } else {
                format!(
                    "收到意见 {comments} 条，采纳 {} 条，未采纳的已说明理由并在政府网站反馈。",
                    comments / 2 + 1
                )
            }
        }
    );
    if p.enterprises {
        let r = NewReview {
            document_id: Some(id),
            department_id: p.department_id,
            measure: p.title.clone(),
            mode: if p.central {
                Mode::Central
            } else {
                Mode::Drafting
            },
            reviewed_on: r - Duration::days(10),
            checklist: checklist(true),
            exception_ground: None,
            exception_reason: String::new(),
            stakeholders: "召开企业座谈会，书面征求区工商联和相关行业协会意见".into(),
            third_party: String::new(),
        };
        let by = if p.central {
            "自贸区公平竞争集中审查办公室"
        } else {
            drafter.as_str()
        };
        fair_competition::record(tx, region, by, &r).await?;
    }
    step!(&drafter, r, Step::RequestReview);
    let earliest = wd(cal, r, 5)?;
    for (item, _, _) in CHECKLIST {
        let failed = p.failed == Some(*item);
        step!(
            reviewer,
            earliest,
            Step::Check {
                item: item.to_string(),
                passed: !failed,
                note: if failed {
                    "发现问题，见审核意见".into()
                } else {
                    String::new()
                }
            }
        );
    }
    // The failed item's opinion first, then drafting and wording ones.
    let mut texts: Vec<(&str, &str)> = Vec::new();
    if let Some(f) = p.failed
        && let Some(o) = OPINIONS_BY_ITEM.iter().find(|(k, _)| *k == f)
    {
        texts.push(*o);
    }
    let general: Vec<&(&str, &str)> = OPINIONS_BY_ITEM
        .iter()
        .filter(|(k, _)| k.is_empty() || *k == "procedure")
        .collect();
    while texts.len() < p.opinions {
        let o = general[rng.gen_range(0..general.len())];
        if !texts.contains(o) {
            texts.push(*o);
        }
    }
    for (item, text) in &texts {
        step!(
            reviewer,
            earliest,
            Step::Opinion {
                item: item.to_string(),
                text: text.to_string()
            }
        );
    }
    let concluded = wd(cal, r, review_days)?;
    step!(
        reviewer,
        concluded,
        Step::Conclude {
            conclusion: if p.failed.is_some() {
                Conclusion::Amend
            } else {
                Conclusion::Lawful
            }
        }
    );
    let answered = concluded + Duration::days(1);
    let ops = records::opinions(tx.conn(), id).await?;
    for o in ops {
        let adopted = o.seq != 3 || rng.gen_range(0..3) > 0;
        step!(
            &drafter,
            answered,
            Step::Answer {
                opinion_id: o.id,
                adopted,
                reason: if adopted {
                    "采纳，已按意见修改。".into()
                } else {
                    "不予采纳：该表述沿用上级文件的规定，已在起草说明中列明依据。".into()
                }
            }
        );
    }
    let deliberated = working(cal, answered + Duration::days(2))?;
    step!(
        &drafter,
        deliberated,
        Step::Deliberate {
            meeting: format!(
                "{}局务会议（{}）",
                p.body.trim_start_matches('区'),
                deliberated
            )
        }
    );
    Ok((id, deliberated))
}

/// Signs, publishes and files a deliberated document.
async fn sign_publish_file(
    tx: &mut AuditedTx,
    cal: &HolidayCalendar,
    corpus: &Corpus,
    id: i64,
    body: &str,
    signed: NaiveDate,
    rng: &mut StdRng,
) -> Result<()> {
    let region = BINHAI_REGION;
    let drafter = format!("{body}法制机构");
    let d = records::load_in(tx.conn(), region, id).await?;
    workflow::apply(
        tx,
        region,
        &drafter,
        cal,
        corpus,
        &d,
        signed,
        &Step::Sign {
            signer: format!("{}主要负责人", body),
        },
    )
    .await?;
    let published = working(cal, signed + Duration::days(rng.gen_range(1..5)))?;
    let d = records::load_in(tx.conn(), region, id).await?;
    workflow::apply(
        tx,
        region,
        &drafter,
        cal,
        corpus,
        &d,
        published,
        &Step::Publish {
            channel: "天津市滨海新区人民政府网站行政规范性文件专栏".into(),
            years: 5,
        },
    )
    .await?;
    let filed = working(cal, published + Duration::days(rng.gen_range(5..25)))?;
    if filed <= fazhi_core::time::today() {
        let d = records::load_in(tx.conn(), region, id).await?;
        workflow::apply(
            tx,
            region,
            &drafter,
            cal,
            corpus,
            &d,
            filed,
            &Step::File {
                body: "天津市滨海新区人民政府".into(),
            },
        )
        .await?;
    }
    Ok(())
}

/// Generates the normative documents of the demo district.
pub async fn generate(
    db: &Db,
    corpus: &Corpus,
    progress: &mut dyn FnMut(&str, usize, usize),
) -> Result<()> {
    let done: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM normative_documents WHERE region_code = $1",
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
    old_documents(db, &cal, corpus, &mut rng).await?;
    let plans = plans(db, &cal, &mut rng).await?;
    let total = plans.len();
    let mut deliberated: Vec<(NaiveDate, i64, &'static str)> = Vec::with_capacity(total);
    for (b, chunk) in plans.chunks(BATCH).enumerate() {
        let mut tx = AuditedTx::begin(db, Actor::system("demo")).await?;
        for p in chunk {
            let review_days = rng.gen_range(5..=12);
            let planned = p.submitted + Duration::days(30);
            let (id, on) =
                draft_to_deliberation(&mut tx, &cal, corpus, p, planned, review_days, &mut rng)
                    .await?;
            deliberated.push((on, id, p.body));
        }
        tx.commit().await?;
        progress("规范性文件 normative documents", (b + 1) * BATCH / 2, total);
    }
    // 统一编号 in the order of signature.
    deliberated.sort();
    for (b, chunk) in deliberated.chunks(BATCH).enumerate() {
        let mut tx = AuditedTx::begin(db, Actor::system("demo")).await?;
        for (on, id, body) in chunk {
            let signed = working(&cal, *on + Duration::days(1))?;
            sign_publish_file(&mut tx, &cal, corpus, *id, body, signed, &mut rng).await?;
        }
        tx.commit().await?;
        progress(
            "规范性文件 normative documents",
            total / 2 + (b + 1) * BATCH / 2,
            total,
        );
    }
    standalone_reviews(db).await?;
    cleanup_2024(db, corpus).await?;
    Ok(())
}

/// Documents of 2019 and 2021 through the same procedure (the calendar of those years falls
/// back to Monday–Friday where no notice is loaded).
async fn old_documents(
    db: &Db,
    cal: &HolidayCalendar,
    corpus: &Corpus,
    rng: &mut StdRng,
) -> Result<()> {
    let Some(hr) =
        fazhi_core::org::find_department_by_name(db.pool(), BINHAI_REGION, "区人社局").await?
    else {
        return Ok(());
    };
    let subjects = [
        "企业工资集体协商",
        "劳动用工备案",
        "人力资源服务机构管理",
        "企业职工培训补贴",
        "劳务派遣单位监管",
        "欠薪应急周转金",
        "创业担保贷款",
        "就业困难人员认定",
        "技能人才评价",
        "劳动人事争议调解",
    ];
    let basis = "《中华人民共和国劳动合同法》第四条、《中华人民共和国价格法》第十八条";
    let mut tx = AuditedTx::begin(db, Actor::system("demo")).await?;
    for (i, subject) in subjects.iter().enumerate() {
        let (year, month) = if i < OLD_2019 {
            (2019, 2 + i as u32)
        } else {
            (2021, 3 + i as u32)
        };
        let title = format!("天津市滨海新区关于{subject}的管理办法");
        let p = Plan {
            department_id: hr,
            body: "区人社局",
            text: body_text(&title, subject, basis),
            title,
            enterprises: false,
            central: false,
            submitted: working(cal, date(year, month, 10)?)?,
            opinions: 2,
            failed: None,
        };
        let planned = p.submitted + Duration::days(30);
        let (id, on) = draft_to_deliberation(&mut tx, cal, corpus, &p, planned, 8, rng).await?;
        sign_publish_file(
            &mut tx,
            cal,
            corpus,
            id,
            p.body,
            working(cal, on + Duration::days(1))?,
            rng,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Policy measures other than normative documents reviewed centrally, one under an exception
/// with a third-party assessment, and a complaint about a measure in force.
async fn standalone_reviews(db: &Db) -> Result<()> {
    let Some(commerce) =
        fazhi_core::org::find_department_by_name(db.pool(), BINHAI_REGION, "区商促局").await?
    else {
        return Ok(());
    };
    let Some(ndrc) =
        fazhi_core::org::find_department_by_name(db.pool(), BINHAI_REGION, "区发改委").await?
    else {
        return Ok(());
    };
    let by = "自贸区公平竞争集中审查办公室";
    let mut tx = AuditedTx::begin(db, Actor::system("demo")).await?;
    let measures = [
        (
            commerce,
            "滨海新区2024年招商引资项目落地服务工作方案",
            date(YEAR, 3, 12)?,
            false,
        ),
        (
            ndrc,
            "滨海新区2024年重点建设项目清单及服务保障措施",
            date(YEAR, 5, 20)?,
            false,
        ),
        (
            ndrc,
            "滨海新区工业企业节能降碳技术改造资金补助方案",
            date(YEAR, 8, 6)?,
            true,
        ),
    ];
    for (dept, measure, on, exception) in measures {
        let mut list = checklist(true);
        if exception {
            list.insert("cost_subsidy".into(), false);
        }
        fair_competition::record(
            &mut tx,
            BINHAI_REGION,
            by,
            &NewReview {
                document_id: None,
                department_id: dept,
                measure: measure.into(),
                mode: Mode::Central,
                reviewed_on: on,
                checklist: list,
                exception_ground: exception.then_some(ExceptionGround::PublicInterest),
                exception_reason: if exception {
                    "补助限于节能降碳技术改造，向所有符合条件的企业公开申报，没有对公平竞争影响更小的替代方案，实施期限至2026年12月31日。".into()
                } else {
                    String::new()
                },
                stakeholders: "书面征求区工商联、相关行业协会和企业代表意见".into(),
                third_party: if exception {
                    "委托南开大学法学院开展第三方评估，结论为影响可控".into()
                } else {
                    String::new()
                },
            },
        )
        .await?;
    }
    tx.commit().await?;
    let id = fair_competition::complain(
        db,
        BINHAI_REGION,
        None,
        "滨海新区2024年招商引资项目落地服务工作方案",
        "天津某物流有限公司",
        "方案要求项目优先使用本地物流企业，涉嫌排斥外地经营者。",
        date(YEAR, 6, 3)?,
    )
    .await?;
    let bureau = principal(db).await?;
    fair_competition::handle_complaint(
        db,
        &bureau,
        id,
        date(YEAR, 6, 21)?,
        "经核查，方案第五条“优先使用本地物流企业”的表述已由起草单位删除，书面答复举报人。",
    )
    .await?;
    Ok(())
}

/// The Justice Bureau's supervisor as the acting principal of the demo's own steps.
async fn principal(db: &Db) -> Result<Principal> {
    let row = sqlx::query("SELECT id, department_id FROM users WHERE username = 'supervisor'")
        .fetch_one(db.pool())
        .await?;
    Ok(Principal {
        user_id: row.try_get(0)?,
        username: "supervisor".into(),
        display_name: "司法局监督员".into(),
        role: Role::Supervisor,
        department_id: row.try_get(1)?,
        department_name: "区司法局".into(),
        scope: DataScope::District,
        region: BINHAI_REGION.into(),
    })
}

/// The 2024 cleanup: the documents of 2019 past their validity, decided and published.
async fn cleanup_2024(db: &Db, corpus: &Corpus) -> Result<()> {
    let bureau = principal(db).await?;
    let on = date(YEAR, 12, 10)?;
    let id = match cleanup::start(db, &bureau, corpus, "2024年度行政规范性文件清理", on).await
    {
        Ok(id) => id,
        Err(Error::Conflict { .. }) => return Ok(()),
        Err(e) => return Err(e),
    };
    let items = cleanup::items(db, BINHAI_REGION, id).await?;
    for (i, it) in items.iter().enumerate() {
        let (outcome, note) = if i % 3 == 2 {
            (
                cleanup::Outcome::Amend,
                "有效期届满，仍需继续实施，由起草单位修改后重新发布。",
            )
        } else {
            (
                cleanup::Outcome::Repeal,
                "有效期届满，调整对象已消失或已被新规定替代，宣布失效。",
            )
        };
        cleanup::decide(db, &bureau, it.id, outcome, note, on + Duration::days(3)).await?;
    }
    cleanup::publish(db, &bureau, id, date(YEAR, 12, 20)?).await?;
    Ok(())
}
