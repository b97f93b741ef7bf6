//! HTTP plumbing: the API under /api/v1, health, and the built frontend.

use std::path::Path;

use axum::{extract::State, middleware, routing::get, Json, Router};
use shared::ClientConfig;
use tower_http::{
    compression::CompressionLayer,
    services::{ServeDir, ServeFile},
    trace::TraceLayer,
};

use crate::{
    availability, bookings,
    error::AppError,
    openapi, payments, search,
    security::{self, SecurityHeaders},
    venues, AppState,
};

/// `stripe`: Stripe is the payment provider, so the pay step may load Stripe.js.
pub fn router(state: AppState, static_dir: &Path, stripe: bool) -> Router {
    let security = SecurityHeaders::new(static_dir, &state.client_config.tile_url, stripe);
    let api = Router::new()
        .merge(venues::router())
        .merge(search::router())
        .merge(availability::router())
        .merge(bookings::router())
        .merge(payments::router())
        .merge(crate::rules::router())
        .merge(crate::access::router())
        .merge(crate::opendata::router())
        .merge(crate::accounts::router())
        .merge(crate::privacy::router())
        .merge(crate::push::router())
        .merge(crate::watches::router())
        .merge(crate::operator::router())
        .route("/config", get(client_config))
        .route("/openapi.json", get(openapi::document))
        .route_layer(middleware::from_fn(crate::metrics::name_route))
        .fallback(|| async { AppError::NotFound("API route") })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        // Sessions and CSRF protection for every API route.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::accounts::session::layer,
        ));

    // The app is a single-page app: unknown paths get index.html so that
    // client-side routes survive a reload. A release build carries brotli
    // and gzip copies of its files (frontend/tools/postbuild.mjs), sent as
    // they are to a browser that accepts them; the compression layer below
    // leaves an already encoded response alone.
    let index = ServeFile::new(static_dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let frontend = ServeDir::new(static_dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);

    let mut router = Router::new();
    // The operator pages are a build of their own in `operator/` (its own
    // index.html and wasm; frontend/operator.html): `/operator` and every
    // path under it get that app, so a player's phone never downloads it.
    // Without it (a dist/ of the players' app alone) they fall to the
    // players' app, which says the operator pages are not built.
    let operator_dir = static_dir.join("operator");
    if operator_dir.join("index.html").is_file() {
        let operator_index = ServeFile::new(operator_dir.join("index.html"))
            .precompressed_br()
            .precompressed_gzip();
        // No index.html for the directory itself: `/operator/` is a route
        // of the app like any other, answered by the fallback.
        let operator_app = ServeDir::new(&operator_dir)
            .append_index_html_on_directories(false)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(operator_index);
        router = router.nest_service("/operator", operator_app);
    }

    router
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        // Development mail viewer; 404 unless LEDIG_DEV_OUTBOX is on (and
        // mail does not go over SMTP).
        .route("/dev/outbox", get(crate::mail::outbox_page))
        .route_layer(middleware::from_fn(crate::metrics::name_route))
        .nest("/api/v1", api)
        .fallback_service(frontend)
        .layer(middleware::from_fn_with_state(
            security,
            security::add_headers,
        ))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .layer(middleware::from_fn(crate::metrics::track))
        // Outermost: the id is on the request before its span is made.
        .layer(middleware::from_fn(request_id))
        .with_state(state)
}

/// The header that names a request, in its log lines and its response.
pub const REQUEST_ID: &str = "x-request-id";

/// Gives every request an id: the one a proxy in front set (nginx's
/// `$request_id`), when it looks like one, or a new UUID. Every log line of
/// the request carries it (its span), and the response says it, so a
/// person's report ("it failed, id …") finds the lines across processes.
async fn request_id(
    mut request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    use axum::http::HeaderValue;
    let given = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
        })
        .map(str::to_owned);
    let id = given.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let value = HeaderValue::from_str(&id).unwrap_or(HeaderValue::from_static("-"));
    request.headers_mut().insert(REQUEST_ID, value.clone());
    let mut response = next.run(request).await;
    response.headers_mut().insert(REQUEST_ID, value);
    response
}

/// The span of one request, as `TraceLayer`'s own but without what a log
/// must not hold: the query string (an owner key in a booking's link, a
/// searcher's position) is left out, and a calendar feed's secret path
/// segment is masked.
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    // At INFO, so a warning or error inside the request carries the id at
    // the default log level too (the span adds no line of its own).
    tracing::info_span!(
        "request",
        id = %id,
        method = %request.method(),
        path = %loggable_path(request.uri().path()),
        version = ?request.version(),
    )
}

/// `path` with the secret segment of a calendar feed's URL masked.
pub fn loggable_path(path: &str) -> std::borrow::Cow<'_, str> {
    match path.find("/calendar/") {
        Some(at) => format!("{}/calendar/…", &path[..at]).into(),
        None => path.into(),
    }
}

/// Liveness and database reachability, for load balancers and scripts.
async fn healthz(State(state): State<AppState>) -> Result<Json<serde_json::Value>, AppError> {
    crate::on_db!(&state.db, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))?;
    Ok(Json(
        serde_json::json!({ "status": "ok", "database": state.db.engine() }),
    ))
}

/// Ready for requests: the database answers and holds every migration of
/// this build. A load balancer sends traffic only to a ready process; one
/// that is alive (`/healthz`) but not ready is left out, not restarted.
async fn readyz(State(state): State<AppState>) -> Result<Json<serde_json::Value>, AppError> {
    match state.db.migrations_current().await {
        Ok(true) => Ok(Json(serde_json::json!({ "status": "ready" }))),
        Ok(false) => Err(AppError::Unavailable {
            kind: "migrations-pending",
            message: "The database lacks migrations of this build: run `ledig migrate` (or start one process of it, which migrates).".into(),
        }),
        Err(_) => Err(AppError::Unavailable {
            kind: "database-unreachable",
            message: "The database does not answer.".into(),
        }),
    }
}

/// Settings the app needs at start-up.
#[utoipa::path(get, path = "/api/v1/config", tag = "app",
    responses((status = 200, description = "Map tiles and starting view", body = ClientConfig)))]
pub async fn client_config(State(state): State<AppState>) -> Json<ClientConfig> {
    Json((*state.client_config).clone())
}
