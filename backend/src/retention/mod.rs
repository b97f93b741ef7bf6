//! Retention: data that is no longer needed is deleted (or, for unpaid
//! holds, stripped of the person) after the periods in [`RetentionConfig`],
//! by an hourly job in every `ledig serve` process and by `ledig purge`.
//! GDPR asks that personal data is kept no longer than needed; the rest
//! (push messages, webhook ids, freed-slot events) would otherwise grow
//! without bound. docs/OPERATIONS.md, "What is kept, how long", is the list
//! an operator reads; keep it in step with [`purge`].
//!
//! Kept on purpose: bookings, payments and refunds are accounting records
//! (the Swedish Bookkeeping Act keeps them 7 years); accounts, passkeys and
//! push subscriptions live as long as their account; door credentials stay
//! with their booking (the feed no longer serves them once expired).
//!
//! Every statement is idempotent and works in batches, so several processes
//! purging at once, or a first purge of a years-old database, never hold a
//! write lock for long.

mod store;

use std::{fmt, time::Duration};

use crate::{config::RetentionConfig, db::Db};

const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

/// How many rows one purge removed (or anonymised), per kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub sessions: u64,
    pub sign_in_codes: u64,
    pub ceremonies: u64,
    pub push_messages: u64,
    /// Mails the outbox sent or gave up on (a closure's notices).
    pub mails: u64,
    pub slot_events: u64,
    /// Finished offer runs, each with its offers (who was offered what).
    pub offer_runs: u64,
    pub access_entries: u64,
    pub webhook_events: u64,
    pub unpaid_holds_anonymised: u64,
    pub audit_entries: u64,
    /// Holds counted against the hold limits, past their window.
    pub hold_counts: u64,
}

impl Summary {
    pub fn total(&self) -> u64 {
        self.sessions
            + self.sign_in_codes
            + self.ceremonies
            + self.push_messages
            + self.mails
            + self.slot_events
            + self.offer_runs
            + self.access_entries
            + self.webhook_events
            + self.unpaid_holds_anonymised
            + self.audit_entries
            + self.hold_counts
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "purged {} sessions, {} sign-in codes, {} passkey ceremonies, {} push messages, \
             {} mails, {} slot events, {} finished offer runs, {} door entries, {} webhook events, \
             {} audit entries, {} hold counts; anonymised {} unpaid holds",
            self.sessions,
            self.sign_in_codes,
            self.ceremonies,
            self.push_messages,
            self.mails,
            self.slot_events,
            self.offer_runs,
            self.access_entries,
            self.webhook_events,
            self.audit_entries,
            self.hold_counts,
            self.unpaid_holds_anonymised
        )
    }
}

/// The moment before which a row that stopped being of use is purged.
/// Values below 1 only come from code (the settings refuse them); they count
/// as 1 so that nothing still in use is ever deleted.
fn cutoff(now: i64, amount: u32, unit: i64) -> i64 {
    now - i64::from(amount.max(1)) * unit
}

/// Purges everything past its retention as of `now` (Unix seconds).
pub async fn purge(db: &Db, now: i64, config: &RetentionConfig) -> sqlx::Result<Summary> {
    use store::Purge;
    let days = |n| cutoff(now, n, DAY);
    let hours = |n| cutoff(now, n, HOUR);
    Ok(Summary {
        sessions: store::run(db, Purge::Sessions, days(config.retain_sessions_days)).await?,
        sign_in_codes: store::run(
            db,
            Purge::SignInCodes,
            hours(config.retain_sign_in_codes_hours),
        )
        .await?,
        ceremonies: store::run(db, Purge::Ceremonies, hours(config.retain_ceremonies_hours))
            .await?,
        push_messages: store::run(
            db,
            Purge::PushMessages,
            days(config.retain_push_messages_days),
        )
        .await?,
        // Mails keep the push messages' period: both are notices, of no
        // use once delivered, that name the person they were sent to.
        mails: store::run(db, Purge::Mails, days(config.retain_push_messages_days)).await?,
        // Runs first: an event a run points at is kept until the run goes.
        offer_runs: store::purge_offer_runs(db, days(config.retain_slot_events_days)).await?,
        slot_events: store::purge_slot_events(db, days(config.retain_slot_events_days)).await?,
        access_entries: store::run(
            db,
            Purge::AccessEntries,
            days(config.retain_access_entries_days),
        )
        .await?,
        webhook_events: store::run(
            db,
            Purge::WebhookEvents,
            days(config.retain_webhook_events_days),
        )
        .await?,
        audit_entries: store::run(db, Purge::AuditLog, days(config.retain_audit_days)).await?,
        // Counted over 15 minutes (bookings::hold_limit); an hour is ample.
        hold_counts: store::run(db, Purge::HoldCounts, hours(1)).await?,
        unpaid_holds_anonymised: store::run(
            db,
            Purge::UnpaidHolds,
            days(config.retain_unpaid_holds_days),
        )
        .await?,
    })
}

/// Runs [`purge`] every hour, forever; the first run a minute after start,
/// once the server is up.
pub async fn purge_forever(db: Db, config: RetentionConfig) {
    let mut tick = crate::wake::every_after(Duration::from_secs(60), Duration::from_secs(3600));
    while tick.wait().await {
        let round = purge(&db, chrono::Utc::now().timestamp(), &config).await;
        crate::metrics::job_round("retention", round.is_ok());
        match round {
            Ok(summary) if summary.total() == 0 => {}
            Ok(summary) => tracing::info!("retention: {summary}"),
            Err(error) => tracing::warn!(%error, "retention purge failed"),
        }
    }
}
