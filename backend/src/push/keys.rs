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
        // Keys stored before the scalar was padded may be short.
        private_key: padded_scalar(&private_key),
        public_key,
    }))
}

/// The private scalar as exactly 32 bytes, base64url. OpenSSL (under `ece`)
/// writes it as a big number without leading zero bytes, so about one key
/// in 256 comes out 31 bytes long, and web-push panics on anything but 32.
fn padded_scalar(encoded: &str) -> String {
    match URL_SAFE_NO_PAD.decode(encoded) {
        Ok(bytes) if bytes.len() < 32 => {
            let mut scalar = vec![0u8; 32 - bytes.len()];
            scalar.extend_from_slice(&bytes);
            URL_SAFE_NO_PAD.encode(scalar)
        }
        _ => encoded.to_string(),
    }
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
    let private_key = padded_scalar(&URL_SAFE_NO_PAD.encode(components.private_key()));
    let public_key = URL_SAFE_NO_PAD.encode(components.public_key());
    let now = chrono::Utc::now().timestamp();
    on_db!(db, pool => sqlx::query(INSERT).bind(&private_key).bind(&public_key).bind(now)
        .execute(pool).await.map(|_| ()))?;
    load(db)
        .await?
        .context("the VAPID key pair vanished after it was stored")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_scalar_is_padded_to_32_bytes() {
        let short = URL_SAFE_NO_PAD.encode([7u8; 31]);
        let padded = URL_SAFE_NO_PAD.decode(padded_scalar(&short)).unwrap();
        assert_eq!(padded.len(), 32);
        assert_eq!(padded[0], 0);
        assert_eq!(&padded[1..], &[7u8; 31]);
        let full = URL_SAFE_NO_PAD.encode([9u8; 32]);
        assert_eq!(padded_scalar(&full), full);
    }

    /// Every key made signs: web-push takes it whatever its leading bytes.
    #[test]
    fn every_generated_key_is_32_bytes() {
        for _ in 0..600 {
            let (pair, _) = ece::generate_keypair_and_auth_secret().unwrap();
            let raw = pair.raw_components().unwrap();
            let key = padded_scalar(&URL_SAFE_NO_PAD.encode(raw.private_key()));
            assert_eq!(URL_SAFE_NO_PAD.decode(&key).unwrap().len(), 32);
        }
    }
}
