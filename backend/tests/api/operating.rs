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

/// Olle, signed in, and his organisation's id.
pub async fn operator_in_organisation(app: &TestApp) -> (Person, i64) {
    let granted = roles::grant(
        &app.db,
        "olle@umea.se",
        "Umeå kommun",
        Role::Operator,
        &[],
        Utc::now().timestamp(),
    )
    .await
    .unwrap();
    (sign_in(app, "olle@umea.se").await, granted.organisation_id)
}

/// Olle, an operator, signed in.
pub async fn operator(app: &TestApp) -> Person {
    operator_in_organisation(app).await.0
}

/// Stina, staff at `venue_id` only, signed in (Olle's organisation is made
/// first; he is not signed in).
pub async fn staff(app: &TestApp, venue_id: i64) -> Person {
    let now = Utc::now().timestamp();
    roles::grant(
        &app.db,
        "olle@umea.se",
        "Umeå kommun",
        Role::Operator,
        &[],
        now,
    )
    .await
    .unwrap();
    roles::grant(
        &app.db,
        "stina@umea.se",
        "Umeå kommun",
        Role::Staff,
        &[venue_id],
        now,
    )
    .await
    .unwrap();
    sign_in(app, "stina@umea.se").await
}
