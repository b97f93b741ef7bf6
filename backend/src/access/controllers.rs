//! Lock controllers: registered by an operator with a secret (only its
//! SHA-256 is stored) and a set of courts; they authenticate with
//! `Authorization: Bearer <id>.<secret>`. An operator lists them and
//! revokes one (`ledig controller list|revoke`); a revoked controller
//! authenticates no more, and its row stays for the entries it reported.

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
        let mut tx = crate::db::BeginWrite::begin_write(pool).await?;
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

/// A registered controller, as `ledig controller list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered {
    pub id: String,
    pub name: String,
    pub courts: Vec<i64>,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

/// Every controller, oldest first, revoked ones too.
pub async fn list(db: &Db) -> sqlx::Result<Vec<Registered>> {
    const CONTROLLERS: &str =
        "SELECT id, name, created_at, revoked_at FROM access_controllers ORDER BY created_at, id";
    const COURTS: &str =
        "SELECT controller_id, court_id FROM access_controller_courts ORDER BY controller_id, court_id";
    type Row = (String, String, i64, Option<i64>);
    let (rows, courts): (Vec<Row>, Vec<(String, i64)>) = on_db!(db, pool => {
        let rows = sqlx::query_as(CONTROLLERS).fetch_all(pool).await?;
        let courts = sqlx::query_as(COURTS).fetch_all(pool).await?;
        (rows, courts)
    });
    Ok(rows
        .into_iter()
        .map(|(id, name, created_at, revoked_at)| Registered {
            courts: courts
                .iter()
                .filter(|(c, _)| *c == id)
                .map(|(_, court)| *court)
                .collect(),
            id,
            name,
            created_at,
            revoked_at,
        })
        .collect())
}

/// Revokes a controller: its secret works no more. False when there is no
/// such controller or it was revoked already.
pub async fn revoke(db: &Db, id: &str, now: i64) -> sqlx::Result<bool> {
    let mut tx = db.begin_write().await?;
    let changed = revoke_in(&mut tx, id, now).await?;
    tx.commit().await?;
    Ok(changed)
}

/// [`revoke`] inside the caller's transaction (with its audit entry).
pub async fn revoke_in(tx: &mut crate::db::Tx, id: &str, now: i64) -> sqlx::Result<bool> {
    const SQL: &str =
        "UPDATE access_controllers SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL";
    let changed = crate::on_tx!(tx, tx => sqlx::query(SQL).bind(id).bind(now).execute(&mut **tx).await?.rows_affected());
    Ok(changed == 1)
}

/// Looks up a controller by its bearer credential `<id>.<secret>`.
pub async fn authenticate(db: &Db, bearer: &str) -> sqlx::Result<Option<Controller>> {
    let Some((id, secret)) = bearer.split_once('.') else {
        return Ok(None);
    };
    let stored: Option<String> = on_db!(db, pool =>
        sqlx::query_scalar("SELECT secret_hash FROM access_controllers WHERE id = $1 AND revoked_at IS NULL")
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
