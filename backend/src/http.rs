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
        .merge(crate::push::router())
        .merge(crate::watches::router())
        .merge(crate::operator::router())
        .route("/config", get(client_config))
        .route("/openapi.json", get(openapi::document))
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
        // Development mail viewer; 404 unless LEDIG_DEV_OUTBOX is on (and
        // mail does not go over SMTP).
        .route("/dev/outbox", get(crate::mail::outbox_page))
        .nest("/api/v1", api)
        .fallback_service(frontend)
        .layer(middleware::from_fn_with_state(
            security,
            security::add_headers,
        ))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Liveness and database reachability, for load balancers and scripts.
async fn healthz(State(state): State<AppState>) -> Result<Json<serde_json::Value>, AppError> {
    crate::on_db!(&state.db, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))?;
    Ok(Json(
        serde_json::json!({ "status": "ok", "database": state.db.engine() }),
    ))
}

/// Settings the app needs at start-up.
#[utoipa::path(get, path = "/api/v1/config", tag = "app",
    responses((status = 200, description = "Map tiles and starting view", body = ClientConfig)))]
pub async fn client_config(State(state): State<AppState>) -> Json<ClientConfig> {
    Json((*state.client_config).clone())
}
