//! Configuration: flags with `LEDIG_*` environment equivalents and defaults
//! that work on a laptop (embedded SQLite, demo payments unless Stripe keys are set, OSM tiles).

use std::path::PathBuf;

use clap::Args;

/// Where the data lives; shared by every sub-command.
#[derive(Debug, Clone, Args)]
pub struct DatabaseConfig {
    /// `sqlite://path/to/file.db` (embedded, the default) or `postgres://…`.
    #[arg(
        long,
        env = "LEDIG_DATABASE_URL",
        default_value = "sqlite://data/ledig.db",
        global = true
    )]
    pub database_url: String,
}

/// Settings of `ledig serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    /// Address to listen on. Port 0 picks a free port.
    #[arg(long, env = "LEDIG_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,

    /// Directory with the built frontend (`trunk build` output).
    #[arg(long, env = "LEDIG_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,

    /// Load the demo venues into an empty database on start.
    #[arg(long, env = "LEDIG_SEED_DEMO", default_value_t = true, action = clap::ArgAction::Set)]
    pub seed_demo: bool,

    /// Minutes a slot stays held while the player pays.
    #[arg(long, env = "LEDIG_HOLD_MINUTES", default_value_t = 10)]
    pub hold_minutes: u32,

    /// Map tile URL template given to the app (the one third party besides payments).
    #[arg(
        long,
        env = "LEDIG_TILE_URL",
        default_value = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    )]
    pub tile_url: String,

    /// Attribution shown on the map for the tiles.
    #[arg(
        long,
        env = "LEDIG_TILE_ATTRIBUTION",
        default_value = "&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a> contributors"
    )]
    pub tile_attribution: String,

    #[command(flatten)]
    pub stripe: StripeConfig,

    #[command(flatten)]
    pub accounts: AccountsConfig,

    /// Run the push delivery worker (tests drive it by hand instead).
    #[arg(skip = true)]
    pub push_worker: bool,

    /// Run the repair pass every few minutes (tests run it by hand instead).
    #[arg(skip = true)]
    pub repair_worker: bool,
}

/// Signing in and mail.
#[derive(Debug, Clone, Args)]
pub struct AccountsConfig {
    /// The address players open, e.g. `https://boka.example.se`. Passkeys are
    /// bound to its host; over https the session cookie is `Secure`.
    #[arg(
        long,
        env = "LEDIG_PUBLIC_URL",
        default_value = "http://localhost:8080"
    )]
    pub public_url: String,

    /// SMTP server for sign-in codes and receipts, e.g.
    /// `smtps://user:pass@smtp.example.se` or `smtp://127.0.0.1:2525`.
    /// Without it, mails are written to the outbox directory instead.
    #[arg(long, env = "LEDIG_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The sender of Ledig's mails.
    #[arg(
        long,
        env = "LEDIG_MAIL_FROM",
        default_value = "Ledig <no-reply@ledig.local>"
    )]
    pub mail_from: String,

    /// Where mails go when no SMTP server is set; they are listed at `/dev/outbox`.
    #[arg(long, env = "LEDIG_OUTBOX_DIR", default_value = "data/outbox")]
    pub outbox_dir: PathBuf,

    /// Days a session lasts after its last use.
    #[arg(long, env = "LEDIG_SESSION_DAYS", default_value_t = 30)]
    pub session_days: u32,

    /// Behind a reverse proxy: take the client's address for rate limits
    /// from the last `X-Forwarded-For` entry (which the proxy appends).
    #[arg(long, env = "LEDIG_TRUST_PROXY", default_value_t = false, action = clap::ArgAction::Set)]
    pub trust_proxy: bool,
}

impl AccountsConfig {
    pub fn for_tests(outbox_dir: PathBuf) -> Self {
        AccountsConfig {
            public_url: "http://localhost:8080".into(),
            smtp_url: None,
            mail_from: "Ledig <no-reply@ledig.local>".into(),
            outbox_dir,
            session_days: 30,
            trust_proxy: false,
        }
    }
}

/// Stripe. Without a secret key the demo payment provider runs.
#[derive(Debug, Clone, Args)]
pub struct StripeConfig {
    /// Stripe secret key (`sk_test_…` / `sk_live_…`, or a restricted `rk_…`).
    #[arg(
        long = "stripe-secret-key",
        env = "LEDIG_STRIPE_SECRET_KEY",
        hide_env_values = true
    )]
    pub secret_key: Option<String>,

    /// Signing secret of the webhook endpoint (`whsec_…`); required with a secret key.
    #[arg(
        long = "stripe-webhook-secret",
        env = "LEDIG_STRIPE_WEBHOOK_SECRET",
        hide_env_values = true
    )]
    pub webhook_secret: Option<String>,

    /// Stripe publishable key (`pk_…`) handed to Stripe.js on the pay step.
    #[arg(long = "stripe-publishable-key", env = "LEDIG_STRIPE_PUBLISHABLE_KEY")]
    pub publishable_key: Option<String>,

    /// Stripe API base URL (tests point it at a local fake).
    #[arg(
        long = "stripe-api-base",
        env = "LEDIG_STRIPE_API_BASE",
        default_value = "https://api.stripe.com/"
    )]
    pub api_base: String,
}

impl Default for StripeConfig {
    /// No keys: the demo provider.
    fn default() -> Self {
        StripeConfig {
            secret_key: None,
            webhook_secret: None,
            publishable_key: None,
            api_base: "https://api.stripe.com/".into(),
        }
    }
}

impl ServeConfig {
    /// Settings for tests: any free port, no static files, no demo data.
    pub fn for_tests() -> Self {
        ServeConfig {
            addr: "127.0.0.1:0".into(),
            static_dir: PathBuf::from("dist"),
            seed_demo: false,
            hold_minutes: 10,
            tile_url: "/tiles/{z}/{x}/{y}.png".into(),
            tile_attribution: "test tiles".into(),
            stripe: StripeConfig::default(),
            push_worker: false,
            repair_worker: false,
            accounts: AccountsConfig::for_tests(
                std::env::temp_dir()
                    .join(format!("ledig-outbox-{}", uuid::Uuid::new_v4().simple())),
            ),
        }
    }
}
