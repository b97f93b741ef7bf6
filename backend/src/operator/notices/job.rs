//! The notices job: every 30 seconds (and when a closure or a confirmation
//! rings [`crate::wake::STAFF`]) it tells the subscribers of each closure,
//! block and after-hours booking not yet told, and sends the morning
//! summaries due. Each closure, booking and summary is claimed by a
//! conditional update in the transaction that queues its mails: told once,
//! whichever process gets there first, and again by no one.

use std::time::Duration;

use chrono::{DateTime, NaiveTime, TimeZone, Utc};

use super::{mail, store};
use crate::{
    bookings::store::{self as bookings},
    db::Db,
    mail::queue,
};

/// How many closures and bookings one pass looks at.
const BATCH: i64 = 200;
/// Summaries go out from this hour on the venue's clock.
const SUMMARY_FROM: u32 = 6;

/// What one pass told.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Told {
    /// Mails about closures and blocks.
    pub closures: usize,
    /// Mails about bookings outside staffed hours.
    pub after_hours: usize,
    /// Morning summaries.
    pub summaries: usize,
}

/// One pass at `now`.
pub async fn step(db: &Db, now: DateTime<Utc>) -> sqlx::Result<Told> {
    let mut told = Told::default();
    let at = now.timestamp();
    store::settle_unheard(db, at).await?;
    for c in store::untold_closures(db, BATCH).await? {
        let mut tx = db.begin_write().await?;
        if !store::claim_closure_in(&mut tx, c.id, at).await? {
            continue;
        }
        let people: Vec<_> = store::subscribers_in(&mut tx, c.venue_id)
            .await?
            .into_iter()
            .filter(|s| s.closures)
            .collect();
        for person in &people {
            queue::queue_in(&mut tx, &mail::closure(person, &c), at).await?;
        }
        tx.commit().await?;
        told.closures += people.len();
    }
    for id in store::untold_bookings(db, BATCH).await? {
        let Some(b) = bookings::get(db, id).await? else {
            continue;
        };
        let hours = store::staffed_hours(db, b.venue_id).await?;
        let mut tx = db.begin_write().await?;
        if !store::claim_booking_in(&mut tx, id, at).await? {
            continue;
        }
        // Told only of what stands: a booking cancelled meanwhile is not news.
        let people: Vec<_> = match &hours {
            Some((from, until)) if b.status == "confirmed" && mail::outside(&b, from, until) => {
                store::subscribers_in(&mut tx, b.venue_id)
                    .await?
                    .into_iter()
                    .filter(|s| s.after_hours)
                    .collect()
            }
            _ => Vec::new(),
        };
        if let Some((from, until)) = &hours {
            for person in &people {
                queue::queue_in(&mut tx, &mail::after_hours(person, &b, from, until), at).await?;
            }
        }
        tx.commit().await?;
        told.after_hours += people.len();
    }
    for person in store::summary_subscribers(db).await? {
        let Some(venue) = crate::venues::store::venue(db, person.venue_id).await? else {
            continue;
        };
        let tz: chrono_tz::Tz = venue
            .timezone
            .parse()
            .unwrap_or(chrono_tz::Europe::Stockholm);
        let local = now.with_timezone(&tz);
        let today = local.date_naive();
        let date = today.format("%Y-%m-%d").to_string();
        if local.time() < NaiveTime::from_hms_opt(SUMMARY_FROM, 0, 0).unwrap_or_default()
            || person.summary_sent_on.as_deref() == Some(date.as_str())
        {
            continue;
        }
        let midnight = |d: chrono::NaiveDate| {
            tz.from_local_datetime(&d.and_time(NaiveTime::MIN))
                .earliest()
                .map(|t| t.timestamp())
                .unwrap_or(at)
        };
        let (from, to) = (midnight(today), midnight(today + chrono::Duration::days(1)));
        let day: Vec<_> = bookings::at_venue_between(db, person.venue_id, from, to, at)
            .await?
            .into_iter()
            .filter(|b| b.status == "confirmed")
            .collect();
        let closed = store::closures_between(db, person.venue_id, from, to).await?;
        let summary = mail::summary(&person, &venue.name, today, &venue.timezone, &day, &closed);
        let mut tx = db.begin_write().await?;
        if !store::claim_summary_in(&mut tx, person.id, &date).await? {
            continue;
        }
        queue::queue_in(&mut tx, &summary, at).await?;
        tx.commit().await?;
        told.summaries += 1;
    }
    if told != Told::default() {
        crate::wake::MAIL.ring();
    }
    Ok(told)
}

/// Runs [`step`] every 30 seconds, and at once when rung.
pub async fn notify_forever(db: Db) {
    let mut bell = crate::wake::STAFF.listen(Duration::from_secs(30));
    while bell.wait().await {
        let round = step(&db, Utc::now()).await;
        crate::metrics::job_round("staff_notices", round.is_ok());
        match round {
            Ok(told) if told == Told::default() => {}
            Ok(told) => {
                tracing::info!(
                    closures = told.closures,
                    after_hours = told.after_hours,
                    summaries = told.summaries,
                    "told the venues' staff"
                );
            }
            Err(error) => tracing::warn!(%error, "telling the venues' staff failed"),
        }
    }
}
