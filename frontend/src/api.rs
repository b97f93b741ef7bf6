//! Typed client for the Ledig JSON API (`/api/v1`).
//!
//! Every call returns `Result<T, Problem>`: the server's problem+json as is,
//! or a problem made up here when the network or the response failed.

use crate::i18n::msg;
use gloo::net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use shared::account::{
    Account, CalendarFeed, EmailCodeStart, EmailCodeVerify, MyBookings, PasskeyChallenge,
    PasskeyFinish, PasskeyLoginStart, PasskeyRegisterStart, ProfileUpdate, SessionInfo,
    SessionSummary, CSRF_HEADER,
};
use shared::watch::{NewWatch, Offer, UpdateWatch, Watch};
use shared::{
    Booking, ClientConfig, CreateBooking, DaySlots, Problem, VenueDetail, VenuePage, API_PREFIX,
};
use uuid::Uuid;

pub type ApiResult<T> = Result<T, Problem>;

/// The `type` of problems made up by the client when the server could not be reached.
pub const NETWORK_PROBLEM: &str = "/problems/network";

fn url(path: &str) -> String {
    format!("{API_PREFIX}{path}")
}

fn local_problem(kind: &str, title: &str, status: u16) -> Problem {
    Problem {
        kind: kind.to_string(),
        title: title.to_string(),
        status,
        detail: None,
        field: None,
    }
}

/// Send a request; one that cannot be built, or a server that cannot be
/// reached, becomes a problem the app words itself.
async fn fetch(request: Result<Request, gloo::net::Error>) -> ApiResult<Response> {
    let request =
        request.map_err(|_| local_problem("/problems/client", msg::problem_client(), 0))?;
    request
        .send()
        .await
        .map_err(|_| local_problem(NETWORK_PROBLEM, msg::problem_network(), 0))
}

async fn send<T: DeserializeOwned>(
    request: Result<gloo::net::http::Request, gloo::net::Error>,
) -> ApiResult<T> {
    let response = fetch(request).await?;
    decode(response).await
}

async fn decode<T: DeserializeOwned>(response: Response) -> ApiResult<T> {
    let status = response.status();
    if response.ok() {
        return response.json::<T>().await.map_err(|_| {
            local_problem(
                "/problems/bad-response",
                msg::problem_bad_response(),
                status,
            )
        });
    }
    match response.json::<Problem>().await {
        Ok(problem) => Err(crate::problem_text::localize(problem)),
        Err(_) => Err(local_problem(
            "about:blank",
            &msg::problem_http(status),
            status,
        )),
    }
}

/// Every call asks for JSON in the app's language (the server's problem
/// texts can follow `Accept-Language`).
fn json_request(builder: RequestBuilder) -> RequestBuilder {
    builder
        .header("Accept", "application/json")
        .header("Accept-Language", crate::i18n::language().code())
}

fn get(path: &str) -> RequestBuilder {
    json_request(Request::get(&url(path)))
}

thread_local! {
    /// The session's CSRF token, sent with every state-changing request
    /// (the server refuses them without it while a session cookie is set).
    static CSRF_TOKEN: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Remember (or forget) the CSRF token of the current session.
pub fn set_csrf_token(token: Option<String>) {
    CSRF_TOKEN.with(|t| *t.borrow_mut() = token);
}

fn with_csrf(builder: RequestBuilder) -> RequestBuilder {
    match CSRF_TOKEN.with(|t| t.borrow().clone()) {
        Some(token) => builder.header(CSRF_HEADER, &token),
        None => builder,
    }
}

fn post(path: &str) -> RequestBuilder {
    with_csrf(json_request(Request::post(&url(path))))
}

fn put(path: &str) -> RequestBuilder {
    with_csrf(json_request(Request::put(&url(path))))
}

pub async fn config() -> ApiResult<ClientConfig> {
    send(get("/config").build()).await
}

/// The venue search; `query` is a ready query string (see [`crate::search::SearchQuery::api_query`]).
pub async fn search(query: String) -> ApiResult<VenuePage> {
    send(get(&format!("/venues?{query}")).build()).await
}

pub async fn venue(id: i64) -> ApiResult<VenueDetail> {
    send(get(&format!("/venues/{id}")).build()).await
}

/// Slots of every court at a venue on a local date (`None`: today at the venue).
pub async fn slots(venue_id: i64, date: Option<chrono::NaiveDate>) -> ApiResult<DaySlots> {
    let mut path = format!("/venues/{venue_id}/slots");
    if let Some(date) = date {
        path.push_str(&format!("?date={}", date.format("%Y-%m-%d")));
    }
    send(get(&path).build()).await
}

/// `days` days of every court's slots from a local date (`None`: today at the venue).
pub async fn schedule(
    venue_id: i64,
    from: Option<chrono::NaiveDate>,
    days: u32,
) -> ApiResult<Vec<DaySlots>> {
    let mut path = format!("/venues/{venue_id}/schedule?days={days}");
    if let Some(from) = from {
        path.push_str(&format!("&from={}", from.format("%Y-%m-%d")));
    }
    send(get(&path).build()).await
}

/// Holds a slot. `idempotency_key` stays the same for retries of one booking
/// form, so a retry after a lost answer returns the booking already made.
/// Holds the slot. The answer carries the booking's owner key, which this
/// device keeps (see [`crate::storage::save_owner_key`]): without it, or a
/// session of the booking's account, the booking cannot be read or cancelled.
pub async fn create_booking(body: &CreateBooking, idempotency_key: &str) -> ApiResult<Booking> {
    let booking: Booking = send(
        post("/bookings")
            .header("Idempotency-Key", idempotency_key)
            .json(body),
    )
    .await?;
    if let Some(key) = &booking.owner_key {
        crate::storage::save_owner_key(booking.id, key);
    }
    Ok(booking)
}

/// A request about booking `id`, with its owner key when this device has it.
fn owned(builder: RequestBuilder, id: Uuid) -> RequestBuilder {
    match crate::storage::owner_key(id) {
        Some(key) => builder.header(shared::OWNER_KEY_HEADER, &key),
        None => builder,
    }
}

/// A fresh random key (a UUID from the browser's crypto) for one booking attempt.
pub fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("t-{}", js_sys::Date::now()))
}

pub async fn booking(id: Uuid) -> ApiResult<Booking> {
    send(owned(get(&format!("/bookings/{id}")), id).build()).await
}

pub async fn cancel_booking(id: Uuid) -> ApiResult<Booking> {
    send(owned(post(&format!("/bookings/{id}/cancel")), id).build()).await
}

pub async fn confirm_demo_payment(id: Uuid) -> ApiResult<Booking> {
    send(owned(post(&format!("/payments/demo/{id}/confirm")), id).build()).await
}

/// Who is signed in on this device; also remembers the CSRF token.
pub async fn session() -> ApiResult<SessionInfo> {
    let info: SessionInfo = send(get("/session").build()).await?;
    set_csrf_token(info.csrf_token.clone());
    Ok(info)
}

/// Sends 202 with a small body; only success matters.
pub async fn email_code_start(body: &EmailCodeStart) -> ApiResult<()> {
    send::<serde_json::Value>(post("/auth/email/start").json(body))
        .await
        .map(|_| ())
}

/// Signs in (the response sets the session cookie).
pub async fn email_code_verify(body: &EmailCodeVerify) -> ApiResult<SessionInfo> {
    signed_in(send(post("/auth/email/verify").json(body)).await)
}

fn signed_in(result: ApiResult<SessionInfo>) -> ApiResult<SessionInfo> {
    if let Ok(info) = &result {
        set_csrf_token(info.csrf_token.clone());
    }
    result
}

pub async fn passkey_register_start(body: &PasskeyRegisterStart) -> ApiResult<PasskeyChallenge> {
    send(post("/auth/passkey/register/start").json(body)).await
}

pub async fn passkey_register_finish(body: &PasskeyFinish) -> ApiResult<SessionInfo> {
    signed_in(send(post("/auth/passkey/register/finish").json(body)).await)
}

pub async fn passkey_login_start(body: &PasskeyLoginStart) -> ApiResult<PasskeyChallenge> {
    send(post("/auth/passkey/login/start").json(body)).await
}

pub async fn passkey_login_finish(body: &PasskeyFinish) -> ApiResult<SessionInfo> {
    signed_in(send(post("/auth/passkey/login/finish").json(body)).await)
}

/// Ends this device's session on the server.
pub async fn logout() -> ApiResult<()> {
    send_empty(post("/auth/logout").build()).await?;
    set_csrf_token(None);
    Ok(())
}

/// For answers without a body (204).
async fn send_empty(request: Result<Request, gloo::net::Error>) -> ApiResult<()> {
    let response = fetch(request).await?;
    if response.ok() {
        Ok(())
    } else {
        decode::<()>(response).await
    }
}

pub async fn update_profile(body: &ProfileUpdate) -> ApiResult<Account> {
    send(put("/me/profile").json(body)).await
}

pub async fn sessions() -> ApiResult<Vec<SessionSummary>> {
    send(get("/me/sessions").build()).await
}

pub async fn end_session(id: Uuid) -> ApiResult<()> {
    send_empty(post(&format!("/me/sessions/{id}/end")).build()).await
}

/// Everything the server holds about the signed-in person.
pub async fn my_data() -> ApiResult<shared::privacy::DataExport> {
    send(get("/me/export").build()).await
}

pub async fn set_protected(protected: bool) -> ApiResult<Account> {
    send(put("/me/protected").json(&shared::privacy::SetProtected { protected })).await
}

pub async fn erase_account(
    body: &shared::privacy::EraseAccount,
) -> ApiResult<shared::privacy::AccountErased> {
    send(post("/me/erase").json(body)).await
}

pub async fn my_bookings() -> ApiResult<MyBookings> {
    send(get("/me/bookings").build()).await
}

pub async fn new_calendar_feed() -> ApiResult<CalendarFeed> {
    send(post("/me/calendar-feed").build()).await
}

/// Which payment provider runs (`GET /payments/config`).
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct PaymentConfig {
    pub provider: String,
    pub publishable_key: Option<String>,
}

pub async fn payment_config() -> ApiResult<PaymentConfig> {
    send(get("/payments/config").build()).await
}

/// The held booking's Stripe PaymentIntent (created once; asking again returns it).
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct StripeIntent {
    pub client_secret: String,
    pub publishable_key: Option<String>,
}

pub async fn stripe_intent(id: Uuid) -> ApiResult<StripeIntent> {
    send(owned(post(&format!("/payments/stripe/{id}/intent")), id).build()).await
}

/// The price of a slot for this person (VAT, peak or off-peak, the
/// cancellation terms): what booking it will charge.
pub async fn quote(
    court_id: i64,
    starts_at: chrono::DateTime<chrono::Utc>,
) -> ApiResult<shared::Quote> {
    let start = starts_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    send(get(&format!("/courts/{court_id}/quote?starts_at={start}")).build()).await
}

pub async fn receipt(id: Uuid) -> ApiResult<shared::Receipt> {
    send(owned(get(&format!("/bookings/{id}/receipt")), id).build()).await
}

/// The server's VAPID public key (`applicationServerKey` for push subscriptions).
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct VapidPublicKey {
    pub public_key: String,
}

pub async fn vapid_public_key() -> ApiResult<VapidPublicKey> {
    send(get("/push/vapid-public-key").build()).await
}

/// The id the server gave this device's push subscription.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct Subscribed {
    pub id: Uuid,
}

/// Stores this device's `PushSubscription.toJSON()` for the signed-in person.
pub async fn push_subscribe(subscription: &serde_json::Value) -> ApiResult<Subscribed> {
    send(post("/push/subscriptions").json(subscription)).await
}

fn patch(path: &str) -> RequestBuilder {
    with_csrf(json_request(Request::patch(&url(path))))
}

fn delete(path: &str) -> RequestBuilder {
    with_csrf(json_request(Request::delete(&url(path))))
}

pub async fn create_watch(body: &NewWatch) -> ApiResult<Watch> {
    send(post("/watches").json(body)).await
}

pub async fn watches() -> ApiResult<Vec<Watch>> {
    send(get("/watches").build()).await
}

pub async fn update_watch(id: Uuid, body: &UpdateWatch) -> ApiResult<Watch> {
    send(patch(&format!("/watches/{id}")).json(body)).await
}

pub async fn delete_watch(id: Uuid) -> ApiResult<()> {
    send_empty(delete(&format!("/watches/{id}")).build()).await
}

pub async fn offer(id: Uuid) -> ApiResult<Offer> {
    send(get(&format!("/offers/{id}")).build()).await
}

/// "No thanks": the offer goes to the next watcher.
pub async fn pass_offer(id: Uuid) -> ApiResult<Offer> {
    send(post(&format!("/offers/{id}/pass")).build()).await
}

/// The signed-in person's roles (`403` for a player).
pub async fn operator_me() -> ApiResult<Vec<shared::operator::Membership>> {
    send(get("/operator/me").build()).await
}

// The operator pages' calls, in the operator build only.
#[cfg(feature = "operator")]
mod operator;
#[cfg(feature = "operator")]
pub use operator::*;
