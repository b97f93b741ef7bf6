//! The offer worker: freed slots → fair offers → pushes.
//!
//! Each step of it is one transaction, so a crash or a restart at any point
//! leaves a state the next pass carries on from: nothing is offered twice
//! and no freed slot is forgotten.
//!
//! 1. New `slot_events` (those not yet marked `considered_at`) each start
//!    an *offer run*, unless the slot has started, an active run already
//!    covers it, or it is the lapse of an offer's own hold (the run hands
//!    that over).
//! 2. Each active run, in turn: while its exclusive offer's hold is live it
//!    waits; when the hold was paid the run ends `booked`; when it lapsed or
//!    was passed, the next watcher in fair order (least recently offered
//!    first) gets the slot held in their name for `hold_minutes`, with a
//!    push. After `rounds` exclusive offers, or when the slot starts within
//!    `broadcast_within_minutes`, everyone still watching is told at once
//!    and the first to book gets it.
//!
//! A pass runs in one process at a time (the job lock [`OFFERS_LOCK_KEY`]):
//! two processes moving one run on at once would both try to hold its slot
//! for their next watcher, and the loser would end the run as taken.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use shared::{
    account::Language,
    watch::{Offer, OfferStatus},
    Money,
};
use uuid::Uuid;

use super::{
    matching::{self, FreedSlot},
    store::{self, OfferRow},
};
use crate::words::{money, weekday_date};
use crate::{
    accounts::store as accounts,
    availability,
    bookings::store::{insert_hold_in, HoldOutcome, HoldTerms, NewBooking},
    db::Db,
    on_db, on_tx,
    push::store::{enqueue_for_account_in, NewMessage},
};

/// How offers are made (`LEDIG_OFFER_*`).
#[derive(Debug, Clone, Copy)]
pub struct OfferSettings {
    /// How long an exclusive offer holds the slot for its watcher.
    pub hold_minutes: i64,
    /// Exclusive offers before everyone is told at once.
    pub rounds: i64,
    /// A slot starting sooner than this is told to everyone at once.
    pub broadcast_within_minutes: i64,
}

impl Default for OfferSettings {
    fn default() -> Self {
        OfferSettings {
            hold_minutes: 3,
            rounds: 3,
            broadcast_within_minutes: 120,
        }
    }
}

/// What one pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub runs_started: u64,
    pub offered: u64,
    pub broadcast: u64,
    pub finished: u64,
    /// A limit was reached: more is waiting for the next pass.
    pub more: bool,
    /// Another process was doing a pass: nothing was done here.
    pub busy: bool,
}

/// The advisory lock key of a pass ("ledig", then 3).
pub const OFFERS_LOCK_KEY: i64 = 0x6c65_6469_6700_0003;

/// One pass: start runs for new freed slots, then move every due run on.
/// While another process is doing a pass, nothing (that pass does the work).
pub async fn step(db: &Db, settings: &OfferSettings, now: i64) -> sqlx::Result<Pass> {
    let Some(only_here) = db.try_job_lock(OFFERS_LOCK_KEY).await? else {
        return Ok(Pass {
            busy: true,
            ..Pass::default()
        });
    };
    let pass = step_here(db, settings, now).await;
    only_here.release().await;
    pass
}

async fn step_here(db: &Db, settings: &OfferSettings, now: i64) -> sqlx::Result<Pass> {
    let (runs_started, more_events) = start_runs(db, now).await?;
    let mut pass = Pass {
        runs_started,
        more: more_events,
        ..Pass::default()
    };
    // Only runs that are due: one waiting on a live exclusive hold is due
    // when that hold runs out (or at once when it is passed), so a thousand
    // waiting runs cost nothing and never keep a new one from its first
    // offer. One query brings each run with its place, its live offer and
    // whether the slot is taken: a pass of a hundred runs is not a hundred
    // rounds of small reads.
    const DUE: &str = "SELECT r.id, r.court_id, r.starts_at, r.ends_at, r.freed_by, r.round, \
         v.id AS venue_id, v.lat, v.lon, v.timezone, \
         o.id AS offer_id, b.status AS booking_status, b.hold_expires_at, \
         (SELECT COUNT(*) FROM bookings t WHERE t.court_id = r.court_id AND t.starts_at < r.ends_at \
            AND t.ends_at > r.starts_at \
            AND (t.status = 'confirmed' OR (t.status = 'held' AND t.hold_expires_at > $1))) AS taken \
         FROM offer_runs r JOIN courts c ON c.id = r.court_id JOIN venues v ON v.id = c.venue_id \
         LEFT JOIN offers o ON o.run_id = r.id AND o.status = 'offered' \
         LEFT JOIN bookings b ON b.id = o.booking_id \
         WHERE r.state = 'active' AND r.due_at <= $1 ORDER BY r.due_at, r.created_at, r.id LIMIT 200";
    const PER_PASS: usize = 200;
    let mut runs: Vec<RunRow> =
        on_db!(db, pool => sqlx::query_as(DUE).bind(now).fetch_all(pool).await)?;
    pass.more |= runs.len() == PER_PASS;
    // At most one exclusive offer is live per run; should a second ever be,
    // the run is moved on once, by the first.
    let mut seen = std::collections::HashSet::new();
    runs.retain(|r| seen.insert(r.id));
    // Each venue's hours, courts and rules are read once a pass.
    let mut venues = Venues::default();
    for run in runs {
        match advance(db, settings, &run, &mut venues, now).await? {
            Advanced::Waiting => {}
            // Committed: the delivery worker sends it now, not at its next tick.
            Advanced::Offered => {
                pass.offered += 1;
                crate::wake::PUSHES.ring();
            }
            Advanced::Broadcast(n) => {
                pass.broadcast += n;
                pass.finished += 1;
                crate::wake::PUSHES.ring();
            }
            Advanced::Finished => pass.finished += 1,
        }
    }
    Ok(pass)
}

/// The venues a pass has read, by id.
#[derive(Default)]
struct Venues(std::collections::HashMap<i64, Option<availability::VenueAvailability>>);

impl Venues {
    /// The court's slot at `starts_at` as a player would book it, or None
    /// when it is no longer a slot of the court's grid.
    async fn bookable(
        &mut self,
        db: &Db,
        venue_id: i64,
        court_id: i64,
        starts_at: DateTime<Utc>,
    ) -> Option<availability::BookableSlot> {
        if !self.0.contains_key(&venue_id) {
            // A venue that cannot be read (gone, or a bad time zone) has
            // nothing bookable: its runs end `not_bookable`.
            let loaded = availability::VenueAvailability::load(db, venue_id)
                .await
                .ok();
            self.0.insert(venue_id, loaded);
        }
        self.0[&venue_id]
            .as_ref()
            .and_then(|venue| venue.bookable_slot(court_id, starts_at))
    }
}

/// Runs [`step`] every two seconds, and whenever this process frees a slot
/// or an offer is passed ([`crate::wake::OFFERS`]), until the server stops.
/// A pass found busy in another process is tried again shortly: that pass
/// may have read the events before this process's change committed.
pub async fn offer_forever(db: Db, settings: OfferSettings) {
    let mut ear = crate::wake::OFFERS.listen(std::time::Duration::from_secs(2));
    while ear.wait().await {
        let mut tries_while_busy = 0;
        while !crate::wake::stopping() {
            let round = step(&db, &settings, Utc::now().timestamp()).await;
            crate::metrics::job_round("offers", round.is_ok());
            match round {
                Ok(pass) if pass.more => continue,
                Ok(pass) if pass.busy && tries_while_busy < 10 => {
                    tries_while_busy += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
                Ok(_) => break,
                Err(error) => {
                    tracing::warn!(%error, "offer pass failed; retrying");
                    break;
                }
            }
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
struct Event {
    id: i64,
    reason: String,
    court_id: i64,
    booking_id: Option<Uuid>,
    starts_at: i64,
    ends_at: i64,
}

/// Starts a run for each new freed slot (at most 200 a pass); returns how
/// many, and whether there may be more.
///
/// Each event read is marked `considered_at`, in the transaction that
/// starts its run. Not a cursor past the highest id: on PostgreSQL an event
/// can commit after one with a higher id, and a cursor would leave it
/// behind for good.
async fn start_runs(db: &Db, now: i64) -> sqlx::Result<(u64, bool)> {
    const NEW: &str =
        "SELECT id, reason, court_id, booking_id, starts_at, ends_at FROM slot_events \
         WHERE considered_at IS NULL ORDER BY id LIMIT 200";
    const CONSIDERED: &str =
        "UPDATE slot_events SET considered_at = $2 WHERE id = $1 AND considered_at IS NULL";
    const OWN_HOLD: &str = "SELECT COUNT(*) FROM offers WHERE booking_id = $1";
    const COVERED: &str =
        "SELECT COUNT(*) FROM offer_runs WHERE court_id = $1 AND state = 'active' \
         AND starts_at < $3 AND ends_at > $2";
    const INSERT: &str = "INSERT INTO offer_runs (id, slot_event_id, court_id, starts_at, ends_at, freed_by, state, created_at) \
         VALUES ($1, $2, $3, $4, $5, (SELECT account_id FROM bookings WHERE id = $6), 'active', $7) \
         ON CONFLICT (slot_event_id) DO NOTHING";
    // Kept up to date for a process of the build before `considered_at`,
    // still running during an upgrade one process at a time.
    const CURSOR: &str =
        "UPDATE offer_cursor SET last_event_id = $1 WHERE only_row = 1 AND last_event_id < $1";
    // Read outside the transaction: most passes find nothing, and on SQLite
    // a write transaction would take the one write lock every two seconds.
    let events: Vec<Event> = on_db!(db, pool => sqlx::query_as(NEW).fetch_all(pool).await)?;
    let more = events.len() == 200;
    let Some(last) = events.iter().map(|e| e.id).max() else {
        return Ok((0, false));
    };
    // All of them in one transaction: one commit for a burst of cancellations,
    // and each event is marked with the run it starts or not at all.
    let mut started = 0;
    let mut tx = db.begin_write().await?;
    for e in events {
        let mine = on_tx!(&mut tx, tx => sqlx::query(CONSIDERED).bind(e.id).bind(now)
            .execute(&mut **tx).await.map(|r| r.rows_affected()))?;
        if mine == 0 {
            // Considered by a pass that ran meanwhile.
            continue;
        }
        let own_hold: i64 = match (e.reason.as_str(), e.booking_id) {
            ("hold_lapsed", Some(b)) => on_tx!(&mut tx, tx => sqlx::query_scalar(OWN_HOLD)
                .bind(b).fetch_one(&mut **tx).await)?,
            _ => 0,
        };
        let covered: i64 = on_tx!(&mut tx, tx => sqlx::query_scalar(COVERED)
            .bind(e.court_id).bind(e.starts_at).bind(e.ends_at).fetch_one(&mut **tx).await)?;
        if e.starts_at > now && own_hold == 0 && covered == 0 {
            let inserted = on_tx!(&mut tx, tx => sqlx::query(INSERT)
                .bind(Uuid::new_v4()).bind(e.id).bind(e.court_id).bind(e.starts_at).bind(e.ends_at)
                .bind(e.booking_id).bind(now)
                .execute(&mut **tx).await.map(|r| r.rows_affected()))?;
            started += inserted;
        }
    }
    on_tx!(&mut tx, tx => sqlx::query(CURSOR).bind(last).execute(&mut **tx).await.map(|_| ()))?;
    tx.commit().await?;
    Ok((started, more))
}

enum Advanced {
    Waiting,
    Offered,
    Broadcast(u64),
    Finished,
}

/// A due run, with its place, its live exclusive offer (if any) and
/// whether anyone holds or has booked its slot.
#[derive(Debug, sqlx::FromRow)]
struct RunRow {
    id: Uuid,
    court_id: i64,
    starts_at: i64,
    ends_at: i64,
    freed_by: Option<Uuid>,
    round: i64,
    venue_id: i64,
    lat: f64,
    lon: f64,
    timezone: String,
    offer_id: Option<Uuid>,
    booking_status: Option<String>,
    hold_expires_at: Option<i64>,
    /// Confirmed bookings and live holds over the slot (the live offer's own included).
    taken: i64,
}

async fn advance(
    db: &Db,
    settings: &OfferSettings,
    r: &RunRow,
    venues: &mut Venues,
    now: i64,
) -> sqlx::Result<Advanced> {
    let run = r.id;
    if let Some(offer_id) = r.offer_id {
        match r.booking_status.as_deref() {
            Some("confirmed") => {
                finish(db, run, Some((offer_id, "booked")), "booked", now).await?;
                return Ok(Advanced::Finished);
            }
            Some("held") if r.hold_expires_at.unwrap_or(0) > now => {
                const DUE_AT: &str = "UPDATE offer_runs SET due_at = $2 WHERE id = $1";
                let due_at = r.hold_expires_at.unwrap_or(now);
                on_db!(db, pool => sqlx::query(DUE_AT).bind(run).bind(due_at).execute(pool).await.map(|_| ()))?;
                return Ok(Advanced::Waiting);
            }
            _ => {}
        }
    }
    // The exclusive offer (if any) is over: the hold ran out.
    let over = r.offer_id.map(|id| (id, "expired"));
    if r.taken > 0 || r.starts_at <= now {
        let outcome = if r.taken > 0 { "taken" } else { "started" };
        finish(db, run, over, outcome, now).await?;
        return Ok(Advanced::Finished);
    }
    let tz: Tz = r.timezone.parse().unwrap_or(chrono_tz::Europe::Stockholm);
    let slot = FreedSlot {
        court_id: r.court_id,
        venue_id: r.venue_id,
        venue_lat: r.lat,
        venue_lon: r.lon,
        tz,
        starts_at: instant(r.starts_at),
        ends_at: instant(r.ends_at),
    };
    // Who has not been asked in this run yet, matched in SQL as far as SQL
    // can (place, date, weekday, time, length); the exact distance of an
    // area watch and the fair order are `matching`'s.
    let candidates = store::candidates(db, &slot, Some(run)).await?;
    let skip: Vec<Uuid> = r.freed_by.into_iter().collect();
    let queue = matching::queue(&candidates, &slot, &skip);
    if queue.is_empty() {
        let outcome = if r.round == 0 { "nobody" } else { "exhausted" };
        finish(db, run, over, outcome, now).await?;
        return Ok(Advanced::Finished);
    }
    // Bookable as a player would book it: the grid, the price, the rules.
    let bookable = match venues
        .bookable(db, r.venue_id, r.court_id, slot.starts_at)
        .await
    {
        Some(b) if b.rules.check_hold(slot.starts_at, instant(now)).is_ok() => b,
        _ => {
            finish(db, run, over, "not_bookable", now).await?;
            return Ok(Advanced::Finished);
        }
    };
    let soon = r.starts_at - now <= settings.broadcast_within_minutes * 60;
    if soon || r.round >= settings.rounds {
        let told = broadcast(db, run, over, &bookable, &queue, now).await?;
        return Ok(Advanced::Broadcast(told));
    }
    // The first in the queue whose account is still there (one erased since
    // it watched is skipped, not waited for).
    let mut next = None;
    for watcher in &queue {
        if let Some(account) = accounts::account(db, watcher.account_id).await? {
            next = Some((watcher, account));
            break;
        }
    }
    let Some((watcher, account)) = next else {
        finish(
            db,
            run,
            over,
            if r.round == 0 { "nobody" } else { "exhausted" },
            now,
        )
        .await?;
        return Ok(Advanced::Finished);
    };
    let category = account.category();
    let quote = bookable.rules.quote(&bookable, category);
    let hold = NewBooking {
        id: Uuid::new_v4(),
        court_id: r.court_id,
        starts_at: r.starts_at,
        ends_at: r.ends_at,
        name: if account.name.trim().is_empty() {
            account.email.clone()
        } else {
            account.name.clone()
        },
        email: account.email.clone(),
        price: quote.price.clone(),
        hold_expires_at: now + settings.hold_minutes * 60,
        created_at: now,
        idempotency_key: None,
        account_id: Some(account.id),
        terms: HoldTerms {
            category,
            band: quote.band.map(|b| b.as_str()),
            vat_basis_points: i64::from(quote.vat_basis_points),
            vat_minor: Some(quote.vat.amount_minor),
            free_cancel_until: Some(quote.cancellation.free_until.timestamp()),
            late_cancel_fee_minor: quote.cancellation.late_fee.amount_minor,
            email_key: Some(crate::rules::email_key(&account.email)),
            max_active: bookable.rules.max_active_bookings,
        },
    };
    const EXPIRE: &str = "UPDATE offers SET status = 'expired', decided_at = $2 WHERE id = $1 AND status = 'offered'";
    const OFFER: &str = "INSERT INTO offers (id, run_id, account_id, watch_id, booking_id, round, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    const FAIR: &str = "INSERT INTO watch_fairness (account_id, last_offered_at) VALUES ($1, $2) \
         ON CONFLICT (account_id) DO UPDATE SET last_offered_at = excluded.last_offered_at";
    // Due again when the hold runs out.
    const ROUND: &str = "UPDATE offer_runs SET round = $2, due_at = $3 WHERE id = $1";
    let round = r.round + 1;
    let mut tx = db.begin_write().await?;
    if let Some((id, _)) = over {
        on_tx!(&mut tx, tx => sqlx::query(EXPIRE).bind(id).bind(now).execute(&mut **tx).await.map(|_| ()))?;
    }
    let offer_id = Uuid::new_v4();
    match insert_hold_in(&mut tx, &hold, now).await? {
        HoldOutcome::Held => {}
        HoldOutcome::LimitReached(_) => {
            // At the venue's limit of bookings: this watcher cannot take it;
            // recorded as passed, so the next pass asks the next one.
            drop(tx);
            let mut tx = db.begin_write().await?;
            if let Some((id, _)) = over {
                on_tx!(&mut tx, tx => sqlx::query(EXPIRE).bind(id).bind(now).execute(&mut **tx).await.map(|_| ()))?;
            }
            on_tx!(&mut tx, tx => sqlx::query(OFFER)
                .bind(offer_id).bind(run).bind(account.id).bind(watcher.id).bind(None::<Uuid>)
                .bind(round).bind("passed").bind(now).execute(&mut **tx).await.map(|_| ()))?;
            tx.commit().await?;
            return Ok(Advanced::Waiting);
        }
        HoldOutcome::SlotTaken | HoldOutcome::Replayed(_) => {
            drop(tx);
            finish(db, run, over, "taken", now).await?;
            return Ok(Advanced::Finished);
        }
    }
    on_tx!(&mut tx, tx => sqlx::query(OFFER)
        .bind(offer_id).bind(run).bind(account.id).bind(watcher.id).bind(hold.id)
        .bind(round).bind("offered").bind(now).execute(&mut **tx).await.map(|_| ()))?;
    on_tx!(&mut tx, tx => sqlx::query(FAIR).bind(account.id).bind(now).execute(&mut **tx).await.map(|_| ()))?;
    on_tx!(&mut tx, tx => sqlx::query(ROUND).bind(run).bind(round).bind(hold.hold_expires_at).execute(&mut **tx).await.map(|_| ()))?;
    let text = PushText::exclusive(
        account.language(),
        &bookable,
        &quote.price,
        settings.hold_minutes,
    );
    let payload = text.payload(offer_id, r.court_id, r.starts_at);
    let message = NewMessage {
        payload: &payload,
        topic: Some(&topic(r.court_id, r.starts_at)),
        urgency: urgency(r.starts_at, now),
        // No use after the hold has run out: by then it is someone else's.
        expires_at: hold.hold_expires_at,
    };
    enqueue_for_account_in(&mut tx, account.id, &message, now).await?;
    tx.commit().await?;
    Ok(Advanced::Offered)
}

/// Tells everyone in `queue` at once: an `open` offer and a push each.
async fn broadcast(
    db: &Db,
    run: Uuid,
    over: Option<(Uuid, &'static str)>,
    bookable: &availability::BookableSlot,
    queue: &[matching::WatchRow],
    now: i64,
) -> sqlx::Result<u64> {
    const OFFER: &str =
        "INSERT INTO offers (id, run_id, account_id, watch_id, round, status, created_at) \
         VALUES ($1, $2, $3, $4, (SELECT round + 1 FROM offer_runs WHERE id = $2), 'open', $5) \
         ON CONFLICT (run_id, account_id) DO NOTHING";
    let (starts_at, court_id) = (bookable.slot.starts_at.timestamp(), bookable.court.id);
    let mut people = Vec::new();
    for w in queue {
        if let Some(account) = accounts::account(db, w.account_id).await? {
            people.push((w.id, account));
        }
    }
    let mut tx = db.begin_write().await?;
    for (watch_id, account) in &people {
        let offer_id = Uuid::new_v4();
        on_tx!(&mut tx, tx => sqlx::query(OFFER)
            .bind(offer_id).bind(run).bind(account.id).bind(watch_id).bind(now)
            .execute(&mut **tx).await.map(|_| ()))?;
        let quote = bookable.rules.quote(bookable, account.category());
        let payload = PushText::open(account.language(), bookable, &quote.price)
            .payload(offer_id, court_id, starts_at);
        let message = NewMessage {
            payload: &payload,
            topic: Some(&topic(court_id, starts_at)),
            urgency: urgency(starts_at, now),
            expires_at: starts_at,
        };
        enqueue_for_account_in(&mut tx, account.id, &message, now).await?;
    }
    finish_in(&mut tx, run, over, "broadcast", now).await?;
    tx.commit().await?;
    Ok(people.len() as u64)
}

async fn finish(
    db: &Db,
    run: Uuid,
    current: Option<(Uuid, &'static str)>,
    outcome: &str,
    now: i64,
) -> sqlx::Result<()> {
    let mut tx = db.begin_write().await?;
    finish_in(&mut tx, run, current, outcome, now).await?;
    tx.commit().await
}

/// Ends a run: the live exclusive offer gets `current`'s status, open ones
/// are `gone` unless booked, and the run is `done` with `outcome`.
async fn finish_in(
    tx: &mut crate::db::Tx,
    run: Uuid,
    current: Option<(Uuid, &'static str)>,
    outcome: &str,
    now: i64,
) -> sqlx::Result<()> {
    const CURRENT: &str =
        "UPDATE offers SET status = $2, decided_at = $3 WHERE id = $1 AND status = 'offered'";
    const RUN: &str = "UPDATE offer_runs SET state = 'done', outcome = $2 WHERE id = $1";
    if let Some((id, status)) = current {
        on_tx!(tx, tx => sqlx::query(CURRENT).bind(id).bind(status).bind(now).execute(&mut **tx).await.map(|_| ()))?;
    }
    on_tx!(tx, tx => sqlx::query(RUN).bind(run).bind(outcome).execute(&mut **tx).await.map(|_| ()))
}

fn instant(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(t, 0).unwrap_or_default()
}

/// One topic per slot: a newer message about it replaces an older one
/// still waiting at the push service (RFC 8030 §5.4).
fn topic(court_id: i64, starts_at: i64) -> String {
    format!("slot-{court_id}-{starts_at}")
}

/// High when the slot starts within two hours: the phone should wake.
fn urgency(starts_at: i64, now: i64) -> &'static str {
    if starts_at - now <= 2 * 3600 {
        "high"
    } else {
        "normal"
    }
}

/// What the push says, in the watcher's language.
struct PushText {
    title: String,
    body: String,
    action: &'static str,
}

impl PushText {
    fn when(language: Language, b: &availability::BookableSlot) -> String {
        let start = b.slot.starts_at.with_timezone(&b.tz);
        let end = b.slot.ends_at.with_timezone(&b.tz);
        let day = weekday_date(language, start.date_naive());
        format!("{day} {}–{}", start.format("%H:%M"), end.format("%H:%M"))
    }

    fn exclusive(
        language: Language,
        b: &availability::BookableSlot,
        price: &Money,
        minutes: i64,
    ) -> PushText {
        let when = PushText::when(language, b);
        let price = money(language, price);
        match language {
            Language::En => PushText {
                title: format!("Free: {}, {}", b.court.name, b.venue.name),
                body: format!("{when} ({price}) is held for you for {minutes} minutes. Tap to book."),
                action: "Book",
            },
            _ => PushText {
                title: format!("Ledig tid: {}, {}", b.court.name, b.venue.name),
                body: format!("{when} ({price}) är reserverad åt dig i {minutes} minuter. Tryck för att boka."),
                action: "Boka",
            },
        }
    }

    fn open(language: Language, b: &availability::BookableSlot, price: &Money) -> PushText {
        let when = PushText::when(language, b);
        let price = money(language, price);
        match language {
            Language::En => PushText {
                title: format!("Free: {}, {}", b.court.name, b.venue.name),
                body: format!("{when} ({price}) is free. Whoever books first gets it."),
                action: "Book",
            },
            _ => PushText {
                title: format!("Ledig tid: {}, {}", b.court.name, b.venue.name),
                body: format!("{when} ({price}) är ledig. Den som bokar först får den."),
                action: "Boka",
            },
        }
    }

    /// The JSON the service worker shows (public/sw.js).
    fn payload(&self, offer_id: Uuid, court_id: i64, starts_at: i64) -> String {
        serde_json::json!({
            "title": self.title,
            "body": self.body,
            "url": format!("/offers/{offer_id}"),
            "tag": topic(court_id, starts_at),
            "action": self.action,
        })
        .to_string()
    }
}

impl OfferRow {
    /// The offer as its watcher sees it now: a hold that was paid reads
    /// `booked`, one that ran out `expired`, before the worker records it.
    pub fn to_api(&self, language: Language) -> Offer {
        let now = Utc::now().timestamp();
        let mut status = OfferStatus::parse(&self.status).unwrap_or(OfferStatus::Gone);
        if status == OfferStatus::Offered {
            status = match self.booking_status.as_deref() {
                Some("confirmed") => OfferStatus::Booked,
                Some("held") if self.hold_expires_at.unwrap_or(0) > now => OfferStatus::Offered,
                _ => OfferStatus::Expired,
            };
        }
        let tz: Tz = self
            .timezone
            .parse()
            .unwrap_or(chrono_tz::Europe::Stockholm);
        let (start, end) = (
            instant(self.starts_at).with_timezone(&tz),
            instant(self.ends_at).with_timezone(&tz),
        );
        let hold_until = self
            .hold_expires_at
            .filter(|_| status == OfferStatus::Offered)
            .map(instant);
        Offer {
            id: self.id,
            status,
            venue_id: self.venue_id,
            venue_name: self.venue_name.clone(),
            court_id: self.court_id,
            court_name: self.court_name.clone(),
            starts_at: instant(self.starts_at),
            ends_at: instant(self.ends_at),
            local_date: start.date_naive(),
            local_start: start.format("%H:%M").to_string(),
            local_end: end.format("%H:%M").to_string(),
            booking_id: self.booking_id.filter(|_| status == OfferStatus::Offered),
            hold_expires_at: hold_until,
            price: Some(Money {
                amount_minor: self.price_minor,
                currency: self.currency.clone(),
            }),
            round: u32::try_from(self.round).unwrap_or_default(),
            how_it_works: how_it_works(
                language,
                status,
                hold_until.map(|t| t.with_timezone(&tz).format("%H:%M").to_string()),
            ),
        }
    }
}

fn how_it_works(language: Language, status: OfferStatus, until: Option<String>) -> String {
    let until = until.unwrap_or_default();
    match (language, status) {
        (Language::En, OfferStatus::Offered) => format!(
            "This time is held for you alone until {until}. Pay before then and it is yours; otherwise it goes to the next person watching. Whoever was offered a time longest ago is asked first, and after three people it goes to everyone at once."
        ),
        (Language::En, OfferStatus::Open) => "Everyone watching this time was told at the same moment: whoever books first gets it.".into(),
        (Language::En, OfferStatus::Booked) => "You booked this time.".into(),
        (Language::En, OfferStatus::Passed) => "You said no thanks; it went to the next person watching.".into(),
        (Language::En, OfferStatus::Expired) => "Your hold ran out; the time went to the next person watching. Your place in the queue is kept for the next one.".into(),
        (Language::En, OfferStatus::Gone) => "Someone else booked this time first.".into(),
        (_, OfferStatus::Offered) => format!(
            "Tiden är reserverad bara åt dig till {until}. Betala innan dess så är den din; annars går den vidare till nästa som bevakar. Den som senast fick ett erbjudande för längst sedan tillfrågas först, och efter tre personer får alla besked samtidigt."
        ),
        (_, OfferStatus::Open) => "Alla som bevakar tiden fick besked samtidigt: den som bokar först får den.".into(),
        (_, OfferStatus::Booked) => "Du har bokat den här tiden.".into(),
        (_, OfferStatus::Passed) => "Du tackade nej; tiden gick vidare till nästa som bevakar.".into(),
        (_, OfferStatus::Expired) => "Din reservation gick ut och tiden gick vidare till nästa som bevakar.".into(),
        (_, OfferStatus::Gone) => "Någon annan bokade tiden först.".into(),
    }
}
