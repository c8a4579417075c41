//! Whether a cited provision is still law on a given day, and what replaced it.
//!
//! The corpus knows each version's first day in force and, from the MANIFEST notes, when it
//! stops applying (`superseded from DATE`, `repealed from DATE by X`). One more kind of change
//! is noted there: `see also FILE, in force DATE` marks a higher-level text that applies beside
//! the one cited from DATE (危险化学品安全法 beside 危险化学品安全管理条例): where the two
//! differ, the higher law prevails (立法法 第九十九条), so a citation of the lower text is to be
//! re-examined from that day although it has not been repealed.

use serde::Serialize;

use crate::code::ProvisionCode;
use crate::corpus::{Corpus, EndReason, Law, Version, citation};
use crate::date::Date;
use crate::parse::short_title;

/// Why a citation is not (or soon not) good law.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lapse {
    /// The law was repealed (已废止).
    Repealed,
    /// The law is not in force yet on that day (尚未施行).
    NotYetInForce,
    /// The version in force no longer has the cited unit (条文已删除或重新编号).
    Removed,
    /// A higher-level law on the same matter applies from that day (上位法施行).
    Displaced,
}

impl Lapse {
    /// Chinese label.
    pub fn zh(self) -> &'static str {
        match self {
            Lapse::Repealed => "已废止",
            Lapse::NotYetInForce => "尚未施行",
            Lapse::Removed => "条文已删除或重新编号",
            Lapse::Displaced => "上位法已施行",
        }
    }

    /// English label.
    pub fn en(self) -> &'static str {
        match self {
            Lapse::Repealed => "repealed",
            Lapse::NotYetInForce => "not yet in force",
            Lapse::Removed => "provision removed or renumbered",
            Lapse::Displaced => "a higher-level law applies",
        }
    }

    /// Whether a case whose act falls on or after the date may no longer cite the provision
    /// at all. A displaced lower text is still formally in force: the conflict is for a person
    /// to judge, so it warns rather than refuses.
    pub fn refuses(self) -> bool {
        !matches!(self, Lapse::Displaced)
    }
}

/// What followed a lapsed text, as the MANIFEST names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Successor {
    /// Name of the successor (`生态环境法典`, `食品安全法`).
    pub name: String,
    /// Whether its text is in the corpus (a code can then be re-based on it).
    pub in_corpus: bool,
}

/// The standing of one cited code on one day, when it is not plain good law.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Currency {
    /// The code as cited (version-free).
    pub code: String,
    /// Canonical citation (`《中华人民共和国大气污染防治法》第九十九条`).
    pub citation: String,
    /// Why.
    pub lapse: Lapse,
    /// The day it took effect: the repeal, the new version, the higher law (or, for a law not
    /// yet in force, its first day).
    pub since: Date,
    /// What replaced it, when known.
    pub successor: Option<Successor>,
}

impl Currency {
    /// One line in Chinese: `《…》第九十九条 已废止（自2026-08-15起），继受：生态环境法典（未入库）`.
    pub fn message_zh(&self) -> String {
        let mut s = format!(
            "{} {}（自{}起）",
            self.citation,
            self.lapse.zh(),
            self.since
        );
        if let Some(succ) = &self.successor {
            if succ.in_corpus {
                s.push_str(&format!("，现行：《{}》", succ.name));
            } else {
                s.push_str(&format!("，继受法律《{}》未入库", succ.name));
            }
        } else if self.lapse == Lapse::Repealed {
            s.push_str("，继受法律未入库");
        }
        s
    }

    /// One line in English.
    pub fn message_en(&self) -> String {
        let mut s = format!("{} {} from {}", self.citation, self.lapse.en(), self.since);
        if let Some(succ) = &self.successor {
            if succ.in_corpus {
                s.push_str(&format!("; now: {}", succ.name));
            } else {
                s.push_str(&format!("; successor {} not in the corpus", succ.name));
            }
        } else if self.lapse == Lapse::Repealed {
            s.push_str("; successor not in the corpus");
        }
        s
    }
}

/// Finds `<marker> YYYY-MM-DD` in MANIFEST notes.
fn note_date(notes: &str, marker: &str) -> Option<Date> {
    let pos = notes.find(marker)?;
    let rest = notes[pos + marker.len()..].trim_start();
    rest.get(..10)?.parse().ok()
}

/// The name after `by ` in `repealed from DATE by NAME (…)`.
fn repealed_by(notes: &str) -> Option<String> {
    let pos = notes.find("repealed from")?;
    let rest = &notes[pos..];
    let by = rest.find(" by ")?;
    let name: String = rest[by + 4..]
        .chars()
        .take_while(|c| !matches!(c, ' ' | '(' | ';' | ',' | '（'))
        .collect();
    (!name.is_empty()).then_some(name)
}

/// `see also FILE(YYYY-MM-DD).md, in force DATE` → (short title, date).
fn displaced_by(notes: &str) -> Option<(String, Date)> {
    let pos = notes.find("see also ")?;
    let rest = &notes[pos + "see also ".len()..];
    let file: String = rest.chars().take_while(|c| *c != ',').collect();
    let name = file.split('(').next()?.trim().to_string();
    let date = note_date(rest, "in force")?;
    (!name.is_empty()).then_some((name, date))
}

impl Corpus {
    /// The standing of `code` on `on`: `None` when it is good law that day (or unknown to the
    /// corpus, which the resolver reports on its own).
    pub fn currency(&self, code: &ProvisionCode, on: Date) -> Option<Currency> {
        let law = self.law(&code.law)?;
        let cite = citation(law, &code.path);
        let make = |lapse, since, successor| Currency {
            code: code.unversioned().to_string(),
            citation: cite.clone(),
            lapse,
            since,
            successor,
        };
        let Some(v) = law.version_on(on) else {
            let first = law.versions.first()?;
            if on < first.effective {
                // Before the oldest loaded text: a law enacted by that text was not yet law;
                // an older law amended by it had an earlier text the corpus does not hold,
                // which is read in the oldest loaded one (the resolver's convention).
                let enacted = first
                    .statute
                    .history
                    .iter()
                    .filter(|h| !h.effective)
                    .map(|h| h.date)
                    .min();
                if enacted.is_none_or(|d| d >= first.date) {
                    return Some(make(Lapse::NotYetInForce, first.effective, None));
                }
                return None;
            }
            let last = law.latest();
            let since = match last.ends {
                Some((d, EndReason::Repealed)) => d,
                Some((d, EndReason::Superseded)) => d,
                None => last.effective,
            };
            let successor = repealed_by(&last.notes).map(|name| Successor {
                in_corpus: self.law(&name).is_some(),
                name,
            });
            return Some(make(Lapse::Repealed, since, successor));
        };
        if !code.path.is_empty() && v.get(&code.path).is_none() {
            // Only a unit that an earlier version had was removed; a code that never
            // existed is the resolver's error, not a change of the law.
            if law.versions.iter().any(|old| old.get(&code.path).is_some()) {
                return Some(make(
                    Lapse::Removed,
                    v.effective,
                    Some(Successor {
                        name: short_title(&law.title).to_string(),
                        in_corpus: true,
                    }),
                ));
            }
            return None;
        }
        if let Some((name, from)) = displaced_by(&v.notes)
            && from <= on
        {
            return Some(make(
                Lapse::Displaced,
                from,
                Some(Successor {
                    in_corpus: self.law(&name).is_some(),
                    name,
                }),
            ));
        }
        None
    }

    /// The standing of `code` on `on`, or the lapse coming within `days` after it (a repeal
    /// already announced), so a list can be revised before the day.
    pub fn currency_within(&self, code: &ProvisionCode, on: Date, days: i64) -> Option<Currency> {
        self.currency(code, on)
            .or_else(|| self.currency(code, on.add_days(days)))
            .filter(|c| c.lapse != Lapse::NotYetInForce)
    }

    /// Both texts of a provision when the version in force on `act_on` differs from the one in
    /// force on `today` (第三十七条: the law at the time of the act applies, unless the new one
    /// no longer treats the act as illegal or punishes it more lightly — a person compares).
    pub fn lex_mitior(&self, code: &ProvisionCode, act_on: Date, today: Date) -> Option<TwoTexts> {
        let law = self.law(&code.law)?;
        let then = law.version_on(act_on)?;
        let now = law.version_on(today)?;
        if std::ptr::eq(then, now) {
            return None;
        }
        Some(TwoTexts {
            citation: citation(law, &code.path),
            then_version: then.id.clone(),
            then_text: text_of(then, code),
            now_version: now.id.clone(),
            now_text: text_of(now, code),
        })
    }
}

fn text_of(v: &Version, code: &ProvisionCode) -> Option<String> {
    v.get(&code.path).map(|n| n.full_text())
}

/// The act-time and current texts of one provision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TwoTexts {
    /// Canonical citation.
    pub citation: String,
    /// Version in force on the act date.
    pub then_version: String,
    /// Its text (none if that version lacks the unit).
    pub then_text: Option<String>,
    /// Version in force today.
    pub now_version: String,
    /// Its text (none if the unit was removed).
    pub now_text: Option<String>,
}

/// Laws of the corpus whose texts leave force (or are displaced) on or before `until`, with
/// the day: the events the platform acts on.
pub fn lapse_events(corpus: &Corpus, until: Date) -> Vec<(String, Lapse, Date)> {
    let mut out = Vec::new();
    for law in &corpus.laws {
        last_lapse(law, until, &mut out);
    }
    out
}

fn last_lapse(law: &Law, until: Date, out: &mut Vec<(String, Lapse, Date)>) {
    let last = law.latest();
    if let Some((d, EndReason::Repealed)) = last.ends
        && d <= until
    {
        out.push((law.code.clone(), Lapse::Repealed, d));
    }
    if let Some((_, d)) = displaced_by(&last.notes)
        && d <= until
    {
        out.push((law.code.clone(), Lapse::Displaced, d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_parse() {
        let n = "repealed from 2026-08-15 by 生态环境法典 (adopted 2026-03-12, text not included)";
        assert_eq!(repealed_by(n).as_deref(), Some("生态环境法典"));
        assert_eq!(
            repealed_by("repealed from 2024-11-01 by 法规规章备案审查条例 (x.md, 第二十六条)")
                .as_deref(),
            Some("法规规章备案审查条例")
        );
        let d = displaced_by(
            "header lists 2002; see also 危险化学品安全法(2025-12-27).md, in force 2026-05-01",
        );
        assert_eq!(
            d,
            Some((
                "危险化学品安全法".to_string(),
                "2026-05-01".parse().unwrap()
            ))
        );
        assert_eq!(displaced_by("superseded from 2025-12-01 by the x"), None);
    }
}
