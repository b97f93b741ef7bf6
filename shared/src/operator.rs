//! The operator side: who runs which venues, and the lock controllers they
//! look after.
//!
//! An organisation (a municipality or a club) owns venues. People in it are
//! operators (everything of the organisation), venue staff (the venues they
//! are given) or viewers (statistics only).

use serde::{Deserialize, Serialize};

/// What a person may do in an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything of the organisation: venues, rules, staff, controllers.
    Operator,
    /// Bookings, closures and blocks at the venues they are given.
    Staff,
    /// Statistics only.
    Viewer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::Staff => "staff",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "operator" => Some(Role::Operator),
            "staff" => Some(Role::Staff),
            "viewer" => Some(Role::Viewer),
            _ => None,
        }
    }
}

/// One of the signed-in person's roles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Membership {
    pub organisation_id: i64,
    pub organisation: String,
    pub role: Role,
    /// The venues this role covers (for operators and viewers: all of the
    /// organisation's).
    pub venue_ids: Vec<i64>,
}

/// A door lock controller of the organisation's courts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LockController {
    /// `ctl_…`
    pub id: String,
    pub name: String,
    pub court_ids: Vec<i64>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// When it was revoked; its secret works no more.
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
}
