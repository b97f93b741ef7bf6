//! The venue form's state: every field as typed, read into a
//! [`VenueSetup`] only when saving. Mistakes the page can see itself (a
//! position or price that is no number) are named with the server's field
//! names (`lat`, `courts[1].price_minor`), so the server's 422 and these
//! land on the same field.

use shared::operator::{CourtSetup, VenueSetup, SPORTS, SURFACES};

use crate::i18n::msg;
use crate::pages::operator::form::{kronor, parse_kronor, Mistake};

/// One court being edited; `key` keeps a row's identity as rows are added.
#[derive(Clone, Debug, PartialEq)]
pub struct CourtDraft {
    pub key: u32,
    /// `None` for a court to add.
    pub id: Option<i64>,
    pub name: String,
    pub sport: String,
    pub surface: String,
    pub indoor: bool,
    pub lights: bool,
    pub slot_minutes: String,
    pub slot_offset_minutes: String,
    /// Kronor, as typed.
    pub price: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub name: String,
    pub address: String,
    pub city: String,
    pub lat: String,
    pub lon: String,
    pub description: String,
    pub contact_email: String,
    pub contact_phone: String,
    pub courts: Vec<CourtDraft>,
    next_key: u32,
}

/// A coordinate as typed, with a decimal comma or point.
pub fn coordinate(text: &str) -> Option<f64> {
    text.trim()
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
}

impl Draft {
    /// A new venue: one court to start from, no position yet.
    pub fn empty() -> Draft {
        let mut draft = Draft {
            name: String::new(),
            address: String::new(),
            city: String::new(),
            lat: String::new(),
            lon: String::new(),
            description: String::new(),
            contact_email: String::new(),
            contact_phone: String::new(),
            courts: Vec::new(),
            next_key: 0,
        };
        draft.add_court();
        draft
    }

    pub fn from_setup(setup: &VenueSetup) -> Draft {
        let courts: Vec<CourtDraft> = setup
            .courts
            .iter()
            .zip(0u32..)
            .map(|(c, key)| CourtDraft {
                key,
                id: c.id,
                name: c.name.clone(),
                sport: c.sport.clone(),
                surface: c.surface.clone(),
                indoor: c.indoor,
                lights: c.lights,
                slot_minutes: c.slot_minutes.to_string(),
                slot_offset_minutes: c.slot_offset_minutes.to_string(),
                price: kronor(c.price_minor),
            })
            .collect();
        Draft {
            name: setup.name.clone(),
            address: setup.address.clone(),
            city: setup.city.clone(),
            lat: setup.lat.to_string(),
            lon: setup.lon.to_string(),
            description: setup.description.clone(),
            contact_email: setup.contact_email.clone(),
            contact_phone: setup.contact_phone.clone(),
            next_key: u32::try_from(courts.len()).unwrap_or(0),
            courts,
        }
    }

    /// A court to add, like the last one (or an hour of tennis on hard court).
    pub fn add_court(&mut self) {
        let n = self.courts.len() + 1;
        let court = match self.courts.last() {
            Some(last) => CourtDraft {
                key: self.next_key,
                id: None,
                name: msg::venue_setup_new_court_name(n as i64),
                ..last.clone()
            },
            None => CourtDraft {
                key: self.next_key,
                id: None,
                name: msg::venue_setup_new_court_name(n as i64),
                sport: SPORTS[0].to_string(),
                surface: SURFACES[0].to_string(),
                indoor: false,
                lights: false,
                slot_minutes: "60".into(),
                slot_offset_minutes: "0".into(),
                price: "150".into(),
            },
        };
        self.courts.push(court);
        self.next_key += 1;
    }

    /// The position the fields hold, if both are numbers.
    pub fn position(&self) -> Option<(f64, f64)> {
        Some((coordinate(&self.lat)?, coordinate(&self.lon)?))
    }

    pub fn to_setup(&self) -> Result<VenueSetup, Vec<Mistake>> {
        let mut mistakes: Vec<Mistake> = Vec::new();
        let mut number = |text: &str, field: &str| -> f64 {
            coordinate(text).unwrap_or_else(|| {
                mistakes.push((
                    field.to_string(),
                    msg::venue_setup_error_place().to_string(),
                ));
                0.0
            })
        };
        let (lat, lon) = (number(&self.lat, "lat"), number(&self.lon, "lon"));
        let mut courts = Vec::new();
        for (i, c) in self.courts.iter().enumerate() {
            let field = |name: &str| format!("courts[{i}].{name}");
            let minutes = |text: &str, name: &str, mistakes: &mut Vec<Mistake>| -> u32 {
                text.trim().parse::<u32>().unwrap_or_else(|_| {
                    mistakes.push((field(name), msg::venue_setup_error_minutes().to_string()));
                    0
                })
            };
            let slot_minutes = minutes(&c.slot_minutes, "slot_minutes", &mut mistakes);
            let slot_offset_minutes =
                minutes(&c.slot_offset_minutes, "slot_offset_minutes", &mut mistakes);
            let price_minor = parse_kronor(&c.price).unwrap_or_else(|| {
                mistakes.push((
                    field("price_minor"),
                    msg::venue_setup_error_price().to_string(),
                ));
                0
            });
            courts.push(CourtSetup {
                id: c.id,
                name: c.name.trim().to_string(),
                sport: c.sport.clone(),
                surface: c.surface.clone(),
                indoor: c.indoor,
                lights: c.lights,
                slot_minutes,
                slot_offset_minutes,
                price_minor,
            });
        }
        if !mistakes.is_empty() {
            return Err(mistakes);
        }
        Ok(VenueSetup {
            name: self.name.trim().to_string(),
            address: self.address.trim().to_string(),
            city: self.city.trim().to_string(),
            lat,
            lon,
            description: self.description.trim().to_string(),
            contact_email: self.contact_email.trim().to_string(),
            contact_phone: self.contact_phone.trim().to_string(),
            courts,
        })
    }
}

/// The DOM id of the field the server calls `field`: `venue-lat`,
/// `court-1-price_minor`, `courts-add` for the courts as a whole.
pub fn dom_id(field: &str) -> String {
    match field.strip_prefix("courts[") {
        Some(rest) => match rest.split_once("].") {
            Some((i, name)) => format!("court-{i}-{}", if name == "id" { "name" } else { name }),
            None => "courts-add".to_string(),
        },
        None if field == "courts" => "courts-add".to_string(),
        None => format!("venue-{field}"),
    }
}

/// The words for a field the server refused.
pub fn server_mistake(field: &str) -> String {
    let text = match field.rsplit('.').next().unwrap_or(field) {
        "lat" | "lon" => msg::venue_setup_error_place(),
        "contact_email" => msg::invalid_email(),
        "contact_phone" => msg::invalid_phone(),
        "slot_minutes" | "slot_offset_minutes" => msg::venue_setup_error_grid(),
        "price_minor" => msg::venue_setup_error_price(),
        "courts" => msg::venue_setup_error_courts(),
        "sport" | "surface" | "id" => msg::venue_setup_error_choice(),
        _ if field.ends_with("name") && field.starts_with("courts[") => {
            msg::venue_setup_error_court_name()
        }
        _ => msg::venue_setup_error_text(),
    };
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_map_to_their_inputs() {
        assert_eq!(dom_id("lat"), "venue-lat");
        assert_eq!(dom_id("courts[2].price_minor"), "court-2-price_minor");
        assert_eq!(dom_id("courts[0].id"), "court-0-name");
        assert_eq!(dom_id("courts"), "courts-add");
        assert_eq!(coordinate(" 63,8258 "), Some(63.8258));
        assert_eq!(coordinate("norr"), None);
    }
}
