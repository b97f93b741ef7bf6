//! The controller's runtime: its state behind a lock, saved to a JSON file
//! after every change, and one sync round with the server (keys, feed pages,
//! queued entries). A failed round keeps everything and is retried.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use serde::Serialize;
use shared::access::{AccessKeys, CredentialFeed, EntryBatch, EntryBatchResult};

use super::decide::{Decision, DoorState, Presented};

/// Settings of `ledig door`.
#[derive(Debug, Clone)]
pub struct DoorConfig {
    /// The Ledig server, e.g. `http://localhost:8080`.
    pub server: String,
    pub controller: String,
    pub secret: String,
    /// The court this door opens.
    pub court_id: i64,
    /// Where the state is kept between restarts.
    pub state_path: PathBuf,
    /// PEM certificates to trust for an https `server` beside the public
    /// web roots (a private CA).
    pub extra_ca: Option<PathBuf>,
}

/// One door: its settings, its state and an HTTP client.
pub struct Door {
    pub config: DoorConfig,
    state: Mutex<DoorState>,
    client: reqwest::Client,
}

/// What one sync round did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SyncSummary {
    pub keys: usize,
    pub credentials_changed: usize,
    pub entries_sent: usize,
}

/// `GET /status`.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub court_id: i64,
    pub keys: usize,
    pub credentials: usize,
    pub pending: usize,
    pub last_sync_ok: bool,
    pub last_sync_at: Option<DateTime<Utc>>,
    pub locked_until: Option<i64>,
}

impl Door {
    /// The door's state. A panic elsewhere while holding the lock must not
    /// lock the court for good, so a poisoned lock is taken over as it is.
    fn lock(&self) -> std::sync::MutexGuard<'_, DoorState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Opens the door with the state saved at `config.state_path`, or empty.
    pub fn open(config: DoorConfig) -> anyhow::Result<Arc<Door>> {
        let state = match std::fs::read_to_string(&config.state_path) {
            Ok(text) => serde_json::from_str(&text)
                .with_context(|| format!("bad state file {}", config.state_path.display()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => DoorState::default(),
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("cannot read {}", config.state_path.display()))
            }
        };
        let mut builder = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(5));
        if let Some(path) = &config.extra_ca {
            let pem = std::fs::read(path)
                .with_context(|| format!("cannot read the CA file {}", path.display()))?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem)
                .with_context(|| format!("bad CA file {}", path.display()))?;
            anyhow::ensure!(
                !certs.is_empty(),
                "no PEM certificate in the CA file {}",
                path.display()
            );
            for cert in certs {
                builder = builder.add_root_certificate(cert);
            }
        }
        let client = builder.build()?;
        Ok(Arc::new(Door {
            config,
            state: Mutex::new(state),
            client,
        }))
    }

    /// A copy of the state.
    pub fn snapshot(&self) -> DoorState {
        self.lock().clone()
    }

    pub fn status(&self) -> Status {
        let s = self.lock();
        Status {
            court_id: self.config.court_id,
            keys: s.keys.len(),
            credentials: s.credentials.len(),
            pending: s.pending.len(),
            last_sync_ok: s.last_sync_ok,
            last_sync_at: s.last_sync_at,
            locked_until: s.lockout_until,
        }
    }

    /// Decides an attempt at this door, offline, and saves the queued entry.
    pub fn present(&self, presented: Presented, now: DateTime<Utc>) -> anyhow::Result<Decision> {
        self.change(|s| s.present(self.config.court_id, presented, now))
    }

    /// Runs `f` on the state and saves it.
    fn change<T>(&self, f: impl FnOnce(&mut DoorState) -> T) -> anyhow::Result<T> {
        let mut state = self.lock();
        let out = f(&mut state);
        save(&self.config.state_path, &state)?;
        Ok(out)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.server.trim_end_matches('/'))
    }

    fn auth(&self) -> String {
        format!("Bearer {}.{}", self.config.controller, self.config.secret)
    }

    /// One round: keys, all new feed pages, then the queued entries. On any
    /// error the state keeps what it had (entries stay queued) and the error
    /// is returned; the next round retries.
    pub async fn sync(&self) -> anyhow::Result<SyncSummary> {
        let result = self.sync_inner().await;
        let ok = result.is_ok();
        self.change(|s| {
            s.last_sync_ok = ok;
            if ok {
                s.last_sync_at = Some(Utc::now());
            }
        })?;
        result
    }

    async fn sync_inner(&self) -> anyhow::Result<SyncSummary> {
        let mut summary = SyncSummary::default();
        let keys: AccessKeys = self
            .client
            .get(self.url("/api/v1/access/keys"))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        summary.keys = keys.keys.len();
        self.change(|s| s.keys = keys.keys)?;

        loop {
            let cursor = self.lock().cursor.clone();
            let mut request = self
                .client
                .get(self.url("/api/v1/access/feed"))
                .header("authorization", self.auth());
            if !cursor.is_empty() {
                request = request.query(&[("cursor", cursor.as_str())]);
            }
            let page: CredentialFeed = request.send().await?.error_for_status()?.json().await?;
            summary.credentials_changed += page.credentials.len();
            let has_more = page.has_more && page.cursor != cursor;
            self.change(|s| {
                s.apply_feed(page.credentials, Utc::now());
                s.cursor = page.cursor;
            })?;
            if !has_more {
                break;
            }
        }

        let entries = self.lock().pending.clone();
        if !entries.is_empty() {
            let sent: Vec<uuid::Uuid> = entries.iter().map(|e| e.event_id).collect();
            let _: EntryBatchResult = self
                .client
                .post(self.url("/api/v1/access/entries"))
                .header("authorization", self.auth())
                .json(&EntryBatch { entries })
                .send()
                .await?
                .error_for_status()?
                .json()
                .await?;
            summary.entries_sent = sent.len();
            self.change(|s| s.pending.retain(|e| !sent.contains(&e.event_id)))?;
        }
        Ok(summary)
    }
}

/// Writes the state atomically (a temporary file renamed over the old one).
fn save(path: &std::path::Path, state: &DoorState) -> anyhow::Result<()> {
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(state)?)
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
