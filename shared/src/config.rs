//! What the server tells the app at start-up.

use serde::{Deserialize, Serialize};

/// Runtime settings the frontend needs (`GET /api/v1/config`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClientConfig {
    /// Leaflet tile URL template, e.g. `https://tile.openstreetmap.org/{z}/{x}/{y}.png`.
    pub tile_url: String,
    /// Attribution shown on the map (HTML allowed, as Leaflet expects).
    pub tile_attribution: String,
    /// Where the map starts when the player's position is unknown.
    pub default_lat: f64,
    pub default_lon: f64,
    pub default_zoom: u8,
    /// Who runs this Ledig: the municipality or club that is the controller
    /// of its personal data and answers for its accessibility.
    pub operator_name: String,
    /// Where a person writes about their data or an accessibility problem;
    /// `None` when the operator has not set one.
    pub contact_email: Option<String>,
    /// Card payments go through Stripe (then a recipient of personal data).
    pub card_payments: bool,
    /// How long personal data is kept, from the server's retention settings.
    pub retention: RetentionPeriods,
    /// Deleting one's account refunds upcoming bookings in full, not by
    /// the venues' cancellation rules (`LEDIG_ERASE_REFUNDS_IN_FULL`).
    #[serde(default)]
    pub erase_refunds_in_full: bool,
}

/// The retention settings a privacy notice names (`LEDIG_RETAIN_*`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RetentionPeriods {
    pub sessions_days: u32,
    pub sign_in_codes_hours: u32,
    pub unpaid_holds_days: u32,
    pub access_entries_days: u32,
    pub push_messages_days: u32,
}
