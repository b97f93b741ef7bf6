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
}
