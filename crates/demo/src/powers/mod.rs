//! Demo generator of the power list: Binhai's departments and subdistricts, their items drawn
//! from the statutes of the corpus — penalty items from the legal-responsibility chapters
//! (法律责任 / 罚则), inspection, compulsion and licensing items from the articles that grant
//! them — and a 2024 history of proposals published in monthly versions.
//!
//! The report's 2024 figures (5569 adjustments, 5025 powers published) appear here as the
//! generator's targets only; every page and command counts the records.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use fazhi_law::corpus::citation;
use fazhi_law::{Corpus, Date, Kind, Node, ProvisionCode, Seg};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::json;
use sqlx::Row;

use fazhi_core::audit::{Actor, AuditedTx, Event};
use fazhi_core::db::Db;
use fazhi_core::powers::body_json;
use fazhi_core::powers::penalty::{default_standard, parse_legal_range};
use fazhi_core::powers::publish_in_tx;
use fazhi_core::powers::{Category, PowerItem, ProposalKind, ReasonKind, Violation};
use fazhi_core::time::now_ms;
use fazhi_core::{BINHAI_REGION, Error, Result};

/// `($1, $2, …), (…)` for `rows` rows of `cols` parameters starting at `$first` (as
/// `fazhi_core::powers` writes its own multi-row inserts).
fn values_sql(rows: usize, cols: usize, first: usize) -> String {
    let mut s = String::with_capacity(rows * cols * 5);
    for r in 0..rows {
        if r > 0 {
            s.push_str(", ");
        }
        s.push('(');
        for c in 0..cols {
            if c > 0 {
                s.push_str(", ");
            }
            s.push_str(&format!("${}", first + r * cols + c));
        }
        s.push(')');
    }
    s
}

/// The report's figures for 2024 (targets of the generator only).
pub const TARGET_ADJUSTMENTS_2024: usize = 5569;
pub const TARGET_PUBLISHED_2024: usize = 5025;
/// Items cancelled during 2024 and items in the list published at the end of 2023.
const CANCELLED_2024: usize = 300;
const BASELINE: usize = 4800;

/// What the generator made.
#[derive(Debug, Clone, Default)]
pub struct PowersDemo {
    pub items: usize,
    pub versions: usize,
    pub proposals: usize,
}

/// Which department enforces a statute (by the law's short name).
const LAW_DEPARTMENTS: &[(&str, &[&str])] = &[
    (
        "区市场监管局",
        &[
            "食品安全法",
            "食品安全法实施条例",
            "产品质量法",
            "广告法",
            "价格法",
            "价格违法行为行政处罚规定",
            "反不正当竞争法",
            "商标法",
            "专利法",
            "计量法",
            "标准化法",
            "特种设备安全法",
            "消费者权益保护法",
            "电子商务法",
            "药品管理法",
            "市场主体登记管理条例",
            "无证无照经营查处办法",
            "公司法",
        ],
    ),
    (
        "区应急局",
        &[
            "安全生产法",
            "危险化学品安全管理条例",
            "生产安全事故报告和调查处理条例",
            "突发事件应对法",
        ],
    ),
    (
        "区城市管理委",
        &[
            "城市市容和环境卫生管理条例",
            "城镇燃气管理条例",
            "城乡规划法",
        ],
    ),
    ("区住建委", &["建筑法", "建设工程质量管理条例"]),
    (
        "区生态环境局",
        &[
            "环境保护法",
            "大气污染防治法",
            "水污染防治法",
            "噪声污染防治法",
            "固体废物污染环境防治法",
            "海洋环境保护法",
        ],
    ),
    (
        "区人社局",
        &[
            "劳动法",
            "劳动合同法",
            "劳动保障监察条例",
            "保障农民工工资支付条例",
        ],
    ),
    ("区规划资源局", &["土地管理法", "森林法"]),
    ("区农委", &["野生动物保护法"]),
    ("区文旅局", &["文物保护法"]),
];

/// Domains whose penalties Tianjin delegates to the subdistricts' comprehensive enforcement
/// (街镇综合执法): city appearance, construction, noise and dust, gas, small workplaces' safety,
/// wages, small food businesses — in this order, so that the list keeps whole laws.
const DELEGATED_LAWS: &[&str] = &[
    "城市市容和环境卫生管理条例",
    "城镇燃气管理条例",
    "城乡规划法",
    "噪声污染防治法",
    "大气污染防治法",
    "固体废物污染环境防治法",
    "建筑法",
    "无证无照经营查处办法",
    "建设工程质量管理条例",
    "水污染防治法",
    "安全生产法",
    "保障农民工工资支付条例",
    "食品安全法",
    "广告法",
    "产品质量法",
    "劳动保障监察条例",
];

fn duties(c: Category) -> &'static str {
    match c {
        Category::Penalty => {
            "1.立案责任；2.调查取证责任；3.审查责任（法制审核）；4.告知责任；5.决定责任；6.送达责任；7.执行责任；8.其他法律法规规章文件规定应履行的责任。"
        }
        Category::Inspection => {
            "1.检查计划责任（双随机、一公开）；2.检查实施责任（出示执法证件、全过程记录）；3.处置责任；4.信息公开责任；5.其他法律法规规章文件规定应履行的责任。"
        }
        Category::Compulsion => {
            "1.审批责任；2.告知责任；3.实施责任（制作现场笔录）；4.解除责任；5.其他法律法规规章文件规定应履行的责任。"
        }
        Category::Licensing => {
            "1.受理责任；2.审查责任；3.决定责任；4.送达责任；5.事后监管责任；6.其他法律法规规章文件规定应履行的责任。"
        }
        _ => "1.受理责任；2.审查责任；3.决定责任；4.其他法律法规规章文件规定应履行的责任。",
    }
}

const ACCOUNTABILITY: &str = "因不履行或不正确履行行政职责，有下列情形之一的，行政机关及相关工作人员应承担相应责任：1.没有法律和事实依据实施的；2.擅自改变种类、幅度的；3.违反法定程序的；4.滥用职权、玩忽职守、徇私舞弊的；5.其他违反法律法规规章文件规定的行为。";

/// A candidate item before it gets a code and a department.
struct Candidate {
    law: String,
    category: Category,
    name: String,
    sub_items: Vec<String>,
    path: Vec<Seg>,
    citation: String,
    violation: Option<Violation>,
}

fn short(s: &str, n: usize) -> String {
    let s: String = s
        .trim_end_matches(['。', '；', '：', '，'])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if s.chars().count() > n {
        format!("{}…", s.chars().take(n).collect::<String>())
    } else {
        s
    }
}

/// The conduct a penalty paragraph describes: the text before "的，由"/"的，处"/"的，责令".
fn conduct(text: &str) -> String {
    let t = text
        .trim_start_matches("违反本法规定，")
        .trim_start_matches("违反本条例规定，")
        .trim_start_matches("违反本办法规定，");
    let cut = [
        "的，由",
        "的，处",
        "的，责令",
        "的，依照",
        "的，县级以上",
        "的，应当",
    ]
    .iter()
    .filter_map(|k| t.find(k))
    .min()
    .unwrap_or(t.len().min(90));
    short(&t[..cut], 40)
}

fn law_short(title: &str) -> String {
    title.trim_start_matches("中华人民共和国").to_string()
}

/// Reads one statute into candidates.
fn candidates_of(corpus: &Corpus, law_name: &str, on: Date) -> Vec<Candidate> {
    let Some(law) = corpus.law(law_name) else {
        return Vec::new();
    };
    let version = law.current(on);
    let title = law_short(&law.title);
    let mut out = Vec::new();
    let mut inspection_done = false;
    let mut chapters: Vec<&Node> = Vec::new();
    for n in version.statute.root.walk() {
        if n.kind == Kind::Chapter {
            chapters.push(n);
        }
    }
    let liability: Vec<&Node> = chapters
        .iter()
        .copied()
        .filter(|c| c.text.contains("法律责任") || c.text.contains("罚则"))
        .collect();
    let in_liability = |a: &Node| {
        liability
            .iter()
            .any(|c| c.walk().any(|x| std::ptr::eq(x, a)))
    };
    for art in version.statute.articles() {
        let text = art.full_text();
        let paras: Vec<(Vec<Seg>, &Node)> = if art.children.len() > 1 {
            art.children
                .iter()
                .map(|p| (vec![art.seg, p.seg], p))
                .collect()
        } else {
            vec![(vec![art.seg], art)]
        };
        if in_liability(art) || liability.is_empty() {
            for (path, node) in &paras {
                let t = node.full_text();
                let legal = parse_legal_range(&t);
                if !legal.is_penalty() || (legal.fines.is_empty() && !t.contains("警告")) {
                    continue;
                }
                let cite = citation(law, path);
                let code = ProvisionCode {
                    law: law.code.clone(),
                    version: None,
                    path: path.clone(),
                };
                let violation = |name: String| Violation {
                    name,
                    violated: Vec::new(),
                    penalised: code.to_string(),
                    discretion: default_standard(&legal),
                    legal: legal.clone(),
                };
                // A single-paragraph article lists its items under that paragraph: each item
                // is a violation of its own (`art_N__para_1__item_M`), as for longer articles.
                let (item_path, item_parent): (Vec<Seg>, &Node) = match node.children.as_slice() {
                    [p] if path.len() == 1 && p.kind == Kind::Paragraph => {
                        let mut q = path.clone();
                        q.push(p.seg);
                        (q, p)
                    }
                    _ => (path.clone(), *node),
                };
                let items: Vec<&Node> = item_parent
                    .children
                    .iter()
                    .filter(|c| c.kind == Kind::Item)
                    .collect();
                if items.is_empty() {
                    out.push(Candidate {
                        law: law.code.clone(),
                        category: Category::Penalty,
                        name: format!("对{}的行政处罚", conduct(&t)),
                        sub_items: Vec::new(),
                        path: path.clone(),
                        citation: cite,
                        violation: Some(violation(conduct(&t))),
                    });
                    continue;
                }
                // A paragraph listing conduct item by item: one power per item, as the
                // district's lists do (each 项 is a separate violation).
                for it in items {
                    let mut p = item_path.clone();
                    p.push(it.seg);
                    let what = short(&it.text, 40);
                    // The violation is coded at its item, so that the leniency lists' entries
                    // keyed on an item apply to it (legal review 2026-12, A2).
                    let item_code = ProvisionCode {
                        law: law.code.clone(),
                        version: None,
                        path: p.clone(),
                    };
                    out.push(Candidate {
                        law: law.code.clone(),
                        category: Category::Penalty,
                        name: format!("对{what}的行政处罚"),
                        sub_items: Vec::new(),
                        path: p.clone(),
                        citation: citation(law, &p),
                        violation: Some(Violation {
                            penalised: item_code.to_string(),
                            ..violation(what)
                        }),
                    });
                }
            }
            continue;
        }
        let (cat, name) = if text.contains("监督检查") && !inspection_done {
            inspection_done = true;
            (
                Category::Inspection,
                format!("对执行《{title}》情况的行政检查"),
            )
        } else if text.contains("查封") || text.contains("扣押") {
            (
                Category::Compulsion,
                format!("依据《{title}》{}实施的查封、扣押", path_label(&[art.seg])),
            )
        } else if text.contains("应当取得") && text.contains("许可") {
            (
                Category::Licensing,
                format!("《{title}》{}规定的许可", path_label(&[art.seg])),
            )
        } else if text.contains("奖励") && text.contains("举报") {
            (Category::Reward, format!("对举报违反《{title}》行为的奖励"))
        } else {
            continue;
        };
        out.push(Candidate {
            law: law.code.clone(),
            category: cat,
            name,
            sub_items: Vec::new(),
            path: vec![art.seg],
            citation: citation(law, &[art.seg]),
            violation: None,
        });
    }
    out
}

fn path_label(path: &[Seg]) -> String {
    path.iter().map(Seg::to_chinese).collect()
}

/// Departments by short name, and the subdistricts (街道办事处 / 镇人民政府).
async fn departments(db: &Db) -> Result<(HashMap<String, (i64, String)>, Vec<(i64, String)>)> {
    let rows = sqlx::query(
        "SELECT id, name, short_name, parent_id FROM departments WHERE region_code = $1 ORDER BY id",
    )
    .bind(BINHAI_REGION)
    .fetch_all(db.pool())
    .await?;
    let mut by_short = HashMap::new();
    let mut subs = Vec::new();
    for r in rows {
        let id: i64 = r.try_get(0)?;
        let name: String = r.try_get(1)?;
        let short_name: String = r.try_get(2)?;
        let parent: Option<i64> = r.try_get(3)?;
        if parent.is_none() && (name.ends_with("街道办事处") || name.ends_with("镇人民政府"))
        {
            subs.push((id, name.clone()));
        }
        by_short.insert(short_name, (id, name));
    }
    Ok((by_short, subs))
}

/// Every item the district could hold, in a deterministic order: the departments' own items
/// first, then the powers delegated to each subdistrict.
fn build_pool(
    corpus: &Corpus,
    by_short: &HashMap<String, (i64, String)>,
    subs: &[(i64, String)],
) -> Vec<PowerItem> {
    let on = Date::new(2024, 6, 30).unwrap_or_else(Date::today);
    let mut per_law: BTreeMap<String, Vec<Candidate>> = BTreeMap::new();
    let mut pool = Vec::new();
    let mut seq: HashMap<(Category, i64), usize> = HashMap::new();
    let mk = |c: &Candidate, dept: (i64, &str), seq: &mut HashMap<(Category, i64), usize>| {
        let n = seq.entry((c.category, dept.0)).or_insert(0);
        *n += 1;
        let code = ProvisionCode {
            law: c.law.clone(),
            version: None,
            path: c.path.clone(),
        };
        PowerItem {
            code: format!("{}{:03}{:05}", c.category.as_str(), dept.0, n),
            name: c.name.clone(),
            category: c.category,
            sub_items: c.sub_items.clone(),
            department_id: dept.0,
            department: dept.1.to_string(),
            basis: vec![code.to_string()],
            basis_citation: c.citation.clone(),
            duties: duties(c.category).to_string(),
            accountability: ACCOUNTABILITY.to_string(),
            remarks: String::new(),
            violations: c.violation.iter().cloned().collect(),
        }
    };
    for (short_name, laws) in LAW_DEPARTMENTS {
        let Some((id, name)) = by_short.get(*short_name) else {
            continue;
        };
        for law in *laws {
            let cands = candidates_of(corpus, law, on);
            for c in &cands {
                pool.push(mk(c, (*id, name), &mut seq));
            }
            per_law.insert((*law).to_string(), cands);
        }
    }
    for law in DELEGATED_LAWS {
        for c in per_law.get(*law).into_iter().flatten() {
            if c.category != Category::Penalty && c.category != Category::Inspection {
                continue;
            }
            for (sid, sname) in subs {
                let mut item = mk(c, (*sid, sname), &mut seq);
                item.remarks = "区级部门依法赋权街镇实施（街镇综合行政执法）".into();
                pool.push(item);
            }
        }
    }
    pool
}

/// Rows of a demo proposal batch.
struct DemoProposal {
    department_id: i64,
    item_id: Option<i64>,
    kind: ProposalKind,
    reason_kind: ReasonKind,
    reason: String,
    body: String,
    created_at: i64,
}

async fn insert_batch(
    tx: &mut AuditedTx,
    rows: &[DemoProposal],
    status: &str,
    label: &str,
) -> Result<()> {
    for chunk in rows.chunks(400) {
        let sql = format!(
            "INSERT INTO power_proposals (region_code, department_id, item_id, kind, reason_kind, reason, evidence, body, \
             status, origin, created_by, reviewed_by, created_at, submitted_at, reviewed_at, updated_at) VALUES {}",
            values_sql(chunk.len(), 16, 1)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for p in chunk {
            let reviewed = matches!(status, "approved" | "returned");
            q = q
                .bind(BINHAI_REGION)
                .bind(p.department_id)
                .bind(p.item_id)
                .bind(p.kind.as_str())
                .bind(p.reason_kind.as_str())
                .bind(p.reason.clone())
                .bind(String::new())
                .bind(p.body.clone())
                .bind(status.to_string())
                .bind("manual")
                .bind("部门管理员")
                .bind(if reviewed { "司法局监督员" } else { "" })
                .bind(p.created_at)
                .bind((status != "draft").then_some(p.created_at + 86_400_000))
                .bind(reviewed.then_some(p.created_at + 3 * 86_400_000))
                .bind(p.created_at);
        }
        q.execute(tx.conn()).await?;
    }
    let after = json!({"proposals": rows.len(), "status": status});
    tx.record(Event {
        action: "powers.demo.proposals",
        object_type: "power_proposal",
        object_id: label.to_string(),
        before: None,
        after: Some(&after),
        summary: format!("演示数据：{label} 调整申请 {} 件", rows.len()),
    })
    .await?;
    Ok(())
}

fn ms(d: NaiveDate) -> i64 {
    d.and_hms_opt(9, 0, 0)
        .map(|t| t.and_utc().timestamp_millis() - 8 * 3_600_000)
        .unwrap_or(0)
}

fn date(y: i32, m: u32, d: u32) -> Result<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
        .ok_or_else(|| Error::Internal(format!("bad demo date {y}-{m}-{d}")))
}

/// The last working day of a 2024 month (Saturday/Sunday skipped; enough for publication dates).
fn month_end(m: u32) -> Result<NaiveDate> {
    use chrono::Datelike;
    let next = if m == 12 {
        date(2025, 1, 1)?
    } else {
        date(2024, m + 1, 1)?
    };
    let mut d = next.pred_opt().unwrap_or(next);
    while d.weekday().number_from_monday() > 5 {
        d = d.pred_opt().unwrap_or(d);
    }
    Ok(d)
}

/// Active item ids with their bodies, as stored.
async fn active_items(tx: &mut AuditedTx) -> Result<Vec<(i64, PowerItem)>> {
    let rows = sqlx::query(
        "SELECT id, body FROM power_items WHERE region_code = $1 AND status = 'active' ORDER BY id",
    )
    .bind(BINHAI_REGION)
    .fetch_all(tx.conn())
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get(0)?,
                fazhi_core::powers::parse_body(&r.try_get::<String, _>(1)?)?,
            ))
        })
        .collect()
}

/// Builds the list and its 2024 history.
pub async fn generate(
    db: &Db,
    corpus: &Corpus,
    progress: &mut dyn FnMut(&str, usize, usize),
) -> Result<PowersDemo> {
    let (by_short, subs) = departments(db).await?;
    let mut pool = build_pool(corpus, &by_short, &subs);
    let adds_2024 = TARGET_PUBLISHED_2024 + CANCELLED_2024 - BASELINE;
    let changes_2024 = TARGET_ADJUSTMENTS_2024 - adds_2024 - CANCELLED_2024;
    if pool.len() < BASELINE + adds_2024 {
        // Without the statutes (no FAZHI_LAWS_DIR) there is nothing to derive items from; the
        // rest of the demo still builds.
        tracing::warn!(
            candidates = pool.len(),
            needed = BASELINE + adds_2024,
            "power list demo skipped: the corpus is too small"
        );
        return Ok(PowersDemo::default());
    }
    let mut rng = StdRng::seed_from_u64(20240101);
    // Keep the departments' own items in the baseline, spread the subdistricts' over both.
    let extra = pool.split_off(BASELINE + adds_2024);
    drop(extra);
    let mut later = pool.split_off(BASELINE);
    later.shuffle(&mut rng);
    let steps = 13;
    let mut made = PowersDemo::default();
    // Version 1: the list as sorted out at the end of 2023.
    made.proposals += baseline_version(db, &pool).await?;
    made.versions += 1;
    progress("权责清单 power list", 1, steps);
    // 2024: twelve monthly versions.
    let per = |total: usize, m: usize| total / 12 + usize::from(m < total % 12);
    let mut later = later.into_iter();
    for m in 0..12usize {
        let on = month_end(m as u32 + 1)?;
        let created = ms(on) - 20 * 86_400_000;
        let mut tx = AuditedTx::begin(db, Actor::system("demo")).await?;
        let mut active = active_items(&mut tx).await?;
        active.shuffle(&mut rng);
        let rows = month_rows(
            &mut rng,
            &mut later,
            &active,
            m,
            created,
            (
                per(adds_2024, m),
                per(CANCELLED_2024, m),
                per(changes_2024, m),
            ),
        );
        made.proposals += rows.len();
        insert_batch(&mut tx, &rows, "approved", &format!("2024-{:02}", m + 1)).await?;
        publish_in_tx(
            &mut tx,
            BINHAI_REGION,
            on,
            &format!("2024 年 {} 月权责清单动态调整", m + 1),
        )
        .await?;
        tx.commit().await?;
        made.versions += 1;
        progress("权责清单 power list", m + 2, steps);
    }
    made.proposals += work_in_progress(db, &by_short).await?;
    made.items = pool.len() + adds_2024;
    Ok(made)
}

/// Why items changed in 2024 (remarks and reasons of the change proposals).
const AMENDED: [&str; 5] = [
    "《中华人民共和国公司法》2023 年修订施行",
    "《中华人民共和国行政复议法》2023 年修订施行",
    "天津市推进街镇综合行政执法改革，调整赋权事项",
    "依据法律修改更新裁量基准",
    "规范责任事项和追责情形表述",
];

/// Version 1: the list as sorted out at the end of 2023. Returns the proposals made.
async fn baseline_version(db: &Db, pool: &[PowerItem]) -> Result<usize> {
    let mut tx = AuditedTx::begin(db, Actor::system("demo")).await?;
    let v1 = date(2023, 12, 28)?;
    let rows: Vec<DemoProposal> = pool
        .iter()
        .map(|i| DemoProposal {
            department_id: i.department_id,
            item_id: None,
            kind: ProposalKind::Add,
            reason_kind: ReasonKind::Mandate,
            reason: "2023 年度权责清单全面梳理".into(),
            body: body_json(i),
            created_at: ms(date(2023, 12, 1).unwrap_or(v1)),
        })
        .collect();
    let made = rows.len();
    insert_batch(&mut tx, &rows, "approved", "2023").await?;
    publish_in_tx(&mut tx, BINHAI_REGION, v1, "2023 年度权责清单").await?;
    tx.commit().await?;
    Ok(made)
}

/// The proposals of month `m` (0-based) of 2024: `adds` new items from `later`, `cancels`
/// of the (shuffled) active items, then `changes` of the following ones.
fn month_rows(
    rng: &mut StdRng,
    later: &mut impl Iterator<Item = PowerItem>,
    active: &[(i64, PowerItem)],
    m: usize,
    created: i64,
    (adds, cancels, changes): (usize, usize, usize),
) -> Vec<DemoProposal> {
    let mut rows = Vec::new();
    for item in later.by_ref().take(adds) {
        rows.push(DemoProposal {
            department_id: item.department_id,
            item_id: None,
            kind: ProposalKind::Add,
            reason_kind: if rng.gen_bool(0.5) {
                ReasonKind::NewLaw
            } else {
                ReasonKind::Mandate
            },
            reason: "新增职权事项".into(),
            body: body_json(&item),
            created_at: created,
        });
    }
    let (cancel, rest) = active.split_at(cancels.min(active.len()));
    for (id, item) in cancel {
        rows.push(DemoProposal {
            department_id: item.department_id,
            item_id: Some(*id),
            kind: ProposalKind::Cancel,
            reason_kind: if rng.gen_bool(0.3) {
                ReasonKind::Repeal
            } else {
                ReasonKind::Mandate
            },
            reason: "职能划转或依据失效，取消该事项".into(),
            body: String::new(),
            created_at: created,
        });
    }
    for (id, item) in rest.iter().take(changes) {
        let mut b = item.clone();
        let why = AMENDED[rng.gen_range(0..AMENDED.len())];
        b.remarks = format!("2024 年 {} 月调整：{why}", m + 1);
        rows.push(DemoProposal {
            department_id: b.department_id,
            item_id: Some(*id),
            kind: ProposalKind::Change,
            reason_kind: ReasonKind::Amendment,
            reason: why.into(),
            body: body_json(&b),
            created_at: created,
        });
    }
    rows
}

/// Work in progress after the last version: proposals waiting for review, drafts, returns.
/// Returns the proposals made.
async fn work_in_progress(db: &Db, by_short: &HashMap<String, (i64, String)>) -> Result<usize> {
    let mut made = 0;
    let mut tx = AuditedTx::begin(db, Actor::system("demo")).await?;
    let active = active_items(&mut tx).await?;
    let market = by_short.get("区市场监管局").map(|d| d.0);
    let mut open: Vec<(i64, PowerItem)> = active
        .iter()
        .filter(|(_, i)| Some(i.department_id) == market)
        .take(8)
        .cloned()
        .collect();
    open.extend(
        active
            .iter()
            .filter(|(_, i)| Some(i.department_id) != market)
            .take(4)
            .cloned(),
    );
    let now = now_ms();
    for (n, status) in ["submitted", "draft", "returned"].into_iter().enumerate() {
        let rows: Vec<DemoProposal> = open
            .iter()
            .skip(n * 4)
            .take(4)
            .map(|(id, item)| {
                let mut b = item.clone();
                b.remarks = "依据新修订法律更新实施依据表述".into();
                DemoProposal {
                    department_id: item.department_id,
                    item_id: Some(*id),
                    kind: ProposalKind::Change,
                    reason_kind: ReasonKind::Amendment,
                    reason: "法律修改，更新事项表述".into(),
                    body: body_json(&b),
                    created_at: now,
                }
            })
            .collect();
        made += rows.len();
        insert_batch(&mut tx, &rows, status, &format!("open-{status}")).await?;
    }
    tx.commit().await?;
    Ok(made)
}

/// Benchmark of a publication: stages `n` approved additions for the market bureau (untimed),
/// then publishes them as one version (timed). Run it on a scratch copy of a demo database.
pub async fn bench_publish(
    db: &Db,
    n: usize,
) -> Result<(fazhi_core::powers::VersionRow, std::time::Duration)> {
    let (by_short, _) = departments(db).await?;
    let (dept, dept_name) = by_short
        .get("区市场监管局")
        .cloned()
        .ok_or_else(|| Error::Internal("no 区市场监管局: build the demo first".into()))?;
    let stamp = now_ms();
    let rows: Vec<DemoProposal> = (0..n)
        .map(|k| {
            let item = PowerItem {
                code: format!("BENCH{stamp}{k:05}"),
                name: format!("基准测试事项 {k}"),
                category: Category::Inspection,
                sub_items: Vec::new(),
                department_id: dept,
                department: dept_name.clone(),
                basis: vec!["食品安全法/art_87".into()],
                basis_citation: "《中华人民共和国食品安全法》第八十七条".into(),
                duties: duties(Category::Inspection).into(),
                accountability: ACCOUNTABILITY.into(),
                remarks: String::new(),
                violations: Vec::new(),
            };
            DemoProposal {
                department_id: dept,
                item_id: None,
                kind: ProposalKind::Add,
                reason_kind: ReasonKind::Mandate,
                reason: "基准测试".into(),
                body: body_json(&item),
                created_at: stamp,
            }
        })
        .collect();
    let mut tx = AuditedTx::begin(db, Actor::system("bench")).await?;
    insert_batch(&mut tx, &rows, "approved", "bench").await?;
    tx.commit().await?;
    let start = std::time::Instant::now();
    let mut tx = AuditedTx::begin(db, Actor::system("bench")).await?;
    let v = publish_in_tx(
        &mut tx,
        BINHAI_REGION,
        fazhi_core::time::today(),
        "基准测试发布",
    )
    .await?;
    tx.commit().await?;
    Ok((v, start.elapsed()))
}
