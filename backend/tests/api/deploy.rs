//! The deployment of deploy/ as an operations team runs it (issue 16): three
//! `ledig serve` processes started from deploy/systemd/ledig@.service and
//! deploy/ledig.env as systemd starts them, on one PostgreSQL, behind the
//! site of deploy/nginx/ledig.conf (Debian's nginx).

use std::path::Path;

use backend::{db::Db, on_db};
use serde_json::json;

use crate::{
    helpers::{fresh_postgres_url, problem},
    kill::{add_courts, day_at, Server},
    nginx::{free_port, site_from_deploy, start_nginx},
};

const UNIT: &str = include_str!("../../../deploy/systemd/ledig@.service");
const SETTINGS: &str = include_str!("../../../deploy/ledig.env");

/// The values of the unit's `key=` lines, with `%i` (the instance) as `port`.
fn unit_values(key: &str, port: u16) -> Vec<String> {
    UNIT.lines()
        .filter_map(|line| line.strip_prefix(key)?.strip_prefix('='))
        .map(|value| value.replace("%i", &port.to_string()))
        .collect()
}

fn assignment(line: &str) -> (String, String) {
    let (name, value) = line.split_once('=').expect("NAME=value");
    (name.to_string(), value.to_string())
}

/// The settings `ledig@{port}` runs with, as systemd makes them: the unit's
/// `Environment=` lines, then the settings file (`EnvironmentFile=` wins).
fn systemd_environment(port: u16) -> Vec<(String, String)> {
    let unit = unit_values("Environment", port);
    let file = SETTINGS
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'));
    unit.iter()
        .map(|l| assignment(l))
        .chain(file.map(assignment))
        .collect()
}

/// `ledig@{port}` as systemd starts it, but for what the test must change:
/// its database, where its web app is, a mail server that takes nothing
/// (none is sent), the demo payment provider instead of Stripe, and a free
/// metrics port (the unit's is the instance's with a 1 before it, which a
/// free port above 9999 cannot have).
fn start_as_systemd(port: u16, url: &str, dir: &Path) -> Server {
    assert_eq!(
        unit_values("ExecStart", port),
        ["/usr/local/bin/ledig serve"],
        "the unit's command (this test runs the binary it built instead)"
    );
    let static_dir = dir.join("dist").display().to_string();
    let metrics = format!("127.0.0.1:{}", free_port());
    let ours: [(&str, &str); 5] = [
        ("LEDIG_DATABASE_URL", url),
        ("LEDIG_STATIC_DIR", &static_dir),
        ("LEDIG_SMTP_URL", "smtp://127.0.0.1:9"),
        ("LEDIG_ALLOW_DEMO", "true"),
        ("LEDIG_METRICS_ADDR", &metrics),
    ];
    let mut settings: Vec<(String, String)> = systemd_environment(port)
        .into_iter()
        .filter(|(name, _)| !ours.iter().any(|(n, _)| n == name))
        .collect();
    settings.extend(ours.iter().map(|(n, v)| (n.to_string(), v.to_string())));
    let settings: Vec<(&str, &str)> = settings
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    Server::start_with(url, dir, &settings)
}

/// systemd kills only after the process's own grace time is over.
#[test]
fn the_unit_waits_longer_than_the_grace_time() {
    let grace: u64 = systemd_environment(8081)
        .iter()
        .find(|(name, _)| name == "LEDIG_SHUTDOWN_GRACE_S")
        .map_or(30, |(_, v)| v.parse().unwrap());
    let timeout: u64 = unit_values("TimeoutStopSec", 8081)[0].parse().unwrap();
    assert!(timeout > grace, "TimeoutStopSec={timeout}, grace {grace} s");
    assert_eq!(unit_values("KillSignal", 8081), ["SIGTERM"]);
    assert_eq!(
        unit_values("Environment", 8081),
        [
            "LEDIG_ADDR=127.0.0.1:8081",
            "LEDIG_METRICS_ADDR=127.0.0.1:18081"
        ],
        "the port is the instance name"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_processes_behind_nginx_book_each_slot_once_and_count_guesses_together() {
    let url = fresh_postgres_url().await;
    let dir = tempfile::tempdir().unwrap();
    let ports = [free_port(), free_port(), free_port()];
    // Started at the same moment on the empty database.
    let servers: Vec<Server> = std::thread::scope(|scope| {
        let started: Vec<_> = ports
            .iter()
            .map(|&port| {
                let (url, dir) = (&url, dir.path());
                scope.spawn(move || start_as_systemd(port, url, dir))
            })
            .collect();
        started.into_iter().map(|s| s.join().unwrap()).collect()
    });
    let (listen, redirect) = (free_port(), free_port());
    let _nginx = start_nginx(
        dir.path(),
        &site_from_deploy(listen, redirect, &ports),
        listen,
    );
    let site = format!("http://127.0.0.1:{listen}");
    let client = reqwest::Client::new();
    for (server, port) in servers.iter().zip(ports) {
        assert_eq!(server.base, format!("http://127.0.0.1:{port}"));
        let ready = client
            .get(format!("{}/readyz", server.base))
            .send()
            .await
            .unwrap();
        assert_eq!(ready.status().as_u16(), 200);
    }
    // Port 80 sends browsers to https.
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("http://127.0.0.1:{redirect}/my"))
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status().as_u16(), 301);
    assert_eq!(plain.headers()["location"], "https://boka.umea.se/my");

    // Twelve players at once for each of four slots, through nginx, which
    // spreads them over the three processes: one hold per slot.
    let db = Db::connect(&url).await.unwrap();
    let court = add_courts(&db).await[0];
    let slots: Vec<_> = (0..4).map(|n| day_at(1, 9 + n)).collect();
    let attempts = (0..48).map(|n| {
        let request = client
            .post(format!("{site}/api/v1/bookings"))
            .json(&json!({ "court_id": court, "starts_at": slots[n % 4],
                "name": format!("Spelare {n}"), "email": format!("spelare{n}@example.se") }));
        async move { (n % 4, request.send().await.unwrap().status().as_u16()) }
    });
    let answers = futures::future::join_all(attempts).await;
    for slot in 0..4 {
        let statuses: Vec<u16> = answers
            .iter()
            .filter(|(s, _)| *s == slot)
            .map(|(_, status)| *status)
            .collect();
        assert_eq!(
            statuses.iter().filter(|s| **s == 201).count(),
            1,
            "one winner for slot {slot}: {statuses:?}"
        );
        assert!(
            statuses.iter().all(|s| *s == 201 || *s == 409),
            "the others are told it is taken: {statuses:?}"
        );
    }
    let held: i64 = on_db!(&db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM bookings WHERE status = 'held'").fetch_one(pool).await)
    .unwrap();
    assert_eq!(held, 4);

    // A sign-in code guessed through nginx (so at all three processes) is
    // used up after five wrong guesses in all. (The code is put straight
    // into the database: no mail leaves this test.)
    let email = "ada@example.se";
    let code = "123456";
    let hash = backend::accounts::session::hash(&format!("{email}:{code}"));
    on_db!(&db, pool => sqlx::query(
        "INSERT INTO sign_in_codes (id, email, code_hash, created_at, expires_at) VALUES ($1, $2, $3, 0, $4)")
        .bind(uuid::Uuid::new_v4()).bind(email).bind(&hash).bind(chrono::Utc::now().timestamp() + 600)
        .execute(pool).await.map(|_| ()))
    .unwrap();
    let verify = |code: &'static str| {
        client
            .post(format!("{site}/api/v1/auth/email/verify"))
            .json(&json!({ "email": email, "code": code }))
            .send()
    };
    for _ in 0..5 {
        problem(verify("000000").await.unwrap(), 422).await;
    }
    let body = problem(verify(code).await.unwrap(), 422).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("Ask for a new one"),
        "{body}"
    );
    for server in servers {
        server.kill_9();
    }
}
