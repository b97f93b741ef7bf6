//! Accounts: passkeys first, an e-mailed code as the fallback, server-side
//! sessions with CSRF protection, rate-limited sign-in, and the profile
//! (name, e-mail, phone, language, customer category).
//!
//! Booking does not require an account: a guest books with a name and an
//! e-mail. Signed in, a booking belongs to the account, "my bookings" follow
//! the person across devices, and prices can follow their category.

pub mod email_code;
pub mod me;
pub mod passkey;
pub mod rate_limit;
pub mod session;
pub mod store;

use std::net::{IpAddr, SocketAddr};

use anyhow::Context;
use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::request::Parts,
    routing::{get, post},
    Router,
};
use webauthn_rs::{prelude::Url, Webauthn, WebauthnBuilder};

pub use session::{MaybeSignedIn, SignedIn};

use crate::{config::AccountsConfig, mail::Mailer, AppState};

/// What the account routes share: the WebAuthn relying party, the mailer,
/// the limits and the cookie settings.
pub struct Accounts {
    pub webauthn: Webauthn,
    pub mailer: Mailer,
    pub public_url: Url,
    /// `public_url`'s origin, as browsers send it in `Origin`.
    pub public_origin: String,
    /// The public URL is https: cookies are always `Secure`.
    pub public_https: bool,
    pub session_ttl_seconds: i64,
    /// Client addresses come from `X-Forwarded-For` (set by our proxy).
    pub trust_proxy: bool,
    /// `LEDIG_DEV_OUTBOX`: `/dev/outbox` shows the outbox (development only).
    pub dev_outbox: bool,
    /// `LEDIG_SIGN_IN_CODES_PER_CLIENT`: codes one address may ask for per 15 minutes.
    pub codes_per_client: u32,
    /// `LEDIG_ERASE_REFUNDS_IN_FULL`: erasing an account refunds its
    /// upcoming bookings in full.
    pub erase_refunds_in_full: bool,
}

impl Accounts {
    pub fn from_config(config: &AccountsConfig) -> anyhow::Result<Self> {
        let public_url = Url::parse(&config.public_url)
            .with_context(|| format!("LEDIG_PUBLIC_URL is not a URL: {:?}", config.public_url))?;
        let host = public_url
            .host_str()
            .context("LEDIG_PUBLIC_URL needs a host name")?
            .to_string();
        let localhost = host == "localhost" || host.ends_with(".localhost");
        let webauthn = WebauthnBuilder::new(&host, &public_url)
            .context("LEDIG_PUBLIC_URL cannot carry passkeys (use https, or http://localhost)")?
            .rp_name("Ledig")
            // A development server may run on any port of localhost.
            .allow_any_port(localhost)
            .build()
            .context("setting up passkeys")?;
        Ok(Accounts {
            webauthn,
            mailer: Mailer::from_config(config)?,
            public_https: public_url.scheme() == "https",
            public_origin: public_url.origin().ascii_serialization(),
            public_url,
            session_ttl_seconds: i64::from(config.session_days.max(1)) * 86_400,
            trust_proxy: config.trust_proxy,
            dev_outbox: config.dev_outbox,
            codes_per_client: config.sign_in_codes_per_client,
            erase_refunds_in_full: config.erase_refunds_in_full,
        })
    }
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/session", get(me::current))
        .route("/auth/logout", post(me::logout))
        .route("/auth/email/start", post(email_code::start))
        .route("/auth/email/verify", post(email_code::verify))
        .route(
            "/auth/passkey/register/start",
            post(passkey::register_start),
        )
        .route(
            "/auth/passkey/register/finish",
            post(passkey::register_finish),
        )
        .route("/auth/passkey/login/start", post(passkey::login_start))
        .route("/auth/passkey/login/finish", post(passkey::login_finish))
        .route("/me/profile", get(me::profile).put(me::update_profile))
        .route("/me/sessions", get(me::sessions))
        .route("/me/sessions/{id}/end", post(me::end_session))
        .route("/me/bookings", get(me::my_bookings))
        .route("/me/calendar-feed", post(me::new_calendar_feed))
        .route("/calendar/{token}", get(me::calendar_feed))
}

/// The client's address, for rate limits: the TCP peer, or behind a
/// trusted reverse proxy (`LEDIG_TRUST_PROXY`) the last `X-Forwarded-For`
/// entry — the one our proxy appended, which a client cannot forge. Without
/// it, behind a proxy every client would share the proxy's address.
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let forwarded = state
            .accounts
            .trust_proxy
            .then(|| parts.headers.get_all("x-forwarded-for").iter().next_back())
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|ip| ip.trim().parse::<IpAddr>().ok());
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(ClientIp(
            forwarded.or(peer).unwrap_or(IpAddr::from([0, 0, 0, 0])),
        ))
    }
}
