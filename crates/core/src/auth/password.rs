//! Passwords: argon2id with a per-password salt (PHC string format).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::rngs::OsRng;

use crate::{Code, Error, Result};

/// Hashes a password with argon2id and a random salt.
pub fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| Error::Internal(format!("argon2: {e}")))
}

/// Checks a password against a stored PHC string. A malformed stored hash never matches.
pub fn verify_password(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(h) => Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok(),
        Err(_) => false,
    }
}

/// The password rule of the platform (等保 level 3 practice): at least 10 characters with
/// letters, digits and a symbol.
pub fn check_password_policy(password: &str) -> Result<()> {
    let long = password.chars().count() >= 10;
    let letter = password.chars().any(|c| c.is_ascii_alphabetic());
    let digit = password.chars().any(|c| c.is_ascii_digit());
    let symbol = password.chars().any(|c| !c.is_ascii_alphanumeric());
    if long && letter && digit && symbol {
        Ok(())
    } else {
        Err(Error::of(Code::AuthWeakPassword).for_field("password"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let h = hash_password("Secret#2024x").expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("Secret#2024x", &h));
        assert!(!verify_password("secret#2024x", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn policy() {
        assert!(check_password_policy("Fazhi@2024demo").is_ok());
        assert!(check_password_policy("short1!").is_err());
        assert!(check_password_policy("longpasswordonly").is_err());
    }
}
