//! `kill -9` under load: the real `ledig serve` binary takes concurrent
//! holds, payments and cancellations and is SIGKILLed at random moments,
//! five times, restarting on the same database each time. Afterwards every
//! confirmed booking holds valid door credentials, no cancelled one a live
//! credential, and every refund is what its cancellation gave back; then
//! `ledig repair` mends a state put in by hand and prints its summary.

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::Duration,
};

use backend::{db::Db, on_db};
use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use serde_json::Value;

use crate::durability::violations;
use crate::helpers::{fresh_postgres_url, Engine};

crate::on_both_engines!(kill_9_under_hold_and_pay_load_leaves_every_paid_booking_its_credentials);

const ROUNDS: usize = 5;
const WORKERS: usize = 12;
const COURTS: i64 = 8;
/// Payments answered in a round before the kill may come.
const PAID_PER_ROUND: u64 = 15;

/// A running `ledig serve`.
pub struct Server {
    child: Child,
    pub base: String,
    /// What it wrote to standard output (its log), line by line.
    pub lines: Arc<std::sync::Mutex<Vec<String>>>,
}

impl Server {
    /// Starts it and waits until it listens (after migrating and the
    /// start-up repair pass).
    pub fn start(url: &str, dir: &std::path::Path) -> Server {
        Self::start_with(url, dir, &[])
    }

    /// [`Server::start`] with settings of its own (`LEDIG_…`, value).
    pub fn start_with(url: &str, dir: &std::path::Path, settings: &[(&str, &str)]) -> Server {
        // `scripts/bench-nodes` points this at a release build.
        let binary =
            std::env::var("LEDIG_BENCH_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_ledig").into());
        let mut command = Command::new(binary);
        command
            .arg("serve")
            .env("LEDIG_DATABASE_URL", url)
            .env("LEDIG_ADDR", "127.0.0.1:0")
            .env("LEDIG_SEED_DEMO", "false")
            .env("LEDIG_STATIC_DIR", dir.join("dist"))
            .env("LEDIG_OUTBOX_DIR", dir.join("outbox"))
            .env("LEDIG_LOG", "error")
            // The load is one client: far past one player's share of holds.
            .env("LEDIG_HOLDS_PER_CLIENT", "1000000")
            .env_remove("LEDIG_STRIPE_SECRET_KEY")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (name, value) in settings {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("start ledig serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let lines = Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("open http://localhost:").nth(1) {
                    let _ = tx.send(rest.trim_end_matches('/').to_string());
                }
                log.lock().unwrap().push(line);
            }
        });
        let port = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("ledig serve did not start");
        Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
            lines,
        }
    }

    /// Sends SIGTERM, as systemd does to stop it.
    pub fn terminate(&self) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(sent.success());
    }

    /// Waits for the process to exit, at most `within`; how it exited.
    pub fn exited_within(mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let until = std::time::Instant::now() + within;
        while std::time::Instant::now() < until {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        None
    }

    pub fn kill_9(mut self) {
        // `Child::kill` is SIGKILL on Unix: no shutdown, no flush.
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

/// A test that fails half-way leaves no server running (it would hold the
/// test run's output open, and the database).
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `days` from today in Stockholm at `hour:00`.
pub fn day_at(days: i64, hour: u32) -> DateTime<Utc> {
    let tz = chrono_tz::Europe::Stockholm;
    let date = Utc::now().with_timezone(&tz).date_naive() + chrono::Duration::days(days);
    tz.from_local_datetime(&date.and_time(NaiveTime::from_hms_opt(hour, 0, 0).unwrap()))
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

pub async fn add_courts(db: &Db) -> Vec<i64> {
    on_db!(db, pool => {
        let venue: i64 = sqlx::query_scalar(
            "INSERT INTO venues (name, address, city, lat, lon, timezone, description) \
             VALUES ('Kraschhallen', 'Testvägen 1', 'Umeå', 63.8, 20.2, 'Europe/Stockholm', 'For tests') RETURNING id",
        ).fetch_one(pool).await.unwrap();
        for weekday in 1..=7i64 {
            sqlx::query("INSERT INTO opening_hours (venue_id, weekday, opens_min, closes_min) VALUES ($1, $2, 360, 1380)")
                .bind(venue).bind(weekday).execute(pool).await.unwrap();
        }
        let mut ids = Vec::new();
        for n in 0..COURTS {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO courts (venue_id, name, sport, surface, indoor, slot_minutes, price_minor, currency) \
                 VALUES ($1, $2, 'tennis', 'hard', TRUE, 60, 15000, 'SEK') RETURNING id",
            ).bind(venue).bind(format!("Bana {n}")).fetch_one(pool).await.unwrap();
            ids.push(id);
        }
        ids
    })
}

#[derive(Default)]
struct Load {
    held: AtomicU64,
    paid: AtomicU64,
    cancelled: AtomicU64,
}

/// One player after another: hold a random slot, pay, and now and then cancel.
async fn play(client: reqwest::Client, base: String, courts: Vec<i64>, load: Arc<Load>) {
    loop {
        let court = courts[rand::random_range(0..courts.len())];
        let starts_at = day_at(rand::random_range(1..=6), rand::random_range(7..22));
        let hold = client
            .post(format!("{base}/api/v1/bookings"))
            .json(
                &serde_json::json!({ "court_id": court, "starts_at": starts_at,
                "name": "Ada Lovelace", "email": "ada@example.se" }),
            )
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
        load.held.fetch_add(1, Ordering::Relaxed);
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
        if !paid.is_ok_and(|r| r.status() == 200) {
            continue;
        }
        load.paid.fetch_add(1, Ordering::Relaxed);
        if rand::random_bool(0.3) {
            let cancelled = client
                .post(format!("{base}/api/v1/bookings/{id}/cancel"))
                .header("X-Booking-Key", &key)
                .send()
                .await;
            if cancelled.is_ok_and(|r| r.status() == 200) {
                load.cancelled.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
}

async fn count(db: &Db, sql: &'static str) -> i64 {
    on_db!(db, pool => sqlx::query_scalar(sql).fetch_one(pool).await).unwrap()
}

async fn kill_9_under_hold_and_pay_load_leaves_every_paid_booking_its_credentials(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let url = match engine {
        Engine::Sqlite => format!("sqlite://{}", dir.path().join("ledig.db").display()),
        Engine::Postgres => fresh_postgres_url().await,
    };
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    let courts = add_courts(&db).await;
    db.close().await;

    let load = Arc::new(Load::default());
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    for _ in 0..ROUNDS {
        let server = Server::start(&url, dir.path());
        let players: Vec<_> = (0..WORKERS)
            .map(|_| {
                tokio::spawn(play(
                    client.clone(),
                    server.base.clone(),
                    courts.clone(),
                    load.clone(),
                ))
            })
            .collect();
        // Kill at a random moment once the load is in full swing (the
        // machine may be busy: wait for payments, not for a fixed time).
        let paid_before = load.paid.load(Ordering::Relaxed);
        let busy_until = std::time::Instant::now() + Duration::from_secs(20);
        while load.paid.load(Ordering::Relaxed) < paid_before + PAID_PER_ROUND
            && std::time::Instant::now() < busy_until
        {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        tokio::time::sleep(Duration::from_millis(rand::random_range(0..500))).await;
        server.kill_9();
        for player in players {
            player.abort();
        }
    }
    // Once more: the start-up repair pass runs before it listens.
    Server::start(&url, dir.path()).kill_9();

    let db = Db::connect(&url).await.unwrap();
    let found = violations(&db).await;
    assert!(
        found.is_empty(),
        "{} disagreements: {found:#?}",
        found.len()
    );
    let confirmed = count(
        &db,
        "SELECT COUNT(*) FROM bookings WHERE status = 'confirmed'",
    )
    .await;
    let cancelled = count(
        &db,
        "SELECT COUNT(*) FROM bookings WHERE status = 'cancelled' AND cancelled_from = 'confirmed'",
    )
    .await;
    assert!(
        confirmed + cancelled >= (ROUNDS as i64) * (PAID_PER_ROUND as i64) && cancelled >= 5,
        "the load did too little: {confirmed} confirmed, {cancelled} cancelled after paying \
         ({} held, {} paid, {} cancelled as answered)",
        load.held.load(Ordering::Relaxed),
        load.paid.load(Ordering::Relaxed),
        load.cancelled.load(Ordering::Relaxed),
    );
    // Every answered payment and cancellation stands (none lost by a kill).
    assert!(confirmed + cancelled >= load.paid.load(Ordering::Relaxed) as i64);
    assert!(cancelled >= load.cancelled.load(Ordering::Relaxed) as i64);
    let refunded = count(
        &db,
        "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM refunds WHERE status = 'succeeded'",
    )
    .await;
    let owed = count(
        &db,
        "SELECT CAST(COALESCE(SUM(refund_minor), 0) AS BIGINT) FROM bookings WHERE status = 'cancelled'",
    )
    .await;
    assert_eq!(refunded, owed, "refunds are what was paid back");
    assert_eq!(
        owed,
        cancelled * 15000,
        "cancelled before the deadline: all back"
    );

    // By hand: a paid booking's credentials revoked, a cancelled one's revived.
    let (paid, gone): (uuid::Uuid, uuid::Uuid) = on_db!(&db, pool => {
        let paid = sqlx::query_scalar("SELECT id FROM bookings WHERE status = 'confirmed' LIMIT 1")
            .fetch_one(pool).await.unwrap();
        let gone = sqlx::query_scalar("SELECT id FROM bookings WHERE status = 'cancelled' AND cancelled_from = 'confirmed' LIMIT 1")
            .fetch_one(pool).await.unwrap();
        sqlx::query("UPDATE access_credentials SET revoked_at = 1 WHERE booking_id = $1")
            .bind(paid).execute(pool).await.unwrap();
        sqlx::query("UPDATE access_credentials SET revoked_at = NULL WHERE booking_id = $1")
            .bind(gone).execute(pool).await.unwrap();
        (paid, gone)
    });
    assert_eq!(violations(&db).await.len(), 2, "{paid} {gone}");
    db.close().await;
    let repair = Command::new(env!("CARGO_BIN_EXE_ledig"))
        .args(["--database-url", &url, "repair"])
        .env("LEDIG_LOG", "off")
        .env_remove("LEDIG_STRIPE_SECRET_KEY")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&repair.stdout);
    assert!(
        repair.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&repair.stderr)
    );
    assert_eq!(
        stdout.trim(),
        "Repair: 1 bookings given missing door credentials, 1 inactive bookings' credentials revoked, \
         0 payments settled, 0 refunds carried out, 0 failed."
    );
    let db = Db::connect(&url).await.unwrap();
    assert_eq!(violations(&db).await, Vec::<String>::new());
    db.close().await;
}
