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

/// A person with a role in an organisation, as its operators see them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub account_id: uuid::Uuid,
    pub email: String,
    /// Their name, when they have given one.
    pub name: Option<String>,
    /// A protected person's alias: then `email` is empty and `name` none.
    #[serde(default)]
    pub protected_alias: Option<String>,
    pub role: Role,
    /// A staff member's venues; empty for operators and viewers (they have
    /// all of the organisation's).
    pub venue_ids: Vec<i64>,
    /// When they were given the role.
    pub since: chrono::DateTime<chrono::Utc>,
}

/// Gives a person (by e-mail; an account is made if they have none) a role
/// in the organisation, or changes the one they have. They are told by
/// mail and sign in with a code to that address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewMember {
    pub email: String,
    pub role: Role,
    /// Staff only, at least one: the venues they work at.
    #[serde(default)]
    pub venue_ids: Vec<i64>,
}

/// Open from `opens` to `closes`, `HH:MM` on the venue's clock. A close
/// at or before the open is the next day (`18:00`–`01:00`); `24:00` is
/// midnight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hours {
    pub opens: String,
    pub closes: String,
}

/// Special hours, or a closed day, over a range of local dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HoursException {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-12-24"))]
    pub from_date: chrono::NaiveDate,
    /// Inclusive.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-12-26"))]
    pub to_date: chrono::NaiveDate,
    /// Absent: closed all day.
    #[serde(default)]
    pub hours: Option<Hours>,
    /// Why, for the operator's own memory (`Jul`); at most 200 characters.
    #[serde(default)]
    pub reason: String,
}

/// A venue's opening hours as an operator edits them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueHours {
    /// Seven days, Monday first; `null`: closed that weekday.
    pub weekly: Vec<Option<Hours>>,
    /// Exceptions not yet over, soonest first; two may not share a date.
    pub exceptions: Vec<HoursException>,
}

/// Draft opening hours and a date: the slots each court would have then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HoursPreview {
    pub hours: VenueHours,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-12-08"))]
    pub date: chrono::NaiveDate,
}

/// A draft venue and its courts and a date: the slots each court would
/// have then under the venue's opening hours.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenuePreview {
    pub setup: VenueSetup,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-12-08"))]
    pub date: chrono::NaiveDate,
}

/// One court's slots on the previewed date, `HH:MM` starts on the venue's clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourtDay {
    pub court_id: i64,
    pub court_name: String,
    pub starts: Vec<String>,
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

/// What a closure does. A `closure` (snow, maintenance) cancels and
/// refunds the bookings under it, and its slots read closed; a `block`
/// reserves time for club training or an event without a payment: it is
/// refused where bookings lie, and its slots read taken.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClosureKind {
    #[default]
    Closure,
    Block,
}

impl ClosureKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ClosureKind::Closure => "closure",
            ClosureKind::Block => "block",
        }
    }

    pub fn parse(s: &str) -> Option<ClosureKind> {
        [ClosureKind::Closure, ClosureKind::Block]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// Why a venue closed a court.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClosureReason {
    Snow,
    Rain,
    Maintenance,
    Event,
    Other,
}

impl ClosureReason {
    pub const ALL: [ClosureReason; 5] = [
        ClosureReason::Snow,
        ClosureReason::Rain,
        ClosureReason::Maintenance,
        ClosureReason::Event,
        ClosureReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClosureReason::Snow => "snow",
            ClosureReason::Rain => "rain",
            ClosureReason::Maintenance => "maintenance",
            ClosureReason::Event => "event",
            ClosureReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<ClosureReason> {
        ClosureReason::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// A closure to make: one court, or the whole venue when `court_id` is
/// absent, from `starts_at` to `ends_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewClosure {
    /// A closure (the default) or a block.
    #[serde(default)]
    pub kind: ClosureKind,
    pub court_id: Option<i64>,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub ends_at: chrono::DateTime<chrono::Utc>,
    pub reason: ClosureReason,
    /// Shown to the players whose bookings it cancels (at most 500 characters).
    #[serde(default)]
    pub note: Option<String>,
}

/// A court or venue closed for a time range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Closure {
    pub id: uuid::Uuid,
    pub kind: ClosureKind,
    pub venue_id: i64,
    /// Absent: every court of the venue.
    pub court_id: Option<i64>,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub ends_at: chrono::DateTime<chrono::Utc>,
    pub reason: ClosureReason,
    pub note: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// When it was lifted; its remaining slots are bookable again.
    pub reopened_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The bookings it cancelled (each refunded in full and its player told).
    pub cancelled_bookings: u32,
}

/// One line of an organisation's audit log: who changed what, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    pub organisation_id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    /// The e-mail of the person who did it; absent for the server's
    /// command line (`ledig operator add`).
    pub actor: Option<String>,
    /// `closure.created`, `block.created`, `closure.reopened`,
    /// `role.granted`, `role.removed`, `controller.revoked`, `rules.changed`,
    /// `hours.changed`.
    pub action: String,
    pub venue_id: Option<i64>,
    /// What it was done to: a closure's id, an e-mail address, a controller.
    pub subject: Option<String>,
    /// What was changed.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub detail: serde_json::Value,
}

/// A venue and its courts as an operator sets them up: the register a
/// player browses and the open data publish. `GET` answers it with an
/// `ETag`; `PUT` needs that back in `If-Match`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueSetup {
    /// At most 100 characters.
    pub name: String,
    /// Street and number, e.g. `Sportvägen 1`.
    pub address: String,
    pub city: String,
    /// WGS84 latitude, in Sweden (55.0–69.1).
    pub lat: f64,
    /// WGS84 longitude, in Sweden (10.9–24.2).
    pub lon: f64,
    /// Shown on the venue page; at most 2000 characters.
    #[serde(default)]
    pub description: String,
    /// Where players reach the venue; empty for none.
    #[serde(default)]
    pub contact_email: String,
    /// Empty for none.
    #[serde(default)]
    pub contact_phone: String,
    /// Every court of the venue: existing ones with their `id`, new ones
    /// without. A court cannot be removed here (close it instead).
    pub courts: Vec<CourtSetup>,
}

/// One court as an operator sets it up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourtSetup {
    /// Absent for a court to add.
    #[serde(default)]
    pub id: Option<i64>,
    /// Unique within the venue, e.g. `Bana 1`.
    pub name: String,
    /// One of [`SPORTS`].
    pub sport: String,
    /// One of [`SURFACES`].
    pub surface: String,
    pub indoor: bool,
    #[serde(default)]
    pub lights: bool,
    /// 15 to 240 minutes.
    pub slot_minutes: u32,
    /// Slots start this many minutes past the hour grid (less than the length).
    #[serde(default)]
    pub slot_offset_minutes: u32,
    /// The price of one slot in öre, VAT included, before the venue's
    /// tariffs (which override it where they apply).
    pub price_minor: i64,
}

/// The sports a court can be set up for.
pub const SPORTS: [&str; 4] = ["tennis", "padel", "badminton", "pickleball"];
/// The surfaces a court can have.
pub const SURFACES: [&str; 5] = ["hard", "clay", "grass", "artificial_grass", "carpet"];

/// A new venue of an organisation made: where to find it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueCreated {
    pub id: i64,
    #[serde(flatten)]
    pub setup: VenueSetup,
}

/// A booking as the venue's desk sees it: who booked, for when, and what
/// cancelling it now would keep. Staff see names here (players never do).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeskBooking {
    pub id: uuid::Uuid,
    pub court_id: i64,
    pub court_name: String,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub ends_at: chrono::DateTime<chrono::Utc>,
    /// `HH:MM` on the venue's clock.
    pub local_start: String,
    pub local_end: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-12-08"))]
    pub local_date: chrono::NaiveDate,
    pub status: crate::BookingStatus,
    pub name: String,
    /// Empty when a caller gave only a phone number.
    pub email: String,
    /// The caller's phone, when the desk booked it for one.
    pub phone: Option<String>,
    /// The booking is of a person with protected personal data: `name`,
    /// `email` and `phone` are empty and this alias stands for them.
    #[serde(default)]
    pub protected_alias: Option<String>,
    /// To be paid at the venue (booked at the desk).
    pub pay_at_venue: bool,
    /// The 6-digit door code, once paid.
    pub door_code: Option<String>,
    pub price: crate::Money,
    /// Paid through Ledig (confirmed), or paid before it was cancelled;
    /// false for a booking paid at the venue.
    pub paid: bool,
    /// What cancelling it now keeps under the venue's rules (zero before
    /// the free-cancellation deadline); absent when it cannot be cancelled
    /// (started, cancelled, lapsed).
    pub fee_if_cancelled: Option<crate::Money>,
    /// Once cancelled: what was refunded.
    pub refunded: Option<crate::Money>,
}

/// Cancelling a booking at the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffCancel {
    /// Refund everything, whatever the rules' late fee (the venue's choice:
    /// a caller who is ill, a mistake at the desk).
    #[serde(default)]
    pub waive_fee: bool,
}

/// How a caller booked at the desk pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeskPayment {
    /// At the venue (cash, card at the desk, an invoice): the booking is
    /// confirmed at once with its door code.
    AtVenue,
    /// By a link mailed to the caller: the time is held until they pay (at
    /// most a day, never past its start); unpaid, it lapses.
    Link,
}

/// A booking the desk makes for a caller: a name, and an e-mail or a phone
/// number (the e-mail is needed for a payment link).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffBooking {
    pub court_id: i64,
    /// The start of one of that court's slots.
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    pub payment: DeskPayment,
    /// The tariff's customer category (adult when left out).
    #[serde(default)]
    pub category: crate::rules::CustomerCategory,
}

/// Moving a paid booking at the desk to another court or time of its venue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffMove {
    /// A court of the same venue (the booking's own for another time).
    pub court_id: i64,
    /// The start of one of that court's slots.
    pub starts_at: chrono::DateTime<chrono::Utc>,
}

/// What a venue's courts did over a period (or one slice of it: a court,
/// a weekday, an hour of the day). Hours are decimal (1.5 = 90 minutes).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    /// Bookable hours under the opening hours (each court's slots).
    pub open_hours: f64,
    /// Hours of paid bookings (no-shows included: they were booked).
    pub booked_hours: f64,
    /// Hours of paid bookings someone entered (a door entry).
    pub used_hours: f64,
    /// Paid bookings.
    pub bookings: i64,
    /// Paid bookings nobody entered.
    pub no_shows: i64,
    /// Paid bookings cancelled (by the player, the desk or a closure).
    pub cancellations: i64,
    /// Booked of open hours, in percent (0 when nothing was open).
    pub utilisation_percent: f64,
    /// What was paid, less what was refunded, in öre.
    pub revenue_minor: i64,
    /// What was refunded, in öre.
    pub refunds_minor: i64,
}

/// One slice of a period's figures: its key (`3` for court 3, `1` for
/// Monday, `18` for 18:00–19:00, `adult`) and what it is called.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Slice {
    pub key: String,
    pub label: String,
    #[serde(flatten)]
    pub figures: Figures,
}

/// A venue's statistics over `from`–`to` (local dates, both included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueStatistics {
    pub venue_id: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-01"))]
    pub from: chrono::NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-30"))]
    pub to: chrono::NaiveDate,
    pub totals: Figures,
    pub by_court: Vec<Slice>,
    /// Monday (`1`) to Sunday (`7`).
    pub by_weekday: Vec<Slice>,
    /// By the hour a slot or booking starts, `0`–`23`, only hours with any.
    pub by_hour: Vec<Slice>,
    /// By the customer category booked at (`adult`, `youth`, …); no open hours.
    pub by_category: Vec<Slice>,
}

/// Who among a venue's people outside Ledig is told what (issue 15, item
/// 7), and when the venue is staffed. One document per venue.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VenueNotices {
    /// The venue is staffed every day from (`HH:MM`, its clock); with
    /// `staffed_until`, or both left out: then no booking is outside.
    #[serde(default)]
    pub staffed_from: Option<String>,
    #[serde(default)]
    pub staffed_until: Option<String>,
    #[serde(default)]
    pub subscribers: Vec<Subscriber>,
}

/// Someone told by e-mail of what happens at a venue: a caretaker, a
/// security company. Not an account; no names of bookers reach them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Subscriber {
    /// Who it is ("Vaktmästare Anna", "Securitas").
    pub name: String,
    pub email: String,
    /// The language of their mail.
    #[serde(default)]
    pub language: crate::account::Language,
    /// A mail for each closure and block of the venue or one of its courts.
    #[serde(default)]
    pub closures: bool,
    /// A mail for each booking confirmed that starts or ends outside the
    /// staffed hours.
    #[serde(default)]
    pub after_hours: bool,
    /// A morning mail (from 06:00 on the venue's clock) with the day's
    /// bookings and closures, by court and time.
    #[serde(default)]
    pub daily_summary: bool,
}

/// A photo to add to a venue: the image (JPEG, PNG or WebP, at most 5 MB,
/// base64) and its alternative text. The server keeps the picture and drops
/// what the file says beside it (EXIF with its camera and place, XMP,
/// comments and text chunks).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewVenuePhoto {
    /// What the photo shows, for those who cannot see it (1–200 characters).
    pub alt: String,
    /// `image/jpeg`, `image/png` or `image/webp`.
    pub content_type: String,
    /// The file, base64 (standard alphabet, with padding).
    pub data: String,
}
