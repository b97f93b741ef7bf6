//! Protected identity: a person with protected personal data marks the
//! account (or an operator does, on request), and every operator route, the
//! desk's search and its answers show an alias, never the name, e-mail or
//! phone; only a role given the permission sees who it is, and each look is
//! in the audit log.

use backend::operator::roles;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::{
    accounts::sign_in,
    helpers::{json as body_of, spawn_app, tomorrow_at, Engine, TestApp},
    on_both_engines,
    operating::{operator_in_organisation, staff},
};

const NEEDLES: &[&str] = &["ada lovelace", "ada@example.se", "123 45 67", "1234567"];

fn holds_her(text: &str) -> Option<&'static str> {
    let text = text.to_lowercase();
    NEEDLES.iter().copied().find(|n| text.contains(n))
}

async fn desk_row(app: &TestApp, who: &crate::accounts::Person, venue: i64, id: Uuid) -> Value {
    let day = tomorrow_at(12).format("%Y-%m-%d");
    let rows = body_of(
        who.get(
            app,
            &format!("/api/v1/operator/venues/{venue}/bookings?date={day}"),
        )
        .await,
    )
    .await;
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id.to_string())
        .cloned()
        .unwrap_or_else(|| panic!("{id} not on the desk: {rows}"))
}

async fn staff_see_an_alias_never_the_person(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let (olle, organisation) = operator_in_organisation(&app).await;
    let stina = staff(&app, f.venue_id).await;
    // A guest booking made with the address Ada then proves, and one made
    // signed in after she marked the account.
    let guest = app.confirmed(f.court_id, 10, false).await;
    let ada = sign_in(&app, "ada@example.se").await;
    let update = ada
        .send(
            &app,
            reqwest::Method::PUT,
            "/api/v1/me/profile",
            Some(json!({ "name": "Ada Lovelace",
            "phone": "+46 70 123 45 67", "language": "sv", "category": "adult" })),
        )
        .await;
    assert_eq!(update.status().as_u16(), 200);
    let marked = ada
        .send(
            &app,
            reqwest::Method::PUT,
            "/api/v1/me/protected",
            Some(json!({ "protected": true })),
        )
        .await;
    assert_eq!(marked.status().as_u16(), 200);
    assert_eq!(body_of(marked).await["protected"], true);
    let held = body_of(
        ada.post(
            &app,
            "/api/v1/bookings",
            Some(
                json!({ "court_id": f.court_id, "starts_at": tomorrow_at(12),
            "name": "Ada Lovelace", "email": "ada@example.se", "phone": "+46 70 123 45 67" }),
            ),
        )
        .await,
    )
    .await;
    let signed_in: Uuid = held["id"].as_str().unwrap().parse().unwrap();
    let paid = ada
        .post(
            &app,
            &format!("/api/v1/payments/demo/{signed_in}/confirm"),
            None,
        )
        .await;
    assert_eq!(paid.status().as_u16(), 200);
    // Someone not protected, for contrast.
    let bob = body_of(
        app.post_json(
            "/api/v1/bookings",
            &json!({ "court_id": f.court_id, "starts_at": tomorrow_at(14),
            "name": "Bob Berg", "email": "bob@example.se" }),
        )
        .await,
    )
    .await;
    let bob_id: Uuid = bob["id"].as_str().unwrap().parse().unwrap();

    // Every operator route one can read, as the operator and as staff.
    let day = tomorrow_at(12).format("%Y-%m-%d");
    for (method, path, _) in crate::operator::EXPECTED {
        if *method != "GET" || path.contains("{booking_id}") {
            continue;
        }
        let mut filled = path
            .replace("{venue_id}", &f.venue_id.to_string())
            .replace("{organisation_id}", &organisation.to_string());
        if path.contains("/statistics") {
            filled.push_str(&format!("?from={day}&to={day}"));
        } else if path.ends_with("/bookings") {
            filled.push_str(&format!("?date={day}&days=7"));
        }
        for (who, name) in [(&olle, "the operator"), (&stina, "staff")] {
            let response = who.get(&app, &filled).await;
            let status = response.status().as_u16();
            let text = response.text().await.unwrap();
            if let Some(found) = holds_her(&text) {
                panic!("GET {filled} as {name} ({status}) shows {found:?}: {text}");
            }
        }
    }

    // The desk: her bookings by one alias, Bob's by name.
    let (a, b) = (
        desk_row(&app, &stina, f.venue_id, guest.id).await,
        desk_row(&app, &stina, f.venue_id, signed_in).await,
    );
    for row in [&a, &b] {
        assert_eq!(
            (row["name"].as_str(), row["email"].as_str()),
            (Some(""), Some("")),
            "{row}"
        );
        assert_eq!(row["phone"], Value::Null);
    }
    let alias = a["protected_alias"].as_str().expect("an alias").to_string();
    assert_eq!(
        b["protected_alias"],
        alias.as_str(),
        "one alias for one person"
    );
    let bob_row = desk_row(&app, &stina, f.venue_id, bob_id).await;
    assert_eq!(bob_row["name"], "Bob Berg");
    assert_eq!(bob_row["protected_alias"], Value::Null);

    // A search by her name, address or phone finds nothing; the alias both.
    let search = |q: String| {
        let path = format!(
            "/api/v1/operator/venues/{}/bookings?date={day}&days=7&q={q}",
            f.venue_id
        );
        let (stina, app) = (&stina, &app);
        async move { body_of(stina.get(app, &path).await).await }
    };
    for q in ["Ada", "lovelace", "ada%40example.se", "1234567"] {
        let found = search(q.to_string()).await;
        assert_eq!(found, json!([]), "searching {q}");
    }
    let found = search(alias.to_lowercase()).await;
    assert_eq!(found.as_array().unwrap().len(), 2, "{found}");

    // Cancelling at the desk answers with the alias too.
    let cancelled = stina
        .post(
            &app,
            &format!("/api/v1/operator/bookings/{}/cancel", guest.id),
            Some(json!({ "waive_fee": false })),
        )
        .await;
    assert_eq!(cancelled.status().as_u16(), 200);
    let text = cancelled.text().await.unwrap();
    assert_eq!(holds_her(&text), None, "{text}");

    // Who it is: not without the permission; with it, and the look is logged.
    let identity = format!("/api/v1/operator/bookings/{signed_in}/identity");
    assert_eq!(olle.get(&app, &identity).await.status().as_u16(), 403);
    let olle_id: Uuid = body_of(olle.get(&app, "/api/v1/me/profile").await).await["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    roles::set_sees_protected(&app.db, olle_id, organisation, true)
        .await
        .unwrap();
    let who = body_of(olle.get(&app, &identity).await).await;
    assert_eq!(who["name"], "Ada Lovelace");
    assert_eq!(who["email"], "ada@example.se");
    let log = olle
        .get(&app, "/api/v1/operator/audit")
        .await
        .text()
        .await
        .unwrap();
    assert!(log.contains("identity.viewed"), "{log}");
    assert_eq!(
        holds_her(&log),
        None,
        "the log names the alias, not her: {log}"
    );
    let not_protected = olle
        .get(
            &app,
            &format!("/api/v1/operator/bookings/{bob_id}/identity"),
        )
        .await;
    assert_eq!(not_protected.status().as_u16(), 404);
    // Staff without the permission still may not.
    assert_eq!(stina.get(&app, &identity).await.status().as_u16(), 403);

    // She lifts it: her name is back on the desk.
    ada.send(
        &app,
        reqwest::Method::PUT,
        "/api/v1/me/protected",
        Some(json!({ "protected": false })),
    )
    .await;
    assert_eq!(
        desk_row(&app, &stina, f.venue_id, signed_in).await["name"],
        "Ada Lovelace"
    );

    // An operator marks an account on request, by its address.
    let protect = format!("/api/v1/operator/organisations/{organisation}/protected");
    let done = olle
        .post(
            &app,
            &protect,
            Some(json!({ "email": "Ada@Example.se", "protected": true })),
        )
        .await;
    assert_eq!(done.status().as_u16(), 204);
    assert_eq!(
        body_of(ada.get(&app, "/api/v1/me/profile").await).await["protected"],
        true
    );
    let nobody = olle
        .post(
            &app,
            &protect,
            Some(json!({ "email": "nobody@example.se", "protected": true })),
        )
        .await;
    assert_eq!(nobody.status().as_u16(), 404);
    let refused = stina
        .post(
            &app,
            &protect,
            Some(json!({ "email": "ada@example.se", "protected": false })),
        )
        .await;
    assert_eq!(refused.status().as_u16(), 403);
}
on_both_engines!(staff_see_an_alias_never_the_person);

/// A colleague with protected identity: the organisation's people and the
/// audit log's role entries (every operator reads both) name them by alias,
/// the entries from before the marking too.
async fn a_protected_colleague_is_named_by_alias_in_people_and_the_log(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let (olle, organisation) = operator_in_organisation(&app).await;
    let stina = staff(&app, f.venue_id).await;
    let members = format!("/api/v1/operator/organisations/{organisation}/members");
    // Given a role by address while not yet protected: the log says so.
    let given = olle
        .post(
            &app,
            &members,
            Some(json!({ "email": "stina@umea.se", "role": "staff", "venue_ids": [f.venue_id] })),
        )
        .await;
    assert_eq!(given.status().as_u16(), 200);
    let log = body_of(olle.get(&app, "/api/v1/operator/audit").await).await;
    assert!(log.to_string().contains("stina@umea.se"));

    let marked = stina
        .send(
            &app,
            reqwest::Method::PUT,
            "/api/v1/me/protected",
            Some(json!({ "protected": true })),
        )
        .await;
    assert_eq!(marked.status().as_u16(), 200);
    let stina_id = body_of(stina.get(&app, "/api/v1/me/profile").await).await["id"]
        .as_str()
        .unwrap()
        .parse::<Uuid>()
        .unwrap();
    let alias = backend::privacy::protected::alias(stina_id);

    // The people: her alias, no address, no name.
    let people = body_of(olle.get(&app, &members).await).await;
    let her = people
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["account_id"] == stina_id.to_string())
        .unwrap();
    assert_eq!(her["protected_alias"], alias);
    assert_eq!(her["email"], "");
    assert!(her["name"].is_null());
    assert!(!people.to_string().contains("stina@"), "{people}");

    // Given again and taken away: each entry by alias, the older ones too.
    let again = olle
        .post(
            &app,
            &members,
            Some(json!({ "email": "Stina@umea.se", "role": "viewer" })),
        )
        .await;
    assert_eq!(again.status().as_u16(), 200);
    let again = body_of(again).await;
    assert_eq!(again["protected_alias"], alias);
    assert!(!again.to_string().contains("stina@"), "{again}");
    let removed = olle
        .send(
            &app,
            reqwest::Method::DELETE,
            &format!("{members}/{stina_id}"),
            None,
        )
        .await;
    assert_eq!(removed.status().as_u16(), 204);
    let log = body_of(olle.get(&app, "/api/v1/operator/audit").await).await;
    assert!(!log.to_string().to_lowercase().contains("stina@"), "{log}");
    let roles: Vec<&Value> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"].as_str().unwrap_or("").starts_with("role."))
        .filter(|e| e["subject"] == alias)
        .collect();
    // Made staff (by the command line, then by Olle), made a viewer, removed.
    assert_eq!(roles.len(), 4, "{log}");
}
on_both_engines!(a_protected_colleague_is_named_by_alias_in_people_and_the_log);
