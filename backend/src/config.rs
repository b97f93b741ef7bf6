//! Configuration: flags with `LEDIG_*` environment equivalents and defaults
//! that work on a laptop (embedded SQLite, demo payments unless Stripe keys are set, OSM tiles).

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;

const HOLD_MINUTES: std::ops::RangeInclusive<u32> = 1..=1440;
const SESSION_DAYS: std::ops::RangeInclusive<u32> = 1..=365;
const HOLDS: std::ops::RangeInclusive<u32> = 1..=1_000_000;
const OFFER_HOLD_MINUTES: std::ops::RangeInclusive<u32> = 1..=60;
const SHUTDOWN_GRACE_S: std::ops::RangeInclusive<u32> = 1..=600;
const OFFER_ROUNDS: std::ops::RangeInclusive<u32> = 0..=20;
const OFFER_BROADCAST_WITHIN: std::ops::RangeInclusive<u32> = 0..=10_080;

/// A whole number within `range`, or a message naming the setting.
pub fn check_range<T>(
    name: &str,
    value: T,
    range: &std::ops::RangeInclusive<T>,
) -> Result<T, String>
where
    T: PartialOrd + std::fmt::Display,
{
    if range.contains(&value) {
        Ok(value)
    } else {
        Err(format!(
            "{name} must be from {} to {} (it is {value})",
            range.start(),
            range.end()
        ))
    }
}

/// A clap parser for an on/off setting: `true` or `false`, or a message
/// naming the setting.
fn switch(
    name: &'static str,
) -> impl Fn(&str) -> Result<bool, String> + Clone + Send + Sync + 'static {
    move |raw| match raw.trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("{name} must be true or false (it is {raw:?})")),
    }
}

/// A clap parser for a whole-number setting: a message naming the setting
/// (not only its flag) for anything else, negatives included.
fn bounded(
    name: &'static str,
    range: std::ops::RangeInclusive<u32>,
) -> impl Fn(&str) -> Result<u32, String> + Clone + Send + Sync + 'static {
    move |raw| {
        let value = raw.trim().parse::<u32>().map_err(|_| {
            format!(
                "{name} must be a whole number from {} to {} (it is {raw:?})",
                range.start(),
                range.end()
            )
        })?;
        check_range(name, value, &range)
    }
}

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

    /// Address of the Prometheus metrics listener (`/metrics`), e.g.
    /// `127.0.0.1:9187`; none unless set. A listener of its own, so the
    /// site's proxy never makes it public.
    #[arg(long, env = "LEDIG_METRICS_ADDR")]
    pub metrics_addr: Option<String>,

    /// Directory with the built frontend (`trunk build` output).
    #[arg(long, env = "LEDIG_STATIC_DIR", default_value = "dist")]
    pub static_dir: PathBuf,

    /// Load the demo venues into an empty database on start.
    #[arg(long, env = "LEDIG_SEED_DEMO", default_value_t = true, action = clap::ArgAction::Set,
        value_parser = switch("LEDIG_SEED_DEMO"))]
    pub seed_demo: bool,

    /// Minutes a slot stays held while the player pays (1–1440).
    #[arg(long, env = "LEDIG_HOLD_MINUTES", default_value_t = 10,
        value_parser = bounded("LEDIG_HOLD_MINUTES", HOLD_MINUTES))]
    pub hold_minutes: u32,

    /// Holds one client address may place per 15 minutes (behind a proxy,
    /// with LEDIG_TRUST_PROXY, the forwarded address).
    #[arg(long, env = "LEDIG_HOLDS_PER_CLIENT", default_value_t = 30,
        value_parser = bounded("LEDIG_HOLDS_PER_CLIENT", HOLDS))]
    pub holds_per_client: u32,

    /// Minutes a fair offer holds a freed slot for one watcher before it
    /// goes to the next (1–60).
    #[arg(long, env = "LEDIG_OFFER_HOLD_MINUTES", default_value_t = 3,
        value_parser = bounded("LEDIG_OFFER_HOLD_MINUTES", OFFER_HOLD_MINUTES))]
    pub offer_hold_minutes: u32,

    /// Watchers offered a freed slot one at a time before everyone still
    /// watching is told at once (0–20; 0: always everyone at once).
    #[arg(long, env = "LEDIG_OFFER_ROUNDS", default_value_t = 3,
        value_parser = bounded("LEDIG_OFFER_ROUNDS", OFFER_ROUNDS))]
    pub offer_rounds: u32,

    /// A freed slot starting sooner than this many minutes is told to every
    /// watcher at once, with no exclusive offers (0–10080).
    #[arg(long, env = "LEDIG_OFFER_BROADCAST_WITHIN_MINUTES", default_value_t = 120,
        value_parser = bounded("LEDIG_OFFER_BROADCAST_WITHIN_MINUTES", OFFER_BROADCAST_WITHIN))]
    pub offer_broadcast_within_minutes: u32,

    /// Holds one signed-in account may place per 15 minutes.
    #[arg(long, env = "LEDIG_HOLDS_PER_PERSON", default_value_t = 15,
        value_parser = bounded("LEDIG_HOLDS_PER_PERSON", HOLDS))]
    pub holds_per_person: u32,

    /// With an https LEDIG_PUBLIC_URL, run the demo payment provider or load
    /// the demo data anyway (a public demo site). Off, such a server refuses
    /// to start: it would confirm bookings without taking money.
    #[arg(long, env = "LEDIG_ALLOW_DEMO", default_value_t = false, action = clap::ArgAction::Set,
        value_parser = switch("LEDIG_ALLOW_DEMO"))]
    pub allow_demo: bool,

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

    /// Who runs this Ledig (a municipality or club): the controller named on
    /// the privacy page and the one answering for the accessibility statement.
    #[arg(long, env = "LEDIG_OPERATOR_NAME", default_value = "Ledig")]
    pub operator_name: String,

    /// Where residents write about their personal data or an accessibility
    /// problem, shown on the privacy and accessibility pages.
    #[arg(long, env = "LEDIG_CONTACT_EMAIL", value_parser = contact_email)]
    pub contact_email: Option<String>,

    #[command(flatten)]
    pub stripe: StripeConfig,

    #[command(flatten)]
    pub accounts: AccountsConfig,

    #[command(flatten)]
    pub retention: RetentionConfig,

    /// Run the push delivery worker (tests drive it by hand instead).
    #[arg(skip = true)]
    pub push_worker: bool,

    /// PEM file of extra root certificates for push delivery (a private CA
    /// in front of a push service); the public web roots are always trusted.
    #[arg(long, env = "LEDIG_PUSH_EXTRA_CA")]
    pub push_extra_ca: Option<PathBuf>,

    /// Seconds a stop (SIGTERM) waits for the requests in flight and the
    /// background jobs' steps in hand before it cuts them off (1–600).
    #[arg(long, env = "LEDIG_SHUTDOWN_GRACE_S", default_value_t = 30,
        value_parser = bounded("LEDIG_SHUTDOWN_GRACE_S", SHUTDOWN_GRACE_S))]
    pub shutdown_grace_s: u32,

    /// Tests only, no flag or setting (but `LEDIG_TEST_PUSH_PRIVATE_HOSTS=1`
    /// in a debug build, `Application::build`): accept and deliver to push
    /// endpoints on loopback and private addresses.
    #[arg(skip = false)]
    pub push_allow_private_hosts: bool,
    /// Run the repair pass every few minutes (tests run it by hand instead).
    #[arg(skip = true)]
    pub repair_worker: bool,

    /// Run the offer worker (watches → fair offers → pushes) in the
    /// background (tests run it by hand instead).
    #[arg(skip = true)]
    pub offer_worker: bool,

    /// Mark no-shows every minute. Tests mark them by hand at a `now` they
    /// choose: a sweep on the real clock racing theirs would mark a booking
    /// first, at another instant.
    #[arg(skip = true)]
    pub no_show_worker: bool,

    /// Tell staff of closures, after-hours bookings and the day, every
    /// minute. Tests run the job's passes by hand at a `now` they choose: a
    /// pass on the real clock beside theirs reads what a test is changing
    /// (a person being erased) and queues mail the test does not expect.
    #[arg(skip = true)]
    pub notices_worker: bool,
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

    /// Where mails go when no SMTP server is set.
    #[arg(long, env = "LEDIG_OUTBOX_DIR", default_value = "data/outbox")]
    pub outbox_dir: PathBuf,

    /// Development only: show the outbox (sign-in codes included) to anyone
    /// at `/dev/outbox`. Refused with an https LEDIG_PUBLIC_URL.
    #[arg(long, env = "LEDIG_DEV_OUTBOX", default_value_t = false, action = clap::ArgAction::Set,
        value_parser = switch("LEDIG_DEV_OUTBOX"))]
    pub dev_outbox: bool,

    /// Days a session lasts after its last use (1–365).
    #[arg(long, env = "LEDIG_SESSION_DAYS", default_value_t = 30,
        value_parser = bounded("LEDIG_SESSION_DAYS", SESSION_DAYS))]
    pub session_days: u32,

    /// Behind a reverse proxy: take the client's address for rate limits
    /// from the last `X-Forwarded-For` entry (which the proxy appends).
    #[arg(long, env = "LEDIG_TRUST_PROXY", default_value_t = false, action = clap::ArgAction::Set,
        value_parser = switch("LEDIG_TRUST_PROXY"))]
    pub trust_proxy: bool,

    /// Sign-in codes one client address may ask for per 15 minutes (each
    /// address also gets at most 6 an hour).
    #[arg(long, env = "LEDIG_SIGN_IN_CODES_PER_CLIENT", default_value_t = 10,
        value_parser = bounded("LEDIG_SIGN_IN_CODES_PER_CLIENT", HOLDS))]
    pub sign_in_codes_per_client: u32,

    /// A person who deletes their account gets upcoming bookings refunded
    /// in full (`true`) instead of by each venue's cancellation rules.
    #[arg(long, env = "LEDIG_ERASE_REFUNDS_IN_FULL", default_value_t = false, action = clap::ArgAction::Set,
        value_parser = switch("LEDIG_ERASE_REFUNDS_IN_FULL"))]
    pub erase_refunds_in_full: bool,
}

impl AccountsConfig {
    pub fn for_tests(outbox_dir: PathBuf) -> Self {
        AccountsConfig {
            public_url: "http://localhost:8080".into(),
            smtp_url: None,
            mail_from: "Ledig <no-reply@ledig.local>".into(),
            outbox_dir,
            dev_outbox: false,
            session_days: 30,
            trust_proxy: false,
            sign_in_codes_per_client: 10,
            erase_refunds_in_full: false,
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

    /// Days an entry of the operators' audit log (who closed, reopened or
    /// granted what) is kept.
    #[arg(long, env = "LEDIG_RETAIN_AUDIT_DAYS", default_value_t = 730,
          value_parser = at_least_one("LEDIG_RETAIN_AUDIT_DAYS"))]
    pub retain_audit_days: u32,
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
            retain_audit_days: 730,
        }
    }
}

/// An e-mail address for LEDIG_CONTACT_EMAIL, refused with the setting named.
fn contact_email(text: &str) -> Result<String, String> {
    shared::validate::Email::parse(text)
        .map(|email| email.as_str().to_string())
        .map_err(|e| format!("LEDIG_CONTACT_EMAIL is not an e-mail address ({text:?}): {e}"))
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
    /// Refuses settings that are out of range, or unsafe for a public server:
    /// an https `LEDIG_PUBLIC_URL` is taken to mean production, where sign-in
    /// codes must go out by SMTP (and never be shown at `/dev/outbox`), and
    /// the demo payment provider and demo venues need `LEDIG_ALLOW_DEMO`.
    /// Runs before anything is connected or seeded.
    pub fn check(&self) -> anyhow::Result<()> {
        check_range("LEDIG_HOLD_MINUTES", self.hold_minutes, &HOLD_MINUTES)
            .map_err(anyhow::Error::msg)?;
        check_range("LEDIG_HOLDS_PER_CLIENT", self.holds_per_client, &HOLDS)
            .map_err(anyhow::Error::msg)?;
        check_range("LEDIG_HOLDS_PER_PERSON", self.holds_per_person, &HOLDS)
            .map_err(anyhow::Error::msg)?;
        check_range(
            "LEDIG_OFFER_HOLD_MINUTES",
            self.offer_hold_minutes,
            &OFFER_HOLD_MINUTES,
        )
        .map_err(anyhow::Error::msg)?;
        check_range("LEDIG_OFFER_ROUNDS", self.offer_rounds, &OFFER_ROUNDS)
            .map_err(anyhow::Error::msg)?;
        check_range(
            "LEDIG_OFFER_BROADCAST_WITHIN_MINUTES",
            self.offer_broadcast_within_minutes,
            &OFFER_BROADCAST_WITHIN,
        )
        .map_err(anyhow::Error::msg)?;
        let accounts = &self.accounts;
        check_range("LEDIG_SESSION_DAYS", accounts.session_days, &SESSION_DAYS)
            .map_err(anyhow::Error::msg)?;
        let public = webauthn_rs::prelude::Url::parse(&accounts.public_url).map_err(|_| {
            anyhow::anyhow!("LEDIG_PUBLIC_URL is not a URL: {:?}", accounts.public_url)
        })?;
        if public.scheme() != "https" {
            return Ok(());
        }
        if accounts.dev_outbox {
            bail!(
                "LEDIG_DEV_OUTBOX=true shows every sign-in code to anyone; it is for development \
                 and cannot be on with an https LEDIG_PUBLIC_URL ({}). Unset LEDIG_DEV_OUTBOX.",
                accounts.public_url
            );
        }
        if accounts.smtp_url.is_none() {
            bail!(
                "LEDIG_PUBLIC_URL is https ({}), but LEDIG_SMTP_URL is not set: sign-in codes \
                 would reach nobody. Set LEDIG_SMTP_URL to your mail relay \
                 (e.g. smtps://user:pass@smtp.example.se).",
                accounts.public_url
            );
        }
        if self.allow_demo {
            return Ok(());
        }
        if self.stripe.secret_key.is_none() {
            bail!(
                "LEDIG_PUBLIC_URL is https ({}), but no LEDIG_STRIPE_SECRET_KEY is set: the demo \
                 payment provider would confirm bookings without taking any money. Set the Stripe \
                 keys (LEDIG_STRIPE_SECRET_KEY, LEDIG_STRIPE_WEBHOOK_SECRET, \
                 LEDIG_STRIPE_PUBLISHABLE_KEY), or LEDIG_ALLOW_DEMO=true for a public demo.",
                accounts.public_url
            );
        }
        if self.seed_demo {
            bail!(
                "LEDIG_PUBLIC_URL is https ({}), and LEDIG_SEED_DEMO is on (the default): an empty \
                 database would get the fictional demo venues. Set LEDIG_SEED_DEMO=false, or \
                 LEDIG_ALLOW_DEMO=true for a public demo.",
                accounts.public_url
            );
        }
        Ok(())
    }

    /// Settings for tests: any free port, no static files, no demo data.
    pub fn for_tests() -> Self {
        ServeConfig {
            addr: "127.0.0.1:0".into(),
            static_dir: PathBuf::from("dist"),
            seed_demo: false,
            hold_minutes: 10,
            // The race tests hold hundreds of slots from one address at once.
            holds_per_client: 1_000_000,
            holds_per_person: 1_000_000,
            allow_demo: false,
            tile_url: "/tiles/{z}/{x}/{y}.png".into(),
            tile_attribution: "test tiles".into(),
            operator_name: "Testkommun".into(),
            contact_email: Some("tillganglighet@testkommun.se".into()),
            stripe: StripeConfig::default(),
            push_worker: false,
            retention: RetentionConfig::default(),
            push_extra_ca: None,
            push_allow_private_hosts: false,
            shutdown_grace_s: 30,
            metrics_addr: None,
            repair_worker: false,
            offer_worker: false,
            no_show_worker: false,
            notices_worker: false,
            offer_hold_minutes: 3,
            offer_rounds: 3,
            offer_broadcast_within_minutes: 120,
            accounts: AccountsConfig::for_tests(
                std::env::temp_dir()
                    .join(format!("ledig-outbox-{}", uuid::Uuid::new_v4().simple())),
            ),
        }
    }
}
