//! No double booking, ever: many players, one slot.

use backend::on_db;
use futures::future::join_all;

use crate::helpers::{problem, spawn_app, tomorrow_at, Engine};

crate::on_both_engines!(fifty_simultaneous_bookings_of_one_slot_make_one_booking);

async fn fifty_simultaneous_bookings_of_one_slot_make_one_booking(engine: Engine) {
    let app = spawn_app(engine).await;
    let fixture = app.add_fixture().await;
    let starts_at = tomorrow_at(19);
    let attempts = (0..50).map(|_| app.book(fixture.court_id, starts_at));
    let statuses: Vec<u16> = join_all(attempts)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|&&s| s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|&&s| s == 409).count(),
        49,
        "{statuses:?}"
    );
    assert_eq!(app.booking_count().await, 1);
    problem(app.book(fixture.court_id, starts_at).await, 409).await;
}

/// On PostgreSQL the database itself refuses an overlap, whatever the
/// application does: a raw INSERT that bypasses every check still fails.
#[tokio::test]
async fn postgres_refuses_overlapping_active_bookings_by_itself() {
    let app = spawn_app(Engine::Postgres).await;
    let fixture = app.add_fixture().await;
    let start = tomorrow_at(8).timestamp();
    const INSERT: &str = "INSERT INTO bookings (id, court_id, starts_at, ends_at, status, name, email, price_minor, currency, created_at) \
                          VALUES ($1, $2, $3, $4, $5, 'x', 'x@example.se', 100, 'SEK', 0)";
    let insert = |offset: i64, status: &'static str| {
        let db = app.db.clone();
        async move {
            on_db!(&db, pool => sqlx::query(INSERT)
                .bind(uuid::Uuid::new_v4()).bind(fixture.court_id).bind(start + offset).bind(start + offset + 3600).bind(status)
                .execute(pool).await.map(|_| ()))
        }
    };
    insert(0, "confirmed").await.unwrap();
    let overlap = insert(1800, "held").await.unwrap_err();
    assert!(backend::db::is_booking_conflict(&overlap), "{overlap}");
    // Touching ends do not overlap, and inactive bookings never block.
    insert(3600, "confirmed").await.unwrap();
    insert(0, "cancelled").await.unwrap();
    insert(1800, "expired").await.unwrap();
}

crate::on_both_engines!(
    two_hundred_simultaneous_holds_make_one,
    one_key_one_booking_however_often_sent
);

async fn two_hundred_simultaneous_holds_make_one(engine: Engine) {
    let app = spawn_app(engine).await;
    let fixture = app.add_fixture().await;
    let starts_at = tomorrow_at(20);
    let attempts = (0..200).map(|_| app.book(fixture.court_id, starts_at));
    let statuses: Vec<u16> = join_all(attempts)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(statuses.iter().filter(|&&s| s == 201).count(), 1);
    assert_eq!(statuses.iter().filter(|&&s| s == 409).count(), 199);
    assert_eq!(app.booking_count().await, 1);
}

/// A retried request (a flaky network, a double tap) never books twice,
/// even when the retries race each other.
async fn one_key_one_booking_however_often_sent(engine: Engine) {
    let app = spawn_app(engine).await;
    let fixture = app.add_fixture().await;
    let body = serde_json::json!({ "court_id": fixture.court_id, "starts_at": tomorrow_at(21), "name": "Ada", "email": "ada@example.se" });
    let send = |key: &'static str, body: serde_json::Value| {
        app.client
            .post(app.url("/api/v1/bookings"))
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
    };
    let responses = join_all((0..20).map(|_| send("k-1", body.clone()))).await;
    let mut ids = Vec::new();
    for response in responses {
        let response = response.unwrap();
        assert_eq!(response.status(), 201);
        let booking: shared::Booking = response.json().await.unwrap();
        ids.push(booking.id);
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "every retry returns the one booking");
    assert_eq!(app.booking_count().await, 1);

    // The same key for another slot is a client bug, said plainly.
    let mut other = body.clone();
    other["starts_at"] = serde_json::json!(tomorrow_at(22));
    let reused = problem(send("k-1", other.clone()).await.unwrap(), 422).await;
    assert_eq!(reused["field"], "idempotency_key");
    // A new key books normally; a bad key is refused.
    assert_eq!(send("k-2", other).await.unwrap().status(), 201);
    let long: &'static str = Box::leak("x".repeat(201).into_boxed_str());
    let bad = problem(send(long, body).await.unwrap(), 400).await;
    assert_eq!(bad["field"], "idempotency_key");
    assert_eq!(app.booking_count().await, 2);
}
