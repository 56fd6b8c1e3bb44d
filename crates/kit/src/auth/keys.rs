//! The signing key: issuing and verifying tokens (against the revocation list when one is attached),
//! and the key file created on first start.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;

use super::{Claims, RevokedTokens, Role};

/// Why a token was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifyError {
    /// Well-formed and signed, but past its expiry.
    Expired,
    /// Malformed, forged, or from another issuer.
    Invalid,
    /// Valid, but its id is on the revocation list.
    Revoked,
}

/// The HS256 key a deployment signs its tokens with.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    issuer: String,
    revoked: Option<RevokedTokens>,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenKeys")
            .field("issuer", &self.issuer)
            .finish_non_exhaustive()
    }
}

impl TokenKeys {
    /// Keys from the raw secret (at least 32 bytes).
    pub fn from_secret(secret: &[u8], issuer: &str) -> Result<Self, String> {
        if secret.len() < 32 {
            return Err(format!(
                "signing key must be at least 32 bytes, got {}",
                secret.len()
            ));
        }
        Ok(Self {
            encoding: EncodingKey::from_secret(secret)
                .map_err(|e| format!("bad signing key: {e}"))?,
            decoding: DecodingKey::from_secret(secret)
                .map_err(|e| format!("bad signing key: {e}"))?,
            issuer: issuer.to_owned(),
            revoked: None,
        })
    }

    /// These keys refusing the tokens on `revoked` as well.
    pub fn with_revoked(mut self, revoked: RevokedTokens) -> Self {
        self.revoked = Some(revoked);
        self
    }

    /// Issues a token for `subject` with `role`, optional unit scope, valid for `ttl`.
    pub fn issue(
        &self,
        subject: &str,
        role: Role,
        unit: Option<&str>,
        ttl: Duration,
    ) -> Result<String, String> {
        self.issue_claims(subject, role, unit, ttl)
            .map(|(token, _)| token)
    }

    /// Like [`TokenKeys::issue`], also returning the claims signed (their `jti` names the token on the
    /// revocation list).
    pub fn issue_claims(
        &self,
        subject: &str,
        role: Role,
        unit: Option<&str>,
        ttl: Duration,
    ) -> Result<(String, Claims), String> {
        let now = chrono::Utc::now().timestamp();
        let ttl = i64::try_from(ttl.as_secs()).map_err(|_| "ttl is too long".to_owned())?;
        let claims = Claims {
            sub: subject.to_owned(),
            role,
            unit: unit.map(str::to_owned),
            iss: self.issuer.clone(),
            iat: now,
            exp: now.saturating_add(ttl),
            jti: uuid::Uuid::now_v7().to_string(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map(|token| (token, claims))
            .map_err(|e| format!("cannot sign token: {e}"))
    }

    /// Verifies signature, issuer and expiry, and that the token is not revoked.
    pub fn verify(&self, token: &str) -> Result<Claims, VerifyError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[&self.issuer]);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "iss", "sub"]);
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map(|data| data.claims)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => VerifyError::Expired,
                _ => VerifyError::Invalid,
            })
            .and_then(|claims| match &self.revoked {
                Some(revoked) if revoked.contains(&claims.jti) => Err(VerifyError::Revoked),
                _ => Ok(claims),
            })
    }
}

/// Reads the base64 key at `path`; when the file does not exist, creates it with a fresh random key
/// (readable by the owner only) and returns `true` as the second value.
pub fn load_or_create_key(path: &Path) -> Result<(Vec<u8>, bool), String> {
    match std::fs::read_to_string(path) {
        Ok(text) => decode_key(&text, path).map(|key| (key, false)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut key = vec![0u8; 32];
            rand::rng().fill_bytes(&mut key);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
            write_private(path, STANDARD.encode(&key).as_bytes())
                .map_err(|e| format!("cannot write signing key {}: {e}", path.display()))?;
            Ok((key, true))
        }
        Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => Err(format!(
            "cannot read signing key {}: {e}; it must be readable by the user the service runs as \
             (uid 10001 in the image)",
            path.display()
        )),
        Err(e) => Err(format!("cannot read signing key {}: {e}", path.display())),
    }
}

/// Reads the base64 key at `path`, which must exist.
pub fn load_key(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read signing key {}: {e}", path.display()))
        .and_then(|text| decode_key(&text, path))
}

fn decode_key(text: &str, path: &Path) -> Result<Vec<u8>, String> {
    STANDARD
        .decode(text.trim())
        .map_err(|e| format!("signing key file {} is not base64: {e}", path.display()))
}

#[cfg(unix)]
fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(secret: u8) -> TokenKeys {
        TokenKeys::from_secret(&[secret; 32], "qinglian").expect("keys")
    }

    #[test]
    fn issued_tokens_verify_and_forged_or_expired_ones_do_not() {
        let token = keys(1)
            .issue("clerk-1", Role::Clerk, Some("u1"), Duration::from_secs(60))
            .expect("issue");
        let claims = keys(1).verify(&token).expect("valid");
        assert_eq!(
            (claims.role, claims.unit.as_deref()),
            (Role::Clerk, Some("u1"))
        );
        assert_eq!(keys(2).verify(&token), Err(VerifyError::Invalid));
        let expired = keys(1)
            .issue("x", Role::Admin, None, Duration::ZERO)
            .expect("issue");
        std::thread::sleep(Duration::from_millis(1100));
        assert_eq!(keys(1).verify(&expired), Err(VerifyError::Expired));
    }

    #[test]
    fn revoked_tokens_are_refused_and_others_still_verify() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("revoked-tokens");
        let (revoked, claims) = keys(1)
            .issue_claims("clerk-1", Role::Clerk, None, Duration::from_secs(60))
            .expect("issue");
        let kept = keys(1)
            .issue("clerk-2", Role::Clerk, None, Duration::from_secs(60))
            .expect("issue");
        std::fs::write(
            &path,
            crate::auth::revoked::line(&claims.jti, claims.exp, "test"),
        )
        .expect("write");
        let list = RevokedTokens::load(&path).expect("list");
        let keys = keys(1).with_revoked(list);
        assert_eq!(keys.verify(&revoked), Err(VerifyError::Revoked));
        assert!(keys.verify(&kept).is_ok());
    }

    #[test]
    fn short_secrets_are_refused_and_key_files_are_created_once() {
        assert!(TokenKeys::from_secret(&[0; 8], "q").is_err());
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("keys/auth.key");
        let (first, created) = load_or_create_key(&path).expect("create");
        assert!(created);
        let (second, created) = load_or_create_key(&path).expect("load");
        assert!(!created);
        assert_eq!(first, second);
    }
}
