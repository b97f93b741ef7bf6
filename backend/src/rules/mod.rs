//! Rules per venue, as data an operator can change: tariffs per customer
//! category and time band, minimum notice, how far ahead, a per-person
//! limit, the cancellation deadline and late-cancellation policy, the VAT
//! rate and the seller on receipts. A venue without rules books as before:
//! the court's price, 90 days ahead, free cancellation until the start.
//!
//! The quote (`GET /courts/{id}/quote`) and the hold (`POST /bookings`)
//! price a slot through the same [`Rules::quote`], for the category from
//! [`category_for_request`], so the price shown before paying is the price
//! charged.

pub mod change;
pub mod pricing;
pub mod store;

use axum::{extract::State, routing::get, Json, Router};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use shared::{
    rules::{vat_included, CancellationTerms, LateCancellation, Tariff, TimeBand, VenueRules},
    CustomerCategory, Money, Quote,
};

use crate::{
    availability::{self, BookableSlot},
    db::Db,
    error::{AppError, AppResult},
    extract::{ApiPath, ApiQuery},
    venues::store::CourtRow,
    AppState,
};
use store::{RulesRow, TariffRow};

/// How far ahead a slot can be booked at a venue without rules.
pub const DEFAULT_MAX_DAYS_AHEAD: i64 = 90;
/// Swedish VAT on the use of sports facilities: 6 %.
pub const DEFAULT_VAT_BASIS_POINTS: u32 = 600;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/courts/{court_id}/quote", get(quote))
        .route("/venues/{id}/rules", get(venue_rules))
}

/// The customer category a request books (and is quoted) as: the signed-in
/// person's, from their profile; a guest books as `Adult`. This is the one
/// place that decides it, for both the quote and the booking, so the price
/// shown before paying is the price charged.
pub fn category_for_request(live: Option<&crate::accounts::session::Live>) -> CustomerCategory {
    live.map(|l| l.account.category()).unwrap_or_default()
}

/// A venue's rules with their tariffs, or the defaults.
#[derive(Debug, Clone)]
pub struct Rules {
    pub venue_id: i64,
    pub min_notice_minutes: i64,
    pub max_days_ahead: i64,
    pub max_active_bookings: Option<i64>,
    pub cancel_deadline_hours: i64,
    pub late_cancellation: LateCancellation,
    pub vat_basis_points: u32,
    pub seller_name: String,
    pub seller_address: String,
    pub seller_org_number: String,
    pub tariffs: Vec<TariffRow>,
}

impl Rules {
    /// Today's behaviour, for a venue without a rules row.
    pub fn defaults(venue_id: i64) -> Rules {
        Rules {
            venue_id,
            min_notice_minutes: 0,
            max_days_ahead: DEFAULT_MAX_DAYS_AHEAD,
            max_active_bookings: None,
            cancel_deadline_hours: 0,
            // Unused while the deadline is the start (no cancelling after it).
            late_cancellation: LateCancellation::NoRefund,
            vat_basis_points: DEFAULT_VAT_BASIS_POINTS,
            seller_name: String::new(),
            seller_address: String::new(),
            seller_org_number: String::new(),
            tariffs: Vec::new(),
        }
    }

    pub(crate) fn from_row(row: RulesRow, tariffs: Vec<TariffRow>) -> Rules {
        let late_cancellation = match row.late_cancel_policy.as_str() {
            "fee_minor" => LateCancellation::Fee {
                amount_minor: row.late_cancel_fee_minor,
            },
            "fee_percent" => LateCancellation::FeePercent {
                percent: u32::try_from(row.late_cancel_fee_percent.clamp(0, 100)).unwrap_or(0),
            },
            _ => LateCancellation::NoRefund,
        };
        Rules {
            venue_id: row.venue_id,
            min_notice_minutes: row.min_notice_minutes.max(0),
            max_days_ahead: row.max_days_ahead.max(1),
            max_active_bookings: row.max_active_bookings,
            cancel_deadline_hours: row.cancel_deadline_hours.max(0),
            late_cancellation,
            vat_basis_points: u32::try_from(row.vat_basis_points.clamp(0, 10_000))
                .unwrap_or(DEFAULT_VAT_BASIS_POINTS),
            seller_name: row.seller_name,
            seller_address: row.seller_address,
            seller_org_number: row.seller_org_number,
            tariffs,
        }
    }

    pub async fn load(db: &Db, venue_id: i64) -> AppResult<Rules> {
        let tariffs = store::tariffs(db, venue_id).await?;
        Ok(match store::rules_row(db, venue_id).await? {
            Some(row) => Rules::from_row(row, tariffs),
            None => Rules {
                tariffs,
                ..Rules::defaults(venue_id)
            },
        })
    }

    /// A slot's price for a category, VAT included.
    pub fn price(
        &self,
        court: &CourtRow,
        tz: chrono_tz::Tz,
        starts_at: DateTime<Utc>,
        category: CustomerCategory,
    ) -> pricing::Priced {
        pricing::price(
            &self.tariffs,
            tz,
            court.id,
            court.price_minor,
            court.slot_minutes,
            starts_at,
            category,
        )
    }

    /// The rules checked when a slot is held (the per-person limit is
    /// checked in the hold's transaction, see `bookings::store`).
    pub fn check_hold(&self, starts_at: DateTime<Utc>, now: DateTime<Utc>) -> AppResult<()> {
        if starts_at < now + Duration::minutes(self.min_notice_minutes) {
            return Err(AppError::rule(
                "min-notice",
                "starts_at",
                format!(
                    "This venue takes bookings at least {} before the start; pick a later time.",
                    minutes_text(self.min_notice_minutes)
                ),
            ));
        }
        if starts_at > now + Duration::days(self.max_days_ahead) {
            return Err(AppError::rule(
                "too-far-ahead",
                "starts_at",
                format!(
                    "Slots can be booked at most {} days ahead.",
                    self.max_days_ahead
                ),
            ));
        }
        Ok(())
    }

    /// The problem when a person already has as many active bookings as allowed.
    pub fn limit_reached(limit: i64) -> AppError {
        AppError::rule(
            "booking-limit",
            "email",
            format!(
                "You already have {limit} active booking{} at this venue, the most it allows at once. \
                 Play or cancel one first.",
                if limit == 1 { "" } else { "s" }
            ),
        )
    }

    /// The cancellation terms of a booking starting at `starts_at` for
    /// `price_minor`, at a venue in `tz`.
    pub fn terms(&self, starts_at: DateTime<Utc>, price: &Money, tz: Tz) -> CancellationTerms {
        let fee = self.late_cancellation.fee_minor(price.amount_minor);
        let money = |amount_minor| Money {
            amount_minor,
            currency: price.currency.clone(),
        };
        let free_until = starts_at - Duration::hours(self.cancel_deadline_hours);
        CancellationTerms {
            free_until,
            free_until_local: Some(free_until.with_timezone(&tz).naive_local()),
            late_fee: money(fee),
            late_refund: money(price.amount_minor - fee),
        }
    }

    /// The quote for a slot: price, VAT, band and cancellation terms.
    pub fn quote(&self, bookable: &BookableSlot, category: CustomerCategory) -> Quote {
        self.quote_at(
            &bookable.court,
            bookable.tz,
            bookable.slot.starts_at,
            bookable.slot.ends_at,
            category,
        )
    }

    /// The quote for `court` from `starts_at` to `ends_at`: what
    /// [`Rules::quote`] gives for that slot, and what the operator's
    /// preview of draft rules shows.
    pub fn quote_at(
        &self,
        court: &CourtRow,
        tz: Tz,
        starts_at: DateTime<Utc>,
        ends_at: DateTime<Utc>,
        category: CustomerCategory,
    ) -> Quote {
        let priced = self.price(court, tz, starts_at, category);
        let money = |amount_minor| Money {
            amount_minor,
            currency: court.currency.clone(),
        };
        let price = money(priced.total_minor);
        Quote {
            court_id: court.id,
            starts_at,
            ends_at,
            category,
            band: priced.band,
            vat: money(vat_included(priced.total_minor, self.vat_basis_points)),
            vat_basis_points: self.vat_basis_points,
            cancellation: self.terms(starts_at, &price, tz),
            price,
        }
    }

    pub fn to_api(&self, currency: &str) -> VenueRules {
        let hm = |m: i64| format!("{:02}:{:02}", m / 60, m % 60);
        VenueRules {
            venue_id: self.venue_id,
            min_notice_minutes: u32::try_from(self.min_notice_minutes).unwrap_or(0),
            max_days_ahead: u32::try_from(self.max_days_ahead).unwrap_or(0),
            max_active_bookings: self.max_active_bookings.and_then(|n| u32::try_from(n).ok()),
            cancel_deadline_hours: u32::try_from(self.cancel_deadline_hours).unwrap_or(0),
            late_cancellation: self.late_cancellation.clone(),
            vat_basis_points: self.vat_basis_points,
            tariffs: self
                .tariffs
                .iter()
                .filter_map(|t| {
                    Some(Tariff {
                        court_id: t.court_id,
                        category: CustomerCategory::parse(&t.category)?,
                        weekdays: t.weekdays.bytes().map(|d| d.wrapping_sub(b'0')).collect(),
                        from: hm(t.starts_min),
                        to: hm(t.ends_min),
                        band: TimeBand::parse(&t.band)?,
                        price: Money {
                            amount_minor: t.price_minor,
                            currency: currency.to_string(),
                        },
                        per: t.per.clone(),
                    })
                })
                .collect(),
        }
    }
}

/// `90 minutes`, `2 hours`, `1 day`.
fn minutes_text(minutes: i64) -> String {
    let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    if minutes >= 1440 && minutes % 1440 == 0 {
        plural(minutes / 1440, "day")
    } else if minutes >= 60 && minutes % 60 == 0 {
        plural(minutes / 60, "hour")
    } else {
        plural(minutes, "minute")
    }
}

/// The key that serialises one person's holds on PostgreSQL (an advisory
/// lock), from the normalised e-mail.
pub fn person_lock_key(email_key: &str) -> i64 {
    let digest = Sha256::digest(format!("ledig-person:{email_key}").as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(bytes)
}

/// The person behind a booking, for the per-person limit: the e-mail
/// lowercased and trimmed (accounts keep the same identity).
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct QuoteQuery {
    /// Start of the slot (UTC, RFC 3339), as the slots endpoint gives it.
    pub starts_at: DateTime<Utc>,
}

/// The price of a slot for the caller, with its VAT, peak or off-peak, and
/// the cancellation terms: what booking it will charge.
#[utoipa::path(get, path = "/api/v1/courts/{court_id}/quote", tag = "bookings",
    params(("court_id" = i64, Path, description = "Court id"), QuoteQuery),
    responses(
        (status = 200, description = "The price booking this slot now charges", body = Quote),
        (status = 400, description = "Missing or malformed starts_at", body = shared::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such court", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a slot start, already started, or against the venue's rules (min-notice, too-far-ahead)", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn quote(
    State(state): State<AppState>,
    crate::accounts::MaybeSignedIn(live): crate::accounts::MaybeSignedIn,
    ApiPath(court_id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<QuoteQuery>,
) -> AppResult<Json<Quote>> {
    if crate::venues::store::court(&state.db, court_id)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound("court"));
    }
    let bookable = availability::bookable_slot(&state, court_id, query.starts_at).await?;
    let now = Utc::now();
    if bookable.slot.starts_at <= now {
        return Err(AppError::invalid(
            "starts_at",
            "That slot has already started; pick a later one.",
        ));
    }
    bookable.rules.check_hold(bookable.slot.starts_at, now)?;
    let category = category_for_request(live.as_deref());
    Ok(Json(bookable.rules.quote(&bookable, category)))
}

/// A venue's booking, cancellation and pricing rules (read-only).
#[utoipa::path(get, path = "/api/v1/venues/{id}/rules", tag = "venues",
    params(("id" = i64, Path, description = "Venue id")),
    responses(
        (status = 200, description = "The venue's rules and tariffs", body = VenueRules),
        (status = 404, description = "No such venue", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn venue_rules(
    State(state): State<AppState>,
    ApiPath(venue_id): ApiPath<i64>,
) -> AppResult<Json<VenueRules>> {
    let Some(venue) = crate::venues::store::venue(&state.db, venue_id).await? else {
        return Err(AppError::NotFound("venue"));
    };
    let currency = crate::venues::store::courts_of(&state.db, venue.id)
        .await?
        .first()
        .map(|c| c.currency.clone())
        .unwrap_or_else(|| "SEK".to_string());
    Ok(Json(
        Rules::load(&state.db, venue_id).await?.to_api(&currency),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_and_keys() {
        assert_eq!(minutes_text(90), "90 minutes");
        assert_eq!(minutes_text(120), "2 hours");
        assert_eq!(minutes_text(1440), "1 day");
        assert_eq!(email_key("  Ada@Example.SE "), "ada@example.se");
        assert_eq!(
            person_lock_key("ada@example.se"),
            person_lock_key("ada@example.se")
        );
        assert_ne!(
            person_lock_key("ada@example.se"),
            person_lock_key("bob@example.se")
        );
    }

    #[test]
    fn terms_follow_the_deadline_and_policy() {
        let mut rules = Rules::defaults(1);
        let start = Utc::now() + Duration::days(3);
        let price = Money::sek(15000);
        let tz = chrono_tz::Europe::Stockholm;
        let terms = rules.terms(start, &price, tz);
        assert_eq!(terms.free_until, start, "free until the start by default");
        rules.cancel_deadline_hours = 24;
        rules.late_cancellation = LateCancellation::FeePercent { percent: 50 };
        let terms = rules.terms(start, &price, tz);
        assert_eq!(terms.free_until, start - Duration::hours(24));
        assert_eq!(terms.late_fee, Money::sek(7500));
        assert_eq!(terms.late_refund, Money::sek(7500));
    }

    #[test]
    fn hold_checks_name_the_rule() {
        let mut rules = Rules::defaults(1);
        let now = Utc::now();
        assert!(rules.check_hold(now + Duration::minutes(5), now).is_ok());
        assert!(matches!(
            rules.check_hold(now + Duration::days(91), now),
            Err(AppError::Rule {
                kind: "too-far-ahead",
                ..
            })
        ));
        rules.min_notice_minutes = 120;
        assert!(matches!(
            rules.check_hold(now + Duration::minutes(119), now),
            Err(AppError::Rule {
                kind: "min-notice",
                ..
            })
        ));
        assert!(rules.check_hold(now + Duration::minutes(121), now).is_ok());
    }
}
