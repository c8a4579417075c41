//! The reviewed labels (`eval/supervision/labels.toml`): for each file of the set, by its
//! case number, the defects a reviewer found by reading its dump, each with the reason (the
//! dates or facts read and the article), or none with the reason it is clean.

use serde::Deserialize;

use fazhi_core::{Error, Result};

/// The reviewed file, compiled in so the evaluation runs anywhere.
pub const REVIEWED: &str = include_str!("../../../../../eval/supervision/labels.toml");
/// Where the file lives in the repository.
pub const REVIEWED_PATH: &str = "eval/supervision/labels.toml";

/// One defect the reviewer found.
#[derive(Debug, Clone, Deserialize)]
pub struct Defect {
    pub code: String,
    pub reason: String,
}

/// One reviewed file.
#[derive(Debug, Clone, Deserialize)]
pub struct Reviewed {
    pub key: String,
    #[serde(default)]
    pub defects: Vec<Defect>,
    /// Why the file is clean, when it is.
    #[serde(default)]
    pub clean: String,
}

#[derive(Debug, Clone, Deserialize)]
struct LabelsFile {
    #[serde(default)]
    file: Vec<Reviewed>,
}

/// Parses a labels file; every defect code must be a check code and every file needs a reason.
pub fn parse(text: &str, codes: &[&str]) -> Result<Vec<Reviewed>> {
    let f: LabelsFile = toml::from_str(text).map_err(|e| {
        Error::Internal(format!(
            "标注文件格式错误 / labels file malformed ({REVIEWED_PATH}): {e}"
        ))
    })?;
    for r in &f.file {
        for d in &r.defects {
            if !codes.contains(&d.code.as_str()) {
                return Err(Error::Internal(format!(
                    "标注文件中未知的检查代码 / unknown check code in the labels: {} ({})",
                    d.code, r.key
                )));
            }
            if d.reason.trim().is_empty() {
                return Err(Error::Internal(format!(
                    "标注缺少理由 / label without a reason: {} {}",
                    r.key, d.code
                )));
            }
        }
        if r.defects.is_empty() && r.clean.trim().is_empty() {
            return Err(Error::Internal(format!(
                "无缺陷的案卷缺少说明 / clean file without a reason: {}",
                r.key
            )));
        }
    }
    Ok(f.file)
}
