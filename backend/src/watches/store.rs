//! Watch SQL.

use uuid::Uuid;

use super::matching::{FreedSlot, WatchRow};
use crate::{db::Db, on_db};

/// A watch to store, already checked.
#[derive(Debug, Clone)]
pub struct NewWatchRow {
    pub id: Uuid,
    pub account_id: Uuid,
    pub scope: &'static str,
    pub court_id: Option<i64>,
    pub venue_id: Option<i64>,
    pub area: Option<(f64, f64, u32)>,
    pub weekdays: i64,
    pub from_minute: i64,
    pub to_minute: i64,
    pub min_minutes: i64,
    pub from_date: String,
    pub to_date: String,
    pub created_at: i64,
}

/// Stores `w` unless the person already has `limit` watches; false then.
pub async fn insert(db: &Db, w: &NewWatchRow, limit: i64) -> sqlx::Result<bool> {
    const COUNT: &str = "SELECT COUNT(*) FROM watches WHERE account_id = $1";
    const SQL: &str = "INSERT INTO watches (id, account_id, scope, court_id, venue_id, lat, lon, radius_m, \
         min_lat, max_lat, min_lon, max_lon, weekdays, from_minute, to_minute, min_minutes, from_date, to_date, paused, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, FALSE, $19)";
    let bbox = w
        .area
        .map(|(lat, lon, r)| super::matching::bounding_box(lat, lon, r));
    on_db!(db, pool => {
        use crate::db::{BeginWrite, TxLock};
        let mut tx = pool.begin_write().await?;
        tx.lock_key("watch-limit", i64::from_le_bytes(w.account_id.as_bytes()[..8].try_into().unwrap_or_default())).await?;
        let count: i64 = sqlx::query_scalar(COUNT).bind(w.account_id).fetch_one(&mut *tx).await?;
        if count >= limit {
            return Ok(false);
        }
        sqlx::query(SQL)
            .bind(w.id).bind(w.account_id).bind(w.scope).bind(w.court_id).bind(w.venue_id)
            .bind(w.area.map(|a| a.0)).bind(w.area.map(|a| a.1)).bind(w.area.map(|a| i64::from(a.2)))
            .bind(bbox.map(|b| b.0)).bind(bbox.map(|b| b.1)).bind(bbox.map(|b| b.2)).bind(bbox.map(|b| b.3))
            .bind(w.weekdays).bind(w.from_minute).bind(w.to_minute).bind(w.min_minutes)
            .bind(&w.from_date).bind(&w.to_date).bind(w.created_at)
            .execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(true)
    })
}

/// A stored watch with the names of what it watches.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ListedWatch {
    pub id: Uuid,
    pub scope: String,
    pub court_id: Option<i64>,
    pub venue_id: Option<i64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub radius_m: Option<i64>,
    pub weekdays: i64,
    pub from_minute: i64,
    pub to_minute: i64,
    pub min_minutes: i64,
    pub from_date: String,
    pub to_date: String,
    pub paused: bool,
    pub created_at: i64,
    pub court_name: Option<String>,
    pub venue_name: Option<String>,
}

/// The columns of a [`ListedWatch`], for a `WHERE` to follow.
macro_rules! listed_select {
    () => {
        "SELECT w.id, w.scope, w.court_id, COALESCE(w.venue_id, c.venue_id) AS venue_id, w.lat, w.lon, w.radius_m, \
         w.weekdays, w.from_minute, w.to_minute, w.min_minutes, w.from_date, w.to_date, w.paused, w.created_at, \
         c.name AS court_name, v.name AS venue_name \
         FROM watches w LEFT JOIN courts c ON c.id = w.court_id \
         LEFT JOIN venues v ON v.id = COALESCE(w.venue_id, c.venue_id) "
    };
}

pub async fn for_account(db: &Db, account_id: Uuid) -> sqlx::Result<Vec<ListedWatch>> {
    const SQL: &str = concat!(
        listed_select!(),
        "WHERE w.account_id = $1 ORDER BY w.created_at"
    );
    on_db!(db, pool => sqlx::query_as(SQL).bind(account_id).fetch_all(pool).await)
}

pub async fn one(db: &Db, account_id: Uuid, id: Uuid) -> sqlx::Result<Option<ListedWatch>> {
    const SQL: &str = concat!(listed_select!(), "WHERE w.account_id = $1 AND w.id = $2");
    on_db!(db, pool => sqlx::query_as(SQL).bind(account_id).bind(id).fetch_optional(pool).await)
}

pub async fn set_paused(db: &Db, account_id: Uuid, id: Uuid, paused: bool) -> sqlx::Result<bool> {
    const SQL: &str = "UPDATE watches SET paused = $3 WHERE account_id = $1 AND id = $2";
    on_db!(db, pool => sqlx::query(SQL).bind(account_id).bind(id).bind(paused)
        .execute(pool).await.map(|r| r.rows_affected() == 1))
}

pub async fn delete(db: &Db, account_id: Uuid, id: Uuid) -> sqlx::Result<bool> {
    const SQL: &str = "DELETE FROM watches WHERE account_id = $1 AND id = $2";
    on_db!(db, pool => sqlx::query(SQL).bind(account_id).bind(id)
        .execute(pool).await.map(|r| r.rows_affected() == 1))
}

/// Unpaused watches that may match `slot`, with each watcher's last offer
/// for the fair order; with `run`, leaving out whoever that run has asked.
/// Place, date, weekday, time of day and length are matched here, with the
/// indexes; an area watch's exact distance is checked by
/// [`super::matching::matches`], which the caller applies to every row.
pub async fn candidates(
    db: &Db,
    slot: &FreedSlot,
    run: Option<Uuid>,
) -> sqlx::Result<Vec<WatchRow>> {
    const SQL: &str = "SELECT w.id, w.account_id, w.scope, w.court_id, w.venue_id, w.lat, w.lon, w.radius_m, \
         w.weekdays, w.from_minute, w.to_minute, w.min_minutes, w.from_date, w.to_date, w.created_at, f.last_offered_at \
         FROM watches w LEFT JOIN watch_fairness f ON f.account_id = w.account_id \
         WHERE w.paused = FALSE AND w.from_date <= $3 AND w.to_date >= $3 \
         AND (w.court_id = $1 OR w.venue_id = $2 OR (w.scope = 'area' AND $4 BETWEEN w.min_lat AND w.max_lat AND $5 BETWEEN w.min_lon AND w.max_lon)) \
         AND (w.weekdays & $6) <> 0 AND w.from_minute <= $7 AND w.to_minute >= $8 AND w.min_minutes <= $9 \
         AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.run_id = $10 AND o.account_id = w.account_id)";
    let (weekday, from, to, minutes, date) = slot.local();
    let date = date.format("%Y-%m-%d").to_string();
    on_db!(db, pool => sqlx::query_as(SQL)
        .bind(slot.court_id).bind(slot.venue_id).bind(date).bind(slot.venue_lat).bind(slot.venue_lon)
        .bind(1i64 << weekday).bind(from).bind(to).bind(minutes).bind(run)
        .fetch_all(pool).await)
}

/// An offer as its watcher sees it, with the slot, its place and the hold.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OfferRow {
    pub id: Uuid,
    pub status: String,
    pub round: i64,
    pub booking_id: Option<Uuid>,
    pub court_id: i64,
    pub court_name: String,
    pub venue_id: i64,
    pub venue_name: String,
    pub timezone: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub booking_status: Option<String>,
    pub hold_expires_at: Option<i64>,
    pub price_minor: i64,
    pub currency: String,
}

macro_rules! offer_select {
    () => {
        "SELECT o.id, o.status, o.round, o.booking_id, r.court_id, c.name AS court_name, v.id AS venue_id, \
         v.name AS venue_name, v.timezone, r.starts_at, r.ends_at, b.status AS booking_status, b.hold_expires_at, \
         COALESCE(b.price_minor, c.price_minor) AS price_minor, COALESCE(b.currency, c.currency) AS currency \
         FROM offers o JOIN offer_runs r ON r.id = o.run_id JOIN courts c ON c.id = r.court_id \
         JOIN venues v ON v.id = c.venue_id LEFT JOIN bookings b ON b.id = o.booking_id "
    };
}

pub async fn offers_for_account(db: &Db, account_id: Uuid) -> sqlx::Result<Vec<OfferRow>> {
    const SQL: &str = concat!(
        offer_select!(),
        "WHERE o.account_id = $1 ORDER BY o.created_at DESC LIMIT 50"
    );
    on_db!(db, pool => sqlx::query_as(SQL).bind(account_id).fetch_all(pool).await)
}

pub async fn offer(db: &Db, account_id: Uuid, id: Uuid) -> sqlx::Result<Option<OfferRow>> {
    const SQL: &str = concat!(offer_select!(), "WHERE o.account_id = $1 AND o.id = $2");
    on_db!(db, pool => sqlx::query_as(SQL).bind(account_id).bind(id).fetch_optional(pool).await)
}

/// Gives up an exclusive offer: the offer is `passed` and its hold ends now
/// (as lapsed, without a freed-slot event: the offer worker hands the slot
/// to the next watcher itself). Anything but a live exclusive offer is left
/// as it is.
pub async fn pass(db: &Db, account_id: Uuid, id: Uuid, now: i64) -> sqlx::Result<()> {
    const OFFER: &str = "UPDATE offers SET status = 'passed', decided_at = $3 \
         WHERE id = $1 AND account_id = $2 AND status = 'offered' RETURNING booking_id";
    const HOLD: &str = "UPDATE bookings SET status = 'expired', hold_expires_at = $2 \
         WHERE id = $1 AND status = 'held'";
    const RUN_DUE: &str = "UPDATE offer_runs SET due_at = $2 \
         WHERE id = (SELECT run_id FROM offers WHERE id = $1) AND state = 'active'";
    let mut tx = db.begin_write().await?;
    let booking: Option<Option<Uuid>> = crate::on_tx!(&mut tx, tx => sqlx::query_scalar(OFFER)
        .bind(id).bind(account_id).bind(now).fetch_optional(&mut **tx).await)?;
    if let Some(Some(booking)) = booking {
        crate::on_tx!(&mut tx, tx => sqlx::query(HOLD).bind(booking).bind(now)
            .execute(&mut **tx).await.map(|_| ()))?;
    }
    // The run is due now: the next watcher is asked at once.
    crate::on_tx!(&mut tx, tx => sqlx::query(RUN_DUE).bind(id).bind(now)
        .execute(&mut **tx).await.map(|_| ()))?;
    tx.commit().await?;
    crate::wake::OFFERS.ring();
    Ok(())
}
