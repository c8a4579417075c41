//! JSON kept in TEXT columns. A stored value that does not decode is damage to report, not an
//! empty list to show: an empty default hides the damage, and a later write would persist it.

use serde::de::DeserializeOwned;

use crate::{Error, Result};

/// Decodes a stored JSON value; `what` names its table and column (e.g. `"officers.posts"`), so
/// the log says which record kind is damaged. The person sees the usual bilingual internal error.
pub fn decode<T: DeserializeOwned>(stored: &str, what: &'static str) -> Result<T> {
    serde_json::from_str(stored).map_err(|e| Error::Internal(format!("stored {what}: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_values_decode() {
        let v: Vec<String> = decode(r#"["食品安全","特种设备"]"#, "departments.domains").unwrap();
        assert_eq!(v, ["食品安全", "特种设备"]);
        let v: Vec<i64> = decode("[]", "case_steps.officers").unwrap();
        assert!(v.is_empty());
    }

    #[test]
    fn corrupt_values_are_errors_naming_the_column() {
        for bad in ["", "not json", "[1, 2", r#"{"a": 1}"#, r#"["x"]"#] {
            let err = decode::<Vec<i64>>(bad, "case_steps.officers").unwrap_err();
            assert!(
                matches!(&err, Error::Internal(m) if m.contains("case_steps.officers")),
                "{bad:?}: {err:?}"
            );
            assert_eq!(err.code(), "internal");
        }
    }
}
