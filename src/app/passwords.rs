//! Passwords of people: Argon2id with OWASP's parameters (Password Storage Cheat Sheet: 19 MiB of memory, two
//! passes, one lane), a 16-byte random salt, stored as a PHC string. Verifying compares in constant time (the
//! `password-hash` crate's `Output`), and a person who is not there costs as much as a wrong password: the
//! password is checked against a dummy hash. CPU-bound: call from a blocking thread.

use crate::store::tokens::random_bytes;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use std::sync::OnceLock;

/// Memory in KiB, passes, lanes: OWASP's first recommended configuration for Argon2id.
const M_COST: u32 = 19 * 1024;
const T_COST: u32 = 2;
const P_COST: u32 = 1;

fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(M_COST, T_COST, P_COST, None).expect("valid params"))
}

/// The PHC string of a new hash of `password`.
pub fn hash(password: &str) -> Result<String, String> {
    let salt = SaltString::encode_b64(&random_bytes::<16>()).map_err(|e| e.to_string())?;
    argon2().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

/// A hash of nothing anyone knows, made once, with the same parameters as a real one.
fn dummy() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let secret: String = random_bytes::<16>().iter().map(|b| format!("{b:02x}")).collect();
        hash(&secret).expect("the dummy hash")
    })
}

/// Makes the dummy hash now (at start-up), so that the first unknown user name is not slower than the others.
pub fn warm_up() {
    let _ = dummy();
}

/// Whether `password` is the one of `stored`. With no stored hash (an unknown user name, a person without a
/// password) it still hashes — against the dummy — and answers false, in the same time.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    let phc = stored.unwrap_or_else(|| dummy());
    let Ok(parsed) = PasswordHash::new(phc) else {
        // A stored value that is not a PHC string: as costly as a real check, and refused.
        let _ = argon2().verify_password(password.as_bytes(), &PasswordHash::new(dummy()).expect("dummy parses"));
        return false;
    };
    let matches = argon2().verify_password(password.as_bytes(), &parsed).is_ok();
    matches && stored.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_is_argon2id_with_owasp_parameters_and_a_salt_of_its_own() {
        let a = hash("correct horse battery").unwrap();
        let b = hash("correct horse battery").unwrap();
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "each hash has its own salt");
        assert!(!a.contains("correct horse"), "never the password itself");
        assert!(verify("correct horse battery", Some(&a)));
        assert!(!verify("correct horse batterY", Some(&a)));
        assert!(!verify("correct horse battery", None), "no stored hash never matches");
        assert!(!verify("correct horse battery", Some("not a phc string")));
    }
}
