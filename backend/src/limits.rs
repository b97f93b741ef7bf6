//! Limits on how often something may be done, counted in the database:
//! holds per client and person (`bookings::hold_limit`) and sign-in
//! attempts per client address (`accounts::rate_limit`). Every attempt is a
//! row of `hold_events` (its `counter_key` says what it counts) and a limit
//! is a count over the last 15 minutes, so N processes on one database allow
//! what one process does, and a restart forgets nothing. Retention drops the
//! rows after an hour.

use uuid::Uuid;

use crate::{
    db::{BeginWrite, Db},
    on_db,
};

/// The window attempts are counted over, seconds.
pub const WINDOW_SECONDS: i64 = 15 * 60;

/// Records one attempt for `key`, then counts the key's attempts in the
/// window. Over `max`: the record is taken back (a refused attempt does not
/// count) and the answer is the oldest counted attempt's time. Append-only, with the count
/// after the insert committed: of any number sent at once, the one counted
/// last sees every insert before its count, so at most `max` pass, and no
/// request waits on another's locked row.
pub async fn take(db: &Db, key: &str, max: i64, now: i64) -> sqlx::Result<Option<i64>> {
    const INSERT: &str = "INSERT INTO hold_events (id, counter_key, at) VALUES ($1, $2, $3)";
    const COUNT: &str = "SELECT COUNT(*) FROM hold_events WHERE counter_key = $1 AND at > $2";
    const OLDEST: &str = "SELECT MIN(at) FROM hold_events WHERE counter_key = $1 AND at > $2";
    const UNDO: &str = "DELETE FROM hold_events WHERE id = $1";
    const PURGE: &str = "DELETE FROM hold_events WHERE at <= $1";
    let id = Uuid::new_v4();
    let since = now - WINDOW_SECONDS;
    let counted: i64 = match db {
        // SQLite writers take their turn instead of spinning on the lock.
        Db::Sqlite(pool) => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(INSERT)
                .bind(id)
                .bind(key)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            sqlx::query_scalar(COUNT)
                .bind(key)
                .bind(since)
                .fetch_one(pool)
                .await?
        }
        Db::Postgres(pool) => {
            sqlx::query(INSERT)
                .bind(id)
                .bind(key)
                .bind(now)
                .execute(pool)
                .await?;
            sqlx::query_scalar(COUNT)
                .bind(key)
                .bind(since)
                .fetch_one(pool)
                .await?
        }
    };
    if counted == 1 {
        // A key's first attempt in a while: a good moment to forget old ones.
        on_db!(db, pool => sqlx::query(PURGE).bind(since).execute(pool).await.map(|_| ()))?;
    }
    if counted <= max {
        return Ok(None);
    }
    on_db!(db, pool => sqlx::query(UNDO).bind(id).execute(pool).await.map(|_| ()))?;
    let oldest: Option<i64> =
        on_db!(db, pool => sqlx::query_scalar(OLDEST).bind(key).bind(since).fetch_one(pool).await)?;
    Ok(Some(oldest.unwrap_or(now)))
}
