//! Inspections and the electronic inspection certificate (电子检查证), issue 6.
//!
//! Every inspection of a subject — from a draw, a complaint, a referral or a special campaign —
//! is a record with its legal ground (`records`). A certificate is issued only when the
//! issuance gates pass (`gates`), and is a token signed with SM2 (`token`; the key set and
//! rotation in `keys`) that the enterprise scans at its door, on arrival and departure, before
//! rating the visit (`scans`). docs/inspection-certificate.md specifies the token;
//! docs/inspection.md describes the module.

pub mod gates;
pub mod keys;
pub mod qr;
mod records;
mod scans;
pub mod token;

pub use gates::{DEFAULT_QUIET_DAYS, Gate, GateInput, Ground};
pub use keys::{
    KEY_LIFETIME_DAYS, RevocationList, counter, key_set, revocation_list, rotate_in_tx, rotate_key,
    set_quiet_days, signing_key,
};
pub use records::{
    CertificateRow, INSPECTION_COLS, InspectionDetail, InspectionQuery, InspectionRow, Issued,
    NewInspection, PAGE_SIZE, Prepared, TeamMember, certificate_by_no, create_inspection,
    get_inspection, insert_inspection, issue_certificate, issue_in_tx, list_certificates,
    list_inspections, prepare_in_tx, revoke_certificate, row_to_inspection, store_token,
    used_in_year,
};
pub use scans::{
    EnterpriseVisit, MonthStat, ScanKind, ScanResult, Unscanned, enterprise_subject,
    enterprise_visits, link_enterprise, month_stats, rate, rate_in_tx, scan, scan_in_tx, unscanned,
};
pub use token::{
    CertPayload, DEFAULT_DIST_ID, KeyInfo, KeySet, OfficerOnCert, SigningKeyPair, TokenError,
    Verdict, decode, sign, verify,
};
