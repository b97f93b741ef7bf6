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
