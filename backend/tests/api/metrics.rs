//! Prometheus metrics (issue 16): `/metrics` on the listener of
//! `LEDIG_METRICS_ADDR` only, read by Prometheus's own text-format parser
//! (`prometheus_client` from PyPI), with the figures a hold and a payment
//! leave in them.

use std::{io::Write, process::Stdio};

use backend::db::Db;
use serde_json::{json, Value};

use crate::{
    helpers::test_python,
    kill::{add_courts, day_at, Server},
    nginx::free_port,
};

/// Prometheus's parser, as a scrape reads it: family → type and samples
/// (name, labels, value).
const PARSE: &str = r#"
import json, sys
from prometheus_client.parser import text_string_to_metric_families
families = {}
for family in text_string_to_metric_families(sys.stdin.read()):
    families[family.name] = {"type": family.type,
        "samples": [[s.name, s.labels, s.value] for s in family.samples]}
print(json.dumps(families))
"#;

fn parse(text: &str) -> Value {
    let mut python = std::process::Command::new(test_python())
        .args(["-c", PARSE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    python
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = python.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "prometheus_client refused the text: {}\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The value of the sample `name` whose labels include `labels`.
fn sample(families: &Value, family: &str, name: &str, labels: Value) -> Option<f64> {
    families[family]["samples"]
        .as_array()?
        .iter()
        .find(|s| {
            s[0] == name
                && labels
                    .as_object()
                    .unwrap()
                    .iter()
                    .all(|(k, v)| &s[1][k] == v)
        })
        .and_then(|s| s[2].as_f64())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_prometheus_text_on_their_own_port() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("ledig.db").display());
    let metrics_port = free_port();
    let server = Server::start_with(
        &url,
        dir.path(),
        &[("LEDIG_METRICS_ADDR", &format!("127.0.0.1:{metrics_port}"))],
    );
    let db = Db::connect(&url).await.unwrap();
    let court = add_courts(&db).await[0];
    let client = reqwest::Client::new();
    let base = &server.base;

    let held = client
        .post(format!("{base}/api/v1/bookings"))
        .json(&json!({ "court_id": court, "starts_at": day_at(1, 10),
            "name": "Ada", "email": "ada@example.se" }))
        .send()
        .await
        .unwrap();
    assert_eq!(held.status().as_u16(), 201);
    let held: Value = held.json().await.unwrap();
    let id = held["id"].as_str().unwrap();
    let paid = client
        .post(format!("{base}/api/v1/payments/demo/{id}/confirm"))
        .header("x-booking-key", held["owner_key"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status().as_u16(), 200);
    let unknown = client
        .get(format!("{base}/api/v1/no-such-thing"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status().as_u16(), 404);

    // Not on the site's port, which a proxy makes public.
    let public = client
        .get(format!("{base}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!public.contains("ledig_http_requests_total"), "{public}");

    let scraped = client
        .get(format!("http://127.0.0.1:{metrics_port}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(scraped.status().as_u16(), 200);
    assert!(scraped.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    let families = parse(&scraped.text().await.unwrap());

    // Requests by the route's pattern, not its path.
    let requests = |method: &str, route: &str, status: &str| {
        sample(
            &families,
            "ledig_http_requests",
            "ledig_http_requests_total",
            json!({ "method": method, "route": route, "status": status }),
        )
    };
    assert_eq!(requests("POST", "/api/v1/bookings", "201"), Some(1.0));
    assert_eq!(
        requests("POST", "/api/v1/payments/demo/{id}/confirm", "200"),
        Some(1.0)
    );
    assert_eq!(requests("GET", "unmatched", "404"), Some(1.0));
    assert_eq!(
        families["ledig_http_request_duration_seconds"]["type"],
        "histogram"
    );
    let bookings = json!({ "method": "POST", "route": "/api/v1/bookings" });
    assert_eq!(
        sample(
            &families,
            "ledig_http_request_duration_seconds",
            "ledig_http_request_duration_seconds_count",
            bookings.clone()
        ),
        Some(1.0)
    );
    let mut everything = bookings.clone();
    everything["le"] = json!("+Inf");
    assert_eq!(
        sample(
            &families,
            "ledig_http_request_duration_seconds",
            "ledig_http_request_duration_seconds_bucket",
            everything
        ),
        Some(1.0)
    );

    // What was done.
    for (family, value) in [
        ("ledig_holds", 1.0),
        ("ledig_confirmations", 1.0),
        ("ledig_refunds", 0.0),
    ] {
        assert_eq!(families[family]["type"], "counter", "{family}");
        assert_eq!(
            sample(&families, family, &format!("{family}_total"), json!({})),
            Some(value),
            "{family}"
        );
    }
    // The queues (a booking's confirmation mail is not one of them: only
    // push messages and the closure and staff mail queue are).
    for queue in ["push", "mail"] {
        let depth = format!("ledig_{queue}_queue_depth");
        assert_eq!(families[&depth]["type"], "gauge");
        assert!(sample(&families, &depth, &depth, json!({})).is_some());
        let age = format!("ledig_{queue}_queue_oldest_seconds");
        assert!(sample(&families, &age, &age, json!({})).is_some());
    }
    // Each background job has run its first round by now: the hold
    // sweeper ticks at once.
    let lag = sample(
        &families,
        "ledig_job_lag_seconds",
        "ledig_job_lag_seconds",
        json!({ "job": "hold_sweeper" }),
    )
    .expect("the hold sweeper's lag");
    assert!((0.0..60.0).contains(&lag), "{lag}");
    let open = sample(
        &families,
        "ledig_db_pool_connections",
        "ledig_db_pool_connections",
        json!({ "state": "in_use" }),
    );
    assert!(open.is_some());
    assert!(
        sample(
            &families,
            "ledig_db_pool_max_connections",
            "ledig_db_pool_max_connections",
            json!({})
        )
        .unwrap()
            >= 1.0
    );
    server.kill_9();
}
