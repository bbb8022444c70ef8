//! Passwords (argon2, hashed off the async executor), opaque bearer tokens (32 random bytes, stored only
//! as a SHA-256 hash), and the extractors that turn a request into an authenticated actor.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use article3_domain::Actor;

use crate::AppState;
use crate::error::ApiError;

/// Hashes a password with a fresh salt. CPU-heavy: call from a blocking thread.
pub fn hash_password(password: &str) -> Result<String, String> {
    Argon2::default().hash_password(password.as_bytes()).map(|h| h.to_string()).map_err(|e| e.to_string())
}

/// Checks a password against a stored hash. CPU-heavy: call from a blocking thread.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A new random token and the hash under which it is stored.
pub fn new_token() -> Result<(String, String), ApiError> {
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes).map_err(ApiError::internal)?;
    let token = article3_domain::audit::hex(&bytes);
    let hash = token_hash(&token);
    Ok((token, hash))
}

pub fn token_hash(token: &str) -> String {
    article3_domain::audit::hex(&Sha256::digest(token.as_bytes()))
}

/// How long a verified token is trusted without asking the store again.
pub const TOKEN_CACHE_FOR: time::Duration = time::Duration::seconds(30);

/// Recently verified tokens, so that a busy client does not cost a database look-up per request. An entry
/// lives at most [`TOKEN_CACHE_FOR`] and never past the token's own expiry.
#[derive(Debug, Default)]
pub struct TokenCache {
    entries: std::sync::Mutex<std::collections::HashMap<String, (Actor, OffsetDateTime)>>,
}

impl TokenCache {
    const MAX_ENTRIES: usize = 10_000;

    fn get(&self, hash: &str, now: OffsetDateTime) -> Option<Actor> {
        let entries = self.entries.lock().ok()?;
        entries.get(hash).filter(|(_, until)| *until > now).map(|(actor, _)| actor.clone())
    }

    fn put(&self, hash: String, actor: Actor, until: OffsetDateTime) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= Self::MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(hash, (actor, until));
        }
    }
}

/// An authenticated actor; a missing or invalid token is a 401.
pub struct Auth(pub Actor);

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        match OptionalAuth::from_request_parts(parts, state).await? {
            OptionalAuth(Some(actor)) => Ok(Self(actor)),
            OptionalAuth(None) => Err(ApiError::unauthorized()),
        }
    }
}

/// An actor when a token is presented; `None` for anonymous requests. A token that is presented but not
/// valid is still a 401.
pub struct OptionalAuth(pub Option<Actor>);

impl FromRequestParts<AppState> for OptionalAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(header) = parts.headers.get(AUTHORIZATION) else { return Ok(Self(None)) };
        let token = header
            .to_str()
            .ok()
            // `ApiKey` is how existing screening clients present their key.
            .and_then(|h| {
                h.strip_prefix("Bearer ").or_else(|| h.strip_prefix("bearer ")).or_else(|| h.strip_prefix("ApiKey "))
            })
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(ApiError::unauthorized)?;
        let hash = token_hash(token);
        let now = OffsetDateTime::now_utc();
        if let Some(actor) = state.tokens.get(&hash, now) {
            return Ok(Self(Some(actor)));
        }
        let (actor, expires_at) = state
            .store
            .actor_for_token(&hash, now)
            .await
            .map_err(ApiError::from)?
            .ok_or_else(ApiError::unauthorized)?;
        state.tokens.put(hash, actor.clone(), expires_at.min(now + TOKEN_CACHE_FOR));
        Ok(Self(Some(actor)))
    }
}
