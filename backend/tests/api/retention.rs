//! Retention (docs/OPERATIONS.md, "What is kept, how long"): old rows of
//! every kind go, fresh ones stay, accounting records are never touched, a
//! freed-slot event the offer worker still needs is kept; and a period of 0
//! or less is refused at start, naming the setting.

use backend::{
    config::RetentionConfig,
    on_db,
    retention::{self, Summary},
};
use uuid::Uuid;

use crate::{
    helpers::{spawn_app, Engine, TestApp},
    on_both_engines,
};

/// A fixed "now" years ahead of the clock, so the server's own hourly purge
/// (which uses the real time) never touches these rows.
const NOW: i64 = 2_000_000_000;
const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

/// Runs one statement with these bindings (ids as UUIDs, the rest as i64 or text).
enum Arg {
    Id(Uuid),
    Int(i64),
    Text(String),
    /// A NULL BIGINT. (Typed: PostgreSQL keeps a prepared statement's
    /// parameter types, so a NULL text and a NULL integer must differ.)
    Null,
    NullText,
}

async fn exec(app: &TestApp, sql: &'static str, args: Vec<Arg>) {
    on_db!(&app.db, pool => {
        let mut q = sqlx::query(sql);
        for a in args {
            q = match a {
                Arg::Id(id) => q.bind(id),
                Arg::Int(n) => q.bind(n),
                Arg::Text(t) => q.bind(t),
                Arg::Null => q.bind(None::<i64>),
                Arg::NullText => q.bind(None::<String>),
            };
        }
        q.execute(pool).await.map(|_| ())
    })
    .unwrap()
}

async fn ids_left(app: &TestApp, sql: &'static str) -> Vec<Uuid> {
    let mut ids: Vec<Uuid> =
        on_db!(&app.db, pool => sqlx::query_scalar(sql).fetch_all(pool).await).unwrap();
    ids.sort();
    ids
}

fn sorted(mut ids: Vec<Uuid>) -> Vec<Uuid> {
    ids.sort();
    ids
}

async fn session(app: &TestApp, account: Uuid, expires_at: i64, ended_at: Option<i64>) -> Uuid {
    let id = Uuid::new_v4();
    exec(
        app,
        "INSERT INTO sessions (id, token_hash, account_id, csrf_token, method, user_agent, created_at, last_seen_at, expires_at, ended_at) \
         VALUES ($1, $2, $3, 'csrf', 'email_code', 'Firefox on Linux', $4, $4, $5, $6)",
        vec![
            Arg::Id(id),
            Arg::Text(format!("token-{id}")),
            Arg::Id(account),
            Arg::Int(NOW - 100 * DAY),
            Arg::Int(expires_at),
            ended_at.map_or(Arg::Null, Arg::Int),
        ],
    )
    .await;
    id
}

async fn code(app: &TestApp, expires_at: i64, used_at: Option<i64>) -> Uuid {
    let id = Uuid::new_v4();
    exec(
        app,
        "INSERT INTO sign_in_codes (id, email, code_hash, created_at, expires_at, used_at) \
         VALUES ($1, 'ada@example.se', 'hash', $2, $3, $4)",
        vec![
            Arg::Id(id),
            Arg::Int(expires_at - 600),
            Arg::Int(expires_at),
            used_at.map_or(Arg::Null, Arg::Int),
        ],
    )
    .await;
    id
}

async fn ceremony(app: &TestApp, expires_at: i64) -> Uuid {
    let id = Uuid::new_v4();
    exec(
        app,
        "INSERT INTO webauthn_challenges (id, kind, email, name, state, expires_at) \
         VALUES ($1, 'register', 'ada@example.se', 'Ada', '{}', $2)",
        vec![Arg::Id(id), Arg::Int(expires_at)],
    )
    .await;
    id
}

async fn audit_entry(app: &TestApp, at: i64) -> i64 {
    on_db!(&app.db, pool => {
        let org: i64 = sqlx::query_scalar("INSERT INTO organisations (name, created_at) VALUES ($1, $2) RETURNING id")
            .bind(format!("Org {at}")).bind(at).fetch_one(pool).await.unwrap();
        sqlx::query_scalar("INSERT INTO audit_log (organisation_id, action, created_at) VALUES ($1, 'role.granted', $2) RETURNING id")
            .bind(org).bind(at).fetch_one(pool).await
    })
    .unwrap()
}

async fn mail(app: &TestApp, status: &'static str, sent_at: Option<i64>) -> Uuid {
    let id = Uuid::new_v4();
    exec(
        app,
        "INSERT INTO mail_outbox (id, to_address, subject, body, next_attempt_at, status, created_at, sent_at) \
         VALUES ($1, 'ada@example.se', 'Avbokad', 'Banan är stängd.', $2, $3, $2, $4)",
        vec![
            Arg::Id(id),
            Arg::Int(NOW - 10 * DAY),
            Arg::Text(status.into()),
            sent_at.map_or(Arg::Null, Arg::Int),
        ],
    )
    .await;
    id
}

async fn push_message(
    app: &TestApp,
    status: &'static str,
    expires_at: i64,
    sent_at: Option<i64>,
) -> Uuid {
    let id = Uuid::new_v4();
    exec(
        app,
        "INSERT INTO push_outbox (id, subscription_id, payload, urgency, expires_at, next_attempt_at, status, created_at, sent_at) \
         VALUES ($1, $2, '{}', 'normal', $3, $4, $5, $4, $6)",
        vec![
            Arg::Id(id),
            Arg::Id(Uuid::new_v4()),
            Arg::Int(expires_at),
            Arg::Int(expires_at - DAY),
            Arg::Text(status.into()),
            sent_at.map_or(Arg::Null, Arg::Int),
        ],
    )
    .await;
    id
}

async fn slot_event(app: &TestApp, court: i64, ends_at: i64) -> i64 {
    on_db!(&app.db, pool => sqlx::query_scalar(
        "INSERT INTO slot_events (kind, reason, court_id, starts_at, ends_at, created_at) \
         VALUES ('freed', 'cancelled', $1, $2, $3, $4) RETURNING id")
        .bind(court).bind(ends_at - HOUR).bind(ends_at).bind(ends_at - 10 * DAY)
        .fetch_one(pool).await)
    .unwrap()
}

async fn slot_events_left(app: &TestApp) -> Vec<i64> {
    on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM slot_events ORDER BY id")
        .fetch_all(pool).await)
    .unwrap()
}

async fn access_entry(app: &TestApp, received_at: i64) -> Uuid {
    let id = Uuid::new_v4();
    exec(
        app,
        "INSERT INTO access_entries (event_id, controller_id, court_id, method, result, at, received_at) \
         VALUES ($1, 'door-1', 1, 'code', 'accepted', $2, $2)",
        vec![Arg::Id(id), Arg::Int(received_at)],
    )
    .await;
    id
}

async fn webhook_event(app: &TestApp, id: &'static str, received_at: i64) {
    exec(
        app,
        "INSERT INTO stripe_events (event_id, event_type, received_at) VALUES ($1, 'payment_intent.succeeded', $2)",
        vec![Arg::Text(id.into()), Arg::Int(received_at)],
    )
    .await;
}

/// A booking in `status` on `court`, its slot `slot` hours after NOW - 400
/// days (each its own, so no two overlap), held until `hold_expires_at`.
async fn booking(
    app: &TestApp,
    court: i64,
    slot: i64,
    status: &'static str,
    hold_expires_at: Option<i64>,
    cancelled: Option<(&'static str, i64)>,
) -> Uuid {
    let id = Uuid::new_v4();
    let starts_at = NOW - 400 * DAY + slot * HOUR;
    exec(
        app,
        "INSERT INTO bookings (id, court_id, starts_at, ends_at, status, name, email, email_key, price_minor, currency, \
         hold_expires_at, created_at, cancelled_from, cancelled_at) \
         VALUES ($1, $2, $3, $3 + 3600, $4, 'Ada Lovelace', 'Ada@Example.se', 'ada@example.se', 15000, 'SEK', $5, $6, $7, $8)",
        vec![
            Arg::Id(id),
            Arg::Int(court),
            Arg::Int(starts_at),
            Arg::Text(status.into()),
            hold_expires_at.map_or(Arg::Null, Arg::Int),
            Arg::Int(NOW - 401 * DAY),
            cancelled.map_or(Arg::NullText, |c| Arg::Text(c.0.into())),
            cancelled.map_or(Arg::Null, |c| Arg::Int(c.1)),
        ],
    )
    .await;
    id
}

async fn payment(app: &TestApp, booking: Uuid, status: &'static str) {
    exec(
        app,
        "INSERT INTO payments (booking_id, provider, intent_id, amount, currency, status, created_at, updated_at) \
         VALUES ($1, 'stripe', $2, 15000, 'SEK', $3, $4, $4)",
        vec![
            Arg::Id(booking),
            Arg::Text(format!("pi_{}", booking.simple())),
            Arg::Text(status.into()),
            Arg::Int(NOW - 400 * DAY),
        ],
    )
    .await;
}

/// Bookings that still carry a name or an e-mail.
async fn named_bookings(app: &TestApp) -> Vec<Uuid> {
    ids_left(
        app,
        "SELECT id FROM bookings WHERE name <> '' OR email <> '' OR email_key IS NOT NULL",
    )
    .await
}

async fn old_rows_go_and_fresh_ones_stay(engine: Engine) {
    let app = spawn_app(engine).await;
    let court = app.add_fixture().await.court_id;
    let account = Uuid::new_v4();
    exec(
        &app,
        "INSERT INTO accounts (id, email, created_at) VALUES ($1, 'ada@example.se', $2)",
        vec![Arg::Id(account), Arg::Int(NOW - 200 * DAY)],
    )
    .await;
    exec(
        &app,
        "INSERT INTO access_controllers (id, name, secret_hash, created_at) VALUES ('door-1', 'Door', 'x', 0)",
        vec![],
    )
    .await;

    // Sessions: 30 days after their end or expiry, whichever came first.
    let _ended_long_ago = session(&app, account, NOW + DAY, Some(NOW - 31 * DAY)).await;
    let _expired_long_ago = session(&app, account, NOW - 31 * DAY, None).await;
    let ended_lately = session(&app, account, NOW + DAY, Some(NOW - 29 * DAY)).await;
    let expired_lately = session(&app, account, NOW - DAY, None).await;
    let live = session(&app, account, NOW + 10 * DAY, None).await;

    // Sign-in codes: 24 hours after use or expiry.
    let _used_long_ago = code(&app, NOW - 25 * HOUR + 600, Some(NOW - 25 * HOUR)).await;
    let _expired_code = code(&app, NOW - 25 * HOUR, None).await;
    let used_lately = code(&app, NOW - 23 * HOUR + 600, Some(NOW - 23 * HOUR)).await;
    let open_code = code(&app, NOW + 300, None).await;

    // Passkey ceremonies: an hour after expiry.
    let _lapsed_ceremony = ceremony(&app, NOW - 2 * HOUR).await;
    let lapsed_lately = ceremony(&app, NOW - HOUR / 2).await;
    let open_ceremony = ceremony(&app, NOW + 300).await;

    // Push messages: 7 days after delivery or giving up, or expiry unsent.
    let _sent_long_ago = push_message(&app, "sent", NOW - 8 * DAY, Some(NOW - 8 * DAY)).await;
    let _dead_long_ago = push_message(&app, "dead", NOW + DAY, Some(NOW - 8 * DAY)).await;
    let _stale_pending = push_message(&app, "pending", NOW - 8 * DAY, None).await;
    let sent_lately = push_message(&app, "sent", NOW - 6 * DAY, Some(NOW - 6 * DAY)).await;
    let pending = push_message(&app, "pending", NOW + HOUR, None).await;
    let expired_lately_pending = push_message(&app, "pending", NOW - DAY, None).await;

    // Mails (a closure's notices): as push messages, 7 days after sending
    // or giving up; an unsent one stays whatever its age.
    let _mail_sent_long_ago = mail(&app, "sent", Some(NOW - 8 * DAY)).await;
    let _mail_dead_long_ago = mail(&app, "dead", Some(NOW - 8 * DAY)).await;
    let mail_sent_lately = mail(&app, "sent", Some(NOW - 6 * DAY)).await;
    let mail_pending = mail(&app, "pending", None).await;

    // Audit entries: 730 days.
    let _old_audit = audit_entry(&app, NOW - 731 * DAY).await;
    let recent_audit = audit_entry(&app, NOW - 729 * DAY).await;

    // Freed-slot events: 30 days after the slot ended.
    let _old_event = slot_event(&app, court, NOW - 31 * DAY).await;
    let recent_event = slot_event(&app, court, NOW - 29 * DAY).await;
    let future_event = slot_event(&app, court, NOW + 5 * DAY).await;
    // The offer worker has considered them all (it keeps what it has not).
    on_db!(&app.db, pool => sqlx::query("UPDATE slot_events SET considered_at = created_at")
        .execute(pool).await.map(|_| ()))
    .unwrap();

    // Door entries: 90 days.
    let _old_entry = access_entry(&app, NOW - 91 * DAY).await;
    let recent_entry = access_entry(&app, NOW - 89 * DAY).await;

    // Webhook event ids: 30 days.
    webhook_event(&app, "evt_old", NOW - 31 * DAY).await;
    webhook_event(&app, "evt_recent", NOW - 29 * DAY).await;
    // Hold counts: past the hour, and inside the 15-minute window.
    let (old_hold, counting_hold) = (Uuid::new_v4(), Uuid::new_v4());
    for (id, at) in [(old_hold, NOW - 2 * HOUR), (counting_hold, NOW - 60)] {
        exec(
            &app,
            "INSERT INTO hold_events (id, counter_key, at) VALUES ($1, 'client:192.0.2.1', $2)",
            vec![Arg::Id(id), Arg::Int(at)],
        )
        .await;
    }

    // Unpaid holds lose name and e-mail after 30 days; paid bookings (and a
    // hold whose payment may still be live) are accounting records.
    let _lapsed = booking(&app, court, 0, "expired", Some(NOW - 31 * DAY), None).await;
    let _cancelled_held = booking(
        &app,
        court,
        1,
        "cancelled",
        Some(NOW - 300 * DAY),
        Some(("held", NOW - 31 * DAY)),
    )
    .await;
    let lapsed_canceled_payment =
        booking(&app, court, 2, "expired", Some(NOW - 31 * DAY), None).await;
    payment(&app, lapsed_canceled_payment, "canceled").await;
    let lapsed_lately_hold = booking(&app, court, 3, "expired", Some(NOW - 29 * DAY), None).await;
    let confirmed = booking(&app, court, 4, "confirmed", None, None).await;
    let cancelled_paid = booking(
        &app,
        court,
        5,
        "cancelled",
        None,
        Some(("confirmed", NOW - 300 * DAY)),
    )
    .await;
    let lapsed_live_payment = booking(&app, court, 6, "expired", Some(NOW - 31 * DAY), None).await;
    payment(&app, lapsed_live_payment, "requires_payment_method").await;
    let lapsed_refunded = booking(&app, court, 7, "expired", Some(NOW - 31 * DAY), None).await;
    exec(
        &app,
        "INSERT INTO refunds (booking_id, provider, amount_minor, currency, status, created_at, updated_at) \
         VALUES ($1, 'demo', 100, 'SEK', 'succeeded', $2, $2)",
        vec![Arg::Id(lapsed_refunded), Arg::Int(NOW - 300 * DAY)],
    )
    .await;
    let bookings_before = app.booking_count().await;

    let summary = retention::purge(&app.db, NOW, &RetentionConfig::default())
        .await
        .unwrap();
    assert_eq!(
        summary,
        Summary {
            sessions: 2,
            sign_in_codes: 2,
            ceremonies: 1,
            push_messages: 3,
            mails: 2,
            slot_events: 1,
            offer_runs: 0,
            access_entries: 1,
            webhook_events: 1,
            unpaid_holds_anonymised: 3,
            audit_entries: 1,
            hold_counts: 1,
        }
    );
    assert_eq!(
        summary.to_string(),
        "purged 2 sessions, 2 sign-in codes, 1 passkey ceremonies, 3 push messages, \
         2 mails, 1 slot events, 0 finished offer runs, 1 door entries, 1 webhook events, 1 audit entries, \
         1 hold counts; anonymised 3 unpaid holds"
    );

    assert_eq!(
        ids_left(&app, "SELECT id FROM sessions").await,
        sorted(vec![ended_lately, expired_lately, live])
    );
    assert_eq!(
        ids_left(&app, "SELECT id FROM sign_in_codes").await,
        sorted(vec![used_lately, open_code])
    );
    let audit_left: Vec<i64> =
        on_db!(&app.db, pool => sqlx::query_scalar("SELECT id FROM audit_log")
        .fetch_all(pool).await)
        .unwrap();
    assert_eq!(audit_left, vec![recent_audit]);
    assert_eq!(
        ids_left(&app, "SELECT id FROM mail_outbox").await,
        sorted(vec![mail_sent_lately, mail_pending])
    );
    assert_eq!(
        ids_left(&app, "SELECT id FROM webauthn_challenges").await,
        sorted(vec![lapsed_lately, open_ceremony])
    );
    assert_eq!(
        ids_left(&app, "SELECT id FROM push_outbox").await,
        sorted(vec![sent_lately, pending, expired_lately_pending])
    );
    assert_eq!(
        slot_events_left(&app).await,
        vec![recent_event, future_event]
    );
    assert_eq!(
        ids_left(&app, "SELECT event_id FROM access_entries").await,
        vec![recent_entry]
    );
    let webhooks: Vec<String> = on_db!(&app.db, pool =>
        sqlx::query_scalar("SELECT event_id FROM stripe_events").fetch_all(pool).await)
    .unwrap();
    assert_eq!(webhooks, ["evt_recent"]);
    assert_eq!(
        ids_left(&app, "SELECT id FROM hold_events").await,
        vec![counting_hold]
    );

    // No booking row is ever deleted; only the unpaid old holds lost the person.
    assert_eq!(app.booking_count().await, bookings_before);
    assert_eq!(
        named_bookings(&app).await,
        sorted(vec![
            lapsed_lately_hold,
            confirmed,
            cancelled_paid,
            lapsed_live_payment,
            lapsed_refunded
        ])
    );

    // Again: nothing left to do.
    let again = retention::purge(&app.db, NOW, &RetentionConfig::default())
        .await
        .unwrap();
    assert_eq!(again.total(), 0, "{again}");
}

/// The settings move the windows: with 60 days, a session ended 31 days ago
/// stays; with 1 day, one ended 2 days ago goes.
async fn the_periods_are_the_settings(engine: Engine) {
    let app = spawn_app(engine).await;
    let account = Uuid::new_v4();
    exec(
        &app,
        "INSERT INTO accounts (id, email, created_at) VALUES ($1, 'ada@example.se', 0)",
        vec![Arg::Id(account)],
    )
    .await;
    let _month_old = session(&app, account, NOW + DAY, Some(NOW - 31 * DAY)).await;
    let _two_days_old = session(&app, account, NOW + DAY, Some(NOW - 2 * DAY)).await;
    let long = RetentionConfig {
        retain_sessions_days: 60,
        ..RetentionConfig::default()
    };
    assert_eq!(
        retention::purge(&app.db, NOW, &long)
            .await
            .unwrap()
            .sessions,
        0
    );
    let short = RetentionConfig {
        retain_sessions_days: 1,
        ..RetentionConfig::default()
    };
    assert_eq!(
        retention::purge(&app.db, NOW, &short)
            .await
            .unwrap()
            .sessions,
        2
    );
    assert!(ids_left(&app, "SELECT id FROM sessions").await.is_empty());
}

/// The offer worker (watches) marks each freed-slot event it has
/// considered, and an offer run points at its event: an event not yet
/// considered, or one a run still points at, is not purged, however old.
async fn slot_events_the_offer_worker_still_needs_stay(engine: Engine) {
    let app = spawn_app(engine).await;
    let court = app.add_fixture().await.court_id;
    let old = NOW - 100 * DAY;
    let _read = slot_event(&app, court, old).await;
    let in_a_run = slot_event(&app, court, old).await;
    let finished = slot_event(&app, court, old).await;
    let unread = slot_event(&app, court, old).await;
    exec(
        &app,
        "UPDATE slot_events SET considered_at = created_at WHERE id <> $1",
        vec![Arg::Int(unread)],
    )
    .await;
    let run = |event: i64, state: &'static str| {
        vec![
            Arg::Id(Uuid::new_v4()),
            Arg::Int(event),
            Arg::Int(court),
            Arg::Int(old - HOUR),
            Arg::Int(old),
            Arg::Text(state.to_string()),
        ]
    };
    const RUN: &str = "INSERT INTO offer_runs (id, slot_event_id, court_id, starts_at, ends_at, state, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $5)";
    // A run still active is kept, however old, and so is its event.
    exec(&app, RUN, run(in_a_run, "active")).await;
    // A finished one goes, with who was offered what, and then its event.
    let done = run(finished, "done");
    let done_id = match &done[0] {
        Arg::Id(id) => *id,
        _ => unreachable!(),
    };
    exec(&app, RUN, done).await;
    let watcher = Uuid::new_v4();
    exec(
        &app,
        "INSERT INTO accounts (id, email, created_at) VALUES ($1, 'offered@example.se', $2)",
        vec![Arg::Id(watcher), Arg::Int(old)],
    )
    .await;
    exec(
        &app,
        "INSERT INTO offers (id, run_id, account_id, round, status, created_at) VALUES ($1, $2, $3, 1, 'expired', $4)",
        vec![Arg::Id(Uuid::new_v4()), Arg::Id(done_id), Arg::Id(watcher), Arg::Int(old)],
    )
    .await;

    let summary = retention::purge(&app.db, NOW, &RetentionConfig::default())
        .await
        .unwrap();
    assert_eq!((summary.offer_runs, summary.slot_events), (1, 2));
    assert_eq!(slot_events_left(&app).await, vec![in_a_run, unread]);
    let offers: i64 = on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM offers")
        .fetch_one(pool).await)
    .unwrap();
    assert_eq!(offers, 0, "the finished run's offers went with it");
}

on_both_engines!(
    old_rows_go_and_fresh_ones_stay,
    the_periods_are_the_settings,
    slot_events_the_offer_worker_still_needs_stay,
);

/// `ledig purge` prints its one-line summary; a period of 0 or less, as a
/// variable or a flag, is refused before anything runs, naming the setting.
#[test]
fn the_ledig_binary_purges_and_refuses_bad_periods() {
    use std::process::Command;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("ledig.db").display());
    let ledig = |args: &[&str], env: &[(&str, &str)]| {
        Command::new(env!("CARGO_BIN_EXE_ledig"))
            .arg("--database-url")
            .arg(&url)
            .args(args)
            .envs(env.iter().copied())
            .env("LEDIG_LOG", "warn")
            .output()
            .unwrap()
    };
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();

    let out = ledig(&["purge"], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).trim(),
        "purged 0 sessions, 0 sign-in codes, 0 passkey ceremonies, 0 push messages, \
         0 mails, 0 slot events, 0 finished offer runs, 0 door entries, 0 webhook events, 0 audit entries, 0 hold counts; anonymised 0 unpaid holds"
    );

    let out = ledig(&["purge"], &[("LEDIG_RETAIN_SESSIONS_DAYS", "0")]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("LEDIG_RETAIN_SESSIONS_DAYS must be at least 1, got 0"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());

    let out = ledig(&["purge", "--retain-push-messages-days=-3"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("LEDIG_RETAIN_PUSH_MESSAGES_DAYS must be at least 1, got -3"),
        "{stderr}"
    );

    let out = ledig(&["purge"], &[("LEDIG_RETAIN_SIGN_IN_CODES_HOURS", "a day")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("LEDIG_RETAIN_SIGN_IN_CODES_HOURS must be a whole number"));

    // `serve` takes the same settings and refuses the same way.
    let out = ledig(
        &[
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--retain-slot-events-days",
            "0",
        ],
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("LEDIG_RETAIN_SLOT_EVENTS_DAYS must be at least 1"));
}
