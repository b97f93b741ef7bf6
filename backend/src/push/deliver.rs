//! The delivery worker: drains the push outbox through each push service,
//! encrypted (aes128gcm, RFC 8291) and signed (VAPID, RFC 8292) by the
//! `web-push` crate, sent with our own HTTP client: https only (rustls),
//! to public addresses only ([`super::address`]).
//!
//! 2xx: delivered. 404/410: the subscription is gone — removed, with its
//! undelivered messages. 429/5xx or no answer: tried again with a growing
//! pause, until the message expires or has been tried `MAX_ATTEMPTS` times.
//! Any other answer is final (the message is marked dead with the reason),
//! and so is an endpoint on a non-public address.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::Duration,
};

use web_push::{
    request_builder, ContentEncoding, SubscriptionInfo, Urgency, VapidSignatureBuilder,
    WebPushMessageBuilder,
};

use super::{address, keys::VapidKeys, store};
use crate::db::Db;

/// Tries per message before giving up.
pub const MAX_ATTEMPTS: i64 = 8;
/// How long a worker may hold a message it took before another may take it.
const LEASE_SECONDS: i64 = 60;
/// Messages leased per pass.
const BATCH: u32 = 100;
/// Pushes in flight at once.
const SENDING: usize = 16;
/// A VAPID token is made anew after an hour (each is valid for 12).
const VAPID_RENEW: Duration = Duration::from_secs(3600);

/// Sends pushes: the VAPID keys, the `sub` claim and an HTTP client.
#[derive(Clone)]
pub struct Pusher {
    keys: VapidKeys,
    subject: String,
    client: reqwest::Client,
    allow_private_hosts: bool,
    /// VAPID tokens by push service origin, with when each was made.
    vapid: Arc<Mutex<HashMap<String, (std::time::Instant, web_push::VapidSignature)>>>,
}

/// How the push client connects.
#[derive(Debug, Clone, Default)]
pub struct PushOptions {
    /// PEM certificates trusted beside the public web roots: a private CA
    /// in front of a push service (`LEDIG_PUSH_EXTRA_CA`), or a test's CA.
    pub extra_roots_pem: Option<Vec<u8>>,
    /// Tests only (no setting turns it on): deliver to loopback and private
    /// addresses, where the tests' fake push service runs.
    pub allow_private_hosts: bool,
}

/// What one pass of the worker did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    pub sent: u32,
    pub retried: u32,
    pub dead: u32,
    pub gone: u32,
}

impl Pass {
    pub fn total(&self) -> u32 {
        self.sent + self.retried + self.dead + self.gone
    }
}

enum Outcome {
    Sent,
    Gone,
    Retry(String),
    Dead(String),
}

/// The pause before try `attempt + 1`: 5 s, 10 s, 20 s … at most 10 minutes.
pub fn backoff(attempt: i64) -> i64 {
    (5i64 << attempt.clamp(0, 7)).min(600)
}

impl Pusher {
    /// `subject`: a `mailto:` or `https:` contact for the push services.
    /// Trusts the public web roots and delivers to public addresses only.
    pub fn new(keys: VapidKeys, subject: String) -> anyhow::Result<Self> {
        Self::with_options(keys, subject, PushOptions::default())
    }

    pub fn with_options(
        keys: VapidKeys,
        subject: String,
        options: PushOptions,
    ) -> anyhow::Result<Self> {
        // https only (rustls, ring), no redirects and no proxy: a push
        // service answers itself, and a proxy would resolve names where our
        // check of the addresses cannot see.
        let mut builder = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(5))
            .https_only(true)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy();
        if let Some(pem) = &options.extra_roots_pem {
            let certs = reqwest::Certificate::from_pem_bundle(pem)?;
            anyhow::ensure!(!certs.is_empty(), "no PEM certificate in it");
            for cert in certs {
                builder = builder.add_root_certificate(cert);
            }
        }
        if !options.allow_private_hosts {
            builder = builder.dns_resolver(std::sync::Arc::new(address::PublicOnly));
        }
        Ok(Pusher {
            keys,
            subject,
            client: builder.build()?,
            allow_private_hosts: options.allow_private_hosts,
            vapid: Arc::default(),
        })
    }

    /// Sends every message due at `now`.
    pub async fn deliver_due(&self, db: &Db, now: i64) -> sqlx::Result<Pass> {
        use futures::{FutureExt, StreamExt};
        let mut pass = Pass::default();
        // Up to SENDING requests in flight at once: one slow push service
        // does not hold up the rest, and a leased batch is done long before
        // its lease runs out.
        let mut sent =
            futures::stream::iter(store::take_due(db, now, LEASE_SECONDS, i64::from(BATCH)).await?)
                .map(|message| async move {
                    let outcome = if message.expires_at <= now {
                        Outcome::Dead("expired before delivery".into())
                    } else {
                        self.send(&message, now).await
                    };
                    (message, outcome)
                })
                .buffer_unordered(SENDING);
        // Each answer is recorded as it comes, with whatever others came
        // meanwhile, in one transaction: a process killed in the middle of a
        // batch has recorded all it was answered but the last few, so the
        // process that takes the rest over after the lease sends again only
        // those (with the same Topic, which the push service folds into
        // one). Recording the whole batch at its end would send again all
        // of it that had gone out.
        while let Some(first) = sent.next().await {
            let mut answered = vec![first];
            while let Some(Some(more)) = sent.next().now_or_never() {
                answered.push(more);
            }
            record(db, answered, now, &mut pass).await?;
        }
        Ok(pass)
    }

    /// The VAPID JWT for the endpoint's push service. A token is valid for
    /// 12 hours for every endpoint of one origin (its `aud`), so it is made
    /// once an hour per push service, not once per message: signing is an
    /// elliptic-curve operation, the dearest part of a push after TLS.
    fn vapid_signature(
        &self,
        info: &SubscriptionInfo,
    ) -> Result<web_push::VapidSignature, web_push::WebPushError> {
        let origin = reqwest::Url::parse(&info.endpoint)
            .map(|url| url.origin().ascii_serialization())
            .map_err(|_| web_push::WebPushError::InvalidUri)?;
        let mut cache = self.vapid.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((made, signature)) = cache.get(&origin) {
            if made.elapsed() < VAPID_RENEW {
                return Ok(signature.clone());
            }
        }
        let mut builder = VapidSignatureBuilder::from_base64(&self.keys.private_key, info)?;
        builder.add_claim("sub", self.subject.as_str());
        let signature = builder.build()?;
        cache.insert(origin, (std::time::Instant::now(), signature.clone()));
        Ok(signature)
    }

    async fn send(&self, m: &store::DueMessage, now: i64) -> Outcome {
        // Stored before endpoints were checked, or by hand: names are
        // checked by the resolver, literal addresses here.
        if !self.allow_private_hosts && address::literal_private_host(&m.endpoint) {
            return Outcome::Dead("push endpoint is not a public address".into());
        }
        let info = SubscriptionInfo::new(m.endpoint.as_str(), m.p256dh.as_str(), m.auth.as_str());
        let built = (|| {
            let mut builder = WebPushMessageBuilder::new(&info);
            builder.set_payload(ContentEncoding::Aes128Gcm, m.payload.as_bytes());
            // Worth delivering until the slot starts, and no longer.
            builder.set_ttl(u32::try_from((m.expires_at - now).max(0)).unwrap_or(u32::MAX));
            builder.set_urgency(match m.urgency.as_str() {
                "high" => Urgency::High,
                "low" => Urgency::Low,
                "very-low" => Urgency::VeryLow,
                _ => Urgency::Normal,
            });
            if let Some(topic) = &m.topic {
                builder.set_topic(topic.clone());
            }
            builder.set_vapid_signature(self.vapid_signature(&info)?);
            builder.build()
        })();
        let message = match built {
            Ok(message) => message,
            // A subscription whose keys do not work can never be delivered to.
            Err(error) => {
                return Outcome::Dead(format!("cannot encrypt for this subscription: {error}"))
            }
        };
        let request = request_builder::build_request::<Vec<u8>>(message);
        let mut outgoing = self.client.post(request.uri().to_string());
        for (name, value) in request.headers() {
            outgoing = outgoing.header(name.as_str(), value.as_bytes());
        }
        match outgoing.body(request.into_body()).send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                match status {
                    200..=299 => Outcome::Sent,
                    404 | 410 => Outcome::Gone,
                    429 | 500..=599 => Outcome::Retry(format!("push service answered {status}")),
                    _ => Outcome::Dead(format!("push service refused the message: {status}")),
                }
            }
            Err(error) if address::refused_as_private(&error) => {
                Outcome::Dead("push endpoint resolves to no public address".into())
            }
            Err(error) if error.is_builder() => {
                Outcome::Dead(format!("not a usable push endpoint: {error}"))
            }
            Err(error) => Outcome::Retry(format!("push service unreachable: {error}")),
        }
    }
}

/// Writes down what the push services answered.
async fn record(
    db: &Db,
    answered: Vec<(store::DueMessage, Outcome)>,
    now: i64,
    pass: &mut Pass,
) -> sqlx::Result<()> {
    let delivered: Vec<uuid::Uuid> = answered
        .iter()
        .filter(|(_, outcome)| matches!(outcome, Outcome::Sent))
        .map(|(message, _)| message.id)
        .collect();
    store::mark_sent(db, &delivered, now).await?;
    pass.sent += delivered.len() as u32;
    for (message, outcome) in answered {
        match outcome {
            Outcome::Sent => {}
            Outcome::Gone => {
                store::remove_subscription(db, message.subscription_id, now).await?;
                pass.gone += 1;
            }
            Outcome::Retry(error) if message.attempts + 1 < MAX_ATTEMPTS => {
                let at = now + backoff(message.attempts);
                store::retry_later(db, message.id, &error, at).await?;
                pass.retried += 1;
            }
            Outcome::Retry(error) | Outcome::Dead(error) => {
                store::mark_dead(db, message.id, &error, now).await?;
                pass.dead += 1;
            }
        }
    }
    Ok(())
}

/// Runs the worker every second (for retries that come due, and messages
/// another process queued) and whenever this process queues a push
/// ([`crate::wake::PUSHES`]), until the server stops.
pub async fn deliver_forever(db: Db, pusher: Pusher) {
    let mut ear = crate::wake::PUSHES.listen(Duration::from_secs(1));
    while ear.wait().await {
        // A full batch means more are waiting: go on without a pause (but
        // not past a stop: the rest is another process's, or the next start's).
        while !crate::wake::stopping() {
            let round = pusher
                .deliver_due(&db, chrono::Utc::now().timestamp())
                .await;
            crate::metrics::job_round("push_delivery", round.is_ok());
            match round {
                Ok(pass) if pass == Pass::default() => break,
                Ok(pass) => {
                    tracing::info!(?pass, "push delivery");
                    if pass.total() < BATCH {
                        break;
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, "push delivery failed");
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(0), 5);
        assert_eq!(backoff(1), 10);
        assert_eq!(backoff(3), 40);
        assert_eq!(backoff(7), 600);
        assert_eq!(backoff(30), 600);
    }
}
