//! Ed25519 signing keys, kept in the database. One key is active (signs new
//! tokens); retired keys stay listed while tokens they signed are unexpired.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD as B64, Engine as _};
use chrono::{TimeZone, Utc};
use ed25519_dalek::{Signer, SigningKey};
use shared::access::{self, AccessKey, TokenClaims};

use crate::{db::Db, on_db};

#[derive(sqlx::FromRow)]
struct KeyRow {
    kid: String,
    private_key: String,
}

fn new_kid(now: i64) -> String {
    format!("k{now}-{}", &uuid::Uuid::new_v4().simple().to_string()[..8])
}

async fn insert_new(db: &Db, now: i64) -> sqlx::Result<String> {
    let seed: [u8; 32] = rand::random();
    let key = SigningKey::from_bytes(&seed);
    let kid = new_kid(now);
    on_db!(db, pool => sqlx::query(
        "INSERT INTO access_keys (kid, private_key, public_key, created_at) VALUES ($1, $2, $3, $4)")
        .bind(&kid).bind(B64.encode(seed)).bind(access::encode_public_key(&key.verifying_key())).bind(now)
        .execute(pool).await.map(|_| ()))?;
    Ok(kid)
}

/// The active signing key, created on first use.
pub async fn active(db: &Db) -> sqlx::Result<(String, SigningKey)> {
    const SQL: &str = "SELECT kid, private_key FROM access_keys WHERE retired_at IS NULL \
         ORDER BY created_at DESC, kid DESC LIMIT 1";
    for _ in 0..2 {
        let row: Option<KeyRow> =
            on_db!(db, pool => sqlx::query_as::<_, KeyRow>(SQL).fetch_optional(pool).await)?;
        if let Some(row) = row {
            let seed = B64.decode(&row.private_key).unwrap_or_default();
            let seed: [u8; 32] = seed
                .try_into()
                .map_err(|_| sqlx::Error::Protocol("corrupt access key".into()))?;
            return Ok((row.kid, SigningKey::from_bytes(&seed)));
        }
        insert_new(db, Utc::now().timestamp()).await?;
    }
    Err(sqlx::Error::RowNotFound)
}

/// Retires the active key and makes a new one; returns the new kid.
pub async fn rotate(db: &Db, now: i64) -> sqlx::Result<String> {
    on_db!(db, pool => sqlx::query("UPDATE access_keys SET retired_at = $1 WHERE retired_at IS NULL")
        .bind(now).execute(pool).await.map(|_| ()))?;
    insert_new(db, now).await
}

/// Signs claims into a token.
pub fn sign(key: &SigningKey, claims: &TokenClaims) -> String {
    let body = access::encode_claims(claims);
    access::assemble_token(&body, &key.sign(body.as_bytes()).to_bytes())
}

#[derive(sqlx::FromRow)]
struct PublicRow {
    kid: String,
    public_key: String,
    retired_at: Option<i64>,
    last_expiry: Option<i64>,
}

/// The active key and every retired key some unexpired, unrevoked token still
/// relies on (`not_after` = the last such expiry).
pub async fn list(db: &Db, now: i64) -> sqlx::Result<Vec<AccessKey>> {
    active(db).await?;
    const SQL: &str = "SELECT k.kid, k.public_key, k.retired_at, \
         (SELECT MAX(c.expires_at) FROM access_credentials c WHERE c.kid = k.kid AND c.revoked_at IS NULL) AS last_expiry \
         FROM access_keys k ORDER BY k.retired_at IS NOT NULL, k.created_at DESC";
    let rows: Vec<PublicRow> =
        on_db!(db, pool => sqlx::query_as::<_, PublicRow>(SQL).fetch_all(pool).await)?;
    Ok(rows
        .into_iter()
        .filter(|r| r.retired_at.is_none() || r.last_expiry.is_some_and(|e| e > now))
        .map(|r| AccessKey {
            kid: r.kid,
            alg: access::ALG.into(),
            public_key: r.public_key,
            not_after: r
                .retired_at
                .and(r.last_expiry)
                .and_then(|e| Utc.timestamp_opt(e, 0).single()),
        })
        .collect())
}
