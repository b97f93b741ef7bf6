//! `kill -9` in the middle of closures (issue 15): the real `ledig serve`
//! takes holds and payments while staff close court after court, and is
//! SIGKILLed at random moments, three times, restarting on the same
//! database. Afterwards each closure is whole — every booking under it
//! cancelled, refunded in full, its credentials revoked and exactly one
//! notice queued — or absent; no paid booking lies under a closure; every
//! closure staff were answered for is there; and once the server runs
//! again every notice is sent.

use std::{
    sync::{
        atomic::{AtomicU64, AtomicUsize, Ordering},
        Arc, Mutex,
    },
    time::Duration,
};

use backend::{db::Db, mail::read_outbox, on_db, operator::roles};
use chrono::Utc;
use serde_json::{json, Value};
use shared::operator::Role;
use uuid::Uuid;

use crate::durability::violations;
use crate::helpers::{fresh_postgres_url, Engine};
use crate::kill::{add_courts, day_at, Server};

crate::on_both_engines!(kill_9_while_closing_leaves_each_closure_whole_and_every_notice_sent);

const ROUNDS: usize = 3;
const PLAYERS: usize = 4;
const CLOSERS: usize = 3;
/// Paid bookings to have before the first closure.
const PAID_FIRST: u64 = 60;

#[derive(Default)]
struct Load {
    paid: AtomicU64,
    /// Closures staff were answered `201` for, by id.
    closed: Mutex<Vec<Uuid>>,
    /// The next closure to make (an index into the plan).
    next: AtomicUsize,
}

/// One player after another: hold a random slot of the next four days
/// between 09:00 and 16:00 (where the closures come) and pay.
async fn play(client: reqwest::Client, base: String, courts: Vec<i64>, load: Arc<Load>) {
    loop {
        let court = courts[rand::random_range(0..courts.len())];
        let starts_at = day_at(rand::random_range(1..=4), rand::random_range(9..16));
        let n = rand::random_range(0..1000);
        let hold = client
            .post(format!("{base}/api/v1/bookings"))
            .json(&json!({ "court_id": court, "starts_at": starts_at,
                           "name": format!("Spelare {n}"), "email": format!("p{n}@example.se") }))
            .send()
            .await;
        let Ok(hold) = hold else {
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        if hold.status() != 201 {
            continue;
        }
        let Ok(booking) = hold.json::<Value>().await else {
            continue;
        };
        let id = booking["id"].as_str().unwrap_or_default().to_string();
        let key = booking["owner_key"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let paid = client
            .post(format!("{base}/api/v1/payments/demo/{id}/confirm"))
            .header("X-Booking-Key", &key)
            .send()
            .await;
        if paid.is_ok_and(|r| r.status() == 200) {
            load.paid.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Staff signed in: the session cookie and its CSRF token.
struct Staff {
    cookie: String,
    csrf: String,
}

/// Signs in by the code the server mails to its outbox directory.
async fn sign_in(client: &reqwest::Client, base: &str, outbox: &std::path::Path) -> Staff {
    let email = "olle@umea.se";
    let asked = client
        .post(format!("{base}/api/v1/auth/email/start"))
        .json(&json!({"email": email, "language": "sv"}))
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), 202);
    let mut code = None;
    for _ in 0..100 {
        let mails = read_outbox(outbox, 50).await.unwrap();
        code = mails.iter().filter(|m| m.to == email).find_map(|m| {
            m.text
                .split_whitespace()
                .find(|w| w.len() == 6 && w.chars().all(|c| c.is_ascii_digit()))
                .map(str::to_string)
        });
        if code.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let verified = client
        .post(format!("{base}/api/v1/auth/email/verify"))
        .json(&json!({"email": email, "code": code.expect("a sign-in code in the outbox")}))
        .send()
        .await
        .unwrap();
    assert_eq!(verified.status(), 200);
    let cookie = verified.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_string();
    let body: Value = verified.json().await.unwrap();
    Staff {
        cookie,
        csrf: body["csrf_token"].as_str().unwrap().to_string(),
    }
}

/// One closure after another from the plan: a court (or, `None`, the whole
/// venue) on a day, 09:00–16:00.
async fn close(
    client: reqwest::Client,
    base: String,
    staff: Arc<Staff>,
    venue: i64,
    plan: Arc<Vec<(Option<i64>, i64)>>,
    load: Arc<Load>,
) {
    loop {
        let i = load.next.fetch_add(1, Ordering::Relaxed);
        let Some(&(court, day)) = plan.get(i) else {
            return;
        };
        let made = client
            .post(format!("{base}/api/v1/operator/venues/{venue}/closures"))
            .header("cookie", &staff.cookie)
            .header("x-csrf-token", &staff.csrf)
            .json(
                &json!({"court_id": court, "starts_at": day_at(day, 9), "ends_at": day_at(day, 16),
                          "reason": "snow", "note": "Plogas."}),
            )
            .send()
            .await;
        match made {
            Ok(made) if made.status() == 201 => {
                let body: Value = made.json().await.unwrap_or_default();
                if let Some(id) = body["id"].as_str().and_then(|id| id.parse().ok()) {
                    load.closed.lock().unwrap().push(id);
                }
            }
            Ok(made) => {
                let status = made.status();
                panic!(
                    "closure refused: {status} {}",
                    made.text().await.unwrap_or_default()
                )
            }
            // The server was killed under it: the next round goes on.
            Err(_) => return,
        }
    }
}

async fn count(db: &Db, sql: &'static str) -> i64 {
    on_db!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await).unwrap()
}

async fn kill_9_while_closing_leaves_each_closure_whole_and_every_notice_sent(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let url = match engine {
        Engine::Sqlite => format!("sqlite://{}", dir.path().join("ledig.db").display()),
        Engine::Postgres => fresh_postgres_url().await,
    };
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let courts = add_courts(&db).await;
    let venue: i64 =
        on_db!(&db, pool => sqlx::query_scalar("SELECT venue_id FROM courts WHERE id = $1")
        .bind(courts[0]).fetch_one(pool).await)
        .unwrap();
    // The first organisation takes on the venue.
    roles::grant(
        &db,
        "olle@umea.se",
        "Umeå kommun",
        Role::Operator,
        &[],
        Utc::now().timestamp(),
    )
    .await
    .unwrap();
    db.close().await;
    // Each court on each of days 1–4, then the whole venue on day 5.
    let mut plan: Vec<(Option<i64>, i64)> = (1..=4)
        .flat_map(|day| courts.iter().map(move |&c| (Some(c), day)))
        .collect();
    plan.push((None, 5));
    let plan = Arc::new(plan);

    let load = Arc::new(Load::default());
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let outbox = dir.path().join("outbox");
    let mut staff = None;
    for round in 0..ROUNDS {
        let server = Server::start(&url, dir.path());
        let staff = match &staff {
            Some(s) => Arc::clone(s),
            None => staff
                .insert(Arc::new(sign_in(&client, &server.base, &outbox).await))
                .clone(),
        };
        let mut tasks: Vec<_> = (0..PLAYERS)
            .map(|_| {
                tokio::spawn(play(
                    client.clone(),
                    server.base.clone(),
                    courts.clone(),
                    load.clone(),
                ))
            })
            .collect();
        if round == 0 {
            let until = std::time::Instant::now() + Duration::from_secs(30);
            while load.paid.load(Ordering::Relaxed) < PAID_FIRST
                && std::time::Instant::now() < until
            {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
        let closed_before = load.closed.lock().unwrap().len();
        tasks.extend((0..CLOSERS).map(|_| {
            tokio::spawn(close(
                client.clone(),
                server.base.clone(),
                staff.clone(),
                venue,
                plan.clone(),
                load.clone(),
            ))
        }));
        // Kill at a random moment once closures are being answered.
        let until = std::time::Instant::now() + Duration::from_secs(20);
        while load.closed.lock().unwrap().len() < closed_before + 2
            && std::time::Instant::now() < until
        {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tokio::time::sleep(Duration::from_millis(rand::random_range(0..150))).await;
        server.kill_9();
        for task in tasks {
            task.abort();
        }
    }

    // A notice a killed process had leased waits out its lease (two
    // minutes) before another sends it: let that time pass.
    let db = Db::connect(&url).await.unwrap();
    let leased = count(
        &db,
        "SELECT COUNT(*) FROM mail_outbox WHERE status = 'pending' AND leased_until > 0",
    )
    .await;
    on_db!(&db, pool => sqlx::query("UPDATE mail_outbox SET leased_until = leased_until - 130 WHERE status = 'pending'")
        .execute(pool).await.map(|_| ()))
    .unwrap();
    // Once more, until the mail worker has sent every queued notice.
    let server = Server::start(&url, dir.path());
    let until = std::time::Instant::now() + Duration::from_secs(60);
    while count(
        &db,
        "SELECT COUNT(*) FROM mail_outbox WHERE status <> 'sent'",
    )
    .await
        > 0
    {
        assert!(
            std::time::Instant::now() < until,
            "the notices were not all sent"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    server.kill_9();
    eprintln!("{leased} notices were leased by a killed process");

    // Every closure answered is there; the load did something.
    let closures = count(&db, "SELECT COUNT(*) FROM closures").await;
    let answered = load.closed.lock().unwrap().clone();
    for id in &answered {
        let there: i64 =
            on_db!(&db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM closures WHERE id = $1")
            .bind(id).fetch_one(pool).await)
            .unwrap();
        assert_eq!(there, 1, "closure {id} was answered but is gone");
    }
    let cancelled = count(
        &db,
        "SELECT COUNT(*) FROM bookings WHERE closure_id IS NOT NULL",
    )
    .await;
    assert!(
        answered.len() >= ROUNDS * 2 && cancelled >= 10,
        "the load did too little: {closures} closures ({} answered), {cancelled} bookings cancelled by them, {} paid",
        answered.len(),
        load.paid.load(Ordering::Relaxed)
    );

    // Money, status and credentials agree everywhere.
    let found = violations(&db).await;
    assert!(
        found.is_empty(),
        "{} disagreements: {found:#?}",
        found.len()
    );
    // No paid booking lies under a closure: the closure cancelled it, or
    // the booking was refused the closed slot.
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM bookings b JOIN courts c ON c.id = b.court_id JOIN closures cl \
             ON cl.venue_id = c.venue_id AND (cl.court_id IS NULL OR cl.court_id = b.court_id) \
             WHERE b.status = 'confirmed' AND b.starts_at < cl.ends_at AND b.ends_at > cl.starts_at"
        )
        .await,
        0
    );
    // Each cancelled booking: cancelled, refunded in full, no fee.
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM bookings WHERE closure_id IS NOT NULL AND (status <> 'cancelled' \
             OR COALESCE(cancel_fee_minor, 0) <> 0 \
             OR (cancelled_from = 'confirmed' AND refund_minor <> price_minor))"
        )
        .await,
        0
    );
    let refunded = count(
        &db,
        "SELECT CAST(COALESCE(SUM(r.amount_minor), 0) AS BIGINT) FROM refunds r JOIN bookings b ON b.id = r.booking_id \
         WHERE b.closure_id IS NOT NULL AND r.status = 'succeeded'",
    )
    .await;
    let paid_under = count(
        &db,
        "SELECT CAST(COALESCE(SUM(price_minor), 0) AS BIGINT) FROM bookings \
         WHERE closure_id IS NOT NULL AND cancelled_from = 'confirmed'",
    )
    .await;
    assert_eq!(
        refunded, paid_under,
        "every paid booking under a closure is refunded in full"
    );
    // Exactly one notice queued per cancelled booking, and each one sent
    // (the outbox holds a mail naming the booking).
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM mail_outbox").await,
        cancelled
    );
    let ids: Vec<Uuid> = on_db!(&db, pool => sqlx::query_scalar("SELECT id FROM bookings WHERE closure_id IS NOT NULL")
        .fetch_all(pool).await)
    .unwrap();
    let mails = read_outbox(&outbox, 100_000).await.unwrap();
    for id in ids {
        let id = id.to_string();
        assert!(
            mails.iter().any(|m| m.text.contains(&id)),
            "no notice was sent for booking {id}"
        );
    }
    db.close().await;
}
