//! The legal basis of items and violations, always as provision codes resolved in the corpus
//! (编码化执法依据): an unresolvable citation is refused with the corpus's reason.

use fazhi_law::{Corpus, ProvisionCode, ResolveOptions};
use serde::Serialize;

use super::model::{Category, PowerItem};
use super::penalty::{check_standard, parse_legal_range};
use crate::{Code, Error, Result};

/// A basis provision as shown to a reader.
#[derive(Debug, Clone, Serialize)]
pub struct BasisText {
    pub code: String,
    pub citation: String,
    pub text: String,
    pub version: String,
    /// 现行有效 / 已废止 …, or the reason the code no longer resolves.
    pub status: String,
    pub ok: bool,
}

fn unresolved(field: &'static str, what: &str, e: &fazhi_law::LawError) -> Error {
    Error::of(Code::PowersBasisUnresolved)
        .for_field(field)
        .arg("what", what)
        .arg_zh_en("error", e.message_zh(), e.message_en())
}

/// Turns a basis as written — Chinese citations, or provision codes separated by ；— into
/// version-free codes.
pub fn resolve_basis(corpus: &Corpus, field: &'static str, text: &str) -> Result<Vec<String>> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::of(Code::PowersBasisEmpty).for_field(field));
    }
    let parts: Vec<&str> = text
        .split(['；', ';', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    // Codes as the platform writes them (`食品安全法/art_122__para_1`).
    if parts.iter().all(|p| p.contains('/') && !p.contains('《')) {
        let mut out = Vec::new();
        for p in parts {
            let code: ProvisionCode = p
                .parse()
                .map_err(|e| unresolved(field, p, &fazhi_law::LawError::from(e)))?;
            let prov = corpus
                .provision(&code, None)
                .map_err(|e| unresolved(field, p, &e))?;
            push_unique(&mut out, prov.code);
        }
        return Ok(out);
    }
    let resolved = corpus
        .resolve_strict(text, &ResolveOptions::default())
        .map_err(|e| unresolved(field, text, &e))?;
    let mut out = Vec::new();
    for r in resolved {
        let code: ProvisionCode = r
            .code
            .parse()
            .map_err(|e| unresolved(field, &r.code, &fazhi_law::LawError::from(e)))?;
        push_unique(&mut out, code.unversioned().to_string());
    }
    Ok(out)
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

/// The current text of each basis code (a code that no longer resolves says why).
pub fn basis_texts(corpus: &Corpus, codes: &[String]) -> Vec<BasisText> {
    codes
        .iter()
        .map(|c| match corpus.lookup(c, None) {
            Ok(p) => BasisText {
                code: c.clone(),
                citation: p.citation,
                text: p.text,
                version: p.version,
                status: p.status.zh().to_string(),
                ok: true,
            },
            Err(e) => BasisText {
                code: c.clone(),
                citation: c.clone(),
                text: String::new(),
                version: String::new(),
                status: e.message_zh(),
                ok: false,
            },
        })
        .collect()
}

/// Validates an item and fills in what the corpus decides: basis codes from the citation,
/// each violation's legal range from its penalising provision, and the check of every
/// discretion tier against that range.
pub fn prepare_item(corpus: &Corpus, item: &mut PowerItem) -> Result<()> {
    item.code = item.code.trim().to_string();
    item.name = item.name.trim().to_string();
    if item.code.is_empty()
        || item.code.len() > 40
        || !item
            .code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(Error::of(Code::PowersCode).for_field("code"));
    }
    if item.name.is_empty() || item.name.chars().count() > 200 {
        return Err(Error::of(Code::PowersName).for_field("name"));
    }
    item.basis = if item.basis_citation.trim().is_empty() {
        resolve_basis(corpus, "basis", &item.basis.join("；"))?
    } else {
        resolve_basis(corpus, "basis", &item.basis_citation)?
    };
    if item.basis_citation.trim().is_empty() {
        item.basis_citation = basis_texts(corpus, &item.basis)
            .into_iter()
            .map(|b| b.citation)
            .collect::<Vec<_>>()
            .join("；");
    }
    if !item.violations.is_empty() && item.category != Category::Penalty {
        return Err(Error::of(Code::PowersViolationsCategory).for_field("violations"));
    }
    for v in &mut item.violations {
        let codes = resolve_basis(corpus, "penalised", &v.penalised)?;
        let Some(code) = codes.first() else {
            continue;
        };
        let prov = corpus
            .lookup(code, None)
            .map_err(|e| unresolved("penalised", code, &e))?;
        let legal = parse_legal_range(&prov.text);
        if !legal.is_penalty() {
            return Err(Error::of(Code::PowersNotAPenalty)
                .for_field("penalised")
                .arg("citation", &prov.citation));
        }
        check_standard(&legal, &prov.citation, &v.discretion)?;
        v.penalised = code.clone();
        v.legal = legal;
        let mut violated = Vec::new();
        for c in &v.violated {
            for r in resolve_basis(corpus, "violated", c)? {
                push_unique(&mut violated, r);
            }
        }
        v.violated = violated;
    }
    Ok(())
}
