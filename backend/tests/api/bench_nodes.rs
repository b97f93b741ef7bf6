//! The benchmark of issue 16 (not a timed test: nothing fails on a figure):
//! hold + pay through nginx with 1, 2 and 3 `ledig serve` processes on one
//! PostgreSQL, 64 clients at once. Prints bookings per second and the
//! latency of a booking (hold, then pay) at p50 and p99 for each process
//! count; the figures go to docs/BENCHMARKS.md. `scripts/bench-nodes`
//! runs it against a release build of the server.

use std::{
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use backend::db::Db;
use serde_json::{json, Value};

use crate::{
    helpers::fresh_postgres_url,
    kill::{add_courts, day_at, Server},
    nginx::{free_port, site_from_deploy, start_nginx},
};

const CLIENTS: usize = 64;
const SECONDS: u64 = 20;
/// Venues of `add_courts` (8 courts each): 40 courts × 40 days × 16 hours
/// is more slots than a run books, so no client waits on another's slot.
const VENUES: usize = 5;
const DAYS: usize = 40;
const HOURS: usize = 16;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark, run by scripts/bench-nodes (minutes; prints figures, asserts none)"]
async fn bench_hold_and_pay_through_nginx_with_one_two_and_three_processes() {
    println!("processes  bookings/s  p50 ms  p99 ms  bookings  failed");
    for processes in 1..=3 {
        let url = fresh_postgres_url().await;
        let dir = tempfile::tempdir().unwrap();
        let servers: Vec<Server> = (0..processes)
            .map(|_| Server::start_with(&url, dir.path(), &[("LEDIG_SEED_DEMO", "false")]))
            .collect();
        let ports: Vec<u16> = servers
            .iter()
            .map(|s| s.base.rsplit(':').next().unwrap().parse().unwrap())
            .collect();
        let (listen, redirect) = (free_port(), free_port());
        let _nginx = start_nginx(
            dir.path(),
            &site_from_deploy(listen, redirect, &ports),
            listen,
        );
        let db = Db::connect(&url).await.unwrap();
        let mut courts = Vec::new();
        for _ in 0..VENUES {
            courts.extend(add_courts(&db).await);
        }
        let site = format!("http://127.0.0.1:{listen}");
        let next = Arc::new(AtomicUsize::new(0));
        let failed = Arc::new(AtomicUsize::new(0));
        let started = Instant::now();
        let until = started + Duration::from_secs(SECONDS);
        let clients: Vec<_> =
            (0..CLIENTS)
                .map(|_| {
                    let (site, courts, next, failed) =
                        (site.clone(), courts.clone(), next.clone(), failed.clone());
                    tokio::spawn(async move {
                        let client = reqwest::Client::new();
                        let mut took = Vec::new();
                        while Instant::now() < until {
                            let n = next.fetch_add(1, Ordering::Relaxed);
                            let court = courts[n % courts.len()];
                            let rest = n / courts.len();
                            let day = 1 + (rest / HOURS) % DAYS;
                            let hour = 6 + (rest % HOURS) as u32;
                            let at = Instant::now();
                            let hold = client
                            .post(format!("{site}/api/v1/bookings"))
                            .json(&json!({ "court_id": court, "starts_at": day_at(day as i64, hour),
                                "name": "Ada Lovelace", "email": format!("p{n}@example.se") }))
                            .send()
                            .await;
                            let Some(booking) = (match hold {
                                Ok(r) if r.status() == 201 => r.json::<Value>().await.ok(),
                                _ => None,
                            }) else {
                                failed.fetch_add(1, Ordering::Relaxed);
                                continue;
                            };
                            let paid = client
                                .post(format!(
                                    "{site}/api/v1/payments/demo/{}/confirm",
                                    booking["id"].as_str().unwrap_or_default()
                                ))
                                .header(
                                    "x-booking-key",
                                    booking["owner_key"].as_str().unwrap_or_default(),
                                )
                                .send()
                                .await;
                            if paid.is_ok_and(|r| r.status() == 200) {
                                took.push(at.elapsed());
                            } else {
                                failed.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                        took
                    })
                })
                .collect();
        let mut took: Vec<Duration> = Vec::new();
        for client in clients {
            took.extend(client.await.unwrap());
        }
        let elapsed = started.elapsed().as_secs_f64();
        took.sort();
        let at = |q: f64| took[((took.len() as f64 * q) as usize).min(took.len() - 1)];
        println!(
            "{processes:>9}  {:>10.1}  {:>6.1}  {:>6.1}  {:>8}  {:>6}",
            took.len() as f64 / elapsed,
            at(0.50).as_secs_f64() * 1000.0,
            at(0.99).as_secs_f64() * 1000.0,
            took.len(),
            failed.load(Ordering::Relaxed)
        );
        for server in servers {
            server.kill_9();
        }
    }
}
