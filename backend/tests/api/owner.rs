//! Issue 14, item 3: the booking id is not the key to a booking. Its owner
//! proves ownership with the owner key from the answer that made it, or with
//! the session of the account it belongs to; a stranger holding the id (from
//! a QR token, a calendar file or a lock's feed) gets nothing — and the id is
//! no longer in any of those.

use serde_json::{json, Value};
use uuid::Uuid;

use crate::{
    accounts::sign_in,
    helpers::{json, spawn_app, tomorrow_at, Engine, TestApp},
    on_both_engines,
};

/// Every owner route of booking `id`, as (method, path).
fn owner_routes(id: Uuid) -> Vec<(reqwest::Method, String)> {
    use reqwest::Method;
    vec![
        (Method::GET, format!("/api/v1/bookings/{id}")),
        (Method::GET, format!("/api/v1/bookings/{id}/calendar.ics")),
        (Method::GET, format!("/api/v1/bookings/{id}/receipt")),
        (Method::POST, format!("/api/v1/payments/demo/{id}/confirm")),
        (Method::POST, format!("/api/v1/bookings/{id}/cancel")),
    ]
}

async fn send(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    key: Option<&str>,
) -> reqwest::Response {
    let mut request = app.client.request(method, app.url(path));
    if let Some(key) = key {
        request = request.header("X-Booking-Key", key);
    }
    request.send().await.unwrap()
}

async fn a_leaked_id_opens_nothing(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let held = json(
        app.post_json(
            "/api/v1/bookings",
            &json!({ "court_id": f.court_id, "starts_at": tomorrow_at(10), "name": "Ada Lovelace", "email": "ada@example.se" }),
        )
        .await,
    )
    .await;
    let id: Uuid = held["id"].as_str().unwrap().parse().unwrap();
    let key = held["owner_key"]
        .as_str()
        .expect("the answer carries the owner key")
        .to_string();
    assert_eq!(key.len(), 43);
    // Another booking's key, a made-up key and no key at all open nothing,
    // on any route, and say nothing about the booking.
    let other = json(app.book(f.other_court_id, tomorrow_at(10)).await).await;
    let other_key = other["owner_key"].as_str().unwrap().to_string();
    for (method, path) in owner_routes(id) {
        for wrong in [
            None,
            Some(other_key.as_str()),
            Some("AAAA"),
            Some(id.to_string().as_str()),
        ] {
            let response = send(&app, method.clone(), &path, wrong).await;
            assert_eq!(
                response.status().as_u16(),
                404,
                "{method} {path} with {wrong:?}"
            );
            let body = response.text().await.unwrap();
            assert!(
                !body.contains("ada@example.se") && !body.contains("Ada"),
                "{body}"
            );
        }
    }
    // Not even whether it exists: the same answer as for no booking at all.
    let nobody = send(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/bookings/{}", Uuid::new_v4()),
        None,
    )
    .await;
    let stranger = send(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/bookings/{id}"),
        None,
    )
    .await;
    assert_eq!(json(nobody).await, json(stranger).await);
    // Nothing changed: still held, still unpaid.
    let row: String = backend::on_db!(&app.db, pool => sqlx::query_scalar("SELECT status FROM bookings WHERE id = $1").bind(id).fetch_one(pool).await).unwrap();
    assert_eq!(row, "held");

    // The key opens every route; `?key=` serves the plain .ics link.
    let get = send(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/bookings/{id}"),
        Some(&key),
    )
    .await;
    assert_eq!(get.status().as_u16(), 200);
    let booking = json(get).await;
    assert_eq!(booking["email"], "ada@example.se");
    assert!(
        booking.get("owner_key").is_none(),
        "only the answer that made it carries the key"
    );
    let paid = send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/payments/demo/{id}/confirm"),
        Some(&key),
    )
    .await;
    assert_eq!(paid.status().as_u16(), 200);
    let ics = app
        .client
        .get(app.url(&format!("/api/v1/bookings/{id}/calendar.ics?key={key}")))
        .send()
        .await
        .unwrap();
    assert_eq!(ics.status().as_u16(), 200);
    let receipt = send(
        &app,
        reqwest::Method::GET,
        &format!("/api/v1/bookings/{id}/receipt"),
        Some(&key),
    )
    .await;
    assert_eq!(receipt.status().as_u16(), 200);
    let cancelled = send(
        &app,
        reqwest::Method::POST,
        &format!("/api/v1/bookings/{id}/cancel"),
        Some(&key),
    )
    .await;
    assert_eq!(json(cancelled).await["status"], "cancelled");
}

async fn a_retry_gets_the_same_key(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let body = json!({ "court_id": f.court_id, "starts_at": tomorrow_at(11), "name": "Ada Lovelace", "email": "ada@example.se" });
    let mut keys = Vec::new();
    for _ in 0..2 {
        let answer: Value = json(
            app.client
                .post(app.url("/api/v1/bookings"))
                .header("Idempotency-Key", "retry-me-1")
                .json(&body)
                .send()
                .await
                .unwrap(),
        )
        .await;
        keys.push((answer["id"].clone(), answer["owner_key"].clone()));
    }
    assert_eq!(keys[0], keys[1]);
    assert!(keys[0].1.is_string());
}

async fn the_account_opens_its_bookings_without_a_key(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    // A guest booking with Fia's address, then Fia signs in by code (proving
    // it): her session opens it. Someone else's session does not.
    let guest = json(
        app.post_json(
            "/api/v1/bookings",
            &json!({ "court_id": f.court_id, "starts_at": tomorrow_at(8), "name": "Fia", "email": "fia@example.se" }),
        )
        .await,
    )
    .await;
    let path = format!("/api/v1/bookings/{}", guest["id"].as_str().unwrap());
    let fia = sign_in(&app, "fia@example.se").await;
    assert_eq!(fia.get(&app, &path).await.status().as_u16(), 200);
    let eve = sign_in(&app, "eve@example.se").await;
    assert_eq!(eve.get(&app, &path).await.status().as_u16(), 404);
    let cancel = format!("{path}/cancel");
    assert_eq!(eve.post(&app, &cancel, None).await.status().as_u16(), 404);
    // A booking made signed in is the account's.
    let mine = json(
        fia.post(
            &app,
            "/api/v1/bookings",
            Some(json!({ "court_id": f.other_court_id, "starts_at": tomorrow_at(9), "name": "Fia", "email": "fia@example.se" })),
        )
        .await,
    )
    .await;
    let confirm = format!(
        "/api/v1/payments/demo/{}/confirm",
        mine["id"].as_str().unwrap()
    );
    assert_eq!(eve.post(&app, &confirm, None).await.status().as_u16(), 404);
    assert_eq!(fia.post(&app, &confirm, None).await.status().as_u16(), 200);
}

async fn tokens_feeds_and_calendars_carry_no_booking_id(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let booking = app.confirmed(f.court_id, 10, true).await;
    let id = booking.id;
    let needles = [id.to_string(), id.simple().to_string()];
    let leaks = |text: &str| needles.iter().any(|n| text.to_lowercase().contains(n));

    // The QR token's claims name an opaque reference.
    let token = booking.access_token.clone().unwrap();
    let (body, claims, _) = shared::access::decode_token(&token).unwrap();
    assert_ne!(claims.bid, id);
    assert_eq!(claims.bid, backend::bookings::owner::access_ref(id));
    let claims_json = String::from_utf8(
        base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, body).unwrap(),
    )
    .unwrap();
    assert!(!leaks(&claims_json), "{claims_json}");

    // A lock controller's feed, verify and entries answers.
    let (controller, secret) = backend::access::controllers::create(&app.db, "door", &[f.court_id])
        .await
        .unwrap();
    let auth = format!("Bearer {controller}.{secret}");
    let feed = app
        .client
        .get(app.url("/api/v1/access/feed"))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(feed.contains("booking_ref") && !leaks(&feed), "{feed}");
    let verify = app
        .client
        .post(app.url("/api/v1/access/verify"))
        .header("authorization", &auth)
        .json(&json!({"court_id": f.court_id, "token": token}))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(verify.contains("accepted") && !leaks(&verify), "{verify}");

    // The calendar file's UID.
    let ics = app
        .get(&format!("/api/v1/bookings/{id}/calendar.ics"))
        .await
        .text()
        .await
        .unwrap();
    assert!(ics.contains("UID:") && !leaks(&ics), "{ics}");
}

on_both_engines!(
    a_leaked_id_opens_nothing,
    a_retry_gets_the_same_key,
    the_account_opens_its_bookings_without_a_key,
    tokens_feeds_and_calendars_carry_no_booking_id,
);
