//! Builds the classifier from what the platform knows (departments, their domains and
//! keywords, the published power list, the training set) and keeps it current: every instance
//! caches its model and replays only the feedback rows it has not seen, so several instances
//! behind a load balancer agree and a correction counts without a restart.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde::Deserialize;
use sqlx::Row;

use super::classify::{Classifier, Example, Label, POWER_MASS, PowerRef};
use super::text::init_tokenizer;
use crate::db::Db;
use crate::db::json::decode;
use crate::{Error, Result};

const DEPARTMENTS_TOML: &str = include_str!("../../data/binhai/departments.toml");
const KEYWORDS_TOML: &str = include_str!("../../data/dispatch/keywords.toml");
/// Training examples (kept apart from the evaluation set `eval.jsonl`, which never trains).
const TRAIN_JSONL: &str = include_str!("../../data/dispatch/train.jsonl");

#[derive(Deserialize)]
struct DeptFile {
    department: Vec<DeptEntry>,
}
#[derive(Deserialize)]
struct DeptEntry {
    name: String,
    short_name: String,
    domains: Vec<String>,
}
#[derive(Deserialize)]
struct KeywordFile {
    keywords: HashMap<String, Vec<String>>,
}

/// One labelled line of a JSON-lines file (`{"text","department"}`).
#[derive(Debug, Clone, Deserialize)]
pub struct LabelledLine {
    pub text: String,
    pub department: String,
}

fn data_err(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("dispatch data {what}: {e}"))
}

fn departments_file() -> Result<Vec<DeptEntry>> {
    let f: DeptFile = toml::from_str(DEPARTMENTS_TOML).map_err(|e| data_err("departments", e))?;
    Ok(f.department)
}

fn keywords() -> Result<HashMap<String, Vec<String>>> {
    let f: KeywordFile = toml::from_str(KEYWORDS_TOML).map_err(|e| data_err("keywords", e))?;
    Ok(f.keywords)
}

/// The built-in training examples.
pub fn training_lines() -> Result<Vec<LabelledLine>> {
    TRAIN_JSONL
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(|e| data_err("train.jsonl", e)))
        .collect()
}

/// The departments of departments.toml present in the database (top-level bodies of the
/// region), plus the map from every department id below them to their label.
async fn labels(db: &Db, region: &str) -> Result<(Vec<Label>, HashMap<i64, usize>)> {
    let file = departments_file()?;
    let rows = sqlx::query(
        "SELECT d.id, d.name, c.descendant_id FROM departments d \
         JOIN department_closure c ON c.ancestor_id = d.id \
         WHERE d.region_code = $1 AND d.parent_id IS NULL ORDER BY d.sort_order, d.id",
    )
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut labels: Vec<Label> = Vec::new();
    let mut map = HashMap::new();
    for r in rows {
        let id: i64 = r.try_get(0)?;
        let name: String = r.try_get(1)?;
        let desc: i64 = r.try_get(2)?;
        let Some(entry) = file.iter().find(|e| e.name == name) else {
            continue;
        };
        let l = match labels.iter().position(|l| l.department_id == id) {
            Some(l) => l,
            None => {
                labels.push(Label {
                    department_id: id,
                    name: name.clone(),
                    short_name: entry.short_name.clone(),
                });
                labels.len() - 1
            }
        };
        map.insert(desc, l);
    }
    if labels.is_empty() {
        // An empty database (evaluation without the demo): the departments of the file, with
        // no ids; orders cannot be dispatched, texts can be classified.
        labels = file
            .iter()
            .enumerate()
            .map(|(i, e)| Label {
                department_id: -(i as i64) - 1,
                name: e.name.clone(),
                short_name: e.short_name.clone(),
            })
            .collect();
    }
    Ok((labels, map))
}

/// Builds the model from scratch.
pub async fn build(db: &Db, region: &str) -> Result<Classifier> {
    let kws = keywords()?;
    init_tokenizer(kws.values().flatten().map(String::as_str));
    let (labels, map) = labels(db, region).await?;
    let mut c = Classifier::new(labels);
    for e in departments_file()? {
        if let Some(l) = c.label_of(&e.name) {
            for d in &e.domains {
                c.learn_domain(d, l);
            }
            for k in kws.get(&e.short_name).into_iter().flatten() {
                c.learn_keyword(k, l);
            }
        }
    }
    let ex: Vec<Example> = training_lines()?
        .into_iter()
        .filter_map(|t| {
            c.label_of(&t.department).map(|label| Example {
                text: t.text,
                label,
                weight: 1.0,
            })
        })
        .collect();
    c.learn_examples(&ex);
    let items = sqlx::query(
        "SELECT code, name, category, department_id, body FROM power_items \
         WHERE region_code = $1 AND status = 'active' ORDER BY code",
    )
    .bind(region.to_string())
    .fetch_all(db.pool())
    .await?;
    let mut per_label = vec![0usize; c.labels().len()];
    for r in &items {
        if let Some(l) = map.get(&r.try_get::<i64, _>(3)?) {
            per_label[*l] += 1;
        }
    }
    for r in items {
        let dept: i64 = r.try_get(3)?;
        let Some(label) = map.get(&dept).copied() else {
            continue;
        };
        let weight = POWER_MASS / per_label[label].max(1) as f64;
        let body: String = r.try_get(4)?;
        let v: serde_json::Value = decode(&body, "power_items.body")?;
        c.add_power(
            PowerRef {
                code: r.try_get(0)?,
                name: r.try_get(1)?,
                category: r.try_get(2)?,
                label,
                basis: v["basis"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|x| x.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
                basis_citation: v["basis_citation"].as_str().unwrap_or("").to_string(),
            },
            weight,
        );
    }
    replay(db, region, &mut c, &map).await?;
    Ok(c)
}

/// Replays the feedback rows after `c.feedback_seen`.
async fn replay(
    db: &Db,
    region: &str,
    c: &mut Classifier,
    map: &HashMap<i64, usize>,
) -> Result<()> {
    let rows = sqlx::query(
        "SELECT id, order_id, text, department_id, kind FROM dispatch_feedback \
         WHERE region_code = $1 AND id > $2 ORDER BY id",
    )
    .bind(region.to_string())
    .bind(c.feedback_seen)
    .fetch_all(db.pool())
    .await?;
    for r in rows {
        let id: i64 = r.try_get(0)?;
        let dept: i64 = r.try_get(3)?;
        if let Some(label) = map.get(&dept).copied().or_else(|| c.label_of_id(dept)) {
            let text: String = r.try_get(2)?;
            let kind: String = r.try_get(4)?;
            c.feedback(r.try_get(1)?, &text, label, &kind);
        }
        c.feedback_seen = id;
    }
    Ok(())
}

struct Cached {
    model: Arc<Classifier>,
    items: i64,
    map: HashMap<i64, usize>,
}

/// One model slot per database and region.
type Slot = Arc<Mutex<Option<Cached>>>;

fn cache() -> &'static Mutex<HashMap<String, Slot>> {
    static C: OnceLock<Mutex<HashMap<String, Slot>>> = OnceLock::new();
    C.get_or_init(Default::default)
}

/// The current model of a region: cached per database, refreshed by the feedback rows other
/// instances (or this one) wrote since, rebuilt when the published power list changed.
pub async fn model(db: &Db, region: &str) -> Result<Arc<Classifier>> {
    let row = sqlx::query(
        "SELECT (SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM dispatch_feedback WHERE region_code = $1), \
                (SELECT CAST(COUNT(*) AS BIGINT) FROM power_items WHERE region_code = $1 AND status = 'active')",
    )
    .bind(region.to_string())
    .fetch_one(db.pool())
    .await?;
    let fb: i64 = row.try_get(0)?;
    let items: i64 = row.try_get(1)?;
    let slot = {
        let key = format!("{}#{region}", db.url());
        let mut g = cache()
            .lock()
            .map_err(|_| Error::Internal("model cache".into()))?;
        g.entry(key).or_default().clone()
    };
    // One builder per database at a time; readers of a current model return at once.
    let current = {
        let g = slot
            .lock()
            .map_err(|_| Error::Internal("model cache".into()))?;
        match &*g {
            Some(c) if c.items == items && c.model.feedback_seen >= fb => {
                return Ok(c.model.clone());
            }
            Some(c) if c.items == items => Some((c.model.clone(), c.map.clone())),
            _ => None,
        }
    };
    let (model, map) = match current {
        Some((m, map)) => {
            let mut m = (*m).clone();
            replay(db, region, &mut m, &map).await?;
            (m, map)
        }
        None => {
            let m = build(db, region).await?;
            let (_, map) = labels(db, region).await?;
            (m, map)
        }
    };
    let model = Arc::new(model);
    let mut g = slot
        .lock()
        .map_err(|_| Error::Internal("model cache".into()))?;
    *g = Some(Cached {
        model: model.clone(),
        items,
        map,
    });
    Ok(model)
}
