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

    #[command(flatten)]
    pub retention: RetentionConfig,

    /// Run the push delivery worker (tests drive it by hand instead).
    #[arg(skip = true)]
    pub push_worker: bool,
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

/// How long data that is no longer needed is kept before the purge job
/// (`crate::retention`, hourly, and `ledig purge`) deletes it. Each period
/// counts from the moment the row stopped being of use (a session's end, a
/// code's use or expiry, a message's delivery, …), see docs/OPERATIONS.md,
/// "What is kept, how long". Each must be a whole number of at least 1:
/// 0 would delete rows still in use, so it is refused at start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Args)]
pub struct RetentionConfig {
    /// Days an ended or expired session (its device's user agent) is kept.
    #[arg(long, env = "LEDIG_RETAIN_SESSIONS_DAYS", default_value_t = 30,
          value_parser = at_least_one("LEDIG_RETAIN_SESSIONS_DAYS"))]
    pub retain_sessions_days: u32,

    /// Hours a used or expired e-mailed sign-in code (and its address) is kept.
    #[arg(long, env = "LEDIG_RETAIN_SIGN_IN_CODES_HOURS", default_value_t = 24,
          value_parser = at_least_one("LEDIG_RETAIN_SIGN_IN_CODES_HOURS"))]
    pub retain_sign_in_codes_hours: u32,

    /// Hours an unfinished passkey ceremony is kept after it expired.
    #[arg(long, env = "LEDIG_RETAIN_CEREMONIES_HOURS", default_value_t = 1,
          value_parser = at_least_one("LEDIG_RETAIN_CEREMONIES_HOURS"))]
    pub retain_ceremonies_hours: u32,

    /// Days a delivered, given-up or expired push message is kept.
    #[arg(long, env = "LEDIG_RETAIN_PUSH_MESSAGES_DAYS", default_value_t = 7,
          value_parser = at_least_one("LEDIG_RETAIN_PUSH_MESSAGES_DAYS"))]
    pub retain_push_messages_days: u32,

    /// Days a freed-slot event is kept after the slot ended (and once the
    /// offer worker, when there is one, has read it).
    #[arg(long, env = "LEDIG_RETAIN_SLOT_EVENTS_DAYS", default_value_t = 30,
          value_parser = at_least_one("LEDIG_RETAIN_SLOT_EVENTS_DAYS"))]
    pub retain_slot_events_days: u32,

    /// Days a door entry (who entered which court when) is kept.
    #[arg(long, env = "LEDIG_RETAIN_ACCESS_ENTRIES_DAYS", default_value_t = 90,
          value_parser = at_least_one("LEDIG_RETAIN_ACCESS_ENTRIES_DAYS"))]
    pub retain_access_entries_days: u32,

    /// Days a received Stripe webhook event id is kept for de-duplication.
    #[arg(long, env = "LEDIG_RETAIN_WEBHOOK_EVENTS_DAYS", default_value_t = 30,
          value_parser = at_least_one("LEDIG_RETAIN_WEBHOOK_EVENTS_DAYS"))]
    pub retain_webhook_events_days: u32,

    /// Days after which a hold that was never paid (lapsed, or cancelled
    /// before paying) loses its name and e-mail.
    #[arg(long, env = "LEDIG_RETAIN_UNPAID_HOLDS_DAYS", default_value_t = 30,
          value_parser = at_least_one("LEDIG_RETAIN_UNPAID_HOLDS_DAYS"))]
    pub retain_unpaid_holds_days: u32,
}

impl Default for RetentionConfig {
    /// The documented defaults (the same as the flags').
    fn default() -> Self {
        RetentionConfig {
            retain_sessions_days: 30,
            retain_sign_in_codes_hours: 24,
            retain_ceremonies_hours: 1,
            retain_push_messages_days: 7,
            retain_slot_events_days: 30,
            retain_access_entries_days: 90,
            retain_webhook_events_days: 30,
            retain_unpaid_holds_days: 30,
        }
    }
}

/// A parser for a retention period that names its setting when it refuses
/// a value (clap alone would name only the flag, not the variable).
fn at_least_one(
    setting: &'static str,
) -> impl Fn(&str) -> Result<u32, String> + Clone + Send + Sync + 'static {
    move |text: &str| match text.trim().parse::<i64>() {
        Ok(n) if n >= 1 => u32::try_from(n).map_err(|_| format!("{setting} is too large: {n}")),
        Ok(n) => Err(format!(
            "{setting} must be at least 1, got {n} (0 or less would delete data still in use)"
        )),
        Err(_) => Err(format!(
            "{setting} must be a whole number of at least 1, got {text:?}"
        )),
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
            retention: RetentionConfig::default(),
            accounts: AccountsConfig::for_tests(
                std::env::temp_dir()
                    .join(format!("ledig-outbox-{}", uuid::Uuid::new_v4().simple())),
            ),
        }
    }
}
