//! Prometheus metrics: what this process has answered and done, in the
//! text exposition format, at `/metrics` on a listener of its own
//! (`LEDIG_METRICS_ADDR`, off unless set), so they are never public by
//! accident behind the site's proxy.
//!
//! Process-wide, as Prometheus scrapes each process: requests, holds,
//! confirmations, refunds and each job's last round are this process's;
//! the push and mail queues are the database's, the same in every
//! process's answer (sum the counters over processes, take the max of
//! those).

use std::{
    collections::BTreeMap,
    fmt::Write,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, LazyLock, Mutex, OnceLock,
    },
    time::Instant,
};

use axum::{
    extract::{MatchedPath, Request, State},
    http::header,
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
    Router,
};

use crate::{db::Db, on_db};

/// Holds made (by players, the desk and offers to watchers).
pub static HOLDS: AtomicU64 = AtomicU64::new(0);
/// Bookings confirmed (paid, or booked at the desk).
pub static CONFIRMATIONS: AtomicU64 = AtomicU64::new(0);
/// Refunds recorded (a cancellation's, or a payment for a slot lost).
pub static REFUNDS: AtomicU64 = AtomicU64::new(0);

/// Adds one to a counter above.
pub fn count(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

/// Upper bounds of the request-duration histogram, in seconds.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Default)]
struct Route {
    by_status: BTreeMap<u16, u64>,
    /// Requests at or under each bound of [`BUCKETS`] (not cumulative here).
    buckets: [u64; BUCKETS.len()],
    seconds: f64,
    count: u64,
}

/// By method and route (the route's pattern, not the path: `{id}` stays a
/// placeholder, so the number of series stays that of the routes).
static REQUESTS: LazyLock<Mutex<BTreeMap<(String, String), Route>>> =
    LazyLock::new(Default::default);

/// Each job's last round, as (Unix seconds, whether it succeeded).
static JOBS: LazyLock<Mutex<BTreeMap<&'static str, JobRound>>> = LazyLock::new(Default::default);

#[derive(Clone, Copy, Default)]
struct JobRound {
    last_success: Option<f64>,
    last_round: f64,
    failures: u64,
}

fn unix_now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// A background job finished a round (`ok`: without an error).
pub fn job_round(job: &'static str, ok: bool) {
    let now = unix_now();
    let mut jobs = JOBS.lock().unwrap_or_else(|e| e.into_inner());
    let round = jobs.entry(job).or_default();
    round.last_round = now;
    if ok {
        round.last_success = Some(now);
    } else {
        round.failures += 1;
    }
}

/// Where [`name_route`] leaves the route a request matched, for [`track`].
#[derive(Clone, Default)]
struct MatchedRoute(Arc<OnceLock<String>>);

/// Outermost layer: times every request and counts it by route and status.
pub async fn track(mut request: Request, next: Next) -> Response {
    let matched = MatchedRoute::default();
    request.extensions_mut().insert(matched.clone());
    let method = request.method().as_str().to_owned();
    let api = request.uri().path().starts_with("/api/");
    let started = Instant::now();
    let response = next.run(request).await;
    let seconds = started.elapsed().as_secs_f64();
    let route = matched.0.get().cloned().unwrap_or_else(|| {
        // No route matched: an unknown API path, or the web app's files.
        if api { "unmatched" } else { "static" }.to_owned()
    });
    let mut requests = REQUESTS.lock().unwrap_or_else(|e| e.into_inner());
    let entry = requests.entry((method, route)).or_default();
    *entry
        .by_status
        .entry(response.status().as_u16())
        .or_default() += 1;
    if let Some(bucket) = BUCKETS.iter().position(|bound| seconds <= *bound) {
        entry.buckets[bucket] += 1;
    }
    entry.seconds += seconds;
    entry.count += 1;
    response
}

/// A route layer: tells [`track`] which route matched.
pub async fn name_route(request: Request, next: Next) -> Response {
    if let (Some(path), Some(matched)) = (
        request.extensions().get::<MatchedPath>(),
        request.extensions().get::<MatchedRoute>(),
    ) {
        let _ = matched.0.set(path.as_str().to_owned());
    }
    next.run(request).await
}

/// The metrics listener's router: `/metrics` and nothing else.
pub fn router(db: Db) -> Router {
    Router::new().route("/metrics", get(metrics)).with_state(db)
}

async fn metrics(State(db): State<Db>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        render(&db).await,
    )
        .into_response()
}

fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

/// Pending messages of an outbox table, and the age of the oldest.
async fn queue(db: &Db, sql: &'static str, now: i64) -> Option<(i64, i64)> {
    let (depth, oldest): (i64, Option<i64>) =
        on_db!(db, pool => sqlx::query_as(sql).bind(now).fetch_one(pool).await).ok()?;
    Some((depth, oldest.map_or(0, |created| (now - created).max(0))))
}

/// Everything, in the text format.
pub async fn render(db: &Db) -> String {
    let mut out = String::new();
    family(
        &mut out,
        "ledig_info",
        "gauge",
        "This process: its version and database engine.",
    );
    let _ = writeln!(
        out,
        "ledig_info{{version=\"{}\",engine=\"{}\"}} 1",
        env!("CARGO_PKG_VERSION"),
        db.engine()
    );
    {
        let requests = REQUESTS.lock().unwrap_or_else(|e| e.into_inner());
        family(
            &mut out,
            "ledig_http_requests_total",
            "counter",
            "Requests answered, by method, route and status.",
        );
        for ((method, route), r) in requests.iter() {
            for (status, n) in &r.by_status {
                let _ = writeln!(
                    out,
                    "ledig_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {n}",
                    label(method),
                    label(route)
                );
            }
        }
        family(
            &mut out,
            "ledig_http_request_duration_seconds",
            "histogram",
            "Time to answer a request (to its headers), by method and route.",
        );
        for ((method, route), r) in requests.iter() {
            let labels = format!("method=\"{}\",route=\"{}\"", label(method), label(route));
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(r.buckets) {
                cumulative += n;
                let _ = writeln!(out, "ledig_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {cumulative}");
            }
            let _ = writeln!(
                out,
                "ledig_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                r.count
            );
            let _ = writeln!(
                out,
                "ledig_http_request_duration_seconds_sum{{{labels}}} {}",
                r.seconds
            );
            let _ = writeln!(
                out,
                "ledig_http_request_duration_seconds_count{{{labels}}} {}",
                r.count
            );
        }
    }
    for (name, counter, help) in [
        ("ledig_holds_total", &HOLDS, "Holds made."),
        (
            "ledig_confirmations_total",
            &CONFIRMATIONS,
            "Bookings confirmed.",
        ),
        ("ledig_refunds_total", &REFUNDS, "Refunds recorded."),
    ] {
        family(&mut out, name, "counter", help);
        let _ = writeln!(out, "{name} {}", counter.load(Ordering::Relaxed));
    }
    let now = unix_now();
    {
        let jobs = JOBS.lock().unwrap_or_else(|e| e.into_inner());
        family(
            &mut out,
            "ledig_job_lag_seconds",
            "gauge",
            "Seconds since the job's last successful round in this process.",
        );
        for (job, round) in jobs.iter() {
            let lag = round
                .last_success
                .map_or(now - round.last_round, |at| now - at);
            let _ = writeln!(
                out,
                "ledig_job_lag_seconds{{job=\"{job}\"}} {:.3}",
                lag.max(0.0)
            );
        }
        family(
            &mut out,
            "ledig_job_failures_total",
            "counter",
            "Rounds of the job that failed in this process.",
        );
        for (job, round) in jobs.iter() {
            let _ = writeln!(
                out,
                "ledig_job_failures_total{{job=\"{job}\"}} {}",
                round.failures
            );
        }
    }
    let unix = now as i64;
    const PUSH: &str = "SELECT COUNT(*), MIN(created_at) FROM push_outbox WHERE status = 'pending' AND expires_at > $1";
    const MAIL: &str = "SELECT COUNT(*), MIN(created_at) FROM mail_outbox WHERE status = 'pending' AND created_at <= $1";
    for (queue_name, sql) in [("push", PUSH), ("mail", MAIL)] {
        if let Some((depth, age)) = queue(db, sql, unix).await {
            family(
                &mut out,
                &format!("ledig_{queue_name}_queue_depth"),
                "gauge",
                "Messages waiting to be sent (the database's, not this process's).",
            );
            let _ = writeln!(out, "ledig_{queue_name}_queue_depth {depth}");
            family(
                &mut out,
                &format!("ledig_{queue_name}_queue_oldest_seconds"),
                "gauge",
                "Age of the oldest message waiting, 0 when none waits.",
            );
            let _ = writeln!(out, "ledig_{queue_name}_queue_oldest_seconds {age}");
        }
    }
    let (size, idle, max) = db.pool_use();
    family(
        &mut out,
        "ledig_db_pool_connections",
        "gauge",
        "This process's database connections, by state.",
    );
    let _ = writeln!(
        out,
        "ledig_db_pool_connections{{state=\"in_use\"}} {}",
        size.saturating_sub(idle)
    );
    let _ = writeln!(out, "ledig_db_pool_connections{{state=\"idle\"}} {idle}");
    family(
        &mut out,
        "ledig_db_pool_max_connections",
        "gauge",
        "The most connections this process opens.",
    );
    let _ = writeln!(out, "ledig_db_pool_max_connections {max}");
    out
}
