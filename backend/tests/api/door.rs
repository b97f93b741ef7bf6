//! `ledig door`, the reference controller, against a real in-process server:
//! sync, offline decisions with `at` overrides, revocation, keypad lockout,
//! an unreachable server and queued entries delivered once.

use backend::bookings::owner::access_ref;
use std::path::Path;
use std::sync::Arc;

use backend::door::{Door, DoorConfig};
use backend::{access, on_db};
use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::{json, Value};
use shared::Booking;

use crate::helpers::{json, spawn_app, Engine, TestApp};

crate::on_both_engines!(
    door_decides_tokens_and_codes_offline,
    keypad_locks_after_five_wrong_codes,
    offline_door_queues_entries_and_delivers_them_once,
    door_gets_a_far_booking_when_it_enters_the_horizon,
    door_syncs_over_https_trusting_a_private_ca,
);

/// `ledig door --server https://…`: the door speaks TLS, trusts the public
/// roots and, with `--extra-ca`, a private CA; a certificate from a CA it
/// does not trust gets nothing synced.
async fn door_syncs_over_https_trusting_a_private_ca(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let dir = tempfile::tempdir().unwrap();
    confirmed(&app, f.court_id, 10, false).await;
    crate::access::publish_tomorrow(&app).await;
    let ca = crate::tls::TestCa::new();
    let port = ca
        .serve(crate::tls::forward_to(app.address.clone()))
        .await
        .port();
    let server = format!("https://localhost:{port}");
    let (controller, secret) = access::controllers::create(&app.db, "Door", &[f.court_id])
        .await
        .unwrap();

    let untrusting = door_as(
        &server,
        &controller,
        &secret,
        f.court_id,
        &dir.path().join("a.json"),
    );
    let error = format!("{:#}", untrusting.sync().await.unwrap_err());
    assert!(error.contains("certificate"), "{error}");
    assert!(untrusting.snapshot().keys.is_empty());

    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, &ca.ca_pem).unwrap();
    let trusting = Door::open(DoorConfig {
        server,
        controller,
        secret,
        court_id: f.court_id,
        state_path: dir.path().join("b.json"),
        extra_ca: Some(ca_file),
    })
    .unwrap();
    let summary = trusting.sync().await.unwrap();
    assert_eq!((summary.keys, summary.credentials_changed), (1, 2));
}

/// Holds and demo-pays a booking; `soon` moves it to start in 5 minutes.
async fn confirmed(app: &TestApp, court_id: i64, hour: u32, soon: bool) -> Booking {
    app.confirmed(court_id, hour, soon).await
}

/// A door for `court_id` registered as a controller serving `courts`.
async fn door(
    app: &TestApp,
    server: &str,
    court_id: i64,
    courts: &[i64],
    state: &Path,
) -> Arc<Door> {
    let (controller, secret) = access::controllers::create(&app.db, "Door", courts)
        .await
        .unwrap();
    door_as(server, &controller, &secret, court_id, state)
}

fn door_as(server: &str, controller: &str, secret: &str, court_id: i64, state: &Path) -> Arc<Door> {
    Door::open(DoorConfig {
        server: server.to_string(),
        controller: controller.to_string(),
        secret: secret.to_string(),
        court_id,
        state_path: state.to_path_buf(),
        extra_ca: None,
    })
    .unwrap()
}

/// Serves the virtual door on a free port; returns its base URL.
async fn serve(door: Arc<Door>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, backend::door::page::router(door))
            .await
            .unwrap()
    });
    format!("http://{addr}")
}

async fn present(client: &reqwest::Client, door_url: &str, body: Value) -> Value {
    let r = client
        .post(format!("{door_url}/present"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    r.json().await.unwrap()
}

fn at(t: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(t, 0).unwrap()
}

async fn entries_stored(app: &TestApp) -> i64 {
    on_db!(&app.db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM access_entries").fetch_one(pool).await).unwrap()
}

async fn checked_in(app: &TestApp, booking: &Booking) -> Option<i64> {
    on_db!(&app.db, pool => sqlx::query_scalar("SELECT checked_in_at FROM bookings WHERE id = $1").bind(booking.id).fetch_one(pool).await).unwrap()
}

async fn door_decides_tokens_and_codes_offline(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let dir = tempfile::tempdir().unwrap();
    let b = confirmed(&app, f.court_id, 10, false).await;
    let token = b.access_token.clone().unwrap();
    let code = b.door_code.clone().unwrap();
    let (_, claims, _) = shared::access::decode_token(&token).unwrap();
    crate::access::publish_tomorrow(&app).await;

    let d = door(
        &app,
        &app.address,
        f.court_id,
        &[f.court_id],
        &dir.path().join("a.json"),
    )
    .await;
    let summary = d.sync().await.unwrap();
    assert_eq!(summary.keys, 1);
    assert_eq!(summary.credentials_changed, 2);
    let url = serve(d.clone()).await;
    let client = reqwest::Client::new();
    let page = client
        .get(format!("{url}/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("aria-live") && page.contains("<label for=\"code\""));

    let reason = |v: &Value| v["reason"].as_str().unwrap_or("").to_string();
    let inside = claims.nbf + 120;
    let v = present(&client, &url, json!({"token": token, "at": at(inside)})).await;
    assert_eq!(v["result"], "accepted", "{v}");
    assert_eq!(v["booking_ref"], access_ref(b.id).to_string());
    let v = present(
        &client,
        &url,
        json!({"token": token, "at": at(inside + 30)}),
    )
    .await;
    assert_eq!(reason(&v), "replayed");
    let v = present(
        &client,
        &url,
        json!({"token": token, "at": at(inside + 600)}),
    )
    .await;
    assert_eq!(v["result"], "accepted", "re-entry later in the window: {v}");
    let v = present(
        &client,
        &url,
        json!({"token": token, "at": at(claims.nbf - 120)}),
    )
    .await;
    assert_eq!(reason(&v), "not_yet_valid");
    let v = present(
        &client,
        &url,
        json!({"token": token, "at": at(claims.exp + 120)}),
    )
    .await;
    assert_eq!(reason(&v), "expired");
    let (_, mut longer, sig) = shared::access::decode_token(&token).unwrap();
    longer.exp += 86_400;
    let tampered = shared::access::assemble_token(&shared::access::encode_claims(&longer), &sig);
    let v = present(&client, &url, json!({"token": tampered, "at": at(inside)})).await;
    assert_eq!(reason(&v), "tampered");
    let v = present(&client, &url, json!({"code": code, "at": at(inside)})).await;
    assert_eq!(v["result"], "accepted", "{v}");
    let v = present(
        &client,
        &url,
        json!({"code": code, "at": at(claims.exp + 120)}),
    )
    .await;
    assert_eq!(reason(&v), "expired");

    // A door at the other court.
    let other = door(
        &app,
        &app.address,
        f.other_court_id,
        &[f.other_court_id],
        &dir.path().join("b.json"),
    )
    .await;
    other.sync().await.unwrap();
    let v = other
        .present(backend::door::Presented::Token(token.clone()), at(inside))
        .unwrap();
    assert_eq!(v.reason, Some(shared::access::DenialReason::WrongCourt));
    let v = other
        .present(backend::door::Presented::Code(code.clone()), at(inside))
        .unwrap();
    assert_eq!(v.reason, Some(shared::access::DenialReason::UnknownCode));

    // Cancelled: after the next sync the token and the code are revoked.
    let r = app.post(&format!("/api/v1/bookings/{}/cancel", b.id)).await;
    assert_eq!(r.status().as_u16(), 200);
    let summary = d.sync().await.unwrap();
    assert_eq!(summary.credentials_changed, 2);
    assert_eq!(summary.entries_sent, 8, "the attempts so far were reported");
    let v = present(
        &client,
        &url,
        json!({"token": token, "at": at(inside + 1200)}),
    )
    .await;
    assert_eq!(reason(&v), "revoked");
    let v = present(
        &client,
        &url,
        json!({"code": code, "at": at(inside + 1200)}),
    )
    .await;
    assert_eq!(reason(&v), "revoked");

    let status: Value = json(client.get(format!("{url}/status")).send().await.unwrap()).await;
    assert_eq!(status["pending"], 2, "{status}");
    assert_eq!(status["credentials"], 2);
    assert_eq!(status["keys"], 1);
    assert_eq!(status["last_sync_ok"], true);
}

async fn keypad_locks_after_five_wrong_codes(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let dir = tempfile::tempdir().unwrap();
    let b = confirmed(&app, f.court_id, 10, true).await;
    let code = b.door_code.clone().unwrap();
    let wrong = if code == "000000" { "000001" } else { "000000" };
    let d = door(
        &app,
        &app.address,
        f.court_id,
        &[f.court_id],
        &dir.path().join("s.json"),
    )
    .await;
    d.sync().await.unwrap();
    let url = serve(d.clone()).await;
    let client = reqwest::Client::new();
    let now = Utc::now();
    for i in 0..5 {
        let v = present(
            &client,
            &url,
            json!({"code": wrong, "at": now + Duration::seconds(i)}),
        )
        .await;
        assert_eq!(v["reason"], "unknown_code", "{v}");
    }
    let v = present(
        &client,
        &url,
        json!({"code": code, "at": now + Duration::seconds(10)}),
    )
    .await;
    assert_eq!(v["reason"], "locked_out", "even the right code: {v}");
    let v = present(
        &client,
        &url,
        json!({"token": b.access_token, "at": now + Duration::seconds(10)}),
    )
    .await;
    assert_eq!(v["result"], "accepted", "QR still works: {v}");
    let v = present(
        &client,
        &url,
        json!({"code": code, "at": now + Duration::seconds(5 * 60 + 5)}),
    )
    .await;
    assert_eq!(v["result"], "accepted", "unlocked after 5 minutes: {v}");
}

async fn offline_door_queues_entries_and_delivers_them_once(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("door-state.json");
    let b = confirmed(&app, f.court_id, 10, true).await;
    let (controller, secret) = access::controllers::create(&app.db, "Gate", &[f.court_id])
        .await
        .unwrap();
    // Online once, then the process stops.
    let live = door_as(&app.address, &controller, &secret, f.court_id, &state);
    live.sync().await.unwrap();
    drop(live);

    // Restarted with the server unreachable: it still decides from its state.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let offline = door_as(&dead, &controller, &secret, f.court_id, &state);
    assert!(offline.sync().await.is_err());
    assert!(!offline.status().last_sync_ok);
    let v = offline
        .present(
            backend::door::Presented::Token(b.access_token.clone().unwrap()),
            Utc::now(),
        )
        .unwrap();
    assert_eq!(v.result, shared::access::EntryResult::Accepted, "{v:?}");
    let v = offline
        .present(backend::door::Presented::Code("12".into()), Utc::now())
        .unwrap();
    assert_eq!(v.result, shared::access::EntryResult::Denied);
    assert!(offline.sync().await.is_err(), "still offline");
    assert_eq!(offline.status().pending, 2);
    drop(offline);
    assert_eq!(entries_stored(&app).await, 0);
    assert_eq!(checked_in(&app, &b).await, None);

    // Back online (after another restart): the queue goes out, once.
    let back = door_as(&app.address, &controller, &secret, f.court_id, &state);
    assert_eq!(back.status().pending, 2, "the queue survived the restart");
    assert_eq!(back.sync().await.unwrap().entries_sent, 2);
    assert_eq!(back.status().pending, 0);
    assert!(back.status().last_sync_ok);
    assert_eq!(back.sync().await.unwrap().entries_sent, 0);
    assert_eq!(entries_stored(&app).await, 2);
    assert!(
        checked_in(&app, &b).await.is_some(),
        "the accepted entry checked in"
    );
}

async fn door_gets_a_far_booking_when_it_enters_the_horizon(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let dir = tempfile::tempdir().unwrap();
    let held: Booking = app
        .book(f.court_id, crate::helpers::tomorrow_at(10))
        .await
        .json()
        .await
        .unwrap();
    let start = Utc::now().timestamp() + 3 * 86_400;
    app.exec(
        "UPDATE bookings SET starts_at = $2, ends_at = $2 + 3600 WHERE id = $1",
        held.id,
        start,
    )
    .await;
    let r = app
        .post(&format!("/api/v1/payments/demo/{}/confirm", held.id))
        .await;
    assert_eq!(r.status().as_u16(), 200);
    let b: Booking = r.json().await.unwrap();
    let code = b.door_code.clone().unwrap();
    let d = door(
        &app,
        &app.address,
        f.court_id,
        &[f.court_id],
        &dir.path().join("far.json"),
    )
    .await;
    assert_eq!(d.sync().await.unwrap().credentials_changed, 0);
    let inside = at(start + 60);
    let v = d
        .present(backend::door::Presented::Code(code.clone()), inside)
        .unwrap();
    assert_eq!(v.reason, Some(shared::access::DenialReason::UnknownCode));

    // Its window comes within 24 hours: the next sync brings it.
    access::horizon::publish_due(&app.db, start - 86_400 + 600)
        .await
        .unwrap();
    assert_eq!(d.sync().await.unwrap().credentials_changed, 2);
    let v = d
        .present(backend::door::Presented::Code(code), inside)
        .unwrap();
    assert_eq!(v.result, shared::access::EntryResult::Accepted, "{v:?}");
}
