//! The contract between the Ledig frontend and backend.
//!
//! Everything here compiles to `wasm32-unknown-unknown` and has no server-only
//! dependencies; the `openapi` feature (server side only) adds schema derives
//! so the backend can publish the OpenAPI document generated from these types.

pub mod access;
pub mod account;
pub mod booking;
pub mod config;
pub mod money;
pub mod operator;
pub mod privacy;
pub mod problem;
pub mod rules;
pub mod search;
pub mod validate;
pub mod venue;
pub mod watch;

pub use booking::{Booking, BookingStatus, CreateBooking, OWNER_KEY_HEADER};
pub use config::{ClientConfig, RetentionPeriods};
pub use money::Money;
pub use problem::Problem;
pub use rules::{CustomerCategory, Quote, Receipt};
pub use search::{FreeTime, SearchSort, VenueHit, VenuePage};
pub use venue::{
    Court, CourtSlots, DaySlots, OpeningHours, Slot, SlotStatus, VenueDetail, VenuePhoto,
    VenueSummary,
};
pub use watch::{NewWatch, Offer, OfferStatus, UpdateWatch, Watch, WatchScope};

/// Prefix of every JSON API route.
pub const API_PREFIX: &str = "/api/v1";
