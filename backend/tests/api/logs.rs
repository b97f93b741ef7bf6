//! No personal data in logs: a real `ledig serve` at the most talkative
//! log level a person would set (`LEDIG_LOG=debug`: every request, every
//! query) is driven through signing in, the profile, booking, paying,
//! the calendar feed, the export and erasure, and its whole output is
//! searched for the e-mail addresses, names, phone numbers, codes, tokens
//! and keys that went through it.

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::Duration,
};

use serde_json::{json, Value};

struct Logged {
    child: Child,
    base: String,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Drop for Logged {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(dir: &std::path::Path) -> Logged {
    start_with(dir, &[])
}

fn start_with(dir: &std::path::Path, settings: &[(&str, &str)]) -> Logged {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ledig"))
        .envs(settings.iter().copied())
        .arg("serve")
        .env(
            "LEDIG_DATABASE_URL",
            format!("sqlite://{}", dir.join("ledig.db").display()),
        )
        .env("LEDIG_ADDR", "127.0.0.1:0")
        .env("LEDIG_SEED_DEMO", "true")
        .env("LEDIG_STATIC_DIR", dir.join("dist"))
        .env("LEDIG_OUTBOX_DIR", dir.join("outbox"))
        .env("LEDIG_LOG", "debug")
        .env_remove("LEDIG_STRIPE_SECRET_KEY")
        .env_remove("LEDIG_SMTP_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ledig serve");
    let lines = Arc::new(Mutex::new(Vec::new()));
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    {
        let lines = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                // As it prints it, or inside a JSON log line.
                if let Some(rest) = line.split("open http://localhost:").nth(1) {
                    let _ = tx.send(
                        rest.chars()
                            .take_while(char::is_ascii_digit)
                            .collect::<String>(),
                    );
                }
                lines.lock().unwrap().push(line);
            }
        });
    }
    {
        let lines = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line);
            }
        });
    }
    let port = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("ledig serve did not start");
    Logged {
        child,
        base: format!("http://127.0.0.1:{port}"),
        lines,
    }
}

/// A browser: the session cookie and CSRF token once signed in.
struct Browser {
    client: reqwest::Client,
    base: String,
    cookie: String,
    csrf: String,
}

impl Browser {
    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
        key: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.base))
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf);
        if let Some(key) = key {
            request = request.header("x-booking-key", key);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }
}

async fn newest_code(dir: &std::path::Path, to: &str) -> String {
    let mails = backend::mail::read_outbox(dir, 50).await.unwrap();
    let mail = mails.iter().find(|m| m.to == to).expect("a code mail");
    mail.text
        .split_whitespace()
        .find(|w| w.len() == 6 && w.chars().all(|c| c.is_ascii_digit()))
        .unwrap()
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_personal_data_reaches_a_log_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("dist")).unwrap();
    std::fs::write(
        dir.path().join("dist/index.html"),
        "<!doctype html><title>Ledig</title>",
    )
    .unwrap();
    let server = start(dir.path());
    let outbox = dir.path().join("outbox");
    let mut me = Browser {
        client: reqwest::Client::new(),
        base: server.base.clone(),
        cookie: String::new(),
        csrf: String::new(),
    };
    let email = "greta.loggstrom@example.se";
    let guest_email = "hemlig.gast@example.se";
    let mut secrets: Vec<String> = vec![
        email.into(),
        guest_email.into(),
        "Greta Loggström".into(),
        "Hemlig Gäst".into(),
        "555 12 34".into(),
        "5551234".into(),
        "666 98 76".into(),
    ];

    // Signing in: a wrong code, then the right one.
    let post = |path: &str, body: Value| {
        let client = me.client.clone();
        let url = format!("{}/api/v1{path}", server.base);
        async move { client.post(url).json(&body).send().await.unwrap() }
    };
    assert_eq!(
        post(
            "/auth/email/start",
            json!({ "email": email, "language": "sv" })
        )
        .await
        .status(),
        202
    );
    let code = newest_code(&outbox, email).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    assert_eq!(
        post(
            "/auth/email/verify",
            json!({ "email": email, "code": wrong })
        )
        .await
        .status(),
        422
    );
    let verified = post(
        "/auth/email/verify",
        json!({ "email": email, "code": code }),
    )
    .await;
    assert_eq!(verified.status(), 200);
    let set_cookie = verified.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    me.cookie = set_cookie.split(';').next().unwrap().to_string();
    let session: Value = verified.json().await.unwrap();
    me.csrf = session["csrf_token"].as_str().unwrap().to_string();
    secrets.push(code);
    secrets.push(me.cookie.split('=').nth(1).unwrap().to_string());
    secrets.push(me.csrf.clone());

    use reqwest::Method;
    let profile = me
        .send(
            Method::PUT,
            "/api/v1/me/profile",
            Some(json!({ "name": "Greta Loggström",
            "phone": "+46 70 555 12 34", "language": "sv", "category": "adult" })),
            None,
        )
        .await;
    assert_eq!(profile.status(), 200);

    // Book and pay, signed in and as a guest; read them with their keys.
    let venues: Value = me
        .send(Method::GET, "/api/v1/venues?per_page=5", None, None)
        .await
        .json()
        .await
        .unwrap();
    let venue = venues["venues"][0]["id"].as_i64().unwrap();
    let date = (chrono::Utc::now() + chrono::Duration::days(2)).date_naive();
    let day: Value = me
        .send(
            Method::GET,
            &format!("/api/v1/venues/{venue}/slots?date={date}"),
            None,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let mut free = day["courts"].as_array().unwrap().iter().flat_map(|court| {
        let id = court["court_id"].as_i64().unwrap();
        court["slots"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["status"] == "free")
            .map(move |s| (id, s["starts_at"].as_str().unwrap().to_string()))
            .collect::<Vec<_>>()
    });
    for (name, address, phone) in [
        ("Greta Loggström", email, "+46 70 555 12 34"),
        ("Hemlig Gäst", guest_email, "070-666 98 76"),
    ] {
        let (court, starts_at) = free.next().expect("a free slot");
        let held = me
            .send(
                Method::POST,
                "/api/v1/bookings",
                Some(json!({ "court_id": court, "starts_at": starts_at,
                "name": name, "email": address, "phone": phone })),
                None,
            )
            .await;
        assert_eq!(held.status(), 201);
        let held: Value = held.json().await.unwrap();
        let id = held["id"].as_str().unwrap().to_string();
        let key = held["owner_key"].as_str().unwrap().to_string();
        let paid = me
            .send(
                Method::POST,
                &format!("/api/v1/payments/demo/{id}/confirm"),
                None,
                Some(&key),
            )
            .await;
        assert_eq!(paid.status(), 200);
        let booking: Value = me
            .send(
                Method::GET,
                &format!("/api/v1/bookings/{id}"),
                None,
                Some(&key),
            )
            .await
            .json()
            .await
            .unwrap();
        if let Some(code) = booking["door_code"].as_str() {
            secrets.push(code.to_string());
        }
        // The link in the confirmation carries the key in its query.
        let _ = me
            .send(
                Method::GET,
                &format!("/api/v1/bookings/{id}?key={key}"),
                None,
                None,
            )
            .await;
        secrets.push(key);
    }

    // The calendar feed: its URL is the secret.
    let feed: Value = me
        .send(Method::POST, "/api/v1/me/calendar-feed", None, None)
        .await
        .json()
        .await
        .unwrap();
    let url = feed["url"].as_str().unwrap().to_string();
    let token = url
        .rsplit('/')
        .next()
        .unwrap()
        .trim_end_matches(".ics")
        .to_string();
    let path = url.split("/api/v1").nth(1).unwrap().to_string();
    assert_eq!(
        me.send(Method::GET, &format!("/api/v1{path}"), None, None)
            .await
            .status(),
        200
    );
    secrets.push(token);

    // The export and the erasure.
    assert_eq!(
        me.send(Method::GET, "/api/v1/me/export", None, None)
            .await
            .status(),
        200
    );
    let erased = me
        .send(
            Method::POST,
            "/api/v1/me/erase",
            Some(json!({ "confirm_email": email })),
            None,
        )
        .await;
    assert_eq!(erased.status(), 200);
    // Every request has an id, in its response and its log lines; one a
    // proxy in front gave is kept, one that does not look like an id is not.
    let erased_id = erased.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(erased_id.parse::<uuid::Uuid>().is_ok(), "{erased_id}");
    let given = me
        .client
        .get(format!("{}/healthz", server.base))
        .header("x-request-id", "nginx-7f3a9c")
        .send()
        .await
        .unwrap();
    assert_eq!(given.headers()["x-request-id"], "nginx-7f3a9c");
    let odd = me
        .client
        .get(format!("{}/healthz", server.base))
        .header("x-request-id", "<script>")
        .send()
        .await
        .unwrap();
    assert_ne!(odd.headers()["x-request-id"], "<script>");

    tokio::time::sleep(Duration::from_millis(500)).await;
    let lines = server.lines.lock().unwrap().clone();
    assert!(
        lines.len() > 20,
        "the server logged too little to tell: {lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.contains("/api/v1/me/export")),
        "requests are logged at debug"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains(&format!("id={erased_id}")) && l.contains("account erased")),
        "the erasure's log line names its request id"
    );
    assert!(lines.iter().any(|l| l.contains("id=nginx-7f3a9c")));
    let leaks: Vec<String> = lines
        .iter()
        .filter_map(|line| {
            let lower = line.to_lowercase();
            secrets
                .iter()
                .find(|s| lower.contains(&s.to_lowercase()))
                .map(|s| format!("{s:?} in: {line}"))
        })
        .collect();
    assert!(
        leaks.is_empty(),
        "personal data in the log:\n{}",
        leaks.join("\n")
    );
}

/// `LEDIG_LOG_FORMAT=json`: every line the server writes is one JSON object
/// with its level and message, and a request's lines carry its id in their
/// spans, for a log collector to index; a format it does not know stops the
/// start with a clear message.
#[tokio::test]
async fn json_logs_are_one_object_a_line_with_the_request_id() {
    let dir = tempfile::tempdir().unwrap();
    let server = start_with(dir.path(), &[("LEDIG_LOG_FORMAT", "json")]);
    let client = reqwest::Client::new();
    let answered = client
        .get(format!("{}/api/v1/venues", server.base))
        .header("x-request-id", "nginx-json-5d1e")
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), 200);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let lines = server.lines.lock().unwrap().clone();
    let objects: Vec<Value> = lines
        .iter()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect();
    assert!(objects.len() > 5, "{lines:?}");
    for object in &objects {
        assert!(
            object["level"].is_string() && object["timestamp"].is_string(),
            "{object}"
        );
    }
    assert!(
        objects.iter().any(|o| o["spans"]
            .as_array()
            .is_some_and(|spans| spans.iter().any(|s| s["id"] == "nginx-json-5d1e"))),
        "a line of the request names its id: {lines:?}"
    );

    let refused = Command::new(env!("CARGO_BIN_EXE_ledig"))
        .arg("migrate")
        .env("LEDIG_LOG_FORMAT", "xml")
        .env(
            "LEDIG_DATABASE_URL",
            format!("sqlite://{}", dir.path().join("other.db").display()),
        )
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert_eq!(
        String::from_utf8_lossy(&refused.stderr).trim(),
        "ledig: LEDIG_LOG_FORMAT must be text or json, got \"xml\""
    );
}
