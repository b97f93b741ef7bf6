//! OpenActive items: one `FacilityUse` per court and one `Slot` per bookable
//! slot in the next 14 days (Modelling Opportunity Data 2.0).
//!
//! Item data is built with site-relative URLs (`/api/v1/...`); the feed
//! handler makes them absolute for the host that was asked, so stored items
//! do not depend on how the server is reached.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use serde_json::{json, Map, Value};

use super::{
    hours::{day_name_url, grouped_weekly, hm},
    store::{Register, RegisterVenue},
};
use crate::{
    availability::{free, grid, hours::Schedule},
    bookings,
    db::Db,
    venues::store::{self as venues, CourtRow, HoursRow},
};

/// How far ahead the slot feed reaches.
pub const SLOT_HORIZON_DAYS: i64 = 14;

const CONTEXT: &str = "https://openactive.io/";
const FACILITY_TYPES: &str = "https://openactive.io/facility-types";

/// The OpenActive facility-types concept for a sport, if the list has one.
fn facility_type(sport: &str) -> Option<Value> {
    let (id, label) = match sport {
        "tennis" => ("becfafc0-c63f-444c-aed5-a3665f2d172d", "Tennis Court"),
        "padel" => ("7a13f426-d2bc-4464-8a9b-18b30569b263", "Padel Tennis Court"),
        _ => return None,
    };
    Some(json!({
        "@type": "Concept",
        "@id": format!("{FACILITY_TYPES}#{id}"),
        "prefLabel": label,
        "inScheme": FACILITY_TYPES,
    }))
}

pub fn facility_use_path(court_id: i64) -> String {
    format!("/api/v1/open-data/facility-uses/{court_id}")
}

pub fn slot_path(id: &str) -> String {
    format!("/api/v1/open-data/slots/{id}")
}

/// The RPDE id of a court's slot: court and start (Unix seconds).
pub fn slot_id(court_id: i64, starts_at: DateTime<Utc>) -> String {
    format!("{court_id}-{}", starts_at.timestamp())
}

/// A price in minor units as a JSON number of major units (140, 142.5).
fn major_units(minor: i64) -> Value {
    if minor % 100 == 0 {
        json!(minor / 100)
    } else {
        json!(minor as f64 / 100.0)
    }
}

/// ISO 8601 duration: PT1H, PT45M, PT1H30M.
pub fn iso_duration(minutes: i64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("PT{m}M"),
        (h, 0) => format!("PT{h}H"),
        (h, m) => format!("PT{h}H{m}M"),
    }
}

/// "Björkdungsvägen 4, 903 34 Umeå" → ("Björkdungsvägen 4", "903 34", "Umeå").
fn split_address(address: &str) -> Option<(&str, &str, &str)> {
    let (street, rest) = address.rsplit_once(", ")?;
    let rest = rest.trim();
    let digits: String = rest
        .chars()
        .take(6)
        .filter(|c| !c.is_whitespace())
        .collect();
    if digits.len() != 5 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let code_len = if rest.as_bytes().get(3) == Some(&b' ') {
        6
    } else {
        5
    };
    let (code, locality) = rest.split_at(code_len);
    let locality = locality.trim();
    (!street.trim().is_empty() && !locality.is_empty()).then_some((street.trim(), code, locality))
}

/// A schema.org PostalAddress when every part the model requires is known,
/// else the address as text (which the model also allows).
fn address(venue: &RegisterVenue) -> Value {
    match split_address(&venue.address) {
        Some((street, code, locality)) if !venue.region.trim().is_empty() => json!({
            "@type": "PostalAddress",
            "streetAddress": street,
            "addressLocality": locality,
            "addressRegion": venue.region,
            "postalCode": code,
            "addressCountry": "SE",
        }),
        _ => json!(venue.address),
    }
}

fn opening_hours_specification(hours: &[HoursRow]) -> Vec<Value> {
    grouped_weekly(hours)
        .into_iter()
        .map(|(days, opens, closes)| {
            json!({
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": days.iter().map(|d| day_name_url(*d)).collect::<Vec<_>>(),
                "opens": hm(opens),
                "closes": hm(closes),
            })
        })
        .collect()
}

fn place(venue: &RegisterVenue, hours: &[HoursRow]) -> Value {
    let mut place = json!({
        "@type": "Place",
        "@id": format!("/api/v1/venues/{}", venue.id),
        "identifier": venue.id.to_string(),
        "name": venue.name,
        "url": format!("/venues/{}", venue.id),
        "address": address(venue),
        "geo": {
            "@type": "GeoCoordinates",
            "latitude": venue.lat,
            "longitude": venue.lon,
        },
    });
    if !venue.description.trim().is_empty() {
        place["description"] = json!(venue.description);
    }
    let spec = opening_hours_specification(hours);
    if !spec.is_empty() {
        place["openingHoursSpecification"] = json!(spec);
    }
    place
}

fn provider(venue: &RegisterVenue) -> Value {
    let name = if venue.operator.trim().is_empty() {
        "Ledig"
    } else {
        venue.operator.trim()
    };
    json!({ "@type": "Organization", "name": name })
}

fn offer(court: &CourtRow, id: String) -> Value {
    offer_at(court, court.price_minor, id)
}

/// An offer at a given price (a slot's: its venue's adult tariff).
fn offer_at(court: &CourtRow, price_minor: i64, id: String) -> Value {
    json!({
        "@type": "Offer",
        "@id": id,
        "name": format!("{} minutes", court.slot_minutes),
        "price": major_units(price_minor),
        "priceCurrency": court.currency,
    })
}

fn court_description(court: &CourtRow) -> String {
    format!(
        "{} court, {} surface, {}; booked in {}-minute slots.",
        capitalised(&court.sport),
        court.surface.replace('_', " "),
        if court.indoor { "indoors" } else { "outdoors" },
        court.slot_minutes
    )
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The FacilityUse of one court.
pub fn facility_use(venue: &RegisterVenue, court: &CourtRow, hours: &[HoursRow]) -> Value {
    let id = facility_use_path(court.id);
    let mut data = Map::new();
    data.insert("@context".into(), json!(CONTEXT));
    data.insert("@type".into(), json!("FacilityUse"));
    data.insert("@id".into(), json!(id));
    data.insert("identifier".into(), json!(court.id.to_string()));
    data.insert(
        "name".into(),
        json!(format!("{}, {}", court.name, venue.name)),
    );
    data.insert("description".into(), json!(court_description(court)));
    data.insert("url".into(), json!(format!("/venues/{}", venue.id)));
    if let Some(concept) = facility_type(&court.sport) {
        data.insert("facilityType".into(), json!([concept]));
    }
    data.insert("provider".into(), provider(venue));
    data.insert("location".into(), place(venue, hours));
    if !venue.accessibility.trim().is_empty() {
        data.insert(
            "accessibilityInformation".into(),
            json!(venue.accessibility.trim()),
        );
    }
    data.insert(
        "offers".into(),
        json!([offer(court, format!("{id}#offer"))]),
    );
    let spec = opening_hours_specification(hours);
    if !spec.is_empty() {
        data.insert("hoursAvailable".into(), json!(spec));
    }
    Value::Object(data)
}

fn hours_rows(register: &Register, venue_id: i64) -> Vec<HoursRow> {
    register
        .hours_of(venue_id)
        .into_iter()
        .map(|h| HoursRow {
            weekday: h.weekday,
            opens_min: h.opens_min,
            closes_min: h.closes_min,
        })
        .collect()
}

/// Every court's FacilityUse, keyed by RPDE id.
pub fn facility_use_items(register: &Register) -> Vec<(String, Value)> {
    let mut items = Vec::new();
    for venue in &register.venues {
        let hours = hours_rows(register, venue.id);
        for court in register.courts_of(venue.id) {
            items.push((court.id.to_string(), facility_use(venue, court, &hours)));
        }
    }
    items
}

fn slot(
    court: &CourtRow,
    tz: Tz,
    s: &grid::GridSlot,
    taken: bool,
    price_minor: i64,
) -> (String, Value) {
    let id = slot_id(court.id, s.starts_at);
    let path = slot_path(&id);
    let minutes = (s.ends_at - s.starts_at).num_minutes();
    let data = json!({
        "@context": CONTEXT,
        "@type": "Slot",
        "@id": path,
        "identifier": id,
        "facilityUse": facility_use_path(court.id),
        "startDate": s.starts_at.with_timezone(&tz).to_rfc3339(),
        "endDate": s.ends_at.with_timezone(&tz).to_rfc3339(),
        "duration": iso_duration(minutes),
        "remainingUses": if taken { 0 } else { 1 },
        "maximumUses": 1,
        "offers": [offer_at(court, price_minor, format!("{path}#offer"))],
    });
    (id, data)
}

/// Every slot that starts within the next [`SLOT_HORIZON_DAYS`] days, with
/// `remainingUses` 0 where an active booking (or live hold) overlaps it.
pub async fn slot_items(
    db: &Db,
    register: &Register,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<(String, Value)>> {
    let horizon = now + Duration::days(SLOT_HORIZON_DAYS);
    let mut items = Vec::new();
    for venue in &register.venues {
        let Ok(tz) = venue.timezone.parse::<Tz>() else {
            tracing::warn!(
                venue = venue.id,
                "open data: unknown time zone, venue skipped"
            );
            continue;
        };
        let courts: Vec<&CourtRow> = register.courts_of(venue.id).collect();
        if courts.is_empty() {
            continue;
        }
        let today = grid::local_date(tz, now);
        let schedule = Schedule {
            tz,
            weekly: venues::weekly(&hours_rows(register, venue.id)),
            exceptions: venues::exceptions(db, venue.id, today - Duration::days(1)).await?,
        };
        let taken = bookings::store::active_intervals_at_venue(
            db,
            venue.id,
            now,
            horizon + Duration::days(1),
            now,
        )
        .await?;
        // Slots carry the price a guest pays (the venue's adult tariff).
        let rules = crate::rules::Rules::load(db, venue.id).await?;
        for court in courts {
            for offset in 0..=SLOT_HORIZON_DAYS {
                let date = today + Duration::days(offset);
                for s in schedule.day_slots(date, court.slot_rule()) {
                    if s.starts_at <= now || s.starts_at >= horizon {
                        continue;
                    }
                    let is_taken = free::is_taken(&s, court.id, &taken);
                    let price = rules
                        .price(court, tz, s.starts_at, shared::CustomerCategory::Adult)
                        .total_minor;
                    items.push(slot(court, tz, &s, is_taken, price));
                }
            }
        }
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_split_into_parts() {
        assert_eq!(
            split_address("Björkdungsvägen 4, 903 34 Umeå"),
            Some(("Björkdungsvägen 4", "903 34", "Umeå"))
        );
        assert_eq!(
            split_address("Storgatan 1, 41118 Göteborg"),
            Some(("Storgatan 1", "41118", "Göteborg"))
        );
        assert_eq!(split_address("Testvägen 1"), None);
        assert_eq!(split_address("Testvägen 1, Umeå"), None);
    }

    #[test]
    fn durations_and_prices() {
        assert_eq!(iso_duration(60), "PT1H");
        assert_eq!(iso_duration(45), "PT45M");
        assert_eq!(iso_duration(90), "PT1H30M");
        assert_eq!(major_units(14000), json!(140));
        assert_eq!(major_units(14050), json!(140.5));
    }
}
