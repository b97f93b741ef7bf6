//! Who runs what: organisations, their venues, and the roles of people in
//! them. The SQL of the operator capability's roles lives here.

use std::collections::BTreeMap;

use shared::operator::{Membership, Role};
use uuid::Uuid;

use crate::{
    db::{Db, Tx},
    on_db, on_tx,
};

#[derive(sqlx::FromRow)]
struct RoleRow {
    organisation_id: i64,
    organisation: String,
    role: String,
}

/// Every role of `account_id`, each with the venues it covers.
pub async fn memberships(db: &Db, account_id: Uuid) -> sqlx::Result<Vec<Membership>> {
    const ROLES: &str =
        "SELECT r.organisation_id, o.name AS organisation, r.role FROM operator_roles r \
         JOIN organisations o ON o.id = r.organisation_id WHERE r.account_id = $1 ORDER BY o.name";
    const ALL_VENUES: &str = "SELECT id FROM venues WHERE organisation_id = $1 ORDER BY id";
    // A staff member's venues, still the organisation's.
    const STAFF_VENUES: &str = "SELECT rv.venue_id FROM operator_role_venues rv \
         JOIN venues v ON v.id = rv.venue_id AND v.organisation_id = rv.organisation_id \
         WHERE rv.account_id = $1 AND rv.organisation_id = $2 ORDER BY rv.venue_id";
    let rows: Vec<RoleRow> =
        on_db!(db, pool => sqlx::query_as(ROLES).bind(account_id).fetch_all(pool).await)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let Some(role) = Role::parse(&r.role) else {
            continue;
        };
        let venue_ids: Vec<i64> = match role {
            Role::Staff => on_db!(db, pool => sqlx::query_scalar(STAFF_VENUES)
                .bind(account_id).bind(r.organisation_id).fetch_all(pool).await)?,
            Role::Operator | Role::Viewer => on_db!(db, pool => sqlx::query_scalar(ALL_VENUES)
                .bind(r.organisation_id).fetch_all(pool).await)?,
        };
        out.push(Membership {
            organisation_id: r.organisation_id,
            organisation: r.organisation,
            role,
            venue_ids,
        });
    }
    Ok(out)
}

/// What [`grant`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Granted {
    pub account_id: Uuid,
    pub organisation_id: i64,
    pub organisation_created: bool,
    /// Venues without an organisation that the first organisation took on.
    pub venues_adopted: u64,
}

/// Why a grant was refused.
#[derive(Debug, thiserror::Error)]
pub enum GrantError {
    #[error("venue {0} is not one of {1}'s venues")]
    NotTheirVenue(i64, String),
    #[error("staff need at least one venue (--venues)")]
    StaffWithoutVenues,
    #[error("{0} needs at least one operator: give someone else the operator role first")]
    LastOperator(String),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Gives the person with `email` (made an account if they have none; they
/// sign in with a code to that address) `role` in the organisation `name`,
/// made if it does not exist. The first organisation of an installation
/// takes on every venue that has none: one municipality per database is
/// the usual shape. Staff get `venues`. One transaction: nothing is half
/// granted. (`ledig operator add`: no actor in the audit log.)
pub async fn grant(
    db: &Db,
    email: &str,
    organisation: &str,
    role: Role,
    venues: &[i64],
    now: i64,
) -> Result<Granted, GrantError> {
    const FIND_ORG: &str = "SELECT id FROM organisations WHERE name = $1";
    const ORGS: &str = "SELECT COUNT(*) FROM organisations";
    const NEW_ORG: &str =
        "INSERT INTO organisations (name, created_at) VALUES ($1, $2) RETURNING id";
    const ADOPT: &str = "UPDATE venues SET organisation_id = $1 WHERE organisation_id IS NULL";
    if role == Role::Staff && venues.is_empty() {
        return Err(GrantError::StaffWithoutVenues);
    }
    let mut tx = db.begin_write().await?;
    let (organisation_id, organisation_created, venues_adopted) = on_tx!(&mut tx, tx => {
        let existing: Option<i64> = sqlx::query_scalar(FIND_ORG).bind(organisation).fetch_optional(&mut **tx).await?;
        match existing {
            Some(id) => Ok::<_, sqlx::Error>((id, false, 0)),
            None => {
                let others: i64 = sqlx::query_scalar(ORGS).fetch_one(&mut **tx).await?;
                let id: i64 = sqlx::query_scalar(NEW_ORG).bind(organisation).bind(now).fetch_one(&mut **tx).await?;
                let adopted = if others == 0 {
                    sqlx::query(ADOPT).bind(id).execute(&mut **tx).await?.rows_affected()
                } else {
                    0
                };
                Ok((id, true, adopted))
            }
        }
    })?;
    let given = give_in(
        &mut tx,
        organisation_id,
        organisation,
        email,
        role,
        venues,
        now,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(Granted {
        account_id: given.account_id,
        organisation_id,
        organisation_created,
        venues_adopted,
    })
}

/// What [`give_in`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given {
    pub account_id: Uuid,
    /// They had no role in the organisation before.
    pub new_member: bool,
    /// Their language, when their account has one (for the mail).
    pub language: String,
}

/// Inside the caller's transaction: gives `email` `role` in organisation
/// `organisation_id` (named `organisation` in errors), replacing the role
/// they had there, and writes `role.granted` by `actor` to the audit log.
/// Changes to one organisation's people take turns (a lock per
/// organisation), so two operators cannot remove each other at once.
#[allow(clippy::too_many_arguments)]
pub async fn give_in(
    tx: &mut Tx,
    organisation_id: i64,
    organisation: &str,
    email: &str,
    role: Role,
    venues: &[i64],
    now: i64,
    actor: Option<Uuid>,
) -> Result<Given, GrantError> {
    const ACCOUNT: &str = "INSERT INTO accounts (id, email, created_at) VALUES ($1, $2, $3) \
         ON CONFLICT (email) DO NOTHING";
    const ACCOUNT_ID: &str = "SELECT id, language, protected FROM accounts WHERE email = $1";
    const HAD: &str =
        "SELECT role FROM operator_roles WHERE account_id = $1 AND organisation_id = $2";
    const OPERATORS: &str =
        "SELECT COUNT(*) FROM operator_roles WHERE organisation_id = $1 AND role = 'operator'";
    const ROLE: &str = "INSERT INTO operator_roles (account_id, organisation_id, role, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (account_id, organisation_id) DO UPDATE SET role = excluded.role";
    const CLEAR_VENUES: &str =
        "DELETE FROM operator_role_venues WHERE account_id = $1 AND organisation_id = $2";
    const VENUE_ORG: &str = "SELECT organisation_id FROM venues WHERE id = $1";
    const ADD_VENUE: &str =
        "INSERT INTO operator_role_venues (account_id, organisation_id, venue_id) \
         VALUES ($1, $2, $3)";
    if role == Role::Staff && venues.is_empty() {
        return Err(GrantError::StaffWithoutVenues);
    }
    let email = email.trim().to_lowercase();
    let mut venues = venues.to_vec();
    venues.sort_unstable();
    venues.dedup();
    if role != Role::Staff {
        venues.clear();
    }
    tx.lock_key("organisation-members", organisation_id).await?;
    let given = on_tx!(tx, tx => {
        sqlx::query(ACCOUNT).bind(Uuid::new_v4()).bind(&email).bind(now).execute(&mut **tx).await?;
        let (account_id, language, protected): (Uuid, String, bool) = sqlx::query_as(ACCOUNT_ID).bind(&email).fetch_one(&mut **tx).await?;
        let had: Option<String> = sqlx::query_scalar(HAD).bind(account_id).bind(organisation_id).fetch_optional(&mut **tx).await?;
        if had.as_deref() == Some(Role::Operator.as_str()) && role != Role::Operator {
            let operators: i64 = sqlx::query_scalar(OPERATORS).bind(organisation_id).fetch_one(&mut **tx).await?;
            if operators <= 1 {
                return Err(GrantError::LastOperator(organisation.to_string()));
            }
        }
        sqlx::query(ROLE).bind(account_id).bind(organisation_id).bind(role.as_str()).bind(now)
            .execute(&mut **tx).await?;
        sqlx::query(CLEAR_VENUES).bind(account_id).bind(organisation_id).execute(&mut **tx).await?;
        for venue in &venues {
            let owner: Option<Option<i64>> = sqlx::query_scalar(VENUE_ORG).bind(venue).fetch_optional(&mut **tx).await?;
            if owner.flatten() != Some(organisation_id) {
                return Err(GrantError::NotTheirVenue(*venue, organisation.to_string()));
            }
            sqlx::query(ADD_VENUE).bind(account_id).bind(organisation_id).bind(venue)
                .execute(&mut **tx).await?;
        }
        Ok::<_, GrantError>((Given { account_id, new_member: had.is_none(), language }, protected))
    })?;
    let (given, protected) = given;
    let entry = super::audit::Entry {
        organisation_id,
        actor_id: actor,
        action: "role.granted",
        venue_id: None,
        // Every operator reads the log: a protected person by alias.
        subject: Some(if protected {
            crate::privacy::protected::alias(given.account_id)
        } else {
            email.clone()
        }),
        detail: serde_json::json!({ "role": role.as_str(), "venue_ids": venues }),
        at: now,
    };
    super::audit::record_in(tx, &entry).await?;
    Ok(given)
}

/// Why a role could not be taken away.
#[derive(Debug, thiserror::Error)]
pub enum RemoveError {
    #[error("no such member")]
    NotAMember,
    #[error("an organisation needs at least one operator")]
    LastOperator,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Inside the caller's transaction: takes `account_id`'s role in
/// `organisation_id` away (their venues with it) and writes `role.removed`
/// by `actor`. The organisation's last operator stays: someone must be
/// able to give roles. Their account, bookings and sessions are theirs
/// and stay; what they may do as operator ends at once.
pub async fn remove_in(
    tx: &mut Tx,
    organisation_id: i64,
    account_id: Uuid,
    now: i64,
    actor: Uuid,
) -> Result<(), RemoveError> {
    const THEIRS: &str =
        "SELECT r.role, a.email, a.protected FROM operator_roles r JOIN accounts a ON a.id = r.account_id \
         WHERE r.account_id = $1 AND r.organisation_id = $2";
    const OPERATORS: &str =
        "SELECT COUNT(*) FROM operator_roles WHERE organisation_id = $1 AND role = 'operator'";
    const CLEAR_VENUES: &str =
        "DELETE FROM operator_role_venues WHERE account_id = $1 AND organisation_id = $2";
    const REMOVE: &str =
        "DELETE FROM operator_roles WHERE account_id = $1 AND organisation_id = $2";
    tx.lock_key("organisation-members", organisation_id).await?;
    let (role, email) = on_tx!(tx, tx => {
        let found: Option<(String, String, bool)> = sqlx::query_as(THEIRS).bind(account_id).bind(organisation_id)
            .fetch_optional(&mut **tx).await?;
        let Some((role, email, protected)) = found else {
            return Err(RemoveError::NotAMember);
        };
        if role == Role::Operator.as_str() {
            let operators: i64 = sqlx::query_scalar(OPERATORS).bind(organisation_id).fetch_one(&mut **tx).await?;
            if operators <= 1 {
                return Err(RemoveError::LastOperator);
            }
        }
        sqlx::query(CLEAR_VENUES).bind(account_id).bind(organisation_id).execute(&mut **tx).await?;
        sqlx::query(REMOVE).bind(account_id).bind(organisation_id).execute(&mut **tx).await?;
        let email = if protected { crate::privacy::protected::alias(account_id) } else { email };
        Ok::<_, RemoveError>((role, email))
    })?;
    let entry = super::audit::Entry {
        organisation_id,
        actor_id: Some(actor),
        action: "role.removed",
        venue_id: None,
        subject: Some(email),
        detail: serde_json::json!({ "role": role }),
        at: now,
    };
    super::audit::record_in(tx, &entry).await?;
    Ok(())
}

/// The people of organisation `organisation_id`, by e-mail.
pub async fn members(db: &Db, organisation_id: i64) -> sqlx::Result<Vec<shared::operator::Member>> {
    const SQL: &str =
        "SELECT r.account_id, a.email, a.name, r.role, r.created_at, a.protected FROM operator_roles r \
         JOIN accounts a ON a.id = r.account_id WHERE r.organisation_id = $1 ORDER BY a.email";
    const VENUES: &str = "SELECT account_id, venue_id FROM operator_role_venues \
         WHERE organisation_id = $1 ORDER BY venue_id";
    type Row = (Uuid, String, Option<String>, String, i64, bool);
    let (rows, venues): (Vec<Row>, Vec<(Uuid, i64)>) = on_db!(db, pool => {
        (sqlx::query_as(SQL).bind(organisation_id).fetch_all(pool).await?,
         sqlx::query_as(VENUES).bind(organisation_id).fetch_all(pool).await?)
    });
    Ok(rows
        .into_iter()
        .filter_map(|(account_id, email, name, role, since, protected)| {
            // A protected colleague: the alias, not who (as at the desk).
            let alias = protected.then(|| crate::privacy::protected::alias(account_id));
            Some(shared::operator::Member {
                account_id,
                email: if protected { String::new() } else { email },
                name: name.filter(|n| !n.trim().is_empty() && !protected),
                protected_alias: alias,
                role: Role::parse(&role)?,
                venue_ids: venues
                    .iter()
                    .filter(|(a, _)| *a == account_id)
                    .map(|(_, v)| *v)
                    .collect(),
                since: super::at(since),
            })
        })
        .collect())
}

/// Everyone with a role, per organisation: (organisation, email, role, venues).
pub async fn everyone(db: &Db) -> sqlx::Result<Vec<(String, String, Role, Vec<i64>)>> {
    const SQL: &str =
        "SELECT o.name, a.email, r.role, r.account_id, r.organisation_id FROM operator_roles r \
         JOIN organisations o ON o.id = r.organisation_id JOIN accounts a ON a.id = r.account_id \
         ORDER BY o.name, a.email";
    const VENUES: &str =
        "SELECT account_id, organisation_id, venue_id FROM operator_role_venues ORDER BY venue_id";
    type Row = (String, String, String, Uuid, i64);
    let (rows, venues): (Vec<Row>, Vec<(Uuid, i64, i64)>) = on_db!(db, pool => {
        (sqlx::query_as(SQL).fetch_all(pool).await?, sqlx::query_as(VENUES).fetch_all(pool).await?)
    });
    let mut by_role: BTreeMap<(Uuid, i64), Vec<i64>> = BTreeMap::new();
    for (account, org, venue) in venues {
        by_role.entry((account, org)).or_default().push(venue);
    }
    Ok(rows
        .into_iter()
        .filter_map(|(org, email, role, account, org_id)| {
            let venues = by_role.remove(&(account, org_id)).unwrap_or_default();
            Role::parse(&role).map(|role| (org, email, role, venues))
        })
        .collect())
}

/// Gives (or takes away) the permission to see who a protected person's
/// booking is of (`privacy::protected::reveal`).
pub async fn set_sees_protected(
    db: &Db,
    account_id: Uuid,
    organisation_id: i64,
    sees: bool,
) -> sqlx::Result<()> {
    const SQL: &str =
        "UPDATE operator_roles SET sees_protected = $3 WHERE account_id = $1 AND organisation_id = $2";
    crate::on_db!(db, pool => sqlx::query(SQL).bind(account_id).bind(organisation_id).bind(sees)
        .execute(pool).await.map(|_| ()))
}
