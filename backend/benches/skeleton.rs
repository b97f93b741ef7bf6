//! Cold start and booking round trip of the real `ledig` binary.
//!
//! `cargo bench -p backend --bench skeleton` (release build). Starts
//! `ledig serve` as a child process on a fresh SQLite file and measures:
//! - cold start: process spawn → first `GET /healthz` 200, on an empty
//!   database (migrate + demo seed) and again on the now-existing one;
//! - booking round trip over loopback HTTP: `POST /api/v1/bookings` (hold)
//!   and hold + `POST /api/v1/payments/demo/{id}/confirm` (pay), sequential.
//! With LEDIG_BENCH_POSTGRES_URL set (an empty database), the round trip is
//! measured on PostgreSQL too. Figures go in docs/BENCHMARKS.md.

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{json, Value};

const COLD_STARTS: usize = 5;
const BOOKINGS: usize = 300;

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Spawns `ledig serve` on a free port; returns once /healthz answers.
fn start(database_url: &str, client: &reqwest::blocking::Client) -> (Server, Duration) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ledig"))
        .arg("serve")
        .env("LEDIG_ADDR", "127.0.0.1:0")
        .env("LEDIG_DATABASE_URL", database_url)
        .env("LEDIG_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn ledig");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .expect("read the URL line");
    let base = line
        .trim()
        .rsplit(' ')
        .next()
        .unwrap()
        .trim_end_matches('/')
        .to_string();
    loop {
        if client
            .get(format!("{base}/healthz"))
            .send()
            .is_ok_and(|r| r.status().is_success())
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "ledig did not come up"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    (Server { child, base }, started.elapsed())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn summary(name: &str, mut samples: Vec<Duration>) -> String {
    samples.sort();
    format!(
        "{name}: n={} p50={} p95={} p99={} max={}",
        samples.len(),
        ms(percentile(&samples, 0.5)),
        ms(percentile(&samples, 0.95)),
        ms(percentile(&samples, 0.99)),
        ms(*samples.last().unwrap())
    )
}

/// Every free slot from tomorrow on, across the demo venues, until `n`.
fn free_slots(client: &reqwest::blocking::Client, base: &str, n: usize) -> Vec<(i64, String)> {
    let page: Value = client
        .get(format!("{base}/api/v1/venues?per_page=100"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let venues = page["venues"].as_array().unwrap();
    let mut slots = Vec::new();
    let tomorrow = chrono::Utc::now().date_naive() + chrono::Duration::days(1);
    'outer: for day in 0..30 {
        let date = tomorrow + chrono::Duration::days(day);
        for venue in venues {
            let url = format!("{base}/api/v1/venues/{}/slots?date={date}", venue["id"]);
            let day: Value = client.get(url).send().unwrap().json().unwrap();
            for court in day["courts"].as_array().unwrap() {
                for slot in court["slots"].as_array().unwrap() {
                    if slot["status"] == "free" {
                        slots.push((
                            court["court_id"].as_i64().unwrap(),
                            slot["starts_at"].as_str().unwrap().to_string(),
                        ));
                        if slots.len() == n {
                            break 'outer;
                        }
                    }
                }
            }
        }
    }
    slots
}

fn round_trips(engine: &str, client: &reqwest::blocking::Client, base: &str) -> Vec<String> {
    let slots = free_slots(client, base, BOOKINGS);
    let bar = ProgressBar::new(slots.len() as u64)
        .with_style(ProgressStyle::with_template("{msg} {bar:40} {pos}/{len}").unwrap())
        .with_message(format!("booking round trips ({engine})"));
    let (mut holds, mut paid) = (Vec::new(), Vec::new());
    for (i, (court_id, starts_at)) in slots.into_iter().enumerate() {
        let started = Instant::now();
        // One player per booking: the demo venues limit active bookings per person.
        let body = json!({"court_id": court_id, "starts_at": starts_at, "name": "Bench", "email": format!("bench{i}@example.se")});
        let response = client
            .post(format!("{base}/api/v1/bookings"))
            .json(&body)
            .send()
            .unwrap();
        assert_eq!(response.status(), 201);
        let booking: Value = response.json().unwrap();
        holds.push(started.elapsed());
        let confirm = client
            .post(format!(
                "{base}/api/v1/payments/demo/{}/confirm",
                booking["id"].as_str().unwrap()
            ))
            .send()
            .unwrap();
        assert_eq!(confirm.status(), 200);
        paid.push(started.elapsed());
        bar.inc(1);
    }
    bar.finish_and_clear();
    vec![
        summary(&format!("{engine} hold (POST /bookings)"), holds),
        summary(&format!("{engine} hold + demo pay"), paid),
    ]
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else to parse.
    let client = reqwest::blocking::Client::new();
    let mut report = Vec::new();

    let bar = ProgressBar::new(COLD_STARTS as u64 * 2).with_message("cold starts");
    let (mut empty, mut existing) = (Vec::new(), Vec::new());
    for _ in 0..COLD_STARTS {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("ledig.db").display());
        empty.push(start(&url, &client).1);
        bar.inc(1);
        existing.push(start(&url, &client).1);
        bar.inc(1);
    }
    bar.finish_and_clear();
    report.push(summary(
        "cold start, empty SQLite (migrate + demo seed)",
        empty,
    ));
    report.push(summary("cold start, existing SQLite", existing));

    let dir = tempfile::tempdir().unwrap();
    let (server, _) = start(
        &format!("sqlite://{}", dir.path().join("ledig.db").display()),
        &client,
    );
    report.extend(round_trips("sqlite", &client, &server.base));
    drop(server);

    if let Ok(url) = std::env::var("LEDIG_BENCH_POSTGRES_URL") {
        let (server, _) = start(&url, &client);
        report.extend(round_trips("postgres", &client, &server.base));
    }
    for line in &report {
        println!("{line}");
    }
    println!("{} measurements done.", report.len());
}
