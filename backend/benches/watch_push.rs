//! From a cancellation to the watcher's phone: 10,000 watchers over 1,000
//! slots (issue 5).
//!
//! `cargo bench -p backend --bench watch_push` (release build). For each
//! engine it builds the real server in-process (`Application::build_with_db`
//! on port 0, with its offer and push workers running as `ledig serve` runs
//! them) over a fresh database: one venue with 40 courts, 1,000 booked and
//! paid slots two and three days ahead, and 10,000 accounts, each with one
//! push subscription and one watch, ten watchers on each slot. The push
//! subscriptions point at a fake push service over https (a throw-away CA,
//! the tests' `tls` module) that notes when each message arrives; a sample
//! of the messages is decrypted with the device's key afterwards, so what
//! was timed is what a phone would have read.
//!
//! Three rounds, each on its own fresh database:
//! - **quiet**: a normal day. As *offers*, but only 100 of the bookings are
//!   cancelled, one every 250 ms: the latency a player sees when the
//!   worker is not behind a burst.
//! - **offers**: the default settings, so each freed slot is offered to one
//!   watcher at a time. The 1,000 bookings are cancelled one after another
//!   through the API, one every 10 ms; per slot, the time from the
//!   cancellation's answer (its commit is before that) to the first push
//!   for that slot arriving at the push service.
//! - **broadcast**: every freed slot is told to all its ten watchers at once
//!   (`broadcast_within_minutes` at its maximum). All 1,000 are cancelled
//!   as fast as 16 clients can: 10,000 pushes. Reported: the same latency,
//!   now under load, and pushes delivered per second from the first
//!   cancellation to the last push, with the process's CPU time (server,
//!   fake push service and clients together, so an upper bound on the
//!   server's) as pushes per CPU-second, i.e. per core.
//!
//! - **elsewhere** (PostgreSQL only, issue 16): as *quiet*, but the
//!   cancellations are answered by one server and the offer and push
//!   workers run in a second one on the same database, with a pool of its
//!   own, woken only by PostgreSQL's NOTIFY (`wake::listen_forever`): the
//!   freed-slot-to-push latency with the job on another process. (Two
//!   servers in one process share the in-process bells, so this round
//!   turns them off, `wake::hear_only_the_database`, and runs last.)
//!
//! Goal (issue 5): p99 ≤ 500 ms. PostgreSQL runs when
//! LEDIG_TEST_POSTGRES_URL names a server where this role may CREATE
//! DATABASE; otherwise it is skipped with the reason printed. Figures go in
//! docs/BENCHMARKS.md.

#[allow(dead_code)]
#[path = "../tests/api/tls.rs"]
mod tls;

use std::{
    collections::HashMap,
    str::FromStr,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::{body::Bytes, extract::Path, http::StatusCode, routing::post, Router};
use backend::{config::ServeConfig, db::Db, on_db, Application};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use chrono::{Timelike, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{json, Value};
use sqlx::Connection;
use uuid::Uuid;

const COURTS: i64 = 40;
const SLOTS: usize = 1_000;
const WATCHERS_PER_SLOT: usize = 10;
const TZ: chrono_tz::Tz = chrono_tz::Europe::Stockholm;

/// What the fake push service saw: per device, when its messages came.
#[derive(Default)]
struct Arrivals {
    at: HashMap<usize, Vec<Instant>>,
    /// The bodies of the first few messages, to decrypt afterwards.
    sample: Vec<Vec<u8>>,
    total: usize,
}

async fn fake_push(ca: &tls::TestCa) -> (String, Arc<Mutex<Arrivals>>) {
    let arrivals = Arc::new(Mutex::new(Arrivals::default()));
    let seen = arrivals.clone();
    let app = Router::new().route(
        "/p/{device}",
        post(move |Path(device): Path<usize>, body: Bytes| {
            let seen = seen.clone();
            async move {
                let now = Instant::now();
                let mut a = seen.lock().unwrap();
                a.at.entry(device).or_default().push(now);
                a.total += 1;
                if a.sample.len() < 20 {
                    a.sample.push(body.to_vec());
                }
                StatusCode::CREATED
            }
        }),
    );
    let addr = ca.serve(app).await;
    (format!("https://127.0.0.1:{}", addr.port()), arrivals)
}

/// A venue open 06:00–23:00 (Stockholm) every day with `COURTS` courts.
async fn add_venue(db: &Db) -> i64 {
    on_db!(db, pool => {
        let venue_id: i64 = sqlx::query_scalar(
            "INSERT INTO venues (name, address, city, lat, lon, timezone, description) \
             VALUES ('Bevakningshallen', 'Köplatsen 1', 'Umeå', 63.82, 20.26, 'Europe/Stockholm', 'Benchmark') \
             RETURNING id",
        ).fetch_one(pool).await.expect("venue");
        for weekday in 1..=7i64 {
            sqlx::query("INSERT INTO opening_hours (venue_id, weekday, opens_min, closes_min) VALUES ($1, $2, 360, 1380)")
                .bind(venue_id).bind(weekday).execute(pool).await.expect("hours");
        }
        for n in 1..=COURTS {
            sqlx::query(
                "INSERT INTO courts (venue_id, name, sport, surface, indoor, slot_minutes, price_minor, currency) \
                 VALUES ($1, $2, 'tennis', 'hard', false, 60, 15000, 'SEK')",
            ).bind(venue_id).bind(format!("Bana {n}")).execute(pool).await.expect("court");
        }
        venue_id
    })
}

#[derive(Clone)]
struct Slot {
    court_id: i64,
    starts_at: String,
    booking: String,
    key: String,
}

/// Books and pays `SLOTS` slots two and three days ahead, through the API.
async fn book_slots(client: &reqwest::Client, base: &str, venue: i64) -> Vec<Slot> {
    let today = Utc::now().with_timezone(&TZ).date_naive();
    let mut free = Vec::new();
    for day in 2..=3 {
        let date = today + chrono::Duration::days(day);
        let url = format!("{base}/api/v1/venues/{venue}/slots?date={date}");
        let day: Value = client.get(url).send().await.unwrap().json().await.unwrap();
        for court in day["courts"].as_array().expect("courts") {
            for slot in court["slots"].as_array().expect("slots") {
                if slot["status"] == "free" {
                    free.push((
                        court["court_id"].as_i64().unwrap(),
                        slot["starts_at"].as_str().unwrap().to_string(),
                    ));
                }
            }
        }
    }
    assert!(free.len() >= SLOTS, "only {} free slots", free.len());
    free.truncate(SLOTS);
    let bar = bar(SLOTS, "booking the slots");
    let mut slots = Vec::new();
    for (i, (court_id, starts_at)) in free.into_iter().enumerate() {
        let body = json!({"court_id": court_id, "starts_at": starts_at, "name": "Bokare", "email": format!("bokare{i}@example.se")});
        let held = client
            .post(format!("{base}/api/v1/bookings"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(held.status(), 201, "hold {court_id} {starts_at}");
        let held: Value = held.json().await.unwrap();
        let (booking, key) = (
            held["id"].as_str().unwrap().to_string(),
            held["owner_key"].as_str().unwrap().to_string(),
        );
        let paid = client
            .post(format!("{base}/api/v1/payments/demo/{booking}/confirm"))
            .header("X-Booking-Key", &key)
            .send()
            .await
            .unwrap();
        assert_eq!(paid.status(), 200, "confirm");
        slots.push(Slot {
            court_id,
            starts_at,
            booking,
            key,
        });
        bar.inc(1);
    }
    bar.finish_and_clear();
    slots
}

/// 10,000 accounts, each with a push subscription (device `i` at
/// `{push}/p/{i}`) and a watch on exactly one slot: watchers `10 k ..
/// 10 k + 9` watch slot `k`, on its court, its date and its hour.
async fn add_watchers(db: &Db, slots: &[Slot], push: &str, p256dh: &str, auth: &str) {
    let now = Utc::now().timestamp();
    let bar = bar(slots.len() * WATCHERS_PER_SLOT, "adding watchers");
    on_db!(db, pool => {
        let mut tx = pool.begin().await.expect("begin");
        for (k, slot) in slots.iter().enumerate() {
            let start = chrono::DateTime::parse_from_rfc3339(&slot.starts_at).unwrap().with_timezone(&TZ);
            let date = start.date_naive().format("%Y-%m-%d").to_string();
            let minute = i64::from(start.hour() * 60 + start.minute());
            for w in 0..WATCHERS_PER_SLOT {
                let i = k * WATCHERS_PER_SLOT + w;
                let account = Uuid::new_v4();
                sqlx::query("INSERT INTO accounts (id, email, email_verified, name, created_at) VALUES ($1, $2, TRUE, $3, $4)")
                    .bind(account).bind(format!("bevakare{i}@example.se")).bind(format!("Bevakare {i}")).bind(now)
                    .execute(&mut *tx).await.expect("account");
                sqlx::query("INSERT INTO push_subscriptions (id, account_id, endpoint, p256dh, auth, created_at) VALUES ($1, $2, $3, $4, $5, $6)")
                    .bind(Uuid::new_v4()).bind(account).bind(format!("{push}/p/{i}")).bind(p256dh).bind(auth).bind(now)
                    .execute(&mut *tx).await.expect("subscription");
                sqlx::query(
                    "INSERT INTO watches (id, account_id, scope, court_id, weekdays, from_minute, to_minute, min_minutes, from_date, to_date, created_at) \
                     VALUES ($1, $2, 'court', $3, 254, $4, $5, 60, $6, $6, $7)",
                )
                .bind(Uuid::new_v4()).bind(account).bind(slot.court_id).bind(minute).bind(minute + 60).bind(&date).bind(now + i as i64)
                .execute(&mut *tx).await.expect("watch");
                bar.inc(1);
            }
        }
        tx.commit().await.expect("commit");
    });
    bar.finish_and_clear();
}

fn bar(len: usize, message: &str) -> ProgressBar {
    ProgressBar::new(len as u64)
        .with_style(
            ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} {per_sec}").expect("template"),
        )
        .with_message(message.to_string())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// CPU time (user + system) this process has used so far.
fn cpu_time() -> Duration {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::uninit();
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(usage.ru_utime) + tv(usage.ru_stime)
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Round {
    /// A normal day: 100 cancellations, one every 250 ms.
    Quiet,
    Offers,
    Broadcast,
    /// As quiet, on PostgreSQL only, with the cancellations answered by one
    /// server and the offer and push workers running in another on the same
    /// database: only PostgreSQL's NOTIFY wakes them.
    Elsewhere,
}

/// Cancellations in the quiet round.
const QUIET: usize = 100;

impl Round {
    /// The slots the round cancels.
    fn cancelled(self) -> usize {
        match self {
            Round::Quiet | Round::Elsewhere => QUIET,
            Round::Offers | Round::Broadcast => SLOTS,
        }
    }
}

/// Runs one round on `db` (migrated, empty; at `url`); returns the summary line.
async fn run(engine: &str, db: Db, url: &str, round: Round) -> String {
    let ca = tls::TestCa::new();
    let (push, arrivals) = fake_push(&ca).await;
    let dir = tempfile::tempdir().expect("temp dir");
    let ca_file = dir.path().join("ca.pem");
    std::fs::write(&ca_file, &ca.ca_pem).expect("CA file");
    let venue = add_venue(&db).await;

    let mut config = ServeConfig::for_tests();
    config.push_worker = true;
    config.offer_worker = true;
    config.push_extra_ca = Some(ca_file);
    config.push_allow_private_hosts = true;
    if round == Round::Broadcast {
        config.offer_broadcast_within_minutes = 10_080;
    }
    let mut servers = Vec::new();
    if round == Round::Elsewhere {
        // The workers' server, with a pool of its own as a process has; the
        // one below takes the cancellations and runs neither worker. In one
        // process the two would ring each other's bells: from here on only
        // the database's notifications wake anyone.
        backend::wake::hear_only_the_database();
        let workers =
            Application::build_with_db(Db::connect(url).await.expect("connect"), config.clone())
                .await
                .expect("build the workers' server");
        servers.push(tokio::spawn(workers.run_until_stopped()));
        config.push_worker = false;
        config.offer_worker = false;
    }
    let app = Application::build_with_db(db.clone(), config)
        .await
        .expect("build the server");
    let base = format!("http://127.0.0.1:{}", app.port());
    servers.push(tokio::spawn(app.run_until_stopped()));
    let client = reqwest::Client::new();
    let slots = book_slots(&client, &base, venue).await;

    // One device key pair for every subscription: each message still gets
    // its own ephemeral key and salt, so the work per push is the same.
    let (device_keys, auth_secret) = ece::generate_keypair_and_auth_secret().expect("keys");
    let components = device_keys.raw_components().expect("key components");
    let p256dh = URL_SAFE_NO_PAD.encode(components.public_key());
    let auth = URL_SAFE_NO_PAD.encode(auth_secret);
    add_watchers(&db, &slots, &push, &p256dh, &auth).await;

    let cancelled = round.cancelled();
    let expected = match round {
        Round::Quiet | Round::Offers | Round::Elsewhere => cancelled,
        Round::Broadcast => SLOTS * WATCHERS_PER_SLOT,
    };
    let progress = bar(expected, &format!("{engine}: cancelling, pushes arrived"));
    let cancelled_at = Arc::new(Mutex::new(vec![None::<(Instant, Instant)>; cancelled]));
    let cpu_before = cpu_time();
    let started = Instant::now();
    let cancel = |client: reqwest::Client,
                  k: usize,
                  slot: Slot,
                  at: Arc<Mutex<Vec<Option<(Instant, Instant)>>>>,
                  base: String| async move {
        let sent = Instant::now();
        let response = client
            .post(format!("{base}/api/v1/bookings/{}/cancel", slot.booking))
            .header("X-Booking-Key", &slot.key)
            .send()
            .await
            .expect("cancel");
        let answered = Instant::now();
        assert_eq!(response.status(), 200, "cancel {}", slot.booking);
        at.lock().unwrap()[k] = Some((sent, answered));
    };
    let mut tasks = Vec::new();
    match round {
        Round::Quiet | Round::Offers | Round::Elsewhere => {
            let gap = if round == Round::Offers { 10 } else { 250 };
            let mut every = tokio::time::interval(Duration::from_millis(gap));
            for (k, slot) in slots.iter().cloned().take(cancelled).enumerate() {
                every.tick().await;
                tasks.push(tokio::spawn(cancel(
                    client.clone(),
                    k,
                    slot,
                    cancelled_at.clone(),
                    base.clone(),
                )));
                progress.set_position(arrivals.lock().unwrap().total as u64);
            }
        }
        Round::Broadcast => {
            let slots = Arc::new(slots.clone());
            for c in 0..16 {
                let (slots, at, base, client) = (
                    slots.clone(),
                    cancelled_at.clone(),
                    base.clone(),
                    client.clone(),
                );
                tasks.push(tokio::spawn(async move {
                    for k in (c..SLOTS).step_by(16) {
                        cancel(
                            client.clone(),
                            k,
                            slots[k].clone(),
                            at.clone(),
                            base.clone(),
                        )
                        .await;
                    }
                }));
            }
        }
    }
    for task in tasks {
        task.await.expect("cancel task");
    }
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        let total = arrivals.lock().unwrap().total;
        progress.set_position(total as u64);
        if total >= expected || Instant::now() > deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let last_arrival = arrivals
        .lock()
        .unwrap()
        .at
        .values()
        .flatten()
        .max()
        .copied()
        .unwrap_or_else(Instant::now);
    let elapsed = last_arrival - started;
    let cpu = cpu_time() - cpu_before;
    progress.finish_and_clear();
    for server in servers {
        server.abort();
    }

    // What arrived is a real Web Push message for the device.
    let a = arrivals.lock().unwrap();
    for body in &a.sample {
        let plain =
            ece::decrypt(&components, &auth_secret, body).expect("decrypts with the device key");
        let payload: Value = serde_json::from_slice(&plain).expect("JSON payload");
        assert!(
            payload["url"].as_str().unwrap().starts_with("/offers/"),
            "{payload}"
        );
    }
    assert_eq!(a.total, expected, "pushes that arrived");

    // Per slot: its cancellation's answer → the first push to any of its watchers.
    let at = cancelled_at.lock().unwrap();
    let mut from_answer = Vec::new();
    let mut from_request = Vec::new();
    for (k, times) in at.iter().enumerate() {
        let (sent, answered) = times.expect("cancelled");
        let first = (k * WATCHERS_PER_SLOT..(k + 1) * WATCHERS_PER_SLOT)
            .filter_map(|i| a.at.get(&i).and_then(|v| v.iter().min()))
            .min()
            .copied()
            .expect("a push for every freed slot");
        from_answer.push(first.saturating_duration_since(answered));
        from_request.push(first - sent);
    }
    from_answer.sort();
    from_request.sort();
    drop(a);
    db.close().await;
    let name = match round {
        Round::Quiet => "quiet (one watcher at a time, cancellations 250 ms apart)",
        Round::Offers => "offers (one watcher at a time, cancellations 10 ms apart)",
        Round::Broadcast => "broadcast (ten watchers per slot, 16 cancelling clients)",
        Round::Elsewhere => {
            "elsewhere (as quiet, the workers in another server on the same database)"
        }
    };
    format!(
        "{engine}, {name}: {cancelled} of {SLOTS} slots freed, {} watchers, {expected} pushes in {:.2} s = {:.0} pushes/s, \
         {:.2} CPU-s = {:.0} pushes per CPU-second; cancel answered → first push p50={} p95={} p99={} max={} \
         (from the cancel request sent: p99={})",
        SLOTS * WATCHERS_PER_SLOT,
        elapsed.as_secs_f64(),
        expected as f64 / elapsed.as_secs_f64(),
        cpu.as_secs_f64(),
        expected as f64 / cpu.as_secs_f64(),
        ms(percentile(&from_answer, 0.5)),
        ms(percentile(&from_answer, 0.95)),
        ms(percentile(&from_answer, 0.99)),
        ms(*from_answer.last().unwrap()),
        ms(percentile(&from_request, 0.99)),
    )
}

/// A throwaway database on the server at `admin_url`: (db, its name).
async fn fresh_postgres(admin_url: &str) -> anyhow::Result<(Db, String, String)> {
    let name = format!("ledig_bench_{}", Uuid::new_v4().simple());
    let options = sqlx::postgres::PgConnectOptions::from_str(admin_url)?;
    let mut admin = sqlx::PgConnection::connect_with(&options).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await?;
    let (base, _) = admin_url
        .rsplit_once('/')
        .ok_or_else(|| anyhow::anyhow!("URL without a database"))?;
    let url = format!("{base}/{name}");
    Ok((Db::connect(&url).await?, name, url))
}

async fn drop_postgres(admin_url: &str, name: &str) -> anyhow::Result<()> {
    let options = sqlx::postgres::PgConnectOptions::from_str(admin_url)?;
    let mut admin = sqlx::PgConnection::connect_with(&options).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    )))
    .execute(&mut admin)
    .await?;
    Ok(())
}

#[tokio::main]
async fn main() {
    // `cargo bench` passes `--bench`; nothing else to parse. The rounds
    // can be chosen (LEDIG_BENCH_ROUNDS=quiet,offers), all by default.
    let chosen = std::env::var("LEDIG_BENCH_ROUNDS")
        .unwrap_or_default()
        .to_lowercase();
    let mut report = Vec::new();
    // Elsewhere last: it leaves this process hearing only the database.
    for round in [
        Round::Quiet,
        Round::Offers,
        Round::Broadcast,
        Round::Elsewhere,
    ] {
        if !chosen.is_empty()
            && !chosen
                .split(',')
                .any(|r| r.trim() == format!("{round:?}").to_lowercase())
        {
            continue;
        }
        // SQLite is one process: it has no "elsewhere".
        if round != Round::Elsewhere {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}", dir.path().join("ledig.db").display());
            let db = Db::connect(&url).await.expect("open SQLite");
            db.migrate().await.expect("migrate SQLite");
            report.push(run("sqlite", db, &url, round).await);
            println!("{}", report.last().unwrap());
        }

        match std::env::var("LEDIG_TEST_POSTGRES_URL") {
            Err(_) => report.push("postgres: skipped, LEDIG_TEST_POSTGRES_URL is not set".into()),
            Ok(admin_url) => match fresh_postgres(&admin_url).await {
                Err(error) => report.push(format!("postgres: skipped, {error:#}")),
                Ok((db, name, url)) => {
                    db.migrate().await.expect("migrate PostgreSQL");
                    report.push(run("postgres", db, &url, round).await);
                    if let Err(error) = drop_postgres(&admin_url, &name).await {
                        eprintln!("could not drop {name}: {error:#}");
                    }
                }
            },
        }
        println!("{}", report.last().unwrap());
    }
    println!("---");
    for line in &report {
        println!("{line}");
    }
}
