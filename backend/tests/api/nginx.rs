//! Behind a real nginx (Debian's `nginx` package; `scripts/test` installs
//! it) running the site of deploy/nginx/ledig.conf: nginx
//! passes its upstream as `Host` (`127.0.0.1:port`) while browsers send the
//! public origin, and their requests must still pass the CSRF check
//! (issue 14, item 12).

use std::{
    net::TcpListener,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use serde_json::json;

use crate::{
    accounts::session_cookie,
    helpers::{json, problem, spawn_app_with, tomorrow_at, Engine},
};

const PUBLIC: &str = "https://boka.umea.se";

/// deploy/nginx/ledig.conf, made to listen on `listen` (the site) and
/// `redirect` (its port-80 redirect) over plain http (this test's client
/// speaks no TLS; the TLS lines are all that is dropped), with one upstream
/// server line per port of `upstreams`.
pub fn site_from_deploy(listen: u16, redirect: u16, upstreams: &[u16]) -> String {
    let file = include_str!("../../../deploy/nginx/ledig.conf");
    let mut site = Vec::new();
    let (mut listened, mut redirected, mut servers) = (false, false, 0);
    for line in file.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("ssl_") {
            continue;
        }
        if trimmed == "listen 443 ssl;" {
            listened = true;
            site.push(format!("    listen 127.0.0.1:{listen};"));
        } else if trimmed == "listen 80;" {
            redirected = true;
            site.push(format!("    listen 127.0.0.1:{redirect};"));
        } else if trimmed.starts_with("server 127.0.0.1:") {
            servers += 1;
            if servers == 1 {
                let options = trimmed.split_once(' ').unwrap().1;
                let options = options.split_once(' ').map_or(";", |(_, o)| o);
                for port in upstreams {
                    site.push(format!("    server 127.0.0.1:{port} {options}"));
                }
            }
        } else {
            site.push(line.to_string());
        }
    }
    assert!(
        listened && redirected && servers > 0,
        "deploy/nginx/ledig.conf changed shape:\n{file}"
    );
    site.join("\n")
}

/// A loopback port nobody listens on (for a moment).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// nginx in the foreground, as one process; killed when dropped.
pub struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn start_nginx(dir: &std::path::Path, site: &str, port: u16) -> Nginx {
    let d = dir.display();
    let conf = format!(
        "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\n\
         events {{}}\nhttp {{\n    access_log off;\n    client_body_temp_path {d}/body;\n    \
         proxy_temp_path {d}/proxy;\n    fastcgi_temp_path {d}/fastcgi;\n    uwsgi_temp_path {d}/uwsgi;\n    \
         scgi_temp_path {d}/scgi;\n{site}\n}}\n"
    );
    std::fs::write(dir.join("nginx.conf"), conf).unwrap();
    let child = Command::new("nginx")
        .arg("-p")
        .arg(dir)
        .arg("-e")
        .arg(dir.join("error.log"))
        .arg("-c")
        .arg(dir.join("nginx.conf"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nginx is not installed: apt-get install nginx (scripts/test does)");
    let nginx = Nginx(child);
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        let log = std::fs::read_to_string(dir.join("error.log")).unwrap_or_default();
        assert!(Instant::now() < deadline, "nginx did not start: {log}");
        std::thread::sleep(Duration::from_millis(50));
    }
    nginx
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_requests_pass_csrf_through_the_documented_nginx() {
    let mut config = backend::config::ServeConfig::for_tests();
    config.accounts.public_url = PUBLIC.into();
    config.accounts.trust_proxy = true;
    config.accounts.smtp_url = Some("smtp://127.0.0.1:9".into());
    config.allow_demo = true;
    let mut app = spawn_app_with(Engine::Sqlite, config).await;
    let f = app.add_fixture().await;

    let (port, redirect) = (free_port(), free_port());
    let upstream: u16 = app.address.rsplit(':').next().unwrap().parse().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let _nginx = start_nginx(
        dir.path(),
        &site_from_deploy(port, redirect, &[upstream]),
        port,
    );
    // From here on every request goes through nginx.
    app.address = format!("http://127.0.0.1:{port}");

    let post = |origin: &str, path: &str, body: serde_json::Value| {
        app.client
            .post(app.url(path))
            .header("origin", origin)
            .header("sec-fetch-site", "same-origin")
            .json(&body)
            .send()
    };
    let booking = json!({ "court_id": f.court_id, "starts_at": tomorrow_at(8), "name": "Ada", "email": "ada@example.se" });
    let held = post(PUBLIC, "/api/v1/bookings", booking).await.unwrap();
    assert_eq!(held.status().as_u16(), 201);
    let held = json(held).await;
    // Paying (a POST) from the page works too.
    let paid = app
        .client
        .post(app.url(&format!(
            "/api/v1/payments/demo/{}/confirm",
            held["id"].as_str().unwrap()
        )))
        .header("origin", PUBLIC)
        .header("sec-fetch-site", "same-origin")
        .header("x-booking-key", held["owner_key"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status().as_u16(), 200);
    // The request id is nginx's ($request_id: 32 hex digits), kept by Ledig.
    let id = paid.headers()["x-request-id"].to_str().unwrap();
    assert!(
        id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{id}"
    );

    // Another site cannot, through nginx either.
    let other = json!({ "court_id": f.court_id, "starts_at": tomorrow_at(9), "name": "Eve", "email": "eve@example.se" });
    let refused = app
        .client
        .post(app.url("/api/v1/bookings"))
        .header("origin", "https://evil.example")
        .json(&other)
        .send()
        .await
        .unwrap();
    problem(refused, 403).await;

    // Signed in, a POST with the session's CSRF token passes. (With an https
    // public URL mail must go over SMTP, which this test has not: the code
    // is put straight into the database.)
    let code = "123456";
    let hash = backend::accounts::session::hash(&format!("ada@example.se:{code}"));
    backend::on_db!(&app.db, pool => sqlx::query(
        "INSERT INTO sign_in_codes (id, email, code_hash, created_at, expires_at) VALUES ($1, 'ada@example.se', $2, 0, $3)")
        .bind(uuid::Uuid::new_v4()).bind(&hash).bind(chrono::Utc::now().timestamp() + 600)
        .execute(pool).await.map(|_| ())).unwrap();
    let signed_in = post(
        PUBLIC,
        "/api/v1/auth/email/verify",
        json!({ "email": "ada@example.se", "code": code }),
    )
    .await
    .unwrap();
    assert_eq!(signed_in.status().as_u16(), 200);
    let cookie = session_cookie(&signed_in);
    let csrf = json(signed_in).await["csrf_token"]
        .as_str()
        .unwrap()
        .to_string();
    let feed = app
        .client
        .post(app.url("/api/v1/me/calendar-feed"))
        .header("origin", PUBLIC)
        .header("cookie", &cookie)
        .header("x-csrf-token", &csrf)
        .send()
        .await
        .unwrap();
    assert_eq!(feed.status().as_u16(), 200);
    // The feed URL is built from the public URL, not nginx's upstream.
    let url = json(feed).await["url"].as_str().unwrap().to_string();
    assert!(url.starts_with(PUBLIC), "{url}");
}
