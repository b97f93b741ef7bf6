//! Typed client for the Ledig JSON API (`/api/v1`).
//!
//! Every call returns `Result<T, Problem>`: the server's problem+json as is,
//! or a problem made up here when the network or the response failed.

use gloo::net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
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

async fn send<T: DeserializeOwned>(
    request: Result<gloo::net::http::Request, gloo::net::Error>,
) -> ApiResult<T> {
    let request = request
        .map_err(|_| local_problem("/problems/client", "Could not prepare the request.", 0))?;
    let response = request.send().await.map_err(|_| {
        local_problem(
            NETWORK_PROBLEM,
            "Can't reach Ledig right now. Check your connection and try again.",
            0,
        )
    })?;
    decode(response).await
}

async fn decode<T: DeserializeOwned>(response: Response) -> ApiResult<T> {
    let status = response.status();
    if response.ok() {
        return response.json::<T>().await.map_err(|_| {
            local_problem(
                "/problems/bad-response",
                "The server sent an answer the app did not understand.",
                status,
            )
        });
    }
    match response.json::<Problem>().await {
        Ok(problem) => Err(problem),
        Err(_) => Err(local_problem(
            "about:blank",
            &format!("Something went wrong (HTTP {status}). Please try again."),
            status,
        )),
    }
}

fn get(path: &str) -> RequestBuilder {
    Request::get(&url(path)).header("Accept", "application/json")
}

fn post(path: &str) -> RequestBuilder {
    Request::post(&url(path)).header("Accept", "application/json")
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
pub async fn create_booking(body: &CreateBooking, idempotency_key: &str) -> ApiResult<Booking> {
    send(
        post("/bookings")
            .header("Idempotency-Key", idempotency_key)
            .json(body),
    )
    .await
}

/// A fresh random key (a UUID from the browser's crypto) for one booking attempt.
pub fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("t-{}", js_sys::Date::now()))
}

pub async fn booking(id: Uuid) -> ApiResult<Booking> {
    send(get(&format!("/bookings/{id}")).build()).await
}

pub async fn cancel_booking(id: Uuid) -> ApiResult<Booking> {
    send(post(&format!("/bookings/{id}/cancel")).build()).await
}

pub async fn confirm_demo_payment(id: Uuid) -> ApiResult<Booking> {
    send(post(&format!("/payments/demo/{id}/confirm")).build()).await
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
    send(get(&format!("/bookings/{id}/receipt")).build()).await
}
