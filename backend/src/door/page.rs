//! The virtual door: a small page to present a QR token or a code, and its
//! JSON API (`POST /present`, `GET /status`); plus the sync loop.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use shared::access::EntryResult;

use super::decide::Presented;
use super::sync::Door;

/// `POST /present` body: a token or a code; `at` overrides the door's clock
/// (for demos and tests).
#[derive(Debug, Deserialize)]
pub struct PresentRequest {
    #[serde(default)]
    pub token: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub at: Option<DateTime<Utc>>,
}

/// The door's routes.
pub fn router(door: Arc<Door>) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/present", post(present))
        .route("/status", get(status))
        .with_state(door)
}

async fn page() -> Html<&'static str> {
    Html(PAGE)
}

async fn status(State(door): State<Arc<Door>>) -> impl IntoResponse {
    Json(door.status())
}

async fn present(State(door): State<Arc<Door>>, Json(body): Json<PresentRequest>) -> Response {
    let presented = match (body.token, body.code) {
        (Some(t), _) if !t.trim().is_empty() => Presented::Token(t),
        (_, Some(c)) if !c.trim().is_empty() => Presented::Code(c),
        _ => {
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(serde_json::json!({"error": "give a token or a code"})),
            )
                .into_response()
        }
    };
    let now = body.at.unwrap_or_else(Utc::now);
    match door.present(presented, now) {
        Ok(decision) => {
            let verdict = match decision.result {
                EntryResult::Accepted => "ACCEPTED".to_string(),
                EntryResult::Denied => format!(
                    "DENIED {}",
                    decision.reason.map(|r| r.as_str()).unwrap_or("")
                ),
            };
            println!(
                "door court {}: {:?} at {} → {verdict}{}",
                door.config.court_id,
                decision.method,
                decision.at.to_rfc3339(),
                decision
                    .booking_ref
                    .map(|b| format!(" (booking {b})"))
                    .unwrap_or_default()
            );
            Json(decision).into_response()
        }
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(serde_json::json!({"error": format!("{e:#}")})),
        )
            .into_response(),
    }
}

/// Serves the virtual door on `listen` and syncs every `sync_every` until stopped.
pub async fn run(door: Arc<Door>, listen: SocketAddr, sync_every: Duration) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    let s = door.status();
    println!(
        "Ledig door for court {} on http://{} — server {}, state {} ({} credentials, {} queued entries)",
        door.config.court_id,
        listener.local_addr()?,
        door.config.server,
        door.config.state_path.display(),
        s.credentials,
        s.pending
    );
    let syncing = door.clone();
    tokio::spawn(async move {
        loop {
            if let Err(e) = syncing.sync().await {
                tracing::warn!("door sync failed (will retry): {e:#}");
            }
            tokio::time::sleep(sync_every).await;
        }
    });
    axum::serve(listener, router(door)).await?;
    Ok(())
}

const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ledig virtual door</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; }
label { display: block; margin-top: 1rem; font-weight: 600; }
textarea, input { width: 100%; box-sizing: border-box; font: inherit; padding: .5rem; }
button { margin-top: 1rem; font: inherit; padding: .6rem 1.2rem; }
#result { margin-top: 1.5rem; font-size: 1.5rem; font-weight: 700; padding: 1rem; border: 2px solid #555; }
#result.accepted { border-color: #0a6b2d; color: #0a6b2d; }
#result.denied { border-color: #a1141b; color: #a1141b; }
</style>
</head>
<body>
<main>
<h1>Virtual door</h1>
<form id="door">
<label for="token">QR token</label>
<textarea id="token" name="token" rows="4" autocomplete="off"></textarea>
<label for="code">Door code</label>
<input id="code" name="code" inputmode="numeric" autocomplete="off">
<button type="submit">Open</button>
</form>
<p id="result" role="status" aria-live="polite">Waiting.</p>
</main>
<script>
document.getElementById('door').addEventListener('submit', async (e) => {
  e.preventDefault();
  const token = document.getElementById('token').value.trim();
  const code = document.getElementById('code').value.trim();
  const out = document.getElementById('result');
  try {
    const r = await fetch('present', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify(token ? { token } : { code }) });
    const d = await r.json();
    if (!r.ok) { out.className = 'denied'; out.textContent = 'Error: ' + (d.error || r.status); return; }
    out.className = d.result;
    out.textContent = d.result === 'accepted' ? 'ACCEPTED' : 'DENIED: ' + d.reason.replace(/_/g, ' ');
  } catch (err) {
    out.className = 'denied'; out.textContent = 'Error: ' + err;
  }
});
</script>
</body>
</html>
"#;
