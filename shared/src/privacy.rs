//! What Ledig holds about a person (GDPR Art. 15 and 20): the export a
//! signed-in person downloads, as JSON and, in the app, as a readable page.
//!
//! The rows are the database's own, one section per table of the register of
//! personal data (backend/src/privacy/register.rs), so nothing held is left
//! out by a type that forgot a field. Secrets (hashes of tokens and codes,
//! passkeys' and push subscriptions' keys) are left out: they say nothing
//! about the person and would only be a risk in a downloaded file.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Everything Ledig holds about one account (and the guest bookings made
/// with its proved e-mail address).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataExport {
    pub generated_at: DateTime<Utc>,
    /// Who is responsible for the data: the municipality (or club) that
    /// runs this Ledig.
    pub controller: String,
    pub account_id: Uuid,
    pub email: String,
    /// The language of the sections' titles and texts: the account's.
    pub language: crate::account::Language,
    /// One per kind of record, in the register's order, empty ones too: a
    /// reader sees what is not held as well as what is.
    pub sections: Vec<DataSection>,
}

/// The rows of one table about the person. Times are RFC 3339 (UTC), ids
/// are UUIDs or numbers, everything else as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataSection {
    /// The table's name (`bookings`, `sessions`, …).
    pub key: String,
    /// What the section is, in the person's language ("Bokningar").
    pub title: String,
    /// How long it is kept and why, and what deleting the account does to
    /// it, in the person's language: what the law makes the municipality
    /// keep (bookings, payments, refunds: seven years, the Bookkeeping Act)
    /// is said here.
    pub kept: String,
    pub on_erasure: OnErasure,
    /// The rows' fields in the order the register reads them (a JSON
    /// object keeps none); empty when there are no rows.
    #[serde(default)]
    pub columns: Vec<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub rows: Vec<serde_json::Map<String, serde_json::Value>>,
}

/// What deleting the account does to a section's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OnErasure {
    /// The rows go.
    Deleted,
    /// The rows stay, without what names the person, because the law or
    /// the venue's records need them.
    Pseudonymised,
}

/// Erasing one's account (GDPR Art. 17): the person types their address to
/// say they mean it, as it cannot be undone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EraseAccount {
    pub confirm_email: String,
}

/// What erasing did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountErased {
    /// Upcoming bookings cancelled (their slots freed, their watchers told).
    pub cancelled: u32,
    /// What they refund, altogether (minor units), in `currency`.
    pub refund_minor: i64,
    pub currency: String,
    /// Bookings kept as accounting records, without name, e-mail or phone.
    pub kept_as_records: u32,
}

/// Marking one's own account as protected, or no longer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetProtected {
    pub protected: bool,
}

/// An operator marks a resident's account as protected on request (or
/// lifts it), by the account's address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProtectAccount {
    pub email: String,
    pub protected: bool,
}

/// Who a protected booking is of: for a role that may see it, each look
/// written to the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevealedIdentity {
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
}
