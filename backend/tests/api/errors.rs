//! Bad input gets a clear problem+json naming the field, never a 500, and
//! nothing is written.

use serde_json::json;

use crate::helpers::{json as body_of, problem, spawn_app, tomorrow_at, Engine};

crate::on_both_engines!(
    bad_booking_requests_are_named_and_write_nothing,
    unknown_ids_are_404,
    platform_routes
);

async fn bad_booking_requests_are_named_and_write_nothing(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let start = tomorrow_at(16);
    let good = json!({ "court_id": f.court_id, "starts_at": start, "name": "Ada", "email": "ada@example.se" });
    let with = |key: &str, value: serde_json::Value| {
        let mut body = good.clone();
        body[key] = value;
        body
    };
    let without = |key: &str| {
        let mut body = good.clone();
        body.as_object_mut().unwrap().remove(key);
        body
    };
    let cases = [
        (without("email"), 422, "email"),
        (without("court_id"), 422, "court_id"),
        (with("email", json!("not-an-email")), 422, "email"),
        (with("name", json!("   ")), 422, "name"),
        (with("court_id", json!("seven")), 422, "court_id"),
        (with("court_id", json!(987654)), 422, "court_id"),
        (with("starts_at", json!("yesterday")), 422, "starts_at"),
        (
            with("starts_at", json!(start + chrono::Duration::minutes(30))),
            422,
            "starts_at",
        ),
        (with("starts_at", json!(tomorrow_at(3))), 422, "starts_at"),
        (
            with("starts_at", json!(start - chrono::Duration::days(2))),
            422,
            "starts_at",
        ),
        (
            with("starts_at", json!(start + chrono::Duration::days(120))),
            422,
            "starts_at",
        ),
    ];
    for (body, status, field) in cases {
        let response = app.post_json("/api/v1/bookings", &body).await;
        let problem = problem(response, status).await;
        assert_eq!(problem["field"], field, "{body} → {problem}");
        assert!(!problem["detail"].as_str().unwrap_or_default().is_empty());
    }

    let malformed = app
        .client
        .post(app.url("/api/v1/bookings"))
        .header("content-type", "application/json")
        .body("{\"court_id\": 1,")
        .send()
        .await
        .unwrap();
    problem(malformed, 400).await;
    let not_json = app
        .client
        .post(app.url("/api/v1/bookings"))
        .body("court_id=1")
        .send()
        .await
        .unwrap();
    problem(not_json, 400).await;
    let wrong_shape = app
        .post_json("/api/v1/bookings", &json!("a booking, please"))
        .await;
    problem(wrong_shape, 400).await;

    assert_eq!(
        app.booking_count().await,
        0,
        "no failed request wrote anything"
    );
    assert_eq!(app.post_json("/api/v1/bookings", &good).await.status(), 201);
}

async fn unknown_ids_are_404(engine: Engine) {
    let app = spawn_app(engine).await;
    let id = uuid::Uuid::new_v4();
    problem(app.get(&format!("/api/v1/bookings/{id}")).await, 404).await;
    problem(
        app.post(&format!("/api/v1/bookings/{id}/cancel")).await,
        404,
    )
    .await;
    problem(
        app.post(&format!("/api/v1/payments/demo/{id}/confirm"))
            .await,
        404,
    )
    .await;
    problem(app.get("/api/v1/bookings/not-a-uuid").await, 404).await;
    problem(app.get("/api/v1/no-such-route").await, 404).await;
    problem(
        app.client
            .delete(app.url("/api/v1/venues"))
            .send()
            .await
            .unwrap(),
        405,
    )
    .await;
}

async fn platform_routes(engine: Engine) {
    let app = spawn_app(engine).await;
    let health = body_of(app.get("/healthz").await).await;
    assert_eq!(health["status"], "ok");
    // Ready: the database answers and has every migration of this build;
    // without the last one (a newer build before `ledig migrate`), not.
    let ready = body_of(app.get("/readyz").await).await;
    assert_eq!(ready["status"], "ready");
    let last: i64 = backend::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT MAX(version) FROM _sqlx_migrations").fetch_one(pool).await)
    .unwrap();
    backend::on_db!(&app.db, pool => sqlx::query(
        "UPDATE _sqlx_migrations SET success = FALSE WHERE version = $1").bind(last).execute(pool).await.map(|_| ()))
    .unwrap();
    let pending = crate::helpers::problem(app.get("/readyz").await, 503).await;
    assert_eq!(pending["type"], "/problems/migrations-pending");
    backend::on_db!(&app.db, pool => sqlx::query(
        "UPDATE _sqlx_migrations SET success = TRUE WHERE version = $1").bind(last).execute(pool).await.map(|_| ()))
    .unwrap();
    assert_eq!(app.get("/readyz").await.status().as_u16(), 200);

    let config = body_of(app.get("/api/v1/config").await).await;
    assert!(config["tile_url"].as_str().unwrap().contains("{z}"));
    // What the privacy and accessibility pages name: the operator, where to
    // write, and the retention settings as the server has them.
    assert_eq!(config["operator_name"], "Testkommun");
    assert_eq!(config["contact_email"], "tillganglighet@testkommun.se");
    assert_eq!(config["card_payments"], false);
    assert_eq!(config["retention"]["sessions_days"], 30);
    assert_eq!(config["retention"]["access_entries_days"], 90);

    let doc = body_of(app.get("/api/v1/openapi.json").await).await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/config",
        "/api/v1/venues",
        "/api/v1/venues/{id}",
        "/api/v1/venues/{id}/slots",
        "/api/v1/bookings",
        "/api/v1/bookings/{id}",
        "/api/v1/bookings/{id}/cancel",
        "/api/v1/payments/demo/{id}/confirm",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from the OpenAPI document"
        );
    }
    for schema in [
        "Booking",
        "CreateBooking",
        "DaySlots",
        "VenueSummary",
        "VenueDetail",
        "Problem",
        "Money",
    ] {
        assert!(
            doc["components"]["schemas"][schema].is_object(),
            "schema {schema} missing"
        );
    }
}

crate::on_both_engines!(security_headers_on_every_response);

async fn security_headers_on_every_response(engine: Engine) {
    let app = spawn_app(engine).await;
    for path in [
        "/healthz",
        "/api/v1/venues",
        "/api/v1/no-such-route",
        "/some/page",
    ] {
        let response = app.get(path).await;
        let h = response.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        let script_src = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap();
        assert!(
            script_src.contains("'self'") && script_src.contains("'wasm-unsafe-eval'"),
            "{path}: {csp}"
        );
        assert!(
            !script_src.contains("'unsafe-inline'") && !script_src.contains("'unsafe-eval'"),
            "{path}: {csp}"
        );
        for directive in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(directive), "{path}: {directive}");
        }
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert!(h["permissions-policy"]
            .to_str()
            .unwrap()
            .contains("camera=()"));
        assert!(
            h.get("strict-transport-security").is_none(),
            "no HSTS over plain http"
        );
    }
    let behind_tls = app
        .client
        .get(app.url("/healthz"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert!(behind_tls.headers()["strict-transport-security"]
        .to_str()
        .unwrap()
        .starts_with("max-age="));
}
