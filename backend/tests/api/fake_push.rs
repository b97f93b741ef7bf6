//! A local fake push service over https (a test CA, see `tls`): it keeps
//! what it receives, answers with the status it is told to (201 by
//! default), and can decrypt each message with the subscription's private
//! key, as a browser would.

use std::{
    collections::{HashMap, VecDeque},
    sync::{Arc, Mutex},
};

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    routing::post,
    Router,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};

use crate::tls::TestCa;

#[derive(Debug, Clone)]
pub struct Received {
    pub device: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

#[derive(Default)]
struct Inner {
    received: Vec<Received>,
    /// How long each message takes to arrive (before it is kept and answered).
    transit: std::time::Duration,
    /// Statuses to answer per device, in order; then 201.
    script: HashMap<String, VecDeque<u16>>,
}

#[derive(Clone)]
pub struct FakePush {
    inner: Arc<Mutex<Inner>>,
    /// `https://127.0.0.1:<port>`.
    pub base: String,
    pub port: u16,
    /// The CA that signed the service's certificate (PEM).
    pub ca_pem: String,
}

/// A browser's side of one subscription: the keys only it holds.
pub struct Device {
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    components: ece::EcKeyComponents,
    auth_secret: Vec<u8>,
}

impl Device {
    pub fn decrypt(&self, body: &[u8]) -> Vec<u8> {
        ece::decrypt(&self.components, &self.auth_secret, body)
            .expect("decrypts with the device's key")
    }

    /// The device's private P-256 scalar and auth secret, base64url: for an
    /// independent implementation to decrypt with.
    pub fn secrets(&self) -> (String, String) {
        (
            URL_SAFE_NO_PAD.encode(self.components.private_key()),
            URL_SAFE_NO_PAD.encode(&self.auth_secret),
        )
    }

    pub fn subscription_json(&self) -> serde_json::Value {
        serde_json::json!({ "endpoint": self.endpoint, "keys": { "p256dh": self.p256dh, "auth": self.auth } })
    }
}

async fn receive(
    State(inner): State<Arc<Mutex<Inner>>>,
    Path(device): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let transit = inner.lock().unwrap().transit;
    if !transit.is_zero() {
        tokio::time::sleep(transit).await;
    }
    let mut inner = inner.lock().unwrap();
    inner.received.push(Received {
        device: device.clone(),
        headers,
        body: body.to_vec(),
    });
    let status = inner
        .script
        .get_mut(&device)
        .and_then(|s| s.pop_front())
        .unwrap_or(201);
    StatusCode::from_u16(status).unwrap()
}

impl FakePush {
    pub async fn start() -> FakePush {
        Self::start_with_transit(std::time::Duration::ZERO).await
    }

    /// A service where each message takes `transit` to arrive: a sender
    /// killed meanwhile has sent nothing (the connection goes with it).
    pub async fn start_with_transit(transit: std::time::Duration) -> FakePush {
        let ca = TestCa::new();
        let inner: Arc<Mutex<Inner>> = Arc::new(Mutex::new(Inner {
            transit,
            ..Default::default()
        }));
        let app = Router::new()
            .route("/push/{device}", post(receive))
            .with_state(inner.clone());
        let port = ca.serve(app).await.port();
        FakePush {
            inner,
            base: format!("https://127.0.0.1:{port}"),
            port,
            ca_pem: ca.ca_pem,
        }
    }

    /// A new browser subscription at this service, with fresh keys.
    pub fn device(&self, name: &str) -> Device {
        self.device_at(&self.base, name)
    }

    /// The same on another spelling of this service, e.g. `https://localhost:<port>`.
    pub fn device_at(&self, base: &str, name: &str) -> Device {
        let (pair, auth) = ece::generate_keypair_and_auth_secret().unwrap();
        let components = pair.raw_components().unwrap();
        Device {
            endpoint: format!("{base}/push/{name}"),
            p256dh: URL_SAFE_NO_PAD.encode(components.public_key()),
            auth: URL_SAFE_NO_PAD.encode(auth),
            components,
            auth_secret: auth.to_vec(),
        }
    }

    pub fn answer(&self, device: &str, statuses: &[u16]) {
        self.inner
            .lock()
            .unwrap()
            .script
            .entry(device.to_string())
            .or_default()
            .extend(statuses);
    }

    pub fn received(&self) -> Vec<Received> {
        self.inner.lock().unwrap().received.clone()
    }

    /// What the service holds for its devices, as a push service does
    /// (RFC 8030, 5.4): a message with the Topic of one it holds for the
    /// same device replaces that one.
    pub fn pending(&self) -> Vec<Received> {
        let mut held: Vec<Received> = Vec::new();
        for message in self.received() {
            let topic = message.headers.get("topic").cloned();
            match held.iter_mut().find(|h| {
                topic.is_some()
                    && h.device == message.device
                    && h.headers.get("topic") == topic.as_ref()
            }) {
                Some(same) => *same = message,
                None => held.push(message),
            }
        }
        held
    }
}
