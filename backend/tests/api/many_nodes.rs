//! Many nodes (issue 16): several `ledig serve` processes on one
//! PostgreSQL. Started at the same moment on an empty database, they load
//! the demo data once and make one set of keys (the start-up lock,
//! `Db::start_lock`), and every one of them serves. Their background jobs
//! run in every process at once and still do each thing once.

use backend::{db::Db, on_db};

use crate::helpers::{fresh_postgres_url, json, spawn_app, tomorrow_at, Engine};
use crate::kill::Server;

async fn count(db: &Db, sql: &'static str) -> i64 {
    on_db!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await).unwrap()
}

#[tokio::test]
async fn three_processes_started_at_once_load_one_set_of_demo_data_and_keys() {
    let url = fresh_postgres_url().await;
    let dir = tempfile::tempdir().unwrap();
    let servers: Vec<Server> = std::thread::scope(|scope| {
        let started: Vec<_> = (0..3)
            .map(|_| {
                scope.spawn(|| Server::start_with(&url, dir.path(), &[("LEDIG_SEED_DEMO", "true")]))
            })
            .collect();
        started.into_iter().map(|s| s.join().unwrap()).collect()
    });
    let client = reqwest::Client::new();
    for server in &servers {
        let health = client
            .get(format!("{}/healthz", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(health.status().as_u16(), 200);
    }

    let db = Db::connect(&url).await.unwrap();
    let demo = backend::seed::demo_data().unwrap();
    let courts: usize = demo.venues.iter().map(|v| v.courts.len()).sum();
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM venues").await,
        demo.venues.len() as i64,
        "the demo venues, once"
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM courts").await,
        courts as i64
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM access_keys").await,
        1,
        "one door signing key"
    );
    assert_eq!(count(&db, "SELECT COUNT(*) FROM push_vapid_keys").await, 1);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM server_secrets").await, 1);
    for server in servers {
        server.kill_9();
    }
}

/// The hold sweeper in several processes at the same moment: every lapsed
/// hold is expired once and its slot freed (a `slot_events` row, what the
/// watchers are told from) once.
async fn lapsed_holds_swept_by_three_processes_at_once_are_freed_once(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let mut held = Vec::new();
    for hour in 10..16 {
        let response = app.book(f.court_id, tomorrow_at(hour)).await;
        assert_eq!(response.status().as_u16(), 201);
        held.push(json(response).await["id"].as_str().unwrap().to_string());
    }
    let now = chrono::Utc::now().timestamp();
    on_db!(&app.db, pool => sqlx::query("UPDATE bookings SET hold_expires_at = $1 WHERE status = 'held'")
        .bind(now - 1).execute(pool).await.map(|_| ()))
    .unwrap();
    let sweep = || backend::bookings::store::expire_lapsed_holds(&app.db, now);
    let (a, b, c) = tokio::join!(sweep(), sweep(), sweep());
    let swept = a.unwrap() + b.unwrap() + c.unwrap();
    // The test app's own sweeper may have taken some: never more than all.
    assert!(swept <= 6, "{swept} expired of 6");
    assert_eq!(
        count(
            &app.db,
            "SELECT COUNT(*) FROM bookings WHERE status = 'expired'"
        )
        .await,
        6
    );
    assert_eq!(
        count(
            &app.db,
            "SELECT COUNT(*) FROM slot_events WHERE reason = 'hold_lapsed'"
        )
        .await,
        6,
        "each freed once"
    );
    assert_eq!(
        count(
            &app.db,
            "SELECT COUNT(DISTINCT booking_id) FROM slot_events WHERE reason = 'hold_lapsed'"
        )
        .await,
        6
    );
}
crate::on_both_engines!(lapsed_holds_swept_by_three_processes_at_once_are_freed_once);

/// The open-data refresh runs in one process at a time: while another
/// holds its lock, a refresh here leaves the feed alone (that process does
/// the round); once it is free, the refresh here writes the feed.
#[tokio::test]
async fn an_open_data_refresh_runs_in_one_process_at_a_time() {
    let app = spawn_app(Engine::Postgres).await;
    let f = app.add_fixture().await;
    // The app's own refresh worker runs its first round at start: wait
    // for it to let go (20 s at most), then hold the lock as another
    // process would.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let other = loop {
        if let Some(lock) = app
            .db
            .try_job_lock(backend::opendata::REFRESH_LOCK_KEY)
            .await
            .unwrap()
        {
            break lock;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the lock was never free"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    // Held elsewhere: not granted here, and the refresh skips its round.
    assert!(app
        .db
        .try_job_lock(backend::opendata::REFRESH_LOCK_KEY)
        .await
        .unwrap()
        .is_none());
    // (The app's own first refresh may have run before the lock was taken;
    // while it is held, nobody here writes.)
    let before = count(&app.db, "SELECT COUNT(*) FROM open_data_items").await;
    on_db!(&app.db, pool => sqlx::query("UPDATE venues SET name = 'Nytt namn' WHERE id = $1")
        .bind(f.venue_id).execute(pool).await.map(|_| ()))
    .unwrap();
    let skipped = backend::opendata::refresh_feeds(&app.db, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(skipped.updated, 0);
    assert_eq!(
        count(&app.db, "SELECT COUNT(*) FROM open_data_items").await,
        before
    );
    other.release().await;
    // Free again: the round is done, here or by the app's own worker, had
    // its tick come just now (then this refresh skips and the worker's round
    // may still be writing, so look again until it is done).
    let renamed = "SELECT COUNT(*) FROM open_data_items WHERE data LIKE '%Nytt namn%'";
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        backend::opendata::refresh_feeds(&app.db, chrono::Utc::now())
            .await
            .unwrap();
        if count(&app.db, renamed).await > 0 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the renamed venue is in the feed"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// A freed-slot event whose transaction commits after one with a higher id
/// has been read is still offered: the offer worker marks what it has
/// considered instead of moving a cursor past the highest id (on
/// PostgreSQL ids come from a sequence at insert, not at commit).
#[tokio::test]
async fn a_freed_slot_committed_late_is_still_offered() {
    use backend::watches::offers::{self, OfferSettings};
    let app = spawn_app(Engine::Postgres).await;
    let f = app.add_fixture().await;
    let Db::Postgres(pool) = &app.db else {
        unreachable!("a PostgreSQL app")
    };
    const FREED: &str =
        "INSERT INTO slot_events (kind, reason, court_id, starts_at, ends_at, created_at) \
         VALUES ('freed', 'cancelled', $1, $2, $3, $4) RETURNING id";
    let now = chrono::Utc::now().timestamp();
    let slot = |hour| {
        let starts = tomorrow_at(hour).timestamp();
        (starts, starts + 3600)
    };
    // The cancellation that took id N is slow to commit…
    let mut slow = pool.begin().await.unwrap();
    let (s1, e1) = slot(10);
    let first: i64 = sqlx::query_scalar(FREED)
        .bind(f.court_id)
        .bind(s1)
        .bind(e1)
        .bind(now)
        .fetch_one(&mut *slow)
        .await
        .unwrap();
    // …while one with N + 1 commits and a pass reads it.
    let (s2, e2) = slot(12);
    let second: i64 = sqlx::query_scalar(FREED)
        .bind(f.court_id)
        .bind(s2)
        .bind(e2)
        .bind(now)
        .fetch_one(pool)
        .await
        .unwrap();
    assert!(second > first);
    let settings = OfferSettings::default();
    let pass = offers::step(&app.db, &settings, now).await.unwrap();
    assert_eq!(pass.runs_started, 1, "the committed one");
    slow.commit().await.unwrap();
    let pass = offers::step(&app.db, &settings, now).await.unwrap();
    assert_eq!(pass.runs_started, 1, "the late one, not passed over");
    let runs: Vec<i64> =
        sqlx::query_scalar("SELECT slot_event_id FROM offer_runs ORDER BY slot_event_id")
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(runs, vec![first, second]);
    // Both considered: retention may take them once their runs are gone.
    assert_eq!(
        count(
            &app.db,
            "SELECT COUNT(*) FROM slot_events WHERE considered_at IS NULL"
        )
        .await,
        0
    );
}

/// An offer pass runs in one process at a time: while another holds the
/// offers' lock, a pass here does nothing and says it was busy; once free,
/// the pass here starts the run.
#[tokio::test]
async fn an_offer_pass_runs_in_one_process_at_a_time() {
    use backend::watches::offers::{self, OfferSettings, OFFERS_LOCK_KEY};
    let app = spawn_app(Engine::Postgres).await;
    let f = app.add_fixture().await;
    let starts = tomorrow_at(14).timestamp();
    let now = chrono::Utc::now().timestamp();
    on_db!(&app.db, pool => sqlx::query(
        "INSERT INTO slot_events (kind, reason, court_id, starts_at, ends_at, created_at) \
         VALUES ('freed', 'cancelled', $1, $2, $3, $4)")
        .bind(f.court_id).bind(starts).bind(starts + 3600).bind(now)
        .execute(pool).await.map(|_| ()))
    .unwrap();
    let other = app
        .db
        .try_job_lock(OFFERS_LOCK_KEY)
        .await
        .unwrap()
        .expect("free at first");
    let settings = OfferSettings::default();
    let busy = offers::step(&app.db, &settings, now).await.unwrap();
    assert!(busy.busy);
    assert_eq!(busy.runs_started, 0);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM offer_runs").await, 0);
    other.release().await;
    let pass = offers::step(&app.db, &settings, now).await.unwrap();
    assert!(!pass.busy);
    assert_eq!(pass.runs_started, 1);
}

/// `ledig migrate` and `ledig import` run while servers start on the same
/// database: each waits for the start-up lock, so none migrates or loads
/// data beside a starting server. Here the lock is held as a starting
/// server would hold it; each command is seen waiting for it (in
/// pg_locks), then does its work once it is let go.
#[tokio::test]
async fn migrate_and_import_wait_for_a_starting_server() {
    let url = fresh_postgres_url().await;
    let db = Db::connect(&url).await.unwrap();
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/osm/umea-tennis.json"
    );
    for (args, says) in [
        (vec!["migrate"], "Database is up to date (postgres)."),
        (vec!["import", "osm", fixture], "3 venues (3 new"),
    ] {
        let starting = db.start_lock().await.unwrap();
        let command = std::process::Command::new(env!("CARGO_BIN_EXE_ledig"))
            .arg("--database-url")
            .arg(&url)
            .args(&args)
            .env("LEDIG_LOG", "warn")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut waiting = 0;
        for _ in 0..300 {
            waiting = count(
                &db,
                "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted \
                 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            )
            .await;
            if waiting > 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(
            waiting, 1,
            "`ledig {}` waits for the start-up lock",
            args[0]
        );
        starting.release().await;
        let out = tokio::time::timeout(
            std::time::Duration::from_secs(60),
            tokio::task::spawn_blocking(move || command.wait_with_output()),
        )
        .await
        .expect("it ends once the lock is let go")
        .unwrap()
        .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && stdout.contains(says),
            "`ledig {}`: {stdout}{}",
            args[0],
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
