//! Money, status and door credentials never disagree: a confirmation and its
//! credentials (and Stripe's `succeeded`), a cancellation and its revocation,
//! an entry and its check-in each commit whole or not at all, whatever cuts
//! them off (a client that disconnects, a failing statement); and the repair
//! pass mends what an older release left. On both engines.

use std::time::Duration;

use backend::{config::ServeConfig, db::Db, on_db, payments, repair};
use chrono::Utc;
use serde_json::{json, Value};
use shared::{Booking, BookingStatus};
use uuid::Uuid;

use crate::fake_stripe::FakeStripe;
use crate::helpers::{
    json, problem, spawn_app, spawn_app_with, tomorrow_at, CourtSpec, Engine, TestApp,
};

crate::on_both_engines!(
    clients_that_disconnect_never_leave_a_paid_booking_without_credentials,
    a_failed_credential_issue_confirms_nothing,
    a_failed_revocation_cancels_nothing,
    a_cancel_racing_an_issue_never_leaves_a_live_credential,
    an_entry_cut_before_its_check_in_is_applied_on_retry,
    a_webhook_confirm_and_its_payment_status_commit_together,
    a_free_booking_confirms_without_a_payment,
    repair_fixes_credentials_that_disagree_with_the_status,
    repair_settles_payments_that_disagree_with_their_booking,
);

/// Everything that disagrees in the database, one line each: a confirmed
/// booking (not over, not a no-show) without exactly one live QR token that
/// verifies for its court and one live door code equal to the booking's; a
/// booking not confirmed with a live credential; a refund that is not the
/// amount the cancellation gave back, not done, or not of a cancellation.
pub async fn violations(db: &Db) -> Vec<String> {
    #[derive(sqlx::FromRow)]
    struct Confirmed {
        id: Uuid,
        court_id: i64,
        qr: i64,
        codes: i64,
        token: Option<String>,
    }
    const CONFIRMED: &str = "SELECT b.id, b.court_id, \
         (SELECT COUNT(*) FROM access_credentials a WHERE a.booking_id = b.id AND a.kind = 'qr' AND a.revoked_at IS NULL) AS qr, \
         (SELECT COUNT(*) FROM access_credentials a WHERE a.booking_id = b.id AND a.kind = 'code' AND a.revoked_at IS NULL \
            AND a.code = b.door_code) AS codes, \
         (SELECT MAX(a.token) FROM access_credentials a WHERE a.booking_id = b.id AND a.kind = 'qr' AND a.revoked_at IS NULL) AS token \
         FROM bookings b WHERE b.status = 'confirmed' AND b.no_show_at IS NULL AND b.ends_at > $1";
    const LIVE_ON_INACTIVE: &str =
        "SELECT DISTINCT a.booking_id, b.status FROM access_credentials a \
         JOIN bookings b ON b.id = a.booking_id \
         WHERE a.revoked_at IS NULL AND (b.status <> 'confirmed' OR b.no_show_at IS NOT NULL)";
    const REFUNDS: &str =
        "SELECT b.id, b.status, COALESCE(b.refund_minor, 0), COALESCE(r.amount_minor, 0), \
         COALESCE(r.status, 'none') FROM bookings b LEFT JOIN refunds r ON r.booking_id = b.id \
         WHERE r.booking_id IS NOT NULL OR COALESCE(b.refund_minor, 0) > 0";
    let now = Utc::now().timestamp();
    let keys = backend::access::keys::list(db, now).await.unwrap();
    let mut found = Vec::new();
    let confirmed: Vec<Confirmed> = on_db!(db, pool => sqlx::query_as::<_, Confirmed>(CONFIRMED)
        .bind(now).fetch_all(pool).await)
    .unwrap();
    for b in confirmed {
        if b.qr != 1 || b.codes != 1 {
            found.push(format!(
                "confirmed {} has {} live QR tokens and {} live door codes",
                b.id, b.qr, b.codes
            ));
            continue;
        }
        let token = b.token.unwrap_or_default();
        let valid = shared::access::decode_token(&token).is_ok_and(|(_, claims, _)| {
            shared::access::verify_token(&token, &keys, b.court_id, claims.nbf + 1, 0).is_ok()
        });
        if !valid {
            found.push(format!(
                "confirmed {} has a QR token that does not verify",
                b.id
            ));
        }
    }
    let live: Vec<(Uuid, String)> = on_db!(db, pool => sqlx::query_as(LIVE_ON_INACTIVE)
        .fetch_all(pool).await)
    .unwrap();
    for (id, status) in live {
        found.push(format!("{status} {id} has a live credential"));
    }
    let refunds: Vec<(Uuid, String, i64, i64, String)> =
        on_db!(db, pool => sqlx::query_as(REFUNDS).fetch_all(pool).await).unwrap();
    for (id, status, owed, refunded, refund_status) in refunds {
        if status != "cancelled" || owed != refunded || refund_status != "succeeded" {
            found.push(format!(
                "{status} {id}: {owed} to refund, refund of {refunded} {refund_status}"
            ));
        }
    }
    found
}

/// Live (unrevoked) QR tokens and door codes of a booking.
async fn live(app: &TestApp, id: Uuid) -> (i64, i64) {
    const SQL: &str = "SELECT \
         (SELECT COUNT(*) FROM access_credentials WHERE booking_id = $1 AND kind = 'qr' AND revoked_at IS NULL), \
         (SELECT COUNT(*) FROM access_credentials WHERE booking_id = $1 AND kind = 'code' AND revoked_at IS NULL)";
    on_db!(&app.db, pool => sqlx::query_as(SQL).bind(id).fetch_one(pool).await).unwrap()
}

async fn status_of(app: &TestApp, id: Uuid) -> String {
    on_db!(&app.db, pool => sqlx::query_scalar("SELECT status FROM bookings WHERE id = $1")
        .bind(id).fetch_one(pool).await)
    .unwrap()
}

async fn run_sql(db: &Db, sql: String) {
    on_db!(db, pool => sqlx::query(sqlx::AssertSqlSafe(sql)).execute(pool).await.map(|_| ()))
        .unwrap()
}

/// Makes `event` (`INSERT`, `UPDATE OF column`) on `table` fail for rows
/// matching `when` (over `NEW`), as a full disk or a lost connection would,
/// until [`heal`].
async fn inject_failure(db: &Db, name: &str, event: &str, table: &str, when: &str) {
    match db {
        Db::Sqlite(_) => {
            run_sql(
                db,
                format!(
                    "CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW WHEN {when} \
                 BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
                ),
            )
            .await
        }
        Db::Postgres(_) => {
            run_sql(
                db,
                "CREATE OR REPLACE FUNCTION ledig_injected_failure() RETURNS trigger \
                 LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$"
                    .to_string(),
            )
            .await;
            run_sql(
                db,
                format!(
                    "CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW WHEN ({when}) \
                 EXECUTE FUNCTION ledig_injected_failure()"
                ),
            )
            .await
        }
    }
}

async fn heal(db: &Db, name: &str, table: &str) {
    match db {
        Db::Sqlite(_) => run_sql(db, format!("DROP TRIGGER {name}")).await,
        Db::Postgres(_) => run_sql(db, format!("DROP TRIGGER {name} ON {table}")).await,
    }
}

async fn hold(app: &TestApp, court_id: i64, hour: u32) -> Booking {
    let response = app.book(court_id, tomorrow_at(hour)).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

async fn demo_pay(app: &TestApp, id: Uuid) -> reqwest::Response {
    app.post(&format!("/api/v1/payments/demo/{id}/confirm"))
        .await
}

async fn cancel(app: &TestApp, id: Uuid) -> reqwest::Response {
    app.post(&format!("/api/v1/bookings/{id}/cancel")).await
}

async fn booking(app: &TestApp, id: Uuid) -> Booking {
    app.get(&format!("/api/v1/bookings/{id}"))
        .await
        .json()
        .await
        .unwrap()
}

const COURTS: [&str; 6] = ["Bana 1", "Bana 2", "Bana 3", "Bana 4", "Bana 5", "Bana 6"];

async fn six_courts(app: &TestApp) -> Vec<i64> {
    let courts = COURTS.map(CourtSpec::tennis);
    app.add_venue("Hallen", 63.82, 20.26, &courts).await.1
}

/// Players pay and cancel while their requests are cut off at random points
/// (the client gives up: axum drops the handler wherever it was), then retry
/// as a player would. Every paid booking ends with its credentials, every
/// cancelled one with none live.
async fn clients_that_disconnect_never_leave_a_paid_booking_without_credentials(engine: Engine) {
    let app = spawn_app(engine).await;
    let courts = six_courts(&app).await;
    let mut ids = Vec::new();
    for &court in &courts {
        for hour in 7..22 {
            ids.push(hold(&app, court, hour).await.id);
        }
    }
    let cancels: Vec<Uuid> = ids.iter().copied().step_by(3).collect();
    let server = app.address.trim_start_matches("http://").to_string();
    // Waves of requests, all at once, each cut off at a random moment up to
    // a limit that doubles from wave to wave (8 ms to 4 s): whatever a
    // request takes on this machine, some are cut before, during and after
    // their commit. A booking is asked again in the next wave until its
    // change is made.
    let mut cut_off = 0;
    for (path, targets, done) in [
        ("/api/v1/payments/demo/{id}/confirm", &ids, "confirmed"),
        ("/api/v1/bookings/{id}/cancel", &cancels, "cancelled"),
    ] {
        for wave in 0..10 {
            let limit = 8_000u64 << wave;
            let mut pending = Vec::new();
            for &id in targets.iter() {
                if status_of(&app, id).await != done {
                    pending.push(id);
                }
            }
            if pending.is_empty() {
                break;
            }
            let attempts = pending.iter().map(|&id| {
                // As the booking's owner: its key in the query (no headers here).
                let key = app.owner_keys.key_for(id);
                let path = format!("{}?key={key}", path.replace("{id}", &id.to_string()));
                let server = server.clone();
                let cut = Duration::from_micros(rand::random_range(0..limit));
                tokio::spawn(post_and_hang_up(server, path, cut))
            });
            let started = std::time::Instant::now();
            futures::future::join_all(attempts).await;
            let took = started.elapsed();
            // The server finishes (or has dropped) what it was doing.
            tokio::time::sleep(Duration::from_millis(300)).await;
            eprintln!(
                "{path}: wave {wave} (cut within {limit} µs): {} asked, {took:?}",
                pending.len()
            );
        }
        for &id in targets.iter() {
            let status = status_of(&app, id).await;
            let (qr, codes) = live(&app, id).await;
            if (status == "confirmed") != (qr + codes > 0) {
                cut_off += 1;
            }
        }
    }
    // The players try again: paying what is not paid yet, cancelling again.
    for &id in &ids {
        let status = demo_pay(&app, id).await.status().as_u16();
        assert!(status == 200 || status == 409, "{status}");
    }
    for &id in &cancels {
        assert_eq!(cancel(&app, id).await.status(), 200);
    }
    let found = violations(&app.db).await;
    assert!(
        found.is_empty(),
        "{} disagreements ({cut_off} bookings whose credentials disagreed with their status before the retries): {found:#?}",
        found.len()
    );
    for &id in &ids {
        let b = booking(&app, id).await;
        let expected = if cancels.contains(&id) {
            BookingStatus::Cancelled
        } else {
            BookingStatus::Confirmed
        };
        assert_eq!(b.status, expected, "{id}");
        assert_eq!(
            b.access_token.is_some(),
            expected == BookingStatus::Confirmed
        );
    }
}

/// Sends `POST path` and closes the connection after `cut` unless the answer
/// came first, as a phone losing its network does.
async fn post_and_hang_up(server: String, path: String, cut: Duration) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let Ok(mut stream) = tokio::net::TcpStream::connect(&server).await else {
        return;
    };
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {server}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).await.is_err() {
        return;
    }
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(cut, stream.read_to_end(&mut answer)).await;
    // Dropped: the socket closes, unread answer or not.
}

/// Issuing the credentials fails half-way: the booking is not confirmed
/// either (before, it stayed confirmed without a door code, and paying again
/// returned it as it was).
async fn a_failed_credential_issue_confirms_nothing(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let held = hold(&app, f.court_id, 18).await;
    inject_failure(
        &app.db,
        "no_codes",
        "INSERT",
        "access_credentials",
        "NEW.kind = 'code'",
    )
    .await;
    let failed = demo_pay(&app, held.id).await;
    assert_eq!(failed.status(), 500);
    assert_eq!(status_of(&app, held.id).await, "held");
    assert_eq!(live(&app, held.id).await, (0, 0));
    heal(&app.db, "no_codes", "access_credentials").await;

    let paid: Booking = demo_pay(&app, held.id).await.json().await.unwrap();
    assert_eq!(paid.status, BookingStatus::Confirmed);
    assert!(paid.door_code.is_some() && paid.access_token.is_some());
    assert_eq!(live(&app, held.id).await, (1, 1));
    assert_eq!(violations(&app.db).await, Vec::<String>::new());
}

/// Revoking the credentials fails half-way: the booking is not cancelled
/// either (before, it was cancelled and its door code kept working).
async fn a_failed_revocation_cancels_nothing(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let paid = app.confirmed(f.court_id, 18, false).await;
    inject_failure(
        &app.db,
        "no_revoke",
        "UPDATE OF revoked_at",
        "access_credentials",
        "NEW.revoked_at IS NOT NULL",
    )
    .await;
    assert_eq!(cancel(&app, paid.id).await.status(), 500);
    assert_eq!(status_of(&app, paid.id).await, "confirmed");
    assert_eq!(live(&app, paid.id).await, (1, 1));
    heal(&app.db, "no_revoke", "access_credentials").await;

    let cancelled: Booking = cancel(&app, paid.id).await.json().await.unwrap();
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    assert_eq!(live(&app, paid.id).await, (0, 0));
    assert_eq!(violations(&app.db).await, Vec::<String>::new());
}

/// Credentials issued for a confirmed booking while it is being cancelled:
/// whichever commits first, the cancelled booking keeps no live credential.
/// (Before, the issue checked the status outside its transaction: a cancel
/// and its revocation committing in between left the new credentials live.)
async fn a_cancel_racing_an_issue_never_leaves_a_live_credential(engine: Engine) {
    let app = spawn_app(engine).await;
    let courts = six_courts(&app).await;
    // Confirmed without credentials (as a crash used to leave it), so that
    // the issues below have something to write; a code of its own each, so
    // no redraw touches the booking.
    let unissued = |court: i64, hour: u32, code: String| {
        let app = &app;
        async move {
            let held = hold(app, court, hour).await;
            let row = backend::bookings::store::get(&app.db, held.id)
                .await
                .unwrap()
                .unwrap();
            backend::bookings::store::confirm(&app.db, &row, &code, Utc::now().timestamp())
                .await
                .unwrap();
            held.id
        }
    };
    let cancel_url = |id: Uuid| {
        let key = app.owner_keys.key_for(id);
        app.url(&format!("/api/v1/bookings/{id}/cancel?key={key}"))
    };

    // SQLite, step by step: the issue is held up before it writes (here
    // creating the signing key waits for the write lock, which the test
    // holds) while the cancellation queues for its turn and then runs to
    // its end.
    if let Db::Sqlite(pool) = &app.db {
        use backend::db::BeginWrite;
        let id = unissued(courts[5], 8, "424242".into()).await;
        run_sql(&app.db, "UPDATE access_keys SET retired_at = 1".into()).await;
        let writer = pool.begin_write().await.unwrap();
        let db = app.db.clone();
        let issue = tokio::spawn(async move { backend::access::issue_for_booking(&db, id).await });
        tokio::time::sleep(Duration::from_millis(200)).await;
        let (client, url) = (app.client.clone(), cancel_url(id));
        let cancel = tokio::spawn(async move { client.post(url).send().await.unwrap().status() });
        tokio::time::sleep(Duration::from_millis(200)).await;
        writer.commit().await.unwrap();
        assert_eq!(cancel.await.unwrap(), 200);
        issue.await.unwrap().unwrap();
        assert_eq!(status_of(&app, id).await, "cancelled");
        assert_eq!(
            live(&app, id).await,
            (0, 0),
            "the cancelled booking kept a live credential"
        );
    }

    // PostgreSQL, step by step: the issue's first insert is held up (a slow
    // disk, say) while the cancellation runs to its end.
    if let Db::Postgres(_) = app.db {
        let id = unissued(courts[5], 8, "424242".into()).await;
        run_sql(
            &app.db,
            "CREATE FUNCTION ledig_slow_insert() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN PERFORM pg_sleep(0.5); RETURN NEW; END $$"
                .into(),
        )
        .await;
        run_sql(
            &app.db,
            "CREATE TRIGGER slow_insert BEFORE INSERT ON access_credentials \
             FOR EACH ROW EXECUTE FUNCTION ledig_slow_insert()"
                .into(),
        )
        .await;
        let db = app.db.clone();
        let issue = tokio::spawn(async move { backend::access::issue_for_booking(&db, id).await });
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(
            app.client
                .post(cancel_url(id))
                .send()
                .await
                .unwrap()
                .status(),
            200
        );
        issue.await.unwrap().unwrap();
        heal(&app.db, "slow_insert", "access_credentials").await;
        assert_eq!(status_of(&app, id).await, "cancelled");
        assert_eq!(
            live(&app, id).await,
            (0, 0),
            "the cancelled booking kept a live credential"
        );
    }

    // Both engines, at random: one cancellation and several issues (a retry,
    // the repair pass) per booking, all at once.
    let mut ids = Vec::new();
    for (n, &court) in courts[..4].iter().enumerate() {
        for hour in 7..22 {
            ids.push(unissued(court, hour, format!("{:06}", n * 100 + hour as usize)).await);
        }
    }
    let races = ids.iter().map(|&id| {
        let (db, client, url) = (app.db.clone(), app.client.clone(), cancel_url(id));
        let cancel_at = rand::random_range(0..2_000u64);
        tokio::spawn(async move {
            let issues = (0..8u64).map(|i| {
                let db = db.clone();
                async move {
                    tokio::time::sleep(Duration::from_micros(i * 700)).await;
                    backend::access::issue_for_booking(&db, id).await.unwrap();
                }
            });
            let cancel = async {
                tokio::time::sleep(Duration::from_micros(cancel_at)).await;
                assert_eq!(client.post(url).send().await.unwrap().status(), 200);
            };
            futures::join!(futures::future::join_all(issues), cancel);
        })
    });
    for race in futures::future::join_all(races).await {
        race.unwrap();
    }
    let mut kept = Vec::new();
    for &id in &ids {
        assert_eq!(status_of(&app, id).await, "cancelled");
        if live(&app, id).await != (0, 0) {
            kept.push(id);
        }
    }
    assert!(
        kept.is_empty(),
        "{} cancelled bookings kept a live credential",
        kept.len()
    );
    assert_eq!(violations(&app.db).await, Vec::<String>::new());
}

/// An entry whose check-in fails is not stored either, so the lock's retry
/// of the same event checks the player in (before, the retry was a
/// "duplicate" and the player on court became a no-show).
async fn an_entry_cut_before_its_check_in_is_applied_on_retry(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let (controller, secret) = backend::access::controllers::create(&app.db, "Gate", &[f.court_id])
        .await
        .unwrap();
    let auth = format!("Bearer {controller}.{secret}");
    let b = app.confirmed(f.court_id, 10, true).await;
    // Locks know the booking by its access reference only.
    let booking_ref = backend::bookings::owner::access_ref(b.id);
    let batch = json!({"entries": [{"event_id": Uuid::new_v4(), "booking_ref": booking_ref,
        "court_id": f.court_id, "method": "qr", "result": "accepted", "at": Utc::now()}]});
    let report = || {
        app.client
            .post(app.url("/api/v1/access/entries"))
            .header("authorization", &auth)
            .json(&batch)
            .send()
    };
    inject_failure(
        &app.db,
        "no_check_in",
        "UPDATE OF checked_in_at",
        "bookings",
        "NEW.checked_in_at IS NOT NULL",
    )
    .await;
    assert_eq!(report().await.unwrap().status(), 500);
    let stored: i64 =
        on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM access_entries")
        .fetch_one(pool).await)
        .unwrap();
    assert_eq!(
        stored, 0,
        "the entry is written with its check-in or not at all"
    );
    heal(&app.db, "no_check_in", "bookings").await;

    let retried: Value = json(report().await.unwrap()).await;
    assert_eq!(retried, json!({"accepted": 1, "duplicates": 0}));
    let (checked_in, effect): (Option<i64>, Option<String>) = on_db!(&app.db, pool => sqlx::query_as(
        "SELECT b.checked_in_at, e.effect FROM bookings b JOIN access_entries e ON e.booking_id = b.id WHERE b.id = $1")
        .bind(b.id).fetch_one(pool).await)
    .unwrap();
    assert!(checked_in.is_some());
    assert_eq!(effect.as_deref(), Some("checked_in"));
    // The player on court is not marked a no-show.
    let later = Utc::now().timestamp() + 3_000;
    backend::access::noshow::mark_no_shows(&app.db, later)
        .await
        .unwrap();
    let no_show: Option<i64> =
        on_db!(&app.db, pool => sqlx::query_scalar("SELECT no_show_at FROM bookings WHERE id = $1")
        .bind(b.id).fetch_one(pool).await)
        .unwrap();
    assert_eq!(no_show, None);
}

struct StripeSetup {
    app: TestApp,
    fake: FakeStripe,
    court_id: i64,
}

async fn with_stripe(engine: Engine) -> StripeSetup {
    let fake = FakeStripe::start().await;
    let mut config = ServeConfig::for_tests();
    config.stripe = fake.config();
    let app = spawn_app_with(engine, config).await;
    let court_id = app.add_fixture().await.court_id;
    StripeSetup {
        app,
        fake,
        court_id,
    }
}

impl StripeSetup {
    /// A held booking and its PaymentIntent id.
    async fn held_with_intent(&self, hour: u32) -> (Booking, String) {
        let held = hold(&self.app, self.court_id, hour).await;
        let intent = json(
            self.app
                .post(&format!("/api/v1/payments/stripe/{}/intent", held.id))
                .await,
        )
        .await;
        (held, intent["intent_id"].as_str().unwrap().to_string())
    }

    async fn deliver_success(&self, intent_id: &str) -> reqwest::Response {
        let event = self
            .fake
            .intent_event("payment_intent.succeeded", intent_id);
        self.fake
            .deliver(&self.app.url("/api/v1/payments/stripe/webhook"), &event)
            .await
    }

    /// Held, paid at Stripe and confirmed by the webhook.
    async fn paid(&self, hour: u32) -> (Booking, String) {
        let (held, intent_id) = self.held_with_intent(hour).await;
        self.fake.succeed(&intent_id);
        assert_eq!(self.deliver_success(&intent_id).await.status(), 200);
        (held, intent_id)
    }

    async fn payment_status(&self, intent_id: &str) -> String {
        on_db!(&self.app.db, pool => sqlx::query_scalar("SELECT status FROM payments WHERE intent_id = $1")
            .bind(intent_id).fetch_one(pool).await)
        .unwrap()
    }

    async fn set_payment_status(&self, intent_id: &str, status: &str) {
        on_db!(&self.app.db, pool => sqlx::query("UPDATE payments SET status = $2 WHERE intent_id = $1")
            .bind(intent_id).bind(status).execute(pool).await.map(|_| ()))
        .unwrap()
    }

    async fn refund_row(&self, id: Uuid) -> Option<(String, i64, String)> {
        on_db!(&self.app.db, pool => sqlx::query_as("SELECT provider, amount_minor, status FROM refunds WHERE booking_id = $1")
            .bind(id).fetch_optional(pool).await)
        .unwrap()
    }

    fn provider(&self) -> payments::PaymentProvider {
        payments::PaymentProvider::from_config(&self.fake.config()).unwrap()
    }
}

/// The webhook's confirmation and the payment's `succeeded` commit together:
/// when recording the payment fails, the booking is not confirmed either and
/// Stripe's retry confirms it; a cancellation right after then refunds
/// through Stripe (before, the booking stood confirmed with its payment
/// unrecorded, and the cancellation "refunded" through the demo provider:
/// no money moved).
async fn a_webhook_confirm_and_its_payment_status_commit_together(engine: Engine) {
    let s = with_stripe(engine).await;
    let (held, intent_id) = s.held_with_intent(18).await;
    s.fake.succeed(&intent_id);
    let event = s.fake.intent_event("payment_intent.succeeded", &intent_id);
    let webhook = s.app.url("/api/v1/payments/stripe/webhook");
    inject_failure(
        &s.app.db,
        "no_success",
        "UPDATE OF status",
        "payments",
        "NEW.status = 'succeeded'",
    )
    .await;
    assert_eq!(s.fake.deliver(&webhook, &event).await.status(), 500);
    assert_eq!(status_of(&s.app, held.id).await, "held");
    assert_eq!(live(&s.app, held.id).await, (0, 0));
    assert_eq!(
        s.payment_status(&intent_id).await,
        "requires_payment_method"
    );
    heal(&s.app.db, "no_success", "payments").await;

    // Stripe delivers the same event again.
    let retried = json(s.fake.deliver(&webhook, &event).await).await;
    assert_eq!(retried["outcome"], "applied", "{retried}");
    assert_eq!(status_of(&s.app, held.id).await, "confirmed");
    assert_eq!(s.payment_status(&intent_id).await, "succeeded");
    assert_eq!(live(&s.app, held.id).await, (1, 1));

    let cancelled: Booking = cancel(&s.app, held.id).await.json().await.unwrap();
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    let refunds = s.fake.refunds_for(&intent_id);
    assert_eq!(refunds.len(), 1, "refunded through Stripe: {refunds:?}");
    assert_eq!(refunds[0]["amount"], 15000);
    assert_eq!(
        s.refund_row(held.id).await,
        Some(("stripe".into(), 15000, "succeeded".into()))
    );
    assert_eq!(violations(&s.app.db).await, Vec::<String>::new());
}

/// A 0 kr booking with Stripe configured: no PaymentIntent (Stripe refuses
/// 0 kr; this was a 500), confirmed without a payment, with its door
/// credentials; cancelling it refunds nothing.
async fn a_free_booking_confirms_without_a_payment(engine: Engine) {
    let s = with_stripe(engine).await;
    on_db!(&s.app.db, pool => sqlx::query("UPDATE courts SET price_minor = 0 WHERE id = $1")
        .bind(s.court_id).execute(pool).await.map(|_| ()))
    .unwrap();
    let free = hold(&s.app, s.court_id, 18).await;
    assert_eq!(free.price.amount_minor, 0);

    let intent = s
        .app
        .post(&format!("/api/v1/payments/stripe/{}/intent", free.id))
        .await;
    let body = problem(intent, 409).await;
    assert_eq!(body["type"], "/problems/nothing-to-pay");
    assert!(body["detail"]
        .as_str()
        .unwrap()
        .contains(&format!("/api/v1/payments/free/{}/confirm", free.id)));
    assert_eq!(s.fake.intent_count(), 0, "nothing asked of Stripe");

    let confirm = format!("/api/v1/payments/free/{}/confirm", free.id);
    let response = s.app.post(&confirm).await;
    assert_eq!(response.status(), 200);
    let confirmed: Booking = response.json().await.unwrap();
    assert_eq!(confirmed.status, BookingStatus::Confirmed);
    assert!(confirmed.door_code.is_some() && confirmed.access_token.is_some());
    assert_eq!(live(&s.app, free.id).await, (1, 1));
    let again: Booking = s.app.post(&confirm).await.json().await.unwrap();
    assert_eq!(again.door_code, confirmed.door_code);
    let payments: i64 =
        on_db!(&s.app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM payments")
        .fetch_one(pool).await)
        .unwrap();
    assert_eq!(payments, 0);

    let cancelled: Booking = cancel(&s.app, free.id).await.json().await.unwrap();
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    let outcome = cancelled.cancellation.unwrap();
    assert_eq!(
        (outcome.refund.amount_minor, outcome.refund_status.as_str()),
        (0, "none")
    );
    assert_eq!(s.refund_row(free.id).await, None);
    assert!(s.fake.ledger.lock().unwrap().refunds.is_empty());
    assert_eq!(live(&s.app, free.id).await, (0, 0));

    // A booking that costs money is not confirmed for free.
    on_db!(&s.app.db, pool => sqlx::query("UPDATE courts SET price_minor = 15000 WHERE id = $1")
        .bind(s.court_id).execute(pool).await.map(|_| ()))
    .unwrap();
    let priced = hold(&s.app, s.court_id, 20).await;
    let refused = s
        .app
        .post(&format!("/api/v1/payments/free/{}/confirm", priced.id))
        .await;
    assert_eq!(problem(refused, 409).await["type"], "/problems/not-free");
    assert_eq!(status_of(&s.app, priced.id).await, "held");
    problem(
        s.app
            .post(&format!("/api/v1/payments/free/{}/confirm", Uuid::new_v4()))
            .await,
        404,
    )
    .await;
    assert_eq!(violations(&s.app.db).await, Vec::<String>::new());
}

/// Bad states put in with SQL, as a crash under an older release left them:
/// the repair pass gives paid bookings their credentials and takes them from
/// inactive ones, and leaves alone what agrees.
async fn repair_fixes_credentials_that_disagree_with_the_status(engine: Engine) {
    let app = spawn_app(engine).await;
    let courts = six_courts(&app).await;
    let sql = |sql: &'static str, id: Uuid| app.exec(sql, id, Utc::now().timestamp());
    // Confirmed, its credentials revoked (missing).
    let bare = app.confirmed(courts[0], 10, false).await;
    sql(
        "UPDATE access_credentials SET revoked_at = $2 WHERE booking_id = $1",
        bare.id,
    )
    .await;
    // Confirmed by an older release: no credentials, no door code.
    let old = hold(&app, courts[0], 12).await;
    sql(
        "UPDATE bookings SET status = 'confirmed', hold_expires_at = NULL, confirmed_at = $2 WHERE id = $1",
        old.id,
    )
    .await;
    // Cancelled, expired and no-show, each with live credentials.
    let cancelled = app.confirmed(courts[1], 10, false).await;
    sql(
        "UPDATE bookings SET status = 'cancelled', cancelled_at = $2, cancelled_from = 'confirmed', \
         cancel_fee_minor = 15000, refund_minor = 0 WHERE id = $1",
        cancelled.id,
    )
    .await;
    let expired = app.confirmed(courts[2], 10, false).await;
    sql(
        "UPDATE bookings SET status = 'expired' WHERE id = $1 AND $2 > 0",
        expired.id,
    )
    .await;
    let no_show = app.confirmed(courts[3], 10, true).await;
    sql(
        "UPDATE bookings SET no_show_at = $2 WHERE id = $1",
        no_show.id,
    )
    .await;
    // What agrees is left alone: a paid booking with its credentials, a
    // past one (nothing to open any more), a plain hold.
    let fine = app.confirmed(courts[4], 10, false).await;
    let past = hold(&app, courts[5], 10).await;
    sql(
        "UPDATE bookings SET status = 'confirmed', hold_expires_at = NULL, starts_at = $2 - 7200, ends_at = $2 - 3600 WHERE id = $1",
        past.id,
    )
    .await;
    let held = hold(&app, courts[5], 12).await;
    assert_eq!(violations(&app.db).await.len(), 5);

    let done = repair::run(&app.db, &payments::PaymentProvider::Demo, Utc::now())
        .await
        .unwrap();
    assert_eq!(
        done,
        repair::Repaired {
            issued: 2,
            revoked: 3,
            ..Default::default()
        }
    );
    assert_eq!(violations(&app.db).await, Vec::<String>::new());
    let repaired = booking(&app, bare.id).await;
    assert_eq!(
        repaired.door_code, bare.door_code,
        "the code the player has"
    );
    assert_eq!(live(&app, bare.id).await, (1, 1));
    assert!(booking(&app, old.id).await.door_code.is_some());
    assert_eq!(live(&app, old.id).await, (1, 1));
    for id in [cancelled.id, expired.id, no_show.id, past.id, held.id] {
        assert_eq!(live(&app, id).await, (0, 0), "{id}");
    }
    assert_eq!(booking(&app, fine.id).await.access_token, fine.access_token);
    assert_eq!(status_of(&app, held.id).await, "held");
    // Nothing left: a second pass changes nothing.
    let again = repair::run(&app.db, &payments::PaymentProvider::Demo, Utc::now())
        .await
        .unwrap();
    assert_eq!(again, repair::Repaired::default());
    assert_eq!(again.to_string(), "Repair: 0 bookings given missing door credentials, 0 inactive bookings' credentials revoked, 0 payments settled, 0 refunds carried out, 0 failed.");
}

/// Stripe payments that disagree with their booking (put in with SQL): the
/// repair pass makes them agree as the webhook's rules say, asking Stripe.
async fn repair_settles_payments_that_disagree_with_their_booking(engine: Engine) {
    let s = with_stripe(engine).await;
    // Paid at Stripe and recorded, the booking still held: confirm it.
    let (unconfirmed, a) = s.held_with_intent(8).await;
    s.fake.succeed(&a);
    s.set_payment_status(&a, "succeeded").await;
    // Paid after the hold lapsed and someone else took the slot: refund.
    let (lost, b) = s.held_with_intent(10).await;
    s.app
        .exec(
            "UPDATE bookings SET hold_expires_at = $2 WHERE id = $1",
            lost.id,
            Utc::now().timestamp() - 60,
        )
        .await;
    let taker = hold(&s.app, s.court_id, 10).await;
    s.fake.succeed(&b);
    s.set_payment_status(&b, "succeeded").await;
    // Confirmed, the payment's success not recorded: record it.
    let (unrecorded, c) = s.paid(12).await;
    s.set_payment_status(&c, "requires_payment_method").await;
    // Cancelled in that state: "refunded" by the demo provider, no money moved.
    let (demo_refunded, d) = s.paid(14).await;
    s.set_payment_status(&d, "requires_payment_method").await;
    assert_eq!(cancel(&s.app, demo_refunded.id).await.status(), 200);
    assert_eq!(
        s.refund_row(demo_refunded.id).await,
        Some(("demo".into(), 15000, "succeeded".into()))
    );
    assert!(s.fake.refunds_for(&d).is_empty());
    // A refund still pending (Stripe could not be reached): carry it out, once.
    let (pending, e) = s.paid(16).await;
    assert_eq!(cancel(&s.app, pending.id).await.status(), 200);
    assert_eq!(s.fake.refunds_for(&e).len(), 1);
    s.app
        .exec(
            "UPDATE refunds SET status = 'pending' WHERE booking_id = $1 AND $2 > 0",
            pending.id,
            1,
        )
        .await;
    s.set_payment_status(&e, "succeeded").await;
    // What agrees is left alone: paid and confirmed; held with an unpaid intent.
    let (fine, _) = s.paid(18).await;
    let (waiting, _) = s.held_with_intent(20).await;

    let done = repair::run(&s.app.db, &s.provider(), Utc::now())
        .await
        .unwrap();
    assert_eq!(
        done,
        repair::Repaired {
            payments: 4,
            refunds: 2,
            ..Default::default()
        },
        "{done}"
    );
    assert_eq!(status_of(&s.app, unconfirmed.id).await, "confirmed");
    assert_eq!(s.payment_status(&a).await, "succeeded");
    assert_eq!(live(&s.app, unconfirmed.id).await, (1, 1));
    assert_eq!(s.payment_status(&b).await, "refunded");
    assert_eq!(s.fake.refunds_for(&b).len(), 1);
    assert_eq!(s.fake.refunds_for(&b)[0]["amount"], 15000);
    assert_eq!(status_of(&s.app, taker.id).await, "held");
    assert_eq!(s.payment_status(&c).await, "succeeded");
    assert_eq!(status_of(&s.app, unrecorded.id).await, "confirmed");
    let redone = s.fake.refunds_for(&d);
    assert_eq!(redone.len(), 1, "refunded through Stripe: {redone:?}");
    assert_eq!(redone[0]["amount"], 15000);
    assert_eq!(
        s.refund_row(demo_refunded.id).await,
        Some(("stripe".into(), 15000, "succeeded".into()))
    );
    assert_eq!(s.payment_status(&d).await, "refunded");
    assert_eq!(s.fake.refunds_for(&e).len(), 1, "not refunded twice");
    assert_eq!(
        s.refund_row(pending.id).await,
        Some(("stripe".into(), 15000, "succeeded".into()))
    );
    assert_eq!(status_of(&s.app, fine.id).await, "confirmed");
    assert_eq!(status_of(&s.app, waiting.id).await, "held");
    assert_eq!(violations(&s.app.db).await, Vec::<String>::new());

    let again = repair::run(&s.app.db, &s.provider(), Utc::now())
        .await
        .unwrap();
    assert_eq!(again, repair::Repaired::default());
}
