//! Wake-ups across processes (issue 16) on PostgreSQL: the rows that give a
//! background job work NOTIFY its channel from their own transaction, heard
//! at its commit and never after a rollback (migration 0031); each process's
//! listener rings its bell for every notification, and listens anew when its
//! connection is cut. SQLite is one process and wakes in-process (the
//! `wake` module's own test). A freed slot carried to a push by a worker of
//! another process is measured in the watch_push benchmark ("elsewhere").

use std::time::Duration;

use backend::{db::Db, wake::Bell};
use sqlx::postgres::{PgListener, PgPool};

use crate::helpers::{fresh_postgres_url, spawn_app, Engine};

fn pool_of(db: &Db) -> PgPool {
    match db {
        Db::Postgres(pool) => pool.clone(),
        Db::Sqlite(_) => unreachable!("a PostgreSQL test"),
    }
}

/// A listener on another connection, as another process would have.
async fn another_process_listening(db: &Db, channels: &[&str]) -> PgListener {
    let pool = PgPool::connect_lazy_with((*pool_of(db).connect_options()).clone());
    let mut listener = PgListener::connect_with(&pool).await.unwrap();
    listener.listen_all(channels.iter().copied()).await.unwrap();
    listener
}

async fn next_channel(listener: &mut PgListener) -> String {
    tokio::time::timeout(Duration::from_secs(10), listener.recv())
        .await
        .expect("a notification within 10 s")
        .unwrap()
        .channel()
        .to_string()
}

#[tokio::test]
async fn a_freed_slot_and_a_queued_mail_notify_at_commit_and_a_rollback_does_not() {
    let app = spawn_app(Engine::Postgres).await;
    let f = app.add_fixture().await;
    let mut other = another_process_listening(&app.db, &["ledig_offers", "ledig_mail"]).await;
    let pool = pool_of(&app.db);

    // A freed slot written and rolled back: nothing to hear.
    let mut tx = pool.begin().await.unwrap();
    sqlx::query(
        "INSERT INTO slot_events (kind, reason, court_id, starts_at, ends_at, created_at) \
         VALUES ('freed', 'test', $1, 0, 3600, 0)",
    )
    .bind(f.court_id)
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.rollback().await.unwrap();
    // A mail queued and committed: heard, and first, so the rollback sent nothing.
    sqlx::query(
        "INSERT INTO mail_outbox (id, to_address, subject, body, next_attempt_at, status, created_at) \
         VALUES ($1, 'ada@example.se', 'Hej', 'Hej', 0, 'pending', 0)",
    )
    .bind(uuid::Uuid::new_v4())
    .execute(&pool)
    .await
    .unwrap();
    assert_eq!(next_channel(&mut other).await, "ledig_mail");

    // A cancellation through the API frees its slot: the offer workers are told.
    let booking = app.confirmed(f.court_id, 10, false).await;
    let cancelled = app
        .post(&format!("/api/v1/bookings/{}/cancel", booking.id))
        .await;
    assert_eq!(cancelled.status().as_u16(), 200);
    // Confirming may have queued mail; the freed slot's notice comes all the same.
    let mut heard = Vec::new();
    while !heard.iter().any(|c| c == "ledig_offers") {
        heard.push(next_channel(&mut other).await);
    }
}

static RUNG: Bell = Bell::new();
static TEST_CHANNELS: [(&str, &Bell); 1] = [("ledig_test_wake", &RUNG)];

async fn rung(ear: &mut backend::wake::Ear, what: &str) {
    tokio::time::timeout(Duration::from_secs(15), ear.wait())
        .await
        .unwrap_or_else(|_| panic!("the bell was not rung: {what}"));
}

/// The bell's only ringer is the listener: its poll is an hour.
#[tokio::test]
async fn the_listener_rings_this_process_s_bell_and_listens_again_when_cut_off() {
    // A database of its own, where no server listens but this test's.
    let pool = PgPool::connect(&fresh_postgres_url().await).await.unwrap();
    let mut ear = RUNG.listen(Duration::from_secs(3600));
    ear.wait().await; // an interval's first tick is at once
    tokio::spawn(backend::wake::listen_forever(pool.clone(), &TEST_CHANNELS));
    rung(&mut ear, "once listening (for what was notified before)").await;

    let notify = || sqlx::query("NOTIFY ledig_test_wake").execute(&pool);
    notify().await.unwrap();
    rung(&mut ear, "a notification").await;

    // Cut the listener's connection, as a PostgreSQL restart or failover would.
    let cut: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND query LIKE 'LISTEN%'",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(cut, [true], "one listening connection, cut");
    rung(&mut ear, "listening again after the cut").await;
    notify().await.unwrap();
    rung(&mut ear, "a notification after the cut").await;
}
