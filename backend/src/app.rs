//! Building and running the server.

use std::sync::Arc;

use anyhow::Context;
use shared::{ClientConfig, RetentionPeriods};
use tokio::net::TcpListener;

use crate::{
    bookings,
    config::{DatabaseConfig, ServeConfig},
    db::Db,
    http,
    payments::PaymentProvider,
    seed,
};

/// What every handler can reach. Small on purpose.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// How long a slot is held while the player pays.
    pub hold: chrono::Duration,
    pub client_config: Arc<ClientConfig>,
    pub accounts: Arc<crate::accounts::Accounts>,
    /// Derives and checks bookings' owner keys.
    pub owner_keys: bookings::owner::OwnerKeys,
    /// Holds per client and per person (`bookings::hold_limit`).
    pub hold_limits: bookings::hold_limit::HoldLimits,
}

/// A bound, ready-to-run server. Binding happens in `build`, so port 0 gives
/// each test its own free port.
pub struct Application {
    port: u16,
    listener: TcpListener,
    /// The Prometheus metrics listener (`LEDIG_METRICS_ADDR`), if any.
    metrics: Option<TcpListener>,
    router: axum::Router,
    db: Db,
    payments: PaymentProvider,
    /// `None` when the delivery worker is off (tests run it by hand).
    pusher: Option<crate::push::Pusher>,
    retention: crate::config::RetentionConfig,
    /// Whether the repair pass runs in the background (tests run it by hand).
    repair_worker: bool,
    no_show_worker: bool,
    notices_worker: bool,
    /// How long a stop waits for requests in flight and job steps in hand.
    shutdown_grace: std::time::Duration,
    /// `None` when the offer worker is off (tests run it by hand).
    offers: Option<crate::watches::offers::OfferSettings>,
    /// Sends the mail queued in `mail_outbox` (`mail::queue`).
    mailer: crate::mail::Mailer,
}

impl Application {
    /// Connects, migrates, seeds an empty database (unless told not to) and binds.
    /// Refuses bad or unsafe settings first (`ServeConfig::check`), before
    /// anything is connected, migrated or seeded.
    pub async fn build(database: &DatabaseConfig, mut config: ServeConfig) -> anyhow::Result<Self> {
        config.check()?;
        // Tests only: a debug build lets the tests' real `ledig serve`
        // processes push to their fake push service on loopback. A release
        // build has no way to: subscribers would make it post to private
        // addresses.
        if cfg!(debug_assertions)
            && std::env::var("LEDIG_TEST_PUSH_PRIVATE_HOSTS").as_deref() == Ok("1")
        {
            config.push_allow_private_hosts = true;
        }
        crate::access::check_settings()?;
        let db = Db::connect(&database.database_url).await?;
        // Several processes started at once on one empty database: one at a
        // time migrates, seeds and makes the keys (in build_with_db).
        let start = db.start_lock().await?;
        db.migrate().await.context("migrating the database")?;
        if config.seed_demo {
            let summary = seed::seed_demo(&db, chrono::Utc::now())
                .await
                .context("loading demo data")?;
            tracing::info!("{summary}");
        }
        let app = Self::build_with_db(db, config).await;
        start.release().await;
        app
    }

    /// Builds on a database that is already migrated (tests bring their own).
    pub async fn build_with_db(db: Db, config: ServeConfig) -> anyhow::Result<Self> {
        config.check()?;
        crate::access::check_settings()?;
        let payments = PaymentProvider::from_config(&config.stripe)?;
        tracing::info!(provider = payments.name(), "payments");
        // The door-token signing key exists from the first start on.
        crate::access::keys::active(&db).await?;
        // Before serving: no confirmed booking without its door credentials,
        // none inactive with live ones (whatever an earlier crash or release
        // left). The payments part needs Stripe and runs in the background.
        let repaired = crate::repair::credentials(&db, chrono::Utc::now().timestamp())
            .await
            .context("repairing door credentials")?;
        if repaired.total() > 0 || repaired.failed > 0 {
            tracing::warn!("{repaired}");
        }
        // So are the VAPID keys browsers subscribe with.
        let vapid = crate::push::keys::ensure(&db).await?;
        let push_options = crate::push::PushOptions {
            extra_roots_pem: match &config.push_extra_ca {
                Some(path) => Some(std::fs::read(path).with_context(|| {
                    format!("LEDIG_PUSH_EXTRA_CA: cannot read {}", path.display())
                })?),
                None => None,
            },
            allow_private_hosts: config.push_allow_private_hosts,
        };
        // Built even without the worker, so a bad certificate stops the start.
        let pusher = crate::push::Pusher::with_options(
            vapid,
            config.accounts.public_url.clone(),
            push_options,
        )
        .context("cannot set up push delivery (is LEDIG_PUSH_EXTRA_CA a PEM certificate file?)")?;
        let pusher = config.push_worker.then_some(pusher);
        let owner_keys = bookings::owner::OwnerKeys::ensure(&db).await?;
        let accounts = crate::accounts::Accounts::from_config(&config.accounts)?;
        tracing::info!(mail = accounts.mailer.name(), "accounts");
        if let Some(dir) = accounts.mailer.outbox_dir() {
            if accounts.dev_outbox {
                tracing::warn!(
                    "LEDIG_DEV_OUTBOX is on: anyone can read sign-in codes at /dev/outbox"
                );
            } else {
                tracing::warn!(
                    outbox = %dir.display(),
                    "no LEDIG_SMTP_URL: mails are only written to the outbox directory"
                );
            }
        }
        let mailer = accounts.mailer.clone();
        let state = AppState {
            accounts: Arc::new(accounts),
            owner_keys,
            db: db.clone(),
            hold: chrono::Duration::minutes(i64::from(config.hold_minutes)),
            hold_limits: bookings::hold_limit::HoldLimits {
                per_client: config.holds_per_client,
                per_person: config.holds_per_person,
            },
            client_config: Arc::new(ClientConfig {
                tile_url: config.tile_url.clone(),
                tile_attribution: config.tile_attribution.clone(),
                // Umeå, Göteborg and Malmö all fit in this view of Sweden.
                default_lat: 60.5,
                default_lon: 15.5,
                default_zoom: 5,
                operator_name: config.operator_name.clone(),
                contact_email: config.contact_email.clone(),
                card_payments: config.stripe.secret_key.is_some(),
                erase_refunds_in_full: config.accounts.erase_refunds_in_full,
                retention: RetentionPeriods {
                    sessions_days: config.retention.retain_sessions_days,
                    sign_in_codes_hours: config.retention.retain_sign_in_codes_hours,
                    unpaid_holds_days: config.retention.retain_unpaid_holds_days,
                    access_entries_days: config.retention.retain_access_entries_days,
                    push_messages_days: config.retention.retain_push_messages_days,
                },
            }),
        };
        let listener = TcpListener::bind(&config.addr)
            .await
            .with_context(|| format!("cannot listen on {}", config.addr))?;
        let port = listener.local_addr()?.port();
        let metrics = match &config.metrics_addr {
            Some(addr) => Some(
                TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("cannot listen on {addr} (LEDIG_METRICS_ADDR)"))?,
            ),
            None => None,
        };
        // The payment provider reaches handlers as a request extension.
        let router = http::router(state, &config.static_dir, payments.stripe().is_some())
            .layer(axum::Extension(payments.clone()))
            .layer(axum::Extension(crate::push::EndpointPolicy {
                allow_private_hosts: config.push_allow_private_hosts,
            }));
        Ok(Application {
            port,
            listener,
            metrics,
            router,
            db,
            payments,
            pusher,
            mailer,
            retention: config.retention,
            repair_worker: config.repair_worker,
            no_show_worker: config.no_show_worker,
            notices_worker: config.notices_worker,
            shutdown_grace: std::time::Duration::from_secs(u64::from(config.shutdown_grace_s)),
            offers: config
                .offer_worker
                .then_some(crate::watches::offers::OfferSettings {
                    hold_minutes: i64::from(config.offer_hold_minutes),
                    rounds: i64::from(config.offer_rounds),
                    broadcast_within_minutes: i64::from(config.offer_broadcast_within_minutes),
                }),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until Ctrl-C / SIGTERM, sweeping lapsed holds, marking no-shows,
    /// moving door credentials into the feed's horizon, making fair offers to
    /// watchers of freed slots, running the repair
    /// pass (and, with Stripe, reconciling payments) and purging what is past
    /// its retention in the background.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        use std::future::IntoFuture;
        let db = &self.db;
        let mut jobs = vec![
            tokio::spawn(bookings::sweep_lapsed_holds_forever(db.clone())),
            tokio::spawn(crate::opendata::refresh_feeds_forever(db.clone())),
            tokio::spawn(crate::access::horizon::publish_due_forever(db.clone())),
            tokio::spawn(crate::retention::purge_forever(db.clone(), self.retention)),
            tokio::spawn(crate::mail::queue::deliver_forever(
                db.clone(),
                self.mailer.clone(),
            )),
        ];
        // Other processes' changes wake this one's workers (PostgreSQL's
        // NOTIFY); SQLite is one process, woken in-process.
        if let Db::Postgres(pool) = db {
            jobs.push(tokio::spawn(crate::wake::listen_forever(
                pool.clone(),
                &crate::wake::CHANNELS,
            )));
        }
        if self.no_show_worker {
            jobs.push(tokio::spawn(crate::access::noshow::mark_no_shows_forever(
                db.clone(),
            )));
        }
        if self.notices_worker {
            jobs.push(tokio::spawn(crate::operator::notices::job::notify_forever(
                db.clone(),
            )));
        }
        if self.repair_worker {
            jobs.push(tokio::spawn(crate::repair::run_forever(
                db.clone(),
                self.payments.clone(),
            )));
        }
        if let Some(settings) = self.offers {
            jobs.push(tokio::spawn(crate::watches::offers::offer_forever(
                db.clone(),
                settings,
            )));
        }
        if let Some(pusher) = self.pusher.clone() {
            jobs.push(tokio::spawn(crate::push::deliver::deliver_forever(
                db.clone(),
                pusher,
            )));
        }
        if let Some(reconciler) = self.payments.spawn_background(db.clone()) {
            jobs.push(reconciler);
        }
        if let Some(listener) = self.metrics {
            let metrics = crate::metrics::router(db.clone());
            jobs.push(tokio::spawn(async move {
                let served = axum::serve(listener, metrics)
                    .with_graceful_shutdown(crate::wake::stopped())
                    .await;
                if let Err(error) = served {
                    tracing::warn!(%error, "the metrics listener failed");
                }
            }));
        }
        // The peer address feeds the sign-in rate limits.
        let service = self
            .router
            .into_make_service_with_connect_info::<std::net::SocketAddr>();
        // On SIGTERM: no new connections; the requests in flight are
        // answered and every worker finishes the step in hand, all within
        // the grace time, after which what is left is cut off (each job is
        // idempotent and its rows stay for the next start or another
        // process).
        let grace = self.shutdown_grace;
        let serve = axum::serve(self.listener, service)
            .with_graceful_shutdown(async {
                shutdown_signal().await;
                crate::wake::stop();
            })
            .into_future();
        tokio::pin!(serve);
        let result = tokio::select! {
            result = &mut serve => result,
            () = async {
                crate::wake::stopped().await;
                tokio::time::sleep(grace).await;
            } => {
                tracing::warn!(grace_s = grace.as_secs(), "requests still in flight after the grace time; stopping anyway");
                Ok(())
            }
        };
        // Also when the server ended on its own (an error): stop the jobs.
        crate::wake::stop();
        let deadline = crate::wake::stopped_at().unwrap_or_else(tokio::time::Instant::now) + grace;
        for job in &mut jobs {
            if tokio::time::timeout_at(deadline, &mut *job).await.is_err() {
                job.abort();
                tracing::warn!("a background job was still working after the grace time; cut off");
            }
        }
        self.db.close().await;
        tracing::info!("stopped");
        result.context("server error")
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
