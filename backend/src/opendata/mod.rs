//! Open data: the facility register as GeoJSON and OpenActive RPDE feeds of
//! facility uses (one per court) and their slots, all under
//! `/api/v1/open-data/`, licensed CC0-1.0 and open to any origin (CORS).
//!
//! Feed items live in `open_data_items`. [`refresh_feeds`] recomputes what
//! the feeds should say, writes each item that changed with the next value
//! of a counter as its `modified`, and turns items that vanished (a closure,
//! a removed court, a slot whose start has passed) into `deleted` tombstones,
//! which are purged after [`TOMBSTONE_DAYS`]. `ledig serve` refreshes every
//! 30 s; pages are read in `(modified, id)` order (RPDE "modified timestamp
//! and id" ordering), so a consumer that follows `next` sees every change.

pub mod geojson;
pub mod hours;
pub mod openactive;
pub mod store;
pub mod utilisation;

use std::collections::{HashMap, HashSet};

use axum::{
    extract::State,
    http::{header, HeaderValue, Method, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{json, Value};
use tower_http::cors::{Any, CorsLayer};

use crate::{
    db::Db,
    error::{AppError, AppResult},
    extract::{ApiPath, ApiQuery},
    AppState,
};

/// The licence of everything under /api/v1/open-data (SPDX id and URL).
pub const LICENSE: &str = "CC0-1.0";
pub const LICENSE_URL: &str = "https://creativecommons.org/publicdomain/zero/1.0/";
/// How long tombstones stay in the feeds.
pub const TOMBSTONE_DAYS: i64 = 7;
/// Items per page unless `limit` says otherwise, and the most it may say.
pub const DEFAULT_PAGE: i64 = 500;
pub const MAX_PAGE: i64 = 1000;

/// One RPDE feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Feed {
    /// Path segment and key in `open_data_items`.
    pub name: &'static str,
    /// RPDE `kind` of its items.
    pub kind: &'static str,
}

pub const FACILITY_USES: Feed = Feed {
    name: "facility-uses",
    kind: "FacilityUse",
};
pub const SLOTS: Feed = Feed {
    name: "slots",
    kind: "FacilityUse/Slot",
};

pub fn router() -> Router<AppState> {
    // Anyone may read open data from a browser; the rest of the API stays
    // same-origin.
    let cors = CorsLayer::new().allow_origin(Any).allow_methods([
        Method::GET,
        Method::HEAD,
        Method::OPTIONS,
    ]);
    // OPTIONS is routed (the CORS layer answers preflights) so the API's
    // method-not-allowed fallback, which sits outside this layer, never sees it.
    let preflight = || async { StatusCode::NO_CONTENT };
    Router::new()
        .route(
            "/open-data/venues.geojson",
            get(venues_geojson).options(preflight),
        )
        .route(
            "/open-data/facility-uses",
            get(facility_uses_feed).options(preflight),
        )
        .route(
            "/open-data/facility-uses/{id}",
            get(facility_use_item).options(preflight),
        )
        .route("/open-data/slots", get(slots_feed).options(preflight))
        .route(
            "/open-data/utilisation",
            get(utilisation::utilisation).options(preflight),
        )
        .route("/open-data/slots/{id}", get(slot_item).options(preflight))
        .layer(cors)
}

/// The base of every absolute link: LEDIG_PUBLIC_URL, never a request's
/// `Host` or `X-Forwarded-Host` — these pages are cached publicly, so a
/// forged header would hand its links to every later reader.
fn base_url(state: &AppState) -> String {
    state
        .accounts
        .public_url
        .as_str()
        .trim_end_matches('/')
        .to_string()
}

/// The facility register: every venue as a GeoJSON Point Feature.
#[utoipa::path(get, path = "/api/v1/open-data/venues.geojson", tag = "open-data",
    responses((status = 200, description = "GeoJSON FeatureCollection (RFC 7946) of venues, licensed CC0-1.0",
        body = Object, content_type = "application/geo+json")))]
pub async fn venues_geojson(State(state): State<AppState>) -> AppResult<Response> {
    let register = store::register(&state.db).await?;
    let body = geojson::feature_collection(&register, &base_url(&state));
    Ok((
        [
            (header::CONTENT_TYPE, "application/geo+json"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        serde_json::to_vec(&body).map_err(anyhow::Error::from)?,
    )
        .into_response())
}

/// RPDE paging parameters ("modified timestamp and id" ordering).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// `modified` of the last item seen (an integer); with `afterId`.
    #[serde(rename = "afterTimestamp")]
    #[param(rename = "afterTimestamp", value_type = Option<i64>, minimum = 0)]
    pub after_timestamp: Option<String>,
    /// `id` of the last item seen; with `afterTimestamp`.
    #[serde(rename = "afterId")]
    #[param(rename = "afterId")]
    pub after_id: Option<String>,
    /// Items per page, 1–1000 (default 500).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000)]
    pub limit: Option<String>,
}

struct Paging {
    after: Option<(i64, String)>,
    limit: Option<i64>,
}

fn paging(query: FeedQuery) -> AppResult<Paging> {
    let bad = |field: &str, message: &str| AppError::BadRequest {
        field: Some(field.to_string()),
        message: message.to_string(),
    };
    let after = match (query.after_timestamp, query.after_id) {
        (None, None) => None,
        (Some(ts), Some(id)) => {
            let ts: i64 = ts
                .parse()
                .ok()
                .filter(|t| *t >= 0)
                .ok_or_else(|| bad("afterTimestamp", "afterTimestamp must be a whole number ≥ 0: the `modified` of the last item you saw."))?;
            if id.is_empty() || id.len() > 200 {
                return Err(bad(
                    "afterId",
                    "afterId must be the `id` of the last item you saw.",
                ));
            }
            Some((ts, id))
        }
        (Some(_), None) => return Err(bad(
            "afterId",
            "afterTimestamp needs afterId: pass both, from the `next` URL of the previous page.",
        )),
        (None, Some(_)) => return Err(bad(
            "afterTimestamp",
            "afterId needs afterTimestamp: pass both, from the `next` URL of the previous page.",
        )),
    };
    let limit = match query.limit {
        None => None,
        Some(raw) => Some(
            raw.parse::<i64>()
                .ok()
                .filter(|l| (1..=MAX_PAGE).contains(l))
                .ok_or_else(|| {
                    bad(
                        "limit",
                        &format!("limit must be a whole number from 1 to {MAX_PAGE}."),
                    )
                })?,
        ),
    };
    Ok(Paging { after, limit })
}

/// RFC 3986 unreserved characters stay; everything else is %-encoded.
fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn page_url(base: &str, feed: Feed, after: Option<(i64, &str)>, limit: Option<i64>) -> String {
    let mut params: Vec<String> = Vec::new();
    if let Some((ts, id)) = after {
        params.push(format!("afterTimestamp={ts}"));
        params.push(format!("afterId={}", encode_query_value(id)));
    }
    if let Some(limit) = limit {
        params.push(format!("limit={limit}"));
    }
    let path = format!("{base}/api/v1/open-data/{}", feed.name);
    if params.is_empty() {
        path
    } else {
        format!("{path}?{}", params.join("&"))
    }
}

/// Makes the site-relative links in item data (`@id`, `url`, `facilityUse`)
/// absolute.
fn absolutize(value: &mut Value, base: &str) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                match v {
                    Value::String(s)
                        if (key == "@id" || key == "url" || key == "facilityUse")
                            && s.starts_with('/') =>
                    {
                        *s = format!("{base}{s}");
                    }
                    _ => absolutize(v, base),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| absolutize(v, base)),
        _ => {}
    }
}

fn rpde_item(row: store::FeedRow, base: &str) -> AppResult<Value> {
    let mut item = json!({
        "state": if row.deleted { "deleted" } else { "updated" },
        "kind": row.kind,
        "id": row.id,
        "modified": row.modified,
    });
    if let (false, Some(data)) = (row.deleted, row.data) {
        let mut data: Value = serde_json::from_str(&data).map_err(anyhow::Error::from)?;
        absolutize(&mut data, base);
        item["data"] = data;
    }
    Ok(item)
}

async fn feed_page(state: &AppState, feed: Feed, query: FeedQuery) -> AppResult<Response> {
    let Paging { after, limit } = paging(query)?;
    let base = base_url(state);
    let rows = store::page(
        &state.db,
        feed.name,
        after.as_ref().map(|(ts, id)| (*ts, id.as_str())),
        limit.unwrap_or(DEFAULT_PAGE),
    )
    .await?;
    // The next page starts after this page's last item; the last page (no
    // items) points at itself.
    let next = match rows.last() {
        Some(last) => page_url(&base, feed, Some((last.modified, &last.id)), limit),
        None => page_url(
            &base,
            feed,
            after.as_ref().map(|(ts, id)| (*ts, id.as_str())),
            limit,
        ),
    };
    let last_page = rows.is_empty();
    let items = rows
        .into_iter()
        .map(|row| rpde_item(row, &base))
        .collect::<AppResult<Vec<_>>>()?;
    let body = json!({ "next": next, "items": items, "license": LICENSE_URL });
    // RPDE: cache full pages long, the last page briefly (consumers poll it).
    let cache = if last_page {
        "public, max-age=8"
    } else {
        "public, max-age=3600"
    };
    Ok((
        [(header::CACHE_CONTROL, HeaderValue::from_static(cache))],
        Json(body),
    )
        .into_response())
}

/// OpenActive RPDE feed of FacilityUse items: one per court.
#[utoipa::path(get, path = "/api/v1/open-data/facility-uses", tag = "open-data",
    params(FeedQuery),
    responses(
        (status = 200, description = "An RPDE page: `items`, `next`, `license`", body = Object),
        (status = 400, description = "Bad paging parameters", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn facility_uses_feed(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<FeedQuery>,
) -> AppResult<Response> {
    feed_page(&state, FACILITY_USES, query).await
}

/// OpenActive RPDE feed of Slot items: every slot of every court in the next
/// 14 days, with `remainingUses` 1 (free) or 0 (taken).
#[utoipa::path(get, path = "/api/v1/open-data/slots", tag = "open-data",
    params(FeedQuery),
    responses(
        (status = 200, description = "An RPDE page: `items`, `next`, `license`", body = Object),
        (status = 400, description = "Bad paging parameters", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn slots_feed(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<FeedQuery>,
) -> AppResult<Response> {
    feed_page(&state, SLOTS, query).await
}

async fn one_item(state: &AppState, feed: Feed, id: &str) -> AppResult<Json<Value>> {
    let row = store::item(&state.db, feed.name, id)
        .await?
        .filter(|row| !row.deleted)
        .ok_or(AppError::NotFound("open-data item"))?;
    let mut data: Value =
        serde_json::from_str(row.data.as_deref().unwrap_or("null")).map_err(anyhow::Error::from)?;
    absolutize(&mut data, &base_url(state));
    Ok(Json(data))
}

/// One FacilityUse (the `@id` of feed items resolves here).
#[utoipa::path(get, path = "/api/v1/open-data/facility-uses/{id}", tag = "open-data",
    params(("id" = String, Path, description = "Court id")),
    responses(
        (status = 200, description = "The FacilityUse", body = Object),
        (status = 404, description = "No such item", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn facility_use_item(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> AppResult<Json<Value>> {
    one_item(&state, FACILITY_USES, &id).await
}

/// One Slot (the `@id` of feed items resolves here).
#[utoipa::path(get, path = "/api/v1/open-data/slots/{id}", tag = "open-data",
    params(("id" = String, Path, description = "`{court id}-{start, Unix seconds}`")),
    responses(
        (status = 200, description = "The Slot", body = Object),
        (status = 404, description = "No such item (or no longer offered)", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn slot_item(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> AppResult<Json<Value>> {
    one_item(&state, SLOTS, &id).await
}

/// What one refresh changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RefreshSummary {
    pub updated: usize,
    pub deleted: usize,
    pub purged: u64,
}

/// One refresh at a time per process: a slower, older computation must not
/// overwrite a newer one.
static REFRESH: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Brings both feeds up to date with the register, opening hours,
/// exceptions and bookings as of `now`.
pub async fn refresh_feeds(db: &Db, now: DateTime<Utc>) -> anyhow::Result<RefreshSummary> {
    let _one_at_a_time = REFRESH.lock().await;
    // And one process at a time: two refreshes interleaved could write an
    // older snapshot of an item over a newer one. Another process refreshing
    // now does this round's work.
    let Some(only_here) = db.try_job_lock(REFRESH_LOCK_KEY).await? else {
        return Ok(RefreshSummary::default());
    };
    let refreshed = refresh_feeds_here(db, now).await;
    only_here.release().await;
    refreshed
}

async fn refresh_feeds_here(db: &Db, now: DateTime<Utc>) -> anyhow::Result<RefreshSummary> {
    let register = store::register(db).await?;
    let facility_uses = openactive::facility_use_items(&register);
    let slots = openactive::slot_items(db, &register, now).await?;
    let mut summary = RefreshSummary::default();
    sync_feed(db, FACILITY_USES, facility_uses, now, &mut summary).await?;
    sync_feed(db, SLOTS, slots, now, &mut summary).await?;
    summary.purged = store::purge_tombstones(
        db,
        (now - chrono::Duration::days(TOMBSTONE_DAYS)).timestamp(),
    )
    .await?;
    Ok(summary)
}

/// The advisory lock key of the refresh ("ledig", then 2).
pub const REFRESH_LOCK_KEY: i64 = 0x6c65_6469_6700_0002;

/// 64-bit FNV-1a: a stable digest of an item's JSON text.
fn digest(text: &str) -> i64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash as i64
}

async fn sync_feed(
    db: &Db,
    feed: Feed,
    items: Vec<(String, Value)>,
    now: DateTime<Utc>,
    summary: &mut RefreshSummary,
) -> anyhow::Result<()> {
    let states: HashMap<String, store::ItemState> = store::item_states(db, feed.name)
        .await?
        .into_iter()
        .map(|s| (s.id.clone(), s))
        .collect();
    let mut current: HashSet<String> = HashSet::with_capacity(items.len());
    let mut changes: Vec<store::Change> = Vec::new();
    for (id, data) in items {
        let text = serde_json::to_string(&data)?;
        let hash = digest(&text);
        let unchanged = states
            .get(&id)
            .is_some_and(|s| !s.deleted && s.digest == hash);
        if !unchanged {
            changes.push(store::Change {
                id: id.clone(),
                data: Some(text),
                digest: hash,
            });
            summary.updated += 1;
        }
        current.insert(id);
    }
    for state in states.values() {
        if !state.deleted && !current.contains(&state.id) {
            changes.push(store::Change {
                id: state.id.clone(),
                data: None,
                digest: 0,
            });
            summary.deleted += 1;
        }
    }
    changes.sort_by(|a, b| a.id.cmp(&b.id));
    store::apply_changes(db, feed.name, feed.kind, &changes, now.timestamp()).await?;
    Ok(())
}

/// Refreshes the feeds now and every 30 s (run by `ledig serve`).
pub async fn refresh_feeds_forever(db: Db) {
    let mut tick = crate::wake::every(std::time::Duration::from_secs(30));
    while tick.wait().await {
        let started = std::time::Instant::now();
        let round = refresh_feeds(&db, Utc::now()).await;
        crate::metrics::job_round("open_data", round.is_ok());
        match round {
            Ok(summary) => {
                let elapsed_ms = started.elapsed().as_millis() as u64;
                if summary.updated + summary.deleted > 0 {
                    tracing::info!(
                        updated = summary.updated,
                        deleted = summary.deleted,
                        purged = summary.purged,
                        elapsed_ms,
                        "open-data feeds refreshed"
                    );
                } else {
                    tracing::debug!(elapsed_ms, "open-data feeds unchanged");
                }
            }
            Err(error) => tracing::warn!(
                error = format!("{error:#}"),
                "refreshing open-data feeds failed"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_urls() {
        assert_eq!(
            page_url("http://h", SLOTS, Some((12, "3-1700000000")), None),
            "http://h/api/v1/open-data/slots?afterTimestamp=12&afterId=3-1700000000"
        );
        assert_eq!(
            page_url("http://h", FACILITY_USES, None, Some(5)),
            "http://h/api/v1/open-data/facility-uses?limit=5"
        );
        assert_eq!(encode_query_value("a b&c"), "a%20b%26c");
    }

    #[test]
    fn links_become_absolute() {
        let mut v = json!({"@id": "/a", "name": "/not-a-link", "x": [{"url": "/b", "facilityUse": "https://e/c"}]});
        absolutize(&mut v, "http://h");
        assert_eq!(
            v,
            json!({"@id": "http://h/a", "name": "/not-a-link", "x": [{"url": "http://h/b", "facilityUse": "https://e/c"}]})
        );
    }

    #[test]
    fn digest_is_stable() {
        assert_eq!(digest(""), 0xcbf2_9ce4_8422_2325_u64 as i64);
        assert_ne!(digest("a"), digest("b"));
    }
}
