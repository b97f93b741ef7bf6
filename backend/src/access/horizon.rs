//! The feed's horizon: controllers get credentials valid within the next
//! `LEDIG_ACCESS_FEED_HOURS` (24), not every future one. The feed is a change
//! log read by cursor (`access_changes.seq`), so the horizon is applied when
//! changes are written: a credential whose window starts within the horizon
//! is logged when it is issued; a later one waits (`in_feed_at IS NULL`)
//! until [`publish_due`] logs it as a new change, after every cursor a
//! controller already holds. A credential revoked before it was published
//! never enters the feed; one revoked after is logged again as revoked.

use std::time::Duration;

use uuid::Uuid;

use super::settings;
use crate::{
    db::{BeginWrite, Db, TxLock},
    on_db,
};

/// Lock taken right before appending to `access_changes`, held to commit.
/// On PostgreSQL a `seq` is drawn at insert but seen only at commit, so two
/// writers could commit out of order and a controller reading in between
/// would move its cursor past the later-committing, smaller `seq` and never
/// see it. Serialising the appends makes commit order the `seq` order. Take
/// it last in a transaction (only inserts follow), so it never waits in a cycle.
pub const CHANGE_LOG: &str = "ledig.access_changes";

/// True when a credential opening at `not_before` belongs in the feed at `now`.
pub fn within(not_before: i64, now: i64) -> bool {
    not_before < now + settings().feed_horizon_seconds
}

/// Logs every unrevoked, unexpired credential that has come within the
/// horizon as of `now` (unix seconds) and was not yet in the feed; returns
/// how many. Safe to run concurrently and repeatedly.
pub async fn publish_due(db: &Db, now: i64) -> sqlx::Result<u64> {
    const DUE: &str = "UPDATE access_credentials SET in_feed_at = $1 \
         WHERE in_feed_at IS NULL AND revoked_at IS NULL AND not_before < $2 AND expires_at > $1 \
         RETURNING id, court_id";
    const CHANGE: &str = "INSERT INTO access_changes (credential_id, court_id) VALUES ($1, $2)";
    let horizon = now + settings().feed_horizon_seconds;
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        let due: Vec<(Uuid, i64)> = sqlx::query_as(DUE).bind(now).bind(horizon)
            .fetch_all(&mut *tx).await?;
        if due.is_empty() {
            return Ok(0);
        }
        tx.lock_key(CHANGE_LOG, 0).await?;
        for (id, court_id) in &due {
            sqlx::query(CHANGE).bind(id).bind(court_id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(due.len() as u64)
    })
}

/// Runs [`publish_due`] every minute, forever. A minute late is nothing
/// against a 24-hour horizon; controllers poll every 30 s or so.
pub async fn publish_due_forever(db: Db) {
    let mut tick = crate::wake::every(Duration::from_secs(60));
    while tick.wait().await {
        let round = publish_due(&db, chrono::Utc::now().timestamp()).await;
        crate::metrics::job_round("access_horizon", round.is_ok());
        match round {
            Ok(0) => {}
            Ok(n) => tracing::info!(credentials = n, "credentials entered the feed horizon"),
            Err(error) => tracing::warn!(%error, "feed horizon step failed"),
        }
    }
}
