//! The statute parser must never panic: any bytes (lossily decoded) parse into a tree with
//! diagnostics, every unit's code resolves back to a unit, and full texts render.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let st = fazhi_law::parse_statute(&text, "fuzz(2020-01-01).md");
    for n in st.units() {
        let _ = n.full_text();
        assert!(
            st.get(&n.code).is_some(),
            "code {} does not resolve",
            n.code
        );
        if !n.code.is_empty() {
            // Codes the parser makes are valid codes.
            let full = format!("{}/{}", st.law, n.code);
            assert!(full.parse::<fazhi_law::ProvisionCode>().is_ok(), "{full}");
        }
    }
    let _ = fazhi_law::numeral::parse(&text);
});
