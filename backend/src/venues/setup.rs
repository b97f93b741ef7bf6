//! A venue and its courts as an operator sets them up ([`VenueSetup`]):
//! checked field by field, each mistake a 422 naming the field (`lat`,
//! `courts[1].slot_minutes`) with a sentence a person can act on, into the
//! values `store::create_venue_in` and `store::replace_setup_in` write.
//! Nothing is written until all of it passes.

use shared::{
    account::Phone,
    operator::{CourtSetup, VenueSetup, SPORTS, SURFACES},
    validate::Email,
};

use super::store::CourtRow;
use crate::{
    availability::{grid::SlotRule, hours::Schedule},
    error::{AppError, AppResult},
};

const MAX_NAME_CHARS: usize = 100;
const MAX_DESCRIPTION_CHARS: usize = 2000;
const MAX_COURTS: usize = 50;
/// 100 000 kr: more than any court's slot; a larger figure is a typo.
const MAX_PRICE_MINOR: i64 = 10_000_000;
/// Sweden's extent, with a margin: a position outside it is a slip of the
/// map or of a digit (every venue runs on Swedish time).
const LAT: (f64, f64) = (55.0, 69.1);
const LON: (f64, f64) = (10.9, 24.2);

/// A venue that passed its checks (text trimmed).
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedVenue {
    pub name: String,
    pub address: String,
    pub city: String,
    pub lat: f64,
    pub lon: f64,
    pub description: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub courts: Vec<CheckedCourt>,
}

/// A court that passed its checks; `id` `None` for one to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedCourt {
    pub id: Option<i64>,
    pub name: String,
    pub sport: &'static str,
    pub surface: &'static str,
    pub indoor: bool,
    pub lights: bool,
    pub slot_minutes: i64,
    pub slot_offset_minutes: i64,
    pub price_minor: i64,
}

impl CheckedCourt {
    pub fn slot_rule(&self) -> SlotRule {
        SlotRule {
            length_min: self.slot_minutes as u32,
            offset_min: self.slot_offset_minutes as u32,
        }
    }
}

fn text(value: &str, field: &str, what: &str, max: usize, required: bool) -> AppResult<String> {
    let value = value.trim();
    if required && value.is_empty() {
        return Err(AppError::invalid(field, format!("Give the {what}.")));
    }
    if value.chars().count() > max {
        return Err(AppError::invalid(
            field,
            format!("Keep the {what} under {max} characters."),
        ));
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return Err(AppError::invalid(
            field,
            format!("The {what} contains characters that are not allowed."),
        ));
    }
    Ok(value.to_string())
}

fn position(value: f64, field: &str, (low, high): (f64, f64)) -> AppResult<f64> {
    if value.is_finite() && (low..=high).contains(&value) {
        Ok(value)
    } else {
        Err(AppError::invalid(
            field,
            format!("Pick the venue's place on the map; {field} must be between {low} and {high} (in Sweden)."),
        ))
    }
}

/// Checks `setup` for a venue whose courts are `existing` (none for a new
/// venue) and whose opening hours are `schedule`: every court must fill
/// each opening with whole slots, and no existing court may be left out.
pub fn check(
    setup: &VenueSetup,
    existing: &[CourtRow],
    schedule: &Schedule,
) -> AppResult<CheckedVenue> {
    let contact_email = match setup.contact_email.trim() {
        "" => String::new(),
        raw => Email::parse(raw)
            .map_err(|e| AppError::invalid("contact_email", e.message))?
            .as_str()
            .to_string(),
    };
    let contact_phone = Phone::parse(&setup.contact_phone)
        .map_err(|e| AppError::invalid("contact_phone", e.message))?
        .as_str()
        .to_string();
    let venue = CheckedVenue {
        name: text(&setup.name, "name", "venue's name", MAX_NAME_CHARS, true)?,
        address: text(
            &setup.address,
            "address",
            "street address",
            MAX_NAME_CHARS,
            true,
        )?,
        city: text(&setup.city, "city", "town or city", MAX_NAME_CHARS, true)?,
        lat: position(setup.lat, "lat", LAT)?,
        lon: position(setup.lon, "lon", LON)?,
        description: text(
            &setup.description,
            "description",
            "description",
            MAX_DESCRIPTION_CHARS,
            false,
        )?,
        contact_email,
        contact_phone,
        courts: courts(&setup.courts, existing, schedule)?,
    };
    Ok(venue)
}

fn courts(
    courts: &[CourtSetup],
    existing: &[CourtRow],
    schedule: &Schedule,
) -> AppResult<Vec<CheckedCourt>> {
    if courts.is_empty() {
        return Err(AppError::invalid(
            "courts",
            "Add at least one court: a venue without courts has nothing to book.",
        ));
    }
    if courts.len() > MAX_COURTS {
        return Err(AppError::invalid(
            "courts",
            format!("At most {MAX_COURTS} courts per venue."),
        ));
    }
    let mut out: Vec<CheckedCourt> = Vec::with_capacity(courts.len());
    for (i, c) in courts.iter().enumerate() {
        let checked = court(i, c, existing, schedule)?;
        if out
            .iter()
            .any(|o| o.name.eq_ignore_ascii_case(&checked.name))
        {
            return Err(AppError::invalid(
                &format!("courts[{i}].name"),
                format!(
                    "Another court is already called {}; give each court its own name.",
                    checked.name
                ),
            ));
        }
        if checked.id.is_some() && out.iter().any(|o| o.id == checked.id) {
            return Err(AppError::invalid(
                &format!("courts[{i}].id"),
                "That court is listed twice.",
            ));
        }
        out.push(checked);
    }
    if let Some(missing) = existing
        .iter()
        .find(|e| !out.iter().any(|c| c.id == Some(e.id)))
    {
        return Err(AppError::invalid(
            "courts",
            format!(
                "{} is missing: a court cannot be removed here. Close it for the time it is out of use instead.",
                missing.name
            ),
        ));
    }
    Ok(out)
}

fn court(
    i: usize,
    c: &CourtSetup,
    existing: &[CourtRow],
    schedule: &Schedule,
) -> AppResult<CheckedCourt> {
    let field = |name: &str| format!("courts[{i}].{name}");
    if let Some(id) = c.id {
        if !existing.iter().any(|e| e.id == id) {
            return Err(AppError::invalid(
                &field("id"),
                "There is no such court at this venue; leave the id out to add a court.",
            ));
        }
    }
    let name = text(
        &c.name,
        &field("name"),
        "court's name",
        MAX_NAME_CHARS,
        true,
    )?;
    let sport = SPORTS.into_iter().find(|s| *s == c.sport).ok_or_else(|| {
        AppError::invalid(
            &field("sport"),
            format!("Pick one of the sports: {}.", SPORTS.join(", ")),
        )
    })?;
    let surface = SURFACES
        .into_iter()
        .find(|s| *s == c.surface)
        .ok_or_else(|| {
            AppError::invalid(
                &field("surface"),
                format!("Pick one of the surfaces: {}.", SURFACES.join(", ")),
            )
        })?;
    if !(15..=240).contains(&c.slot_minutes) {
        return Err(AppError::invalid(
            &field("slot_minutes"),
            "A slot is 15 to 240 minutes long.",
        ));
    }
    if c.slot_offset_minutes >= c.slot_minutes {
        return Err(AppError::invalid(
            &field("slot_offset_minutes"),
            "The offset must be shorter than a slot (0 for slots on the hour).",
        ));
    }
    if !(0..=MAX_PRICE_MINOR).contains(&c.price_minor) {
        return Err(AppError::invalid(
            &field("price_minor"),
            "The price is 0 kr or more, and at most 100 000 kr.",
        ));
    }
    let checked = CheckedCourt {
        id: c.id,
        name,
        sport,
        surface,
        indoor: c.indoor,
        lights: c.lights,
        slot_minutes: i64::from(c.slot_minutes),
        slot_offset_minutes: i64::from(c.slot_offset_minutes),
        price_minor: c.price_minor,
    };
    if let Some(bad) = first_off_grid(schedule, checked.slot_rule()) {
        return Err(AppError::invalid(
            &field(if c.slot_offset_minutes > 0 { "slot_offset_minutes" } else { "slot_minutes" }),
            format!(
                "Slots of {} minutes, running from {:02}:{:02} after midnight, do not fill the opening {bad} with whole slots. Pick a length and offset that do, or change the opening hours first.",
                c.slot_minutes,
                c.slot_offset_minutes / 60,
                c.slot_offset_minutes % 60,
            ),
        ));
    }
    Ok(checked)
}

/// The first opening (weekly or an exception's) that `rule` does not fill
/// with whole slots, as `HH:MM–HH:MM`.
fn first_off_grid(schedule: &Schedule, rule: SlotRule) -> Option<String> {
    let openings = schedule.weekly.days.iter().flatten().chain(
        schedule
            .exceptions
            .iter()
            .filter_map(|e| e.opening.as_ref()),
    );
    let hm = |m: u32| format!("{:02}:{:02}", (m / 60) % 24, m % 60);
    openings
        .filter(|o| {
            super::hours::off_grid(rule, o.opens_min) || super::hours::off_grid(rule, o.closes_min)
        })
        .map(|o| format!("{}–{}", hm(o.opens_min), hm(o.closes_min)))
        .next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::availability::{grid::Opening, hours::WeeklyHours};

    fn setup() -> VenueSetup {
        VenueSetup {
            name: " Bollplan Norr ".into(),
            address: "Sportvägen 1".into(),
            city: "Umeå".into(),
            lat: 63.83,
            lon: 20.26,
            description: String::new(),
            contact_email: "idrott@umea.se".into(),
            contact_phone: "090-16 10 00".into(),
            courts: vec![CourtSetup {
                id: None,
                name: "Bana 1".into(),
                sport: "tennis".into(),
                surface: "clay".into(),
                indoor: false,
                lights: true,
                slot_minutes: 60,
                slot_offset_minutes: 0,
                price_minor: 15000,
            }],
        }
    }

    fn schedule(opens: u32, closes: u32) -> Schedule {
        let mut weekly = WeeklyHours::default();
        weekly.days[0] = Some(Opening {
            opens_min: opens,
            closes_min: closes,
        });
        Schedule {
            tz: chrono_tz::Europe::Stockholm,
            weekly,
            exceptions: vec![],
        }
    }

    fn field(result: AppResult<CheckedVenue>) -> String {
        match result {
            Err(AppError::Invalid { field, .. }) => field,
            other => panic!("expected a 422, got {other:?}"),
        }
    }

    #[test]
    fn a_good_setup_is_trimmed_and_kept() {
        let ok = check(&setup(), &[], &schedule(420, 1320)).unwrap();
        assert_eq!(ok.name, "Bollplan Norr");
        assert_eq!(ok.courts[0].sport, "tennis");
        assert!(ok.courts[0].lights);
    }

    #[test]
    fn each_mistake_names_its_field() {
        let week = schedule(420, 1320);
        let bad = |f: fn(&mut VenueSetup)| {
            let mut s = setup();
            f(&mut s);
            field(check(&s, &[], &week))
        };
        assert_eq!(bad(|s| s.name = "  ".into()), "name");
        assert_eq!(bad(|s| s.lat = 40.0), "lat");
        assert_eq!(bad(|s| s.lon = f64::NAN), "lon");
        assert_eq!(bad(|s| s.contact_email = "nope".into()), "contact_email");
        assert_eq!(
            bad(|s| s.contact_phone = "ring mig".into()),
            "contact_phone"
        );
        assert_eq!(bad(|s| s.courts.clear()), "courts");
        assert_eq!(
            bad(|s| s.courts[0].sport = "curling".into()),
            "courts[0].sport"
        );
        assert_eq!(
            bad(|s| s.courts[0].surface = "ice".into()),
            "courts[0].surface"
        );
        assert_eq!(
            bad(|s| s.courts[0].price_minor = -1),
            "courts[0].price_minor"
        );
        assert_eq!(
            bad(|s| s.courts[0].slot_minutes = 5),
            "courts[0].slot_minutes"
        );
        assert_eq!(
            bad(|s| s.courts[0].slot_offset_minutes = 60),
            "courts[0].slot_offset_minutes"
        );
        assert_eq!(bad(|s| s.courts[0].id = Some(7)), "courts[0].id");
        assert_eq!(
            bad(|s| {
                let twin = s.courts[0].clone();
                s.courts.push(twin);
            }),
            "courts[1].name"
        );
    }

    #[test]
    fn slots_must_fill_the_opening() {
        // Slots run from midnight plus the offset: 90-minute slots from
        // 01:00 (offset 60) fill 07:00–22:00; two-hour ones from 00:00 do not.
        let mut s = setup();
        s.courts[0].slot_minutes = 90;
        s.courts[0].slot_offset_minutes = 60;
        assert!(check(&s, &[], &schedule(420, 1320)).is_ok());
        s.courts[0].slot_minutes = 120;
        s.courts[0].slot_offset_minutes = 0;
        assert_eq!(
            field(check(&s, &[], &schedule(420, 1320))),
            "courts[0].slot_minutes"
        );
        // On the half hour from :30: 07:30–21:30 fits.
        s.courts[0].slot_minutes = 60;
        s.courts[0].slot_offset_minutes = 30;
        assert!(check(&s, &[], &schedule(450, 1290)).is_ok());
        assert_eq!(
            field(check(&s, &[], &schedule(420, 1320))),
            "courts[0].slot_offset_minutes"
        );
    }

    #[test]
    fn an_existing_court_cannot_be_left_out() {
        let row = CourtRow {
            id: 3,
            venue_id: 1,
            name: "Bana 3".into(),
            sport: "tennis".into(),
            surface: "hard".into(),
            indoor: false,
            lights: false,
            slot_minutes: 60,
            slot_offset_minutes: 0,
            price_minor: 15000,
            currency: "SEK".into(),
        };
        assert_eq!(
            field(check(
                &setup(),
                std::slice::from_ref(&row),
                &schedule(420, 1320)
            )),
            "courts"
        );
        let mut s = setup();
        s.courts[0].id = Some(3);
        assert!(check(&s, &[row], &schedule(420, 1320)).is_ok());
    }
}
