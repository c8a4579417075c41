//! Fuzzes the certificate decoder and verifier: any input gives a named error or a verdict,
//! never a panic. The token module is compiled from its source in fazhi-core (it depends on
//! no other part of the crate), so the fuzzer does not build the database stack.
#![no_main]

#[allow(dead_code)]
#[path = "../../crates/core/src/inspection/token.rs"]
mod token;

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// A fixed key set (a published key of the demo shape) so that verification runs too.
fn keys() -> &'static token::KeySet {
    static KEYS: OnceLock<token::KeySet> = OnceLock::new();
    KEYS.get_or_init(|| {
        let k = token::SigningKeyPair::from_private_hex(
            "k20240101a",
            "3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8",
        )
        .expect("key");
        token::KeySet {
            keys: vec![token::KeyInfo {
                kid: k.kid.clone(),
                public_key: k.public_hex(),
                not_before: "2024-01-01".into(),
                not_after: "2027-01-01".into(),
                status: "active".into(),
            }],
            revoked: vec!["Z20240000001".into()],
            counter: 1,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        if let Ok(d) = token::decode(s) {
            // A decoded token re-splits into the text it was decoded from.
            assert!(s.trim().starts_with(&d.signed));
        }
        let _ = token::verify(s, keys(), 1_717_300_000).label();
    }
});
