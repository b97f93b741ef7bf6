//! The VAPID key pair (RFC 8292): made on first start, kept in the database,
//! so every process and every restart signs with the same key and the
//! browsers' subscriptions (bound to its public key) stay valid.

use anyhow::Context;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};

use crate::{db::Db, on_db};

#[derive(Debug, Clone)]
pub struct VapidKeys {
    /// base64url of the raw P-256 private scalar (what web-push signs with).
    pub private_key: String,
    /// base64url of the uncompressed public point (`applicationServerKey`).
    pub public_key: String,
}

async fn load(db: &Db) -> sqlx::Result<Option<VapidKeys>> {
    const SQL: &str = "SELECT private_key, public_key FROM push_vapid_keys WHERE only_row = 1";
    let row: Option<(String, String)> =
        on_db!(db, pool => sqlx::query_as(SQL).fetch_optional(pool).await)?;
    Ok(row.map(|(private_key, public_key)| VapidKeys {
        private_key,
        public_key,
    }))
}

/// The key pair, made now if there is none. Two processes starting at once
/// agree: the first insert wins and both read it back.
pub async fn ensure(db: &Db) -> anyhow::Result<VapidKeys> {
    if let Some(keys) = load(db).await? {
        return Ok(keys);
    }
    let (pair, _) = ece::generate_keypair_and_auth_secret().context("making the VAPID key pair")?;
    let components = pair
        .raw_components()
        .context("reading the VAPID key pair")?;
    const INSERT: &str =
        "INSERT INTO push_vapid_keys (only_row, private_key, public_key, created_at) \
         VALUES (1, $1, $2, $3) ON CONFLICT (only_row) DO NOTHING";
    let private_key = URL_SAFE_NO_PAD.encode(components.private_key());
    let public_key = URL_SAFE_NO_PAD.encode(components.public_key());
    let now = chrono::Utc::now().timestamp();
    on_db!(db, pool => sqlx::query(INSERT).bind(&private_key).bind(&public_key).bind(now)
        .execute(pool).await.map(|_| ()))?;
    load(db)
        .await?
        .context("the VAPID key pair vanished after it was stored")
}
