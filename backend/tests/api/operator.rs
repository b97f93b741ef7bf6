//! The operator side's foundation (issue 15, roles) and the organisation's
//! lock controllers (issue 14, item 13): who may call which operator route,
//! and an operator revoking a lost controller. Both engines.

use backend::{
    access::controllers,
    operator::roles::{self, GrantError},
};
use chrono::Utc;
use reqwest::Method;
use serde_json::Value;
use shared::operator::Role;

use crate::{
    accounts::{sign_in, Person},
    helpers::{json, problem, spawn_app, tomorrow_at, CourtSpec, Engine, TestApp},
    on_both_engines,
};

async fn grant(
    app: &TestApp,
    email: &str,
    org: &str,
    role: Role,
    venues: &[i64],
) -> roles::Granted {
    roles::grant(&app.db, email, org, role, venues, Utc::now().timestamp())
        .await
        .unwrap()
}

/// Gives `venue_id` to `organisation` (moving a venue between
/// organisations has no route yet).
async fn move_venue(app: &TestApp, organisation: &str, venue_id: i64) {
    const MOVE: &str = "UPDATE venues SET organisation_id = \
         (SELECT id FROM organisations WHERE name = $1) WHERE id = $2";
    backend::on_db!(&app.db, pool => sqlx::query(MOVE).bind(organisation).bind(venue_id).execute(pool).await.map(|_| ()))
        .unwrap();
}

async fn call(
    app: &TestApp,
    who: Option<&Person>,
    method: Method,
    path: &str,
    body: Option<Value>,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    match who {
        Some(person) => person.send_with(app, method, path, body, headers).await,
        None => {
            let mut request = app.client.request(method, app.url(path));
            for (name, value) in headers {
                request = request.header(*name, *value);
            }
            match body {
                Some(body) => request.json(&body),
                None => request,
            }
            .send()
            .await
            .unwrap()
        }
    }
}

async fn controller_feed(app: &TestApp, bearer: &str) -> u16 {
    app.client
        .get(app.url("/api/v1/access/feed"))
        .header("authorization", format!("Bearer {bearer}"))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn operator_routes_answer_by_role(engine: Engine) {
    let app = spawn_app(engine).await;
    let ours = app.add_fixture().await;
    // The first organisation takes on the venues that have none.
    let made = roles::grant(
        &app.db,
        "olle@umea.se",
        "Umeå kommun",
        Role::Operator,
        &[],
        Utc::now().timestamp(),
    )
    .await
    .unwrap();
    assert!(made.organisation_created);
    assert_eq!(made.venues_adopted, 1);
    // A second organisation, with a venue of its own.
    let (theirs, their_courts) = app
        .add_venue("Grannhallen", 63.0, 20.0, &[CourtSpec::tennis("Bana A")])
        .await;
    grant(
        &app,
        "gun@grannby.se",
        "Grannby kommun",
        Role::Operator,
        &[],
    )
    .await;
    move_venue(&app, "Grannby kommun", theirs).await;
    grant(
        &app,
        "stina@umea.se",
        "Umeå kommun",
        Role::Staff,
        &[ours.venue_id],
    )
    .await;
    grant(&app, "vera@umea.se", "Umeå kommun", Role::Viewer, &[]).await;
    // Staff only at their own organisation's venues; and staff need one.
    let refused = roles::grant(
        &app.db,
        "x@umea.se",
        "Umeå kommun",
        Role::Staff,
        &[theirs],
        0,
    )
    .await;
    assert!(matches!(refused, Err(GrantError::NotTheirVenue(v, _)) if v == theirs));
    let refused = roles::grant(&app.db, "x@umea.se", "Umeå kommun", Role::Staff, &[], 0).await;
    assert!(matches!(refused, Err(GrantError::StaffWithoutVenues)));

    let (gate, gate_secret) =
        controllers::create(&app.db, "Grind", &[ours.court_id, ours.other_court_id])
            .await
            .unwrap();
    let (other, other_secret) = controllers::create(&app.db, "Grannhallens dörr", &their_courts)
        .await
        .unwrap();

    let olle = sign_in(&app, "olle@umea.se").await;
    let gun = sign_in(&app, "gun@grannby.se").await;
    let stina = sign_in(&app, "stina@umea.se").await;
    let vera = sign_in(&app, "vera@umea.se").await;
    let player = sign_in(&app, "pelle@example.se").await;

    // Who may list controllers.
    let list = "/api/v1/operator/controllers";
    problem(call(&app, None, Method::GET, list, None, &[]).await, 401).await;
    for who in [&player, &stina, &vera] {
        problem(
            call(&app, Some(who), Method::GET, list, None, &[]).await,
            403,
        )
        .await;
    }
    let listed = json(call(&app, Some(&olle), Method::GET, list, None, &[]).await).await;
    let ids: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        vec![gate.as_str()],
        "only the organisation's own controllers"
    );
    assert_eq!(
        listed[0]["court_ids"],
        serde_json::json!([ours.court_id, ours.other_court_id])
    );
    assert_eq!(listed[0]["revoked_at"], Value::Null);

    // Who may revoke: another organisation's controller does not exist for Olle.
    let revoke = |id: &str| format!("/api/v1/operator/controllers/{id}/revoke");
    problem(
        call(&app, None, Method::POST, &revoke(&gate), None, &[]).await,
        401,
    )
    .await;
    problem(
        call(&app, Some(&player), Method::POST, &revoke(&gate), None, &[]).await,
        403,
    )
    .await;
    problem(
        call(&app, Some(&stina), Method::POST, &revoke(&gate), None, &[]).await,
        403,
    )
    .await;
    problem(
        call(&app, Some(&gun), Method::POST, &revoke(&gate), None, &[]).await,
        404,
    )
    .await;
    problem(
        call(&app, Some(&olle), Method::POST, &revoke(&other), None, &[]).await,
        404,
    )
    .await;
    problem(
        call(
            &app,
            Some(&olle),
            Method::POST,
            &revoke("ctl_nope"),
            None,
            &[],
        )
        .await,
        404,
    )
    .await;
    assert_eq!(
        controller_feed(&app, &format!("{gate}.{gate_secret}")).await,
        200
    );

    let revoked = call(&app, Some(&olle), Method::POST, &revoke(&gate), None, &[]).await;
    assert_eq!(revoked.status().as_u16(), 200);
    let revoked = json(revoked).await;
    assert!(revoked["revoked_at"].is_string(), "{revoked}");
    // The lost controller is locked out at once; the other organisation's is not.
    assert_eq!(
        controller_feed(&app, &format!("{gate}.{gate_secret}")).await,
        401
    );
    assert_eq!(
        controller_feed(&app, &format!("{other}.{other_secret}")).await,
        200
    );
    // Again: nothing changes.
    let again = json(call(&app, Some(&olle), Method::POST, &revoke(&gate), None, &[]).await).await;
    assert_eq!(again["revoked_at"], revoked["revoked_at"]);
    // The audit log says who revoked it, once.
    let log = json(
        call(
            &app,
            Some(&olle),
            Method::GET,
            "/api/v1/operator/audit",
            None,
            &[],
        )
        .await,
    )
    .await;
    let revocations: Vec<&Value> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "controller.revoked")
        .collect();
    assert_eq!(revocations.len(), 1, "{log}");
    assert_eq!(revocations[0]["subject"], gate.as_str());
    assert_eq!(revocations[0]["actor"], "olle@umea.se");
    let theirs = json(
        call(
            &app,
            Some(&gun),
            Method::GET,
            "/api/v1/operator/audit",
            None,
            &[],
        )
        .await,
    )
    .await;
    assert!(
        theirs
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"] != "controller.revoked"),
        "{theirs}"
    );

    // Each person's roles, as the app will show them.
    let me = "/api/v1/operator/me";
    problem(
        call(&app, Some(&player), Method::GET, me, None, &[]).await,
        403,
    )
    .await;
    let staff = json(call(&app, Some(&stina), Method::GET, me, None, &[]).await).await;
    assert_eq!(staff[0]["role"], "staff");
    assert_eq!(staff[0]["organisation"], "Umeå kommun");
    assert_eq!(staff[0]["venue_ids"], serde_json::json!([ours.venue_id]));
    let viewer = json(call(&app, Some(&vera), Method::GET, me, None, &[]).await).await;
    assert_eq!(viewer[0]["role"], "viewer");
    assert_eq!(viewer[0]["venue_ids"], serde_json::json!([ours.venue_id]));
}

/// Each principal the matrix asks as, in this order (the operator last: some
/// routes change things, and the others must be refused before).
const PRINCIPALS: [&str; 7] = [
    "anonymous",
    "player",
    "viewer",
    "staff of this venue",
    "staff of another venue",
    "operator of another organisation",
    "operator",
];

/// What every operator route answers each principal, for a resource of
/// the operator's organisation at "this venue". A route in the OpenAPI
/// document that is missing here fails the test: a new operator route
/// comes with its row.
pub(crate) const EXPECTED: &[(&str, &str, [u16; 7])] = &[
    // Protected identity (issue 17): who a protected booking is of needs a
    // permission nobody here has; marking an account is an operator's.
    (
        "GET",
        "/api/v1/operator/bookings/{booking_id}/identity",
        [401, 403, 403, 403, 403, 404, 403],
    ),
    (
        "POST",
        "/api/v1/operator/organisations/{organisation_id}/protected",
        [401, 403, 403, 403, 403, 404, 204],
    ),
    (
        "GET",
        "/api/v1/operator/me",
        [401, 403, 200, 200, 200, 200, 200],
    ),
    (
        "GET",
        "/api/v1/operator/controllers",
        [401, 403, 403, 403, 403, 200, 200],
    ),
    (
        "POST",
        "/api/v1/operator/controllers/{id}/revoke",
        [401, 403, 403, 403, 403, 404, 200],
    ),
    (
        "GET",
        "/api/v1/operator/audit",
        [401, 403, 403, 403, 403, 200, 200],
    ),
    (
        "GET",
        "/api/v1/operator/venues/{venue_id}/closures",
        [401, 403, 403, 200, 403, 404, 200],
    ),
    (
        "POST",
        "/api/v1/operator/venues/{venue_id}/closures",
        [401, 403, 403, 201, 403, 404, 201],
    ),
    (
        "POST",
        "/api/v1/operator/venues/{venue_id}/closures/{closure_id}/reopen",
        [401, 403, 403, 200, 403, 404, 200],
    ),
    (
        "GET",
        "/api/v1/operator/venues/{venue_id}/rules",
        [401, 403, 403, 403, 403, 404, 200],
    ),
    (
        "PUT",
        "/api/v1/operator/venues/{venue_id}/rules",
        [401, 403, 403, 403, 403, 404, 200],
    ),
    (
        "POST",
        "/api/v1/operator/venues/{venue_id}/rules/preview",
        [401, 403, 403, 403, 403, 404, 200],
    ),
    (
        "GET",
        "/api/v1/operator/venues/{venue_id}/hours",
        [401, 403, 403, 403, 403, 404, 200],
    ),
    (
        "PUT",
        "/api/v1/operator/venues/{venue_id}/hours",
        [401, 403, 403, 403, 403, 404, 200],
    ),
    (
        "POST",
        "/api/v1/operator/venues/{venue_id}/hours/preview",
        [401, 403, 403, 403, 403, 404, 200],
    ),
    (
        "GET",
        "/api/v1/operator/venues/{venue_id}",
        [401, 403, 403, 403, 403, 404, 200],
    ),
    (
        "PUT",
        "/api/v1/operator/venues/{venue_id}",
        [401, 403, 403, 403, 403, 404, 200],
    ),
    (
        "POST",
        "/api/v1/operator/venues/{venue_id}/preview",
        [401, 403, 403, 403, 403, 404, 200],
    ),
    (
        "POST",
        "/api/v1/operator/venues/{venue_id}/photos",
        [401, 403, 403, 403, 403, 404, 201],
    ),
    (
        "DELETE",
        "/api/v1/operator/venues/{venue_id}/photos/{photo_id}",
        [401, 403, 403, 403, 403, 404, 204],
    ),
    (
        "POST",
        "/api/v1/operator/organisations/{organisation_id}/venues",
        [401, 403, 403, 403, 403, 404, 201],
    ),
    (
        "GET",
        "/api/v1/operator/venues/{venue_id}/notices",
        [401, 403, 403, 403, 403, 404, 200],
    ),
    (
        "PUT",
        "/api/v1/operator/venues/{venue_id}/notices",
        [401, 403, 403, 403, 403, 404, 200],
    ),
    (
        "GET",
        "/api/v1/operator/venues/{venue_id}/bookings",
        [401, 403, 403, 200, 403, 404, 200],
    ),
    (
        "POST",
        "/api/v1/operator/venues/{venue_id}/bookings",
        [401, 403, 403, 201, 403, 404, 201],
    ),
    // Before the cancel row: the booking moved (then answered where it is)
    // before it is cancelled.
    (
        "POST",
        "/api/v1/operator/bookings/{booking_id}/move",
        [401, 403, 403, 200, 403, 404, 200],
    ),
    (
        "POST",
        "/api/v1/operator/bookings/{booking_id}/cancel",
        [401, 403, 403, 200, 403, 404, 200],
    ),
    (
        "GET",
        "/api/v1/operator/venues/{venue_id}/statistics",
        [401, 403, 200, 200, 403, 404, 200],
    ),
    (
        "GET",
        "/api/v1/operator/venues/{venue_id}/statistics.csv",
        [401, 403, 200, 200, 403, 404, 200],
    ),
    (
        "GET",
        "/api/v1/operator/organisations/{organisation_id}/members",
        [401, 403, 403, 403, 403, 404, 200],
    ),
    (
        "POST",
        "/api/v1/operator/organisations/{organisation_id}/members",
        [401, 403, 403, 403, 403, 404, 201],
    ),
    (
        "DELETE",
        "/api/v1/operator/organisations/{organisation_id}/members/{account_id}",
        [401, 403, 403, 403, 403, 404, 204],
    ),
];

/// The authorization matrix (issue 15's tests), generated from the OpenAPI
/// document: every operator route × every principal, each answer as
/// [`EXPECTED`] says.
async fn every_operator_route_answers_each_principal_as_specified(engine: Engine) {
    let app = spawn_app(engine).await;
    let ours = app.add_fixture().await;
    let umea = grant(&app, "olle@umea.se", "Umeå kommun", Role::Operator, &[]).await;
    // A viewer for the operator to remove.
    let leaving = grant(&app, "del@umea.se", "Umeå kommun", Role::Viewer, &[]).await;
    // Another venue of the same organisation, and one of another organisation.
    let (elsewhere, _) = app
        .add_venue("Norrhallen", 63.9, 20.3, &[CourtSpec::tennis("Bana 1")])
        .await;
    let (theirs, _) = app
        .add_venue("Grannhallen", 63.0, 20.0, &[CourtSpec::tennis("Bana A")])
        .await;
    grant(
        &app,
        "gun@grannby.se",
        "Grannby kommun",
        Role::Operator,
        &[],
    )
    .await;
    move_venue(&app, "Umeå kommun", elsewhere).await;
    move_venue(&app, "Grannby kommun", theirs).await;
    grant(
        &app,
        "stina@umea.se",
        "Umeå kommun",
        Role::Staff,
        &[ours.venue_id],
    )
    .await;
    grant(
        &app,
        "sam@umea.se",
        "Umeå kommun",
        Role::Staff,
        &[elsewhere],
    )
    .await;
    grant(&app, "vera@umea.se", "Umeå kommun", Role::Viewer, &[]).await;
    let (gate, _) = controllers::create(&app.db, "Grind", &[ours.court_id])
        .await
        .unwrap();
    let people = [
        None,
        Some(sign_in(&app, "pelle@example.se").await),
        Some(sign_in(&app, "vera@umea.se").await),
        Some(sign_in(&app, "stina@umea.se").await),
        Some(sign_in(&app, "sam@umea.se").await),
        Some(sign_in(&app, "gun@grannby.se").await),
        Some(sign_in(&app, "olle@umea.se").await),
    ];
    // A closure at this venue, and the body that makes one.
    let closure_body = serde_json::json!({"court_id": ours.court_id,
        "starts_at": tomorrow_at(7), "ends_at": tomorrow_at(8), "reason": "maintenance"});
    let olle = people[6].as_ref().unwrap();
    let closures = format!("/api/v1/operator/venues/{}/closures", ours.venue_id);
    let closure = json(olle.post(&app, &closures, Some(closure_body.clone())).await).await;
    let closure_id = closure["id"].as_str().expect("a closure").to_string();
    // The venue's rules, their ETag, and a preview of them.
    let rules_path = format!("/api/v1/operator/venues/{}/rules", ours.venue_id);
    let read = olle.get(&app, &rules_path).await;
    let etag = read.headers()["etag"].to_str().unwrap().to_string();
    let rules = json(read).await;
    let preview_body = serde_json::json!({"rules": rules, "court_id": ours.court_id,
        "date": tomorrow_at(12).format("%Y-%m-%d").to_string(), "time": "10:00"});
    let hours_path = format!("/api/v1/operator/venues/{}/hours", ours.venue_id);
    let read = olle.get(&app, &hours_path).await;
    let hours_etag = read.headers()["etag"].to_str().unwrap().to_string();
    let hours = json(read).await;
    let hours_preview =
        serde_json::json!({"hours": hours, "date": tomorrow_at(12).format("%Y-%m-%d").to_string()});
    let venue_path = format!("/api/v1/operator/venues/{}", ours.venue_id);
    let read = olle.get(&app, &venue_path).await;
    let venue_etag = read.headers()["etag"].to_str().unwrap().to_string();
    let venue = json(read).await;
    let new_venue = serde_json::json!({"name": "Nya hallen", "address": "Vägen 2", "city": "Umeå",
        "lat": 63.82, "lon": 20.25, "courts": [{"name": "Bana 1", "sport": "padel", "surface": "artificial_grass",
        "indoor": true, "slot_minutes": 60, "price_minor": 20000}]});
    // A photo of this venue for the operator to remove, and the body that adds one.
    let photo_body = crate::operator_photos::photo_body("Bana 1");
    let photos = format!("/api/v1/operator/venues/{}/photos", ours.venue_id);
    let photo = json(olle.post(&app, &photos, Some(photo_body.clone())).await).await;
    let photo_id = photo["id"].as_str().expect("a photo").to_string();
    // A booking at this venue for the desk to cancel (again: answered as it is).
    let booked = app.confirmed(ours.court_id, 14, false).await;
    // The path parameters: this organisation's resources at this venue.
    let fill = |path: &str| -> String {
        let filled = path
            .replace("{id}", &gate)
            .replace("{venue_id}", &ours.venue_id.to_string())
            .replace("{closure_id}", &closure_id)
            .replace("{photo_id}", &photo_id)
            .replace("{organisation_id}", &umea.organisation_id.to_string())
            .replace("{account_id}", &leaving.account_id.to_string())
            .replace("{booking_id}", &booked.id.to_string());
        assert!(
            !filled.contains('{'),
            "{path}: give the matrix a value for its parameter"
        );
        if path.contains("/statistics") {
            let day = tomorrow_at(12).format("%Y-%m-%d");
            format!("{filled}?from={day}&to={day}")
        } else {
            filled
        }
    };

    let doc = json(
        app.client
            .get(app.url("/api/v1/openapi.json"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let mut routes: Vec<(String, String)> = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        if !path.starts_with("/api/v1/operator/") {
            continue;
        }
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                routes.push((method.to_uppercase(), path.clone()));
            }
        }
    }
    routes.sort();
    let mut specified: Vec<(String, String)> = EXPECTED
        .iter()
        .map(|(m, p, _)| (m.to_string(), p.to_string()))
        .collect();
    specified.sort();
    assert_eq!(
        routes, specified,
        "every operator route in the OpenAPI document has a row in EXPECTED, and no other"
    );
    assert!(!routes.is_empty());

    let mut wrong = Vec::new();
    for (method, path, answers) in EXPECTED {
        let method: Method = method.parse().unwrap();
        for (i, who) in people.iter().enumerate() {
            // A write gets a valid body, so only who asks decides the answer.
            let body = if method == Method::POST && path.ends_with("/closures") {
                Some(closure_body.clone())
            } else if method == Method::POST && path.ends_with("/photos") {
                Some(photo_body.clone())
            } else if method == Method::PUT && path.ends_with("/rules") {
                Some(rules.clone())
            } else if path.ends_with("/rules/preview") {
                Some(preview_body.clone())
            } else if method == Method::PUT && path.ends_with("/hours") {
                Some(hours.clone())
            } else if path.ends_with("/hours/preview") {
                Some(hours_preview.clone())
            } else if *path == "/api/v1/operator/venues/{venue_id}/preview" {
                Some(
                    serde_json::json!({"setup": venue.clone(), "date": tomorrow_at(12).format("%Y-%m-%d").to_string()}),
                )
            } else if method == Method::PUT && *path == "/api/v1/operator/venues/{venue_id}" {
                Some(venue.clone())
            } else if method == Method::POST && path.ends_with("/venues") {
                Some(new_venue.clone())
            } else if method == Method::PUT && path.ends_with("/notices") {
                Some(
                    serde_json::json!({"staffed_from": "08:00", "staffed_until": "16:00",
                    "subscribers": [{"name": "Vaktmästare", "email": "vakt@umea.se", "closures": true}]}),
                )
            } else if method == Method::POST && path.ends_with("/{venue_id}/bookings") {
                // A fresh hour for each caller (staff, then the operator).
                let hour = if i == 3 { 18 } else { 19 };
                Some(
                    serde_json::json!({"court_id": ours.court_id, "starts_at": tomorrow_at(hour),
                    "name": "Karin Ek", "phone": "070-123 45 67", "payment": "at_venue"}),
                )
            } else if path.ends_with("/move") {
                Some(serde_json::json!({"court_id": ours.court_id, "starts_at": tomorrow_at(16)}))
            } else if path.ends_with("/cancel") {
                Some(serde_json::json!({"waive_fee": false}))
            } else if path.ends_with("/protected") {
                Some(serde_json::json!({"email": "pelle@example.se", "protected": true}))
            } else if method == Method::POST && path.ends_with("/members") {
                Some(serde_json::json!({"email": "new@umea.se", "role": "viewer"}))
            } else {
                None
            };
            let tag = if path.contains("/hours") {
                &hours_etag
            } else if *path == "/api/v1/operator/venues/{venue_id}" {
                &venue_etag
            } else {
                &etag
            };
            let headers = [("if-match", tag.as_str())];
            let got = call(
                &app,
                who.as_ref(),
                method.clone(),
                &fill(path),
                body,
                &headers,
            )
            .await;
            let status = got.status().as_u16();
            if status != answers[i] {
                wrong.push(format!(
                    "{method} {path} as {}: {status}, expected {}",
                    PRINCIPALS[i], answers[i]
                ));
            } else if status >= 400 {
                // Refusals are problem+json, as every API error.
                let kind = got
                    .headers()
                    .get("content-type")
                    .map(|v| v.to_str().unwrap_or("").to_string());
                if kind.as_deref() != Some("application/problem+json") {
                    wrong.push(format!(
                        "{method} {path} as {}: {status} without problem+json ({kind:?})",
                        PRINCIPALS[i]
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the authorization matrix:\n{}",
        wrong.join("\n")
    );
}

/// `ledig operator add|list`: one line each; a wrong role is refused with
/// the flag named, and nothing is written.
async fn the_ledig_binary_grants_roles(engine: Engine) {
    let dir = tempfile::tempdir().unwrap();
    let url = match engine {
        Engine::Sqlite => format!("sqlite://{}", dir.path().join("ledig.db").display()),
        Engine::Postgres => crate::helpers::fresh_postgres_url().await,
    };
    let db = backend::db::Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    backend::on_db!(&db, pool => sqlx::query(
        "INSERT INTO venues (name, address, city, lat, lon, timezone, description) \
         VALUES ('Hallen', 'Vägen 1', 'Umeå', 63.8, 20.2, 'Europe/Stockholm', '')",
    ).execute(pool).await.map(|_| ()))
    .unwrap();
    db.close().await;
    let ledig = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_ledig"))
            .arg("--database-url")
            .arg(&url)
            .env("LEDIG_LOG", "warn")
            .args(args)
            .output()
            .unwrap()
    };
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).trim().to_string();

    let out = ledig(&[
        "operator",
        "add",
        "--email",
        "Olle@Umea.se",
        "--role",
        "operator",
        "--organisation",
        "Umeå kommun",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "olle@umea.se is now operator of Umeå kommun (a new organisation; it took on 1 venues without one)."
    );
    let out = ledig(&[
        "operator",
        "add",
        "--email",
        "x@umea.se",
        "--role",
        "boss",
        "--organisation",
        "Umeå kommun",
    ]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("--role boss"),
        "{}",
        text(&out.stderr)
    );
    let out = ledig(&["operator", "list"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "Umeå kommun\tolle@umea.se\toperator");
}

on_both_engines!(
    operator_routes_answer_by_role,
    every_operator_route_answers_each_principal_as_specified,
    the_ledig_binary_grants_roles
);
