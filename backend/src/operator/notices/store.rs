//! The notices' SQL: a venue's staffed hours and subscribers, and what the
//! job claims (a closure or a booking not yet told, a summary not yet sent
//! today).

use shared::{
    account::Language,
    operator::{Subscriber, VenueNotices},
};
use uuid::Uuid;

use crate::{
    db::{Db, Tx},
    on_db, on_tx,
};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SubscriberRow {
    pub id: i64,
    pub venue_id: i64,
    pub name: String,
    pub email: String,
    pub language: String,
    pub closures: bool,
    pub after_hours: bool,
    pub daily_summary: bool,
    pub summary_sent_on: Option<String>,
}

impl SubscriberRow {
    pub fn language(&self) -> Language {
        Language::parse(&self.language).unwrap_or_default()
    }

    fn to_api(&self) -> Subscriber {
        Subscriber {
            name: self.name.clone(),
            email: self.email.clone(),
            language: self.language(),
            closures: self.closures,
            after_hours: self.after_hours,
            daily_summary: self.daily_summary,
        }
    }
}

const SUBSCRIBERS: &str = "SELECT id, venue_id, name, email, language, closures, after_hours, daily_summary, summary_sent_on \
     FROM venue_subscribers WHERE venue_id = $1 ORDER BY id";

/// The venue's staffed hours (`HH:MM` each, or none).
pub async fn staffed_hours(db: &Db, venue_id: i64) -> sqlx::Result<Option<(String, String)>> {
    const SQL: &str = "SELECT staffed_from, staffed_until FROM venues WHERE id = $1";
    let row: Option<(Option<String>, Option<String>)> =
        on_db!(db, pool => sqlx::query_as(SQL).bind(venue_id).fetch_optional(pool).await)?;
    Ok(match row {
        Some((Some(from), Some(until))) => Some((from, until)),
        _ => None,
    })
}

pub async fn subscribers(db: &Db, venue_id: i64) -> sqlx::Result<Vec<SubscriberRow>> {
    on_db!(db, pool => sqlx::query_as(SUBSCRIBERS).bind(venue_id).fetch_all(pool).await)
}

/// The venue's subscribers read inside the transaction that queues their
/// mail, so a person erased (or a list replaced) before it is not mailed
/// from a list read earlier.
pub async fn subscribers_in(tx: &mut Tx, venue_id: i64) -> sqlx::Result<Vec<SubscriberRow>> {
    on_tx!(tx, tx => sqlx::query_as(SUBSCRIBERS).bind(venue_id).fetch_all(&mut **tx).await)
}

/// Everyone who wants a daily summary, at every venue.
pub async fn summary_subscribers(db: &Db) -> sqlx::Result<Vec<SubscriberRow>> {
    const SQL: &str = "SELECT id, venue_id, name, email, language, closures, after_hours, daily_summary, summary_sent_on \
         FROM venue_subscribers WHERE daily_summary ORDER BY venue_id, id";
    on_db!(db, pool => sqlx::query_as(SQL).fetch_all(pool).await)
}

pub async fn read(db: &Db, venue_id: i64) -> sqlx::Result<VenueNotices> {
    let hours = staffed_hours(db, venue_id).await?;
    let people = subscribers(db, venue_id).await?;
    Ok(VenueNotices {
        staffed_from: hours.as_ref().map(|(f, _)| f.clone()),
        staffed_until: hours.map(|(_, u)| u),
        subscribers: people.iter().map(SubscriberRow::to_api).collect(),
    })
}

/// Replaces the venue's notices (checked) inside the caller's transaction;
/// a person kept keeps the date of their last summary.
pub async fn replace_in(tx: &mut Tx, venue_id: i64, notices: &VenueNotices) -> sqlx::Result<()> {
    const HOURS: &str = "UPDATE venues SET staffed_from = $2, staffed_until = $3 WHERE id = $1";
    const SENT: &str = "SELECT email, summary_sent_on FROM venue_subscribers WHERE venue_id = $1";
    const CLEAR: &str = "DELETE FROM venue_subscribers WHERE venue_id = $1";
    const INSERT: &str = "INSERT INTO venue_subscribers \
         (venue_id, name, email, language, closures, after_hours, daily_summary, summary_sent_on) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    on_tx!(tx, tx => {
        sqlx::query(HOURS).bind(venue_id).bind(&notices.staffed_from).bind(&notices.staffed_until)
            .execute(&mut **tx).await?;
        let sent: Vec<(String, Option<String>)> = sqlx::query_as(SENT).bind(venue_id).fetch_all(&mut **tx).await?;
        sqlx::query(CLEAR).bind(venue_id).execute(&mut **tx).await?;
        for s in &notices.subscribers {
            let last = sent.iter().find(|(e, _)| e.eq_ignore_ascii_case(&s.email)).and_then(|(_, d)| d.clone());
            sqlx::query(INSERT)
                .bind(venue_id).bind(&s.name).bind(&s.email).bind(s.language.as_str())
                .bind(s.closures).bind(s.after_hours).bind(s.daily_summary).bind(last)
                .execute(&mut **tx).await?;
        }
        Ok(())
    })
}

/// Marks as told, in two statements, every closure and confirmed booking
/// nobody at its venue asked to hear of (no recipient of closures; no
/// staffed hours or no recipient of after-hours bookings), so the job's
/// one-by-one claims are only for what someone gets a mail about (demo
/// data, and venues without notices, are most of them). Rows marked.
pub async fn settle_unheard(db: &Db, now: i64) -> sqlx::Result<u64> {
    const CLOSURES: &str = "UPDATE closures SET staff_told_at = $1 WHERE staff_told_at IS NULL \
         AND NOT EXISTS (SELECT 1 FROM venue_subscribers s WHERE s.venue_id = closures.venue_id AND s.closures)";
    const BOOKINGS: &str = "UPDATE bookings SET staff_told_at = $1 \
         WHERE staff_told_at IS NULL AND confirmed_at IS NOT NULL AND court_id NOT IN ( \
         SELECT c.id FROM courts c JOIN venues v ON v.id = c.venue_id WHERE v.staffed_from IS NOT NULL \
         AND EXISTS (SELECT 1 FROM venue_subscribers s WHERE s.venue_id = v.id AND s.after_hours))";
    on_db!(db, pool => {
        let closures = sqlx::query(CLOSURES).bind(now).execute(pool).await?.rows_affected();
        let bookings = sqlx::query(BOOKINGS).bind(now).execute(pool).await?.rows_affected();
        Ok(closures + bookings)
    })
}

/// A closure or block no staff have been told of yet.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct UntoldClosure {
    pub id: Uuid,
    pub venue_id: i64,
    pub venue_name: String,
    pub timezone: String,
    pub court_name: Option<String>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub reason: String,
    pub kind: String,
    /// Bookings it cancelled.
    pub cancelled: i64,
}

pub async fn untold_closures(db: &Db, limit: i64) -> sqlx::Result<Vec<UntoldClosure>> {
    const SQL: &str = "SELECT cl.id, cl.venue_id, v.name AS venue_name, v.timezone, c.name AS court_name, \
         cl.starts_at, cl.ends_at, cl.reason, cl.kind, \
         (SELECT COUNT(*) FROM bookings b WHERE b.closure_id = cl.id) AS cancelled \
         FROM closures cl JOIN venues v ON v.id = cl.venue_id LEFT JOIN courts c ON c.id = cl.court_id \
         WHERE cl.staff_told_at IS NULL ORDER BY cl.created_at, cl.id LIMIT $1";
    on_db!(db, pool => sqlx::query_as(SQL).bind(limit).fetch_all(pool).await)
}

/// Claims a closure for telling: true for the one transaction that does.
pub async fn claim_closure_in(tx: &mut Tx, id: Uuid, now: i64) -> sqlx::Result<bool> {
    const SQL: &str =
        "UPDATE closures SET staff_told_at = $2 WHERE id = $1 AND staff_told_at IS NULL";
    Ok(
        on_tx!(tx, tx => sqlx::query(SQL).bind(id).bind(now).execute(&mut **tx).await?.rows_affected())
            == 1,
    )
}

/// Bookings confirmed that the job has not looked at yet.
pub async fn untold_bookings(db: &Db, limit: i64) -> sqlx::Result<Vec<Uuid>> {
    const SQL: &str =
        "SELECT id FROM bookings WHERE staff_told_at IS NULL AND confirmed_at IS NOT NULL \
         ORDER BY confirmed_at, id LIMIT $1";
    on_db!(db, pool => sqlx::query_scalar(SQL).bind(limit).fetch_all(pool).await)
}

pub async fn claim_booking_in(tx: &mut Tx, id: Uuid, now: i64) -> sqlx::Result<bool> {
    const SQL: &str =
        "UPDATE bookings SET staff_told_at = $2 WHERE id = $1 AND staff_told_at IS NULL";
    Ok(
        on_tx!(tx, tx => sqlx::query(SQL).bind(id).bind(now).execute(&mut **tx).await?.rows_affected())
            == 1,
    )
}

/// Claims today's summary for a subscriber (`date`: the venue's local date,
/// `YYYY-MM-DD`, so later dates sort later). The mark only moves forward: a
/// pass that is behind (another process's clock, a slow pass) cannot take
/// it back to an earlier day and so cause a second summary for a later one.
pub async fn claim_summary_in(tx: &mut Tx, subscriber_id: i64, date: &str) -> sqlx::Result<bool> {
    const SQL: &str = "UPDATE venue_subscribers SET summary_sent_on = $2 \
         WHERE id = $1 AND (summary_sent_on IS NULL OR summary_sent_on < $2)";
    Ok(
        on_tx!(tx, tx => sqlx::query(SQL).bind(subscriber_id).bind(date).execute(&mut **tx).await?.rows_affected())
            == 1,
    )
}

/// Open closures and blocks at a venue over `[from, to)`, for a summary.
pub async fn closures_between(
    db: &Db,
    venue_id: i64,
    from: i64,
    to: i64,
) -> sqlx::Result<Vec<UntoldClosure>> {
    const SQL: &str = "SELECT cl.id, cl.venue_id, v.name AS venue_name, v.timezone, c.name AS court_name, \
         cl.starts_at, cl.ends_at, cl.reason, cl.kind, \
         (SELECT COUNT(*) FROM bookings b WHERE b.closure_id = cl.id) AS cancelled \
         FROM closures cl JOIN venues v ON v.id = cl.venue_id LEFT JOIN courts c ON c.id = cl.court_id \
         WHERE cl.venue_id = $1 AND cl.reopened_at IS NULL AND cl.starts_at < $3 AND cl.ends_at > $2 \
         ORDER BY cl.starts_at, cl.id";
    on_db!(db, pool => sqlx::query_as(SQL).bind(venue_id).bind(from).bind(to).fetch_all(pool).await)
}
