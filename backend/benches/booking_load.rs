//! Booking under load: hold + demo pay by 64 concurrent clients over HTTP.
//!
//! `cargo bench -p backend --bench booking_load` (release build). For each
//! engine it builds the real server in-process (`Application::build_with_db`
//! on port 0) over a fresh database holding one venue with 40 courts open
//! 06–23, lists the free slots of the next six days through the API (about
//! 4,000) and gives each of 64 clients its own share of them. Every client
//! (its own HTTP connection pool, as separate phones would have) books its
//! slots one after another: `POST /api/v1/bookings` then
//! `POST /api/v1/payments/demo/{id}/confirm`, timed together. Reported: the
//! p50/p95/p99/max latency of that pair and bookings per second over the
//! whole run. Goal (issue 4): p99 ≤ 25 ms and ≥ 1,000 bookings/s on SQLite.
//!
//! PostgreSQL runs when LEDIG_TEST_POSTGRES_URL names a server where this
//! role may CREATE DATABASE (a throwaway database is made and dropped);
//! otherwise it is skipped with the reason printed. Figures go in
//! docs/BENCHMARKS.md.

use std::{
    str::FromStr,
    sync::Arc,
    time::{Duration, Instant},
};

use backend::{config::ServeConfig, db::Db, on_db, Application};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{json, Value};
use sqlx::Connection;

const CLIENTS: usize = 64;
const COURTS: usize = 40;
const DAYS: i64 = 6;

/// A venue open 06:00–23:00 (Stockholm) every day with `COURTS` courts.
async fn add_venue(db: &Db) {
    on_db!(db, pool => {
        let venue_id: i64 = sqlx::query_scalar(
            "INSERT INTO venues (name, address, city, lat, lon, timezone, description) \
             VALUES ('Lasthallen', 'Bänkvägen 1', 'Umeå', 63.82, 20.26, 'Europe/Stockholm', 'Benchmark') \
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
    });
}

/// Every free slot from tomorrow on for `DAYS` days, as (court, start).
async fn free_slots(client: &reqwest::Client, base: &str) -> Vec<(i64, String)> {
    let page: Value = client
        .get(format!("{base}/api/v1/venues?per_page=100"))
        .send()
        .await
        .expect("venues")
        .json()
        .await
        .expect("venues JSON");
    let venue = &page["venues"][0]["id"];
    let tomorrow = chrono::Utc::now().date_naive() + chrono::Duration::days(1);
    let mut slots = Vec::new();
    for day in 0..DAYS {
        let date = tomorrow + chrono::Duration::days(day);
        let url = format!("{base}/api/v1/venues/{venue}/slots?date={date}");
        let day: Value = client.get(url).send().await.unwrap().json().await.unwrap();
        for court in day["courts"].as_array().expect("courts") {
            for slot in court["slots"].as_array().expect("slots") {
                if slot["status"] == "free" {
                    slots.push((
                        court["court_id"].as_i64().unwrap(),
                        slot["starts_at"].as_str().unwrap().to_string(),
                    ));
                }
            }
        }
    }
    slots
}

/// Holds and demo-pays one slot; the time both requests took.
async fn book(client: &reqwest::Client, base: &str, court_id: i64, starts_at: &str) -> Duration {
    let started = Instant::now();
    let body = json!({"court_id": court_id, "starts_at": starts_at, "name": "Bench", "email": "bench@example.se"});
    let held = client
        .post(format!("{base}/api/v1/bookings"))
        .json(&body)
        .send()
        .await
        .expect("hold");
    assert_eq!(held.status(), 201, "hold {court_id} {starts_at}");
    let booking: Value = held.json().await.expect("booking JSON");
    let paid = client
        .post(format!(
            "{base}/api/v1/payments/demo/{}/confirm",
            booking["id"].as_str().unwrap()
        ))
        // Only the booking's owner may pay for it (its owner key).
        .header("X-Booking-Key", booking["owner_key"].as_str().unwrap())
        .send()
        .await
        .expect("confirm");
    assert_eq!(paid.status(), 200, "confirm");
    // Read the body, as a client would, before the clock stops.
    let _ = paid.bytes().await;
    started.elapsed()
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Runs the load on `db` (migrated, empty); returns the summary line.
async fn run(engine: &str, db: Db) -> String {
    add_venue(&db).await;
    let app = Application::build_with_db(db.clone(), ServeConfig::for_tests())
        .await
        .expect("build the server");
    let base = format!("http://127.0.0.1:{}", app.port());
    let server = tokio::spawn(app.run_until_stopped());
    let slots = free_slots(&reqwest::Client::new(), &base).await;
    let per_client = slots.len() / CLIENTS;
    assert!(per_client >= 10, "only {} free slots", slots.len());

    let bar = ProgressBar::new((per_client * CLIENTS) as u64).with_style(
        ProgressStyle::with_template("{msg} {bar:40} {pos}/{len} {per_sec}").expect("template"),
    );
    bar.set_message(format!("{engine}: hold + pay, {CLIENTS} clients"));
    let base = Arc::new(base);
    let started = Instant::now();
    let mut clients = Vec::new();
    // Client i takes every CLIENTS-th slot, so all courts and days are busy at once.
    for i in 0..CLIENTS {
        // Client i takes every CLIENTS-th slot from the i-th on (an iterator
        // skip, not a skipped test).
        let mine: Vec<(i64, String)> = slots
            .iter()
            .skip(i)
            .step_by(CLIENTS)
            .take(per_client)
            .cloned()
            .collect();
        let (base, bar) = (base.clone(), bar.clone());
        clients.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut latencies = Vec::with_capacity(mine.len());
            for (court_id, starts_at) in &mine {
                latencies.push(book(&client, &base, *court_id, starts_at).await);
                bar.inc(1);
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for client in clients {
        latencies.extend(client.await.expect("client task"));
    }
    let elapsed = started.elapsed();
    bar.finish_and_clear();
    server.abort();
    db.close().await;

    latencies.sort();
    format!(
        "{engine}: {} bookings by {CLIENTS} clients in {:.2} s = {:.0} bookings/s; \
         hold+pay p50={} p95={} p99={} max={}",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.95)),
        ms(percentile(&latencies, 0.99)),
        ms(*latencies.last().expect("some bookings")),
    )
}

/// A throwaway database on the server at `admin_url`: (db, its name).
async fn fresh_postgres(admin_url: &str) -> anyhow::Result<(Db, String)> {
    let name = format!("ledig_bench_{}", uuid::Uuid::new_v4().simple());
    let options = sqlx::postgres::PgConnectOptions::from_str(admin_url)?;
    let mut admin = sqlx::PgConnection::connect_with(&options).await?;
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut admin)
        .await?;
    let (base, _) = admin_url
        .rsplit_once('/')
        .ok_or_else(|| anyhow::anyhow!("URL without a database"))?;
    Ok((Db::connect(&format!("{base}/{name}")).await?, name))
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
    // `cargo bench` passes `--bench`; nothing else to parse.
    let mut report = Vec::new();

    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("ledig.db").display());
    let db = Db::connect(&url).await.expect("open SQLite");
    db.migrate().await.expect("migrate SQLite");
    report.push(run("sqlite", db).await);

    match std::env::var("LEDIG_TEST_POSTGRES_URL") {
        Err(_) => report.push("postgres: skipped, LEDIG_TEST_POSTGRES_URL is not set".into()),
        Ok(admin_url) => match fresh_postgres(&admin_url).await {
            Err(error) => report.push(format!("postgres: skipped, {error:#}")),
            Ok((db, name)) => {
                db.migrate().await.expect("migrate PostgreSQL");
                report.push(run("postgres", db).await);
                if let Err(error) = drop_postgres(&admin_url, &name).await {
                    eprintln!("could not drop {name}: {error:#}");
                }
            }
        },
    }
    for line in &report {
        println!("{line}");
    }
}
