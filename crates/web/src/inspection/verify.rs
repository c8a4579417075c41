//! The public verification page `/v/{token}` (the QR code holds this URL): VALID / EXPIRED /
//! NOT YET VALID / REVOKED / FORGED and what the certificate covers. No login, no database
//! read per request beyond the cached key set: the token carries everything it shows, and the
//! signature is checked against the published keys, as any offline verifier would.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Path, State};
use fazhi_core::inspection::{CertPayload, KeySet, Verdict, decode, key_set, verify};
use fazhi_core::time::{fmt_ms, now_ms, today};
use fazhi_core::{BINHAI_REGION, Result};

use crate::ctx::Ctx;
use crate::error::Page as Handled;
use crate::error::render;
use crate::routes::{Access as A, Route, ScopeRule as S};
use crate::shell::{NavGroup, NavItem, Shell};
use crate::state::AppState;

/// How long a cached key set is trusted before the counter is compared again. A revocation or
/// rotation on this instance invalidates at once; other instances follow within this time.
const KEY_CACHE_TTL: Duration = Duration::from_secs(5);

type Cached = (Instant, String, Arc<KeySet>);
static KEYS: Mutex<Option<Cached>> = Mutex::new(None);

/// Drops the cached key set (after a revocation or a rotation).
pub fn invalidate_keys() {
    if let Ok(mut g) = KEYS.lock() {
        *g = None;
    }
}

/// The published key set, cached for a few seconds per database.
pub async fn cached_keys(st: &AppState) -> Result<Arc<KeySet>> {
    if let Ok(g) = KEYS.lock()
        && let Some((at, url, ks)) = g.as_ref()
        && at.elapsed() < KEY_CACHE_TTL
        && url == st.db.url()
    {
        return Ok(ks.clone());
    }
    let ks = Arc::new(key_set(&st.db, BINHAI_REGION, today()).await?);
    if let Ok(mut g) = KEYS.lock() {
        *g = Some((Instant::now(), st.db.url().to_string(), ks.clone()));
    }
    Ok(ks)
}

pub fn routes() -> Vec<Route> {
    vec![Route::get("/v/{token}", A::Public, S::Open, page)]
}

/// A certificate's content, ready to show.
struct Covers {
    cid: String,
    iid: String,
    subject: String,
    code: String,
    department: String,
    officers: Vec<(String, String)>,
    matters: Vec<String>,
    basis: Vec<String>,
    valid: String,
    issued: String,
}

fn covers(p: &CertPayload) -> Covers {
    Covers {
        cid: p.cid.clone(),
        iid: p.iid.clone(),
        subject: p.sn.clone(),
        code: p.sc.clone(),
        department: p.dp.clone(),
        officers: p.of.iter().map(|o| (o.n.clone(), o.c.clone())).collect(),
        matters: p.mt.clone(),
        basis: p.bs.clone(),
        valid: format!("{} — {}", fmt_ms(p.nbf * 1000), fmt_ms(p.exp * 1000)),
        issued: fmt_ms(p.iat * 1000),
    }
}

#[derive(askama::Template)]
#[template(path = "inspection/verify.html")]
struct Page {
    shell: Shell,
    /// VALID / EXPIRED / NOT YET VALID / REVOKED / FORGED.
    label: &'static str,
    /// ok / warn / danger.
    kind: &'static str,
    headline: String,
    advice: String,
    reason: String,
    kid: String,
    covers: Option<Covers>,
    /// An enterprise account is logged in: offer the door scan.
    can_scan: bool,
    token: String,
}

fn shell(ctx: &Ctx) -> Shell {
    let mut s = Shell::new(ctx, ("电子检查证核验", "Inspection certificate check"), &[]);
    s.user = None;
    s.breadcrumb.clear();
    s.nav = vec![NavGroup {
        label: ctx.t("公示栏目", "Sections").into(),
        items: vec![
            NavItem {
                label: ctx.t("执法主体", "Enforcement bodies").into(),
                href: "/portal".into(),
                active: false,
            },
            NavItem {
                label: ctx.t("执法人员", "Officers").into(),
                href: "/portal/officers".into(),
                active: false,
            },
        ],
    }];
    s
}

/// 行政处罚法 第五十五条: the party may refuse only when the officers do not show their
/// 执法证件 (第一款) and must otherwise answer truthfully and assist, "不得拒绝或者阻挠" (第二款).
/// The platform's 检查证 is not the 执法证件, so a certificate that is expired, not yet valid or
/// revoked is reported, and the enterprise asks for the officers' 执法证件 — no "you may refuse"
/// (no Tianjin rule granting it is cited). A forged one is reported too.
fn verdict_texts(
    v: &Verdict,
) -> (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
) {
    match v {
        Verdict::Valid(_) => (
            "ok",
            "有效：本检查证由平台签发，在有效期内",
            "VALID: issued by the platform and within its validity",
            "请核对执法人员出示的执法证与下列信息一致。",
            "Check that the officers' enforcement cards match the names and numbers below.",
        ),
        Verdict::Expired(_) => (
            "warn",
            "已过期：检查证已超过有效期",
            "EXPIRED: the certificate's validity has passed",
            "请要求执法人员出示执法证件并核对（《行政处罚法》第五十五条第一款），并将检查证已过期的情况向区司法局反映。检查证不是执法证件；执法人员出示执法证件的，应当如实回答询问、协助检查（第五十五条第二款）。",
            "Ask the officers to show their enforcement cards and check them (Administrative Penalty Law art. 55(1)), and report the expired certificate to the district Justice Bureau. The certificate is not the enforcement card; when the cards are shown, answer truthfully and assist (art. 55(2)).",
        ),
        Verdict::NotYetValid(_) => (
            "warn",
            "尚未生效：检查期限还未开始",
            "NOT YET VALID: the inspection window has not begun",
            "请要求执法人员出示执法证件并核对（《行政处罚法》第五十五条第一款），并将检查证尚未生效的情况向区司法局反映。",
            "Ask the officers to show their enforcement cards and check them (Administrative Penalty Law art. 55(1)), and report the not-yet-valid certificate to the district Justice Bureau.",
        ),
        Verdict::Revoked(_) => (
            "danger",
            "已作废：签发机关已撤回该检查证",
            "REVOKED: the issuing department withdrew this certificate",
            "请要求执法人员出示执法证件并核对（《行政处罚法》第五十五条第一款），并将检查证已作废的情况向区司法局反映。",
            "Ask the officers to show their enforcement cards and check them (Administrative Penalty Law art. 55(1)), and report the revoked certificate to the district Justice Bureau.",
        ),
        Verdict::Forged(_) => (
            "danger",
            "无效：不是本平台签发的检查证，或内容被改动",
            "FORGED: not issued by this platform, or altered",
            "请要求执法人员出示执法证件并核对（《行政处罚法》第五十五条第一款），并立即向区司法局反映。",
            "Ask the officers to show their enforcement cards and check them (Administrative Penalty Law art. 55(1)), and report the certificate to the district Justice Bureau at once.",
        ),
    }
}

/// `GET /v/{token}`.
pub async fn page(ctx: Ctx, State(st): State<AppState>, Path(token): Path<String>) -> Handled {
    let ks = cached_keys(&st).await?;
    let v = verify(&token, &ks, now_ms() / 1000);
    let (kind, zh, en, adv_zh, adv_en) = verdict_texts(&v);
    let (covers, reason) = match &v {
        Verdict::Valid(p) | Verdict::Expired(p) | Verdict::NotYetValid(p) | Verdict::Revoked(p) => {
            (Some(covers(p)), String::new())
        }
        Verdict::Forged(why) => (None, why.clone()),
    };
    let can_scan = matches!(v, Verdict::Valid(_))
        && ctx.session.as_ref().is_some_and(|s| {
            s.principal
                .role
                .can(fazhi_core::auth::Permission::EnterpriseSelf)
        });
    let mut shell = shell(&ctx);
    if can_scan {
        shell.csrf = ctx.csrf();
    }
    Ok(render(&Page {
        shell,
        label: v.label(),
        kind,
        headline: ctx.t(zh, en).into(),
        advice: ctx.t(adv_zh, adv_en).into(),
        reason,
        kid: decode(&token).map(|d| d.kid).unwrap_or_default(),
        covers,
        can_scan,
        token: if can_scan {
            token.clone()
        } else {
            String::new()
        },
    })?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 行政处罚法 第五十五条: a right to refuse exists only when no 执法证件 is shown; the page
    /// advises asking for the cards and reporting the certificate, never "you may refuse".
    #[test]
    fn verify_advice_asks_for_cards_and_reports_never_refuse_xzcf_art55() {
        let p = CertPayload {
            cid: "c".into(),
            iid: "i".into(),
            sc: String::new(),
            sn: String::new(),
            dp: String::new(),
            of: Vec::new(),
            mt: Vec::new(),
            bs: Vec::new(),
            nbf: 0,
            exp: 0,
            iat: 0,
        };
        let verdicts = [
            Verdict::Expired(p.clone()),
            Verdict::NotYetValid(p.clone()),
            Verdict::Revoked(p),
            Verdict::Forged("x".into()),
        ];
        for v in &verdicts {
            let (_, _, _, zh, en) = verdict_texts(v);
            assert!(!zh.contains("拒绝"), "{zh}");
            assert!(!en.to_lowercase().contains("refuse"), "{en}");
            assert!(zh.contains("出示执法证件") && zh.contains("反映"), "{zh}");
            assert!(zh.contains("第五十五条第一款"), "{zh}");
        }
    }
}
