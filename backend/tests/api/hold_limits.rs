//! Holds are rate-limited per client address and per signed-in account, in
//! the database (so across processes and restarts), with 429 and
//! Retry-After; a guest's e-mail counts against a venue's per-person limit
//! only together with the client, so a stranger cannot use up someone
//! else's quota (issue 14, item 5).

use backend::{config::ServeConfig, on_db, Application};
use chrono::{DateTime, Utc};
use serde_json::json;

use crate::{
    accounts::sign_in,
    helpers::{problem, spawn_app_with, tomorrow_at, Engine, TestApp},
    on_both_engines,
};

fn limited(per_client: u32, per_person: u32) -> ServeConfig {
    let mut config = ServeConfig::for_tests();
    // Clients are told apart by the address the proxy appends.
    config.accounts.trust_proxy = true;
    config.holds_per_client = per_client;
    config.holds_per_person = per_person;
    config
}

async fn hold_from(
    app: &TestApp,
    client: &str,
    court_id: i64,
    starts_at: DateTime<Utc>,
    email: &str,
) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/bookings"))
        .header("x-forwarded-for", client)
        .json(
            &json!({ "court_id": court_id, "starts_at": starts_at, "name": "Ada", "email": email }),
        )
        .send()
        .await
        .unwrap()
}

/// A second server process on the same database.
async fn another_process(app: &TestApp, config: ServeConfig) -> TestApp {
    let server = Application::build_with_db(app.db.clone(), config)
        .await
        .unwrap();
    let address = format!("http://127.0.0.1:{}", server.port());
    tokio::spawn(server.run_until_stopped());
    TestApp {
        address,
        client: reqwest::Client::new(),
        db: app.db.clone(),
        outbox: app.outbox.clone(),
        owner_keys: app.owner_keys.clone(),
        _dir: tempfile::tempdir().unwrap(),
    }
}

async fn holds_are_limited_per_client_in_every_process(engine: Engine) {
    let app = spawn_app_with(engine, limited(3, 1000)).await;
    let f = app.add_fixture().await;
    let mallory = "203.0.113.5";
    for hour in 8..11 {
        let held = hold_from(
            &app,
            mallory,
            f.court_id,
            tomorrow_at(hour),
            &format!("m{hour}@example.se"),
        )
        .await;
        assert_eq!(held.status().as_u16(), 201);
    }
    let refused = hold_from(&app, mallory, f.court_id, tomorrow_at(11), "m11@example.se").await;
    let retry: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry), "Retry-After {retry}");
    let body = problem(refused, 429).await;
    assert!(body["detail"].as_str().unwrap().contains("min"), "{body}");

    // Another process (or this one restarted) knows: the count is in the database.
    let other = another_process(&app, limited(3, 1000)).await;
    problem(
        hold_from(
            &other,
            mallory,
            f.other_court_id,
            tomorrow_at(12),
            "m12@example.se",
        )
        .await,
        429,
    )
    .await;
    // Someone else is not held up.
    let someone = hold_from(
        &other,
        "198.51.100.7",
        f.court_id,
        tomorrow_at(12),
        "sam@example.se",
    )
    .await;
    assert_eq!(someone.status().as_u16(), 201);
    assert_eq!(app.booking_count().await, 4);
}

async fn holds_are_limited_per_signed_in_person(engine: Engine) {
    let app = spawn_app_with(engine, limited(1000, 2)).await;
    let f = app.add_fixture().await;
    let me = sign_in(&app, "per@example.se").await;
    let hold = |n: u32| {
        let me = &me;
        let app = &app;
        async move {
            app.client
                .post(app.url("/api/v1/bookings"))
                // A new address each time: the account's own limit applies.
                .header("x-forwarded-for", format!("198.51.100.{n}"))
                .header("cookie", &me.cookie)
                .header("x-csrf-token", &me.csrf)
                .json(&json!({ "court_id": f.court_id, "starts_at": tomorrow_at(8 + n), "name": "Per", "email": "per@example.se" }))
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(hold(1).await.status().as_u16(), 201);
    assert_eq!(hold(2).await.status().as_u16(), 201);
    problem(hold(3).await, 429).await;
    // As a guest from yet another address, the account's count is not theirs.
    let guest = hold_from(
        &app,
        "198.51.100.9",
        f.court_id,
        tomorrow_at(14),
        "other@example.se",
    )
    .await;
    assert_eq!(guest.status().as_u16(), 201);
}

async fn a_stranger_cannot_use_up_someone_elses_quota(engine: Engine) {
    let app = spawn_app_with(engine, limited(1000, 1000)).await;
    let f = app.add_fixture().await;
    on_db!(&app.db, pool => sqlx::query("INSERT INTO venue_rules (venue_id, max_active_bookings) VALUES ($1, 1)")
        .bind(f.venue_id).execute(pool).await.map(|_| ())).unwrap();
    let (stranger, ada) = ("203.0.113.66", "192.0.2.10");

    // The stranger holds a slot in Ada's name: Ada can still hold one.
    let squat = hold_from(&app, stranger, f.court_id, tomorrow_at(8), "ada@example.se").await;
    assert_eq!(squat.status().as_u16(), 201);
    let mine = hold_from(&app, ada, f.court_id, tomorrow_at(9), "ada@example.se").await;
    assert_eq!(mine.status().as_u16(), 201);
    // Her own limit still holds.
    let body = problem(
        hold_from(
            &app,
            ada,
            f.other_court_id,
            tomorrow_at(10),
            "ADA@example.se",
        )
        .await,
        422,
    )
    .await;
    assert_eq!(body["type"], "/problems/booking-limit");

    // Signed in, her proved address is the key, from any address.
    let signed_in = sign_in(&app, "bea@example.se").await;
    let squat = hold_from(
        &app,
        stranger,
        f.court_id,
        tomorrow_at(11),
        "bea@example.se",
    )
    .await;
    assert_eq!(squat.status().as_u16(), 201);
    let hold = |hour: u32, client: &'static str| {
        let (app, me) = (&app, &signed_in);
        async move {
            app.client
                .post(app.url("/api/v1/bookings"))
                .header("x-forwarded-for", client)
                .header("cookie", &me.cookie)
                .header("x-csrf-token", &me.csrf)
                .json(&json!({ "court_id": f.other_court_id, "starts_at": tomorrow_at(hour), "name": "Bea", "email": "bea@example.se" }))
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(hold(12, "192.0.2.20").await.status().as_u16(), 201);
    problem(hold(13, "192.0.2.21").await, 422).await;
}

on_both_engines!(
    holds_are_limited_per_client_in_every_process,
    holds_are_limited_per_signed_in_person,
    a_stranger_cannot_use_up_someone_elses_quota,
);
