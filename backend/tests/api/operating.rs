//! Who runs the fixture's venue in the operator tests: Olle, an operator of
//! Umeå kommun (the first organisation, so it takes on the fixture's
//! venues), and Stina, staff at one venue of it. Each signed in by e-mailed
//! code, as a person would be.

use backend::operator::roles;
use chrono::Utc;
use shared::operator::Role;

use crate::{
    accounts::{sign_in, Person},
    helpers::TestApp,
};

/// `email` given `role` in `organisation` (made if new; `venue_ids` for
/// staff), signed in, and the organisation's id.
pub async fn member(
    app: &TestApp,
    email: &str,
    organisation: &str,
    role: Role,
    venue_ids: &[i64],
) -> (Person, i64) {
    let granted = roles::grant(
        &app.db,
        email,
        organisation,
        role,
        venue_ids,
        Utc::now().timestamp(),
    )
    .await
    .unwrap();
    (sign_in(app, email).await, granted.organisation_id)
}

/// Olle, signed in, and his organisation's id.
pub async fn operator_in_organisation(app: &TestApp) -> (Person, i64) {
    member(app, "olle@umea.se", "Umeå kommun", Role::Operator, &[]).await
}

/// Olle, an operator, signed in.
pub async fn operator(app: &TestApp) -> Person {
    operator_in_organisation(app).await.0
}

/// Stina, staff at `venue_id` only, signed in (Olle's organisation is made
/// first; he is not signed in).
pub async fn staff(app: &TestApp, venue_id: i64) -> Person {
    roles::grant(
        &app.db,
        "olle@umea.se",
        "Umeå kommun",
        Role::Operator,
        &[],
        Utc::now().timestamp(),
    )
    .await
    .unwrap();
    member(
        app,
        "stina@umea.se",
        "Umeå kommun",
        Role::Staff,
        &[venue_id],
    )
    .await
    .0
}
