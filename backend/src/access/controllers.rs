//! Lock controllers: registered by an operator with a secret (only its
//! SHA-256 is stored) and a set of courts; they authenticate with
//! `Authorization: Bearer <id>.<secret>`.

use axum::{extract::FromRequestParts, http::request::Parts};
use sha2::{Digest, Sha256};

use super::Denied;
use crate::{db::Db, on_db, AppState};

/// An authenticated controller and the courts it serves.
#[derive(Debug, Clone)]
pub struct Controller {
    pub id: String,
    pub courts: Vec<i64>,
}

impl Controller {
    pub fn allows(&self, court_id: i64) -> bool {
        self.courts.contains(&court_id)
    }
}

fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Registers a controller; returns `(id, secret)`. The secret is shown once.
pub async fn create(db: &Db, name: &str, courts: &[i64]) -> anyhow::Result<(String, String)> {
    let id = format!("ctl_{}", uuid::Uuid::new_v4().simple());
    let secret = hex::encode(rand::random::<[u8; 32]>());
    let now = chrono::Utc::now().timestamp();
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query("INSERT INTO access_controllers (id, name, secret_hash, created_at) VALUES ($1, $2, $3, $4)")
            .bind(&id).bind(name).bind(hash(&secret)).bind(now).execute(&mut *tx).await?;
        for court in courts {
            sqlx::query("INSERT INTO access_controller_courts (controller_id, court_id) VALUES ($1, $2)")
                .bind(&id).bind(court).execute(&mut *tx).await?;
        }
        tx.commit().await?;
    });
    Ok((id, secret))
}

/// Looks up a controller by its bearer credential `<id>.<secret>`.
pub async fn authenticate(db: &Db, bearer: &str) -> sqlx::Result<Option<Controller>> {
    let Some((id, secret)) = bearer.split_once('.') else {
        return Ok(None);
    };
    let stored: Option<String> = on_db!(db, pool =>
        sqlx::query_scalar("SELECT secret_hash FROM access_controllers WHERE id = $1")
            .bind(id).fetch_optional(pool).await)?;
    let given = hash(secret);
    // Compare digests in constant time.
    let ok = stored.is_some_and(|s| {
        s.len() == given.len()
            && s.bytes()
                .zip(given.bytes())
                .fold(0u8, |a, (x, y)| a | (x ^ y))
                == 0
    });
    if !ok {
        return Ok(None);
    }
    let courts: Vec<i64> = on_db!(db, pool =>
        sqlx::query_scalar("SELECT court_id FROM access_controller_courts WHERE controller_id = $1 ORDER BY court_id")
            .bind(id).fetch_all(pool).await)?;
    Ok(Some(Controller {
        id: id.to_string(),
        courts,
    }))
}

impl FromRequestParts<AppState> for Controller {
    type Rejection = Denied;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Denied> {
        let bearer = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(Denied::Unauthorized)?;
        authenticate(&state.db, bearer.trim())
            .await
            .map_err(|e| Denied::App(e.into()))?
            .ok_or(Denied::Unauthorized)
    }
}
