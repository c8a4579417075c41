//! Inspections and the electronic inspection certificate (电子检查证), issue 6.
//!
//! This first part is the certificate's cryptography, pure and without storage: the token
//! format, SM2 signing and verification with SM3 and the GM/T 0009 default signer ID, and the
//! published key set. Inspection records, issuance gates, door scans and pages come next.

pub mod demo;
pub mod token;

pub use token::{
    CertPayload, DEFAULT_DIST_ID, KeyInfo, KeySet, OfficerOnCert, SigningKeyPair, TokenError,
    Verdict, decode, sign, verify,
};
