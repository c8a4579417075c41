//! The citation resolver must never panic, whatever the text and context: it returns
//! resolved codes (each of which looks up again) or errors. The first byte picks a context
//! provision; the rest is the citation text. Also feeds the text to the code parser.
#![no_main]

use fazhi_law::{Corpus, ProvisionCode, ResolveOptions};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn corpus() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/laws");
        Corpus::load(&dir).unwrap_or_else(|e| panic!("corpus at {}: {e}", dir.display()))
    })
}

const CONTEXTS: [&str; 6] = [
    "行政处罚法/art_33__para_2",
    "行政许可法/art_69__para_3",
    "公司法@2023-12-29/art_162__para_3",
    "行政复议法@2017-09-01/art_28__para_1__item_3__subitem_2",
    "食品安全法实施条例/art_67__para_1",
    "行政处罚法/art_1",
];

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let c = corpus();
    let context = match sel as usize % (CONTEXTS.len() + 1) {
        i if i < CONTEXTS.len() => CONTEXTS[i].parse::<ProvisionCode>().ok(),
        _ => None,
    };
    let opts = ResolveOptions { context, on: None };
    let r = c.resolve(&text, &opts);
    for x in &r.resolved {
        // Every resolved code is valid and looks up again in the version it came from.
        let mut code: ProvisionCode = x.code.parse().expect("resolver emits valid codes");
        code.version = x.version.split_once('@').and_then(|(_, d)| d.parse().ok());
        assert!(code.version.is_some(), "{}", x.version);
        assert!(c.provision(&code, None).is_ok(), "{code} does not look up");
    }
    for e in &r.errors {
        let _ = (e.message_zh(), e.message_en());
    }
    if let Ok(code) = text.parse::<ProvisionCode>() {
        let _ = c.provision(&code, None);
    }
});
