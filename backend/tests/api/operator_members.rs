//! The people of an organisation in the app (issue 15, item 1): an
//! operator gives a role by e-mail (the person is told by mail, in their
//! language, and can act at once), changes it, and takes it away (their
//! operator routes answer 403 at once); the last operator stays. Each
//! change is in the audit log with who made it. Both engines.

use std::time::Duration;

use backend::{mail::read_outbox, operator::roles};
use chrono::Utc;
use reqwest::Method;
use serde_json::{json, Value};
use shared::operator::Role;

use crate::operating::operator_in_organisation;
use crate::{
    accounts::sign_in,
    helpers::{json, problem, spawn_app, CourtSpec, Engine, TestApp},
};

crate::on_both_engines!(
    an_operator_gives_changes_and_takes_away_roles,
    the_last_operator_stays,
    bad_input_is_named_and_nothing_is_given,
);

fn members_path(organisation_id: i64) -> String {
    format!("/api/v1/operator/organisations/{organisation_id}/members")
}

/// The mail to `to` whose subject contains `about`, once the mail worker sent it.
async fn mail_to(app: &TestApp, to: &str, about: &str) -> backend::mail::Mail {
    for _ in 0..100 {
        let mails = read_outbox(&app.outbox, 100).await.unwrap();
        if let Some(mail) = mails
            .into_iter()
            .find(|m| m.to == to && m.subject.contains(about))
        {
            return mail;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no mail to {to} about {about}");
}

async fn an_operator_gives_changes_and_takes_away_roles(engine: Engine) {
    let app = spawn_app(engine).await;
    let f = app.add_fixture().await;
    let (olle, org) = operator_in_organisation(&app).await;
    let path = members_path(org);

    // Stina, who has no account yet, becomes staff at the venue.
    let given = olle
        .post(
            &app,
            &path,
            Some(json!({"email": " Stina@Umea.se ", "role": "staff", "venue_ids": [f.venue_id]})),
        )
        .await;
    assert_eq!(given.status().as_u16(), 201);
    let stina_member = json(given).await;
    assert_eq!(stina_member["email"], "stina@umea.se");
    assert_eq!(stina_member["role"], "staff");
    assert_eq!(stina_member["venue_ids"], json!([f.venue_id]));
    let told = mail_to(&app, "stina@umea.se", "Umeå kommun").await;
    assert!(
        told.subject
            .starts_with("Du har fått en roll hos Umeå kommun"),
        "{}",
        told.subject
    );
    assert!(told.text.contains("personal"), "{}", told.text);
    assert!(told.text.contains("/signin"), "{}", told.text);

    // She signs in and may close courts at the venue, not read its rules.
    let stina = sign_in(&app, "stina@umea.se").await;
    let closures = format!("/api/v1/operator/venues/{}/closures", f.venue_id);
    assert_eq!(stina.get(&app, &closures).await.status().as_u16(), 200);
    let rules = format!("/api/v1/operator/venues/{}/rules", f.venue_id);
    assert_eq!(stina.get(&app, &rules).await.status().as_u16(), 403);
    // …nor run the organisation's people.
    assert_eq!(stina.get(&app, &path).await.status().as_u16(), 403);

    // Made a viewer: changed (200), her venues go with the staff role.
    let changed = olle
        .post(
            &app,
            &path,
            Some(json!({"email": "stina@umea.se", "role": "viewer"})),
        )
        .await;
    assert_eq!(changed.status().as_u16(), 200);
    assert_eq!(json(changed).await["venue_ids"], json!([]));
    assert_eq!(stina.get(&app, &closures).await.status().as_u16(), 403);

    let listed = json(olle.get(&app, &path).await).await;
    let emails: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["olle@umea.se", "stina@umea.se"]);

    // Removed: 204, and her operator routes answer 403 at once.
    let account = stina_member["account_id"].as_str().unwrap();
    let removed = olle
        .send(&app, Method::DELETE, &format!("{path}/{account}"), None)
        .await;
    assert_eq!(removed.status().as_u16(), 204);
    assert_eq!(
        stina
            .get(&app, "/api/v1/operator/me")
            .await
            .status()
            .as_u16(),
        403
    );
    problem(
        olle.send(&app, Method::DELETE, &format!("{path}/{account}"), None)
            .await,
        404,
    )
    .await;

    // The audit log: who gave, changed and removed what, newest first.
    let log = json(olle.get(&app, "/api/v1/operator/audit").await).await;
    let lines: Vec<(String, String, String)> = log
        .as_array()
        .unwrap()
        .iter()
        .take(3)
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_string(),
                e["actor"].as_str().unwrap_or("").to_string(),
                e["detail"]["role"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let line = |a: &str, r: &str| (a.to_string(), "olle@umea.se".to_string(), r.to_string());
    assert_eq!(
        lines,
        [
            line("role.removed", "viewer"),
            line("role.granted", "viewer"),
            line("role.granted", "staff")
        ],
        "{log}"
    );
    assert_eq!(log[0]["subject"], "stina@umea.se");

    // Another organisation's people are not Olle's to see.
    let theirs = roles::grant(
        &app.db,
        "gun@grannby.se",
        "Grannby kommun",
        Role::Operator,
        &[],
        Utc::now().timestamp(),
    )
    .await
    .unwrap();
    problem(
        olle.get(&app, &members_path(theirs.organisation_id)).await,
        404,
    )
    .await;
}

async fn the_last_operator_stays(engine: Engine) {
    let app = spawn_app(engine).await;
    app.add_fixture().await;
    let (olle, org) = operator_in_organisation(&app).await;
    let path = members_path(org);
    let me = json(olle.get(&app, &path).await).await;
    let olle_id = me[0]["account_id"].as_str().unwrap().to_string();

    // Neither removed nor made a viewer while he is the only operator.
    let refused = problem(
        olle.send(&app, Method::DELETE, &format!("{path}/{olle_id}"), None)
            .await,
        409,
    )
    .await;
    assert_eq!(refused["type"], "/problems/last-operator");
    let refused = problem(
        olle.post(
            &app,
            &path,
            Some(json!({"email": "olle@umea.se", "role": "viewer"})),
        )
        .await,
        409,
    )
    .await;
    assert_eq!(refused["type"], "/problems/last-operator");
    assert_eq!(
        json(olle.get(&app, &path).await).await[0]["role"],
        "operator"
    );

    // With a second operator he may go.
    let ulla = olle
        .post(
            &app,
            &path,
            Some(json!({"email": "ulla@umea.se", "role": "operator"})),
        )
        .await;
    assert_eq!(ulla.status().as_u16(), 201);
    let ulla_id = json(ulla).await["account_id"].as_str().unwrap().to_string();
    assert_eq!(
        olle.send(&app, Method::DELETE, &format!("{path}/{olle_id}"), None)
            .await
            .status()
            .as_u16(),
        204
    );
    // And then Ulla, alone again, stays.
    let ulla = sign_in(&app, "ulla@umea.se").await;
    problem(
        ulla.send(&app, Method::DELETE, &format!("{path}/{ulla_id}"), None)
            .await,
        409,
    )
    .await;
}

async fn bad_input_is_named_and_nothing_is_given(engine: Engine) {
    let app = spawn_app(engine).await;
    app.add_fixture().await;
    let (olle, org) = operator_in_organisation(&app).await;
    let path = members_path(org);
    // A venue of another organisation.
    let (theirs, _) = app
        .add_venue("Grannhallen", 63.0, 20.0, &[CourtSpec::tennis("Bana A")])
        .await;
    roles::grant(
        &app.db,
        "gun@grannby.se",
        "Grannby kommun",
        Role::Operator,
        &[],
        Utc::now().timestamp(),
    )
    .await
    .unwrap();
    backend::on_db!(&app.db, pool => sqlx::query(
        "UPDATE venues SET organisation_id = (SELECT id FROM organisations WHERE name = 'Grannby kommun') WHERE id = $1")
        .bind(theirs).execute(pool).await.map(|_| ()))
    .unwrap();

    let cases: [(Value, &str); 4] = [
        (
            json!({"email": "not-an-address", "role": "viewer"}),
            "email",
        ),
        (
            json!({"email": "sam@umea.se", "role": "staff"}),
            "venue_ids",
        ),
        (
            json!({"email": "sam@umea.se", "role": "staff", "venue_ids": [theirs]}),
            "venue_ids",
        ),
        (json!({"email": "sam@umea.se", "role": "boss"}), "role"),
    ];
    for (body, field) in cases {
        let refused = problem(olle.post(&app, &path, Some(body.clone())).await, 422).await;
        assert_eq!(refused["field"], field, "{body}: {refused}");
    }
    let listed = json(olle.get(&app, &path).await).await;
    assert_eq!(
        listed.as_array().unwrap().len(),
        1,
        "nobody was given a role: {listed}"
    );
    let accounts: i64 = backend::on_db!(&app.db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM accounts WHERE email = 'sam@umea.se'").fetch_one(pool).await)
    .unwrap();
    assert_eq!(accounts, 0, "no account was made half-way");
}
