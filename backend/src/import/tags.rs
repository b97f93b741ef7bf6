//! Reading OSM tags into Ledig's terms: surface, indoor, court names and
//! (simple) opening hours.

use std::collections::BTreeMap;

pub type Tags = BTreeMap<String, String>;

/// A tag's trimmed, non-empty value.
pub fn tag<'a>(tags: &'a Tags, key: &str) -> Option<&'a str> {
    tags.get(key).map(|v| v.trim()).filter(|v| !v.is_empty())
}

/// Ledig's surface for OSM's `surface` tag: `hard` (also acrylic, asphalt,
/// concrete, paved, tartan and unknown or missing values), `clay`, `grass`,
/// `artificial_grass` (OSM's `artificial_turf`) or `carpet`.
pub fn surface(tags: &Tags) -> &'static str {
    match tag(tags, "surface").map(str::to_ascii_lowercase).as_deref() {
        Some("clay" | "red_clay" | "clay_court") => "clay",
        Some("grass") => "grass",
        Some("artificial_turf" | "artificial_grass") => "artificial_grass",
        Some("carpet") => "carpet",
        _ => "hard",
    }
}

/// Indoor when `indoor=yes`, `covered=yes`, or the pitch is a building.
pub fn indoor(tags: &Tags) -> bool {
    tag(tags, "indoor") == Some("yes")
        || tag(tags, "covered") == Some("yes")
        || tag(tags, "building").is_some_and(|b| b != "no")
}

/// What a pitch's own tags call the court: its `name`, else its `ref`
/// ("Bana 3" for a bare number, else the ref as written).
pub fn court_name(tags: &Tags, use_name: bool) -> Option<String> {
    if use_name {
        if let Some(name) = tag(tags, "name") {
            return Some(name.to_string());
        }
    }
    tag(tags, "ref").map(|r| {
        if r.chars().all(|c| c.is_ascii_digit()) {
            format!("Bana {r}")
        } else {
            r.to_string()
        }
    })
}

/// One day's opening in local minutes after midnight (`closes_min` may pass
/// 1440: open past midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hours {
    pub opens_min: u32,
    pub closes_min: u32,
}

/// Monday first; `None` is closed.
pub type Week = [Option<Hours>; 7];

/// 07:00–22:00 every day.
pub const DEFAULT_WEEK: Week = [Some(Hours {
    opens_min: 7 * 60,
    closes_min: 22 * 60,
}); 7];

const DAYS: [&str; 7] = ["mo", "tu", "we", "th", "fr", "sa", "su"];

/// Parses the simple forms of OSM's `opening_hours`:
///
/// - `24/7`;
/// - `HH:MM-HH:MM` (every day);
/// - rules separated by `;`, each `DAYS HH:MM-HH:MM` or `DAYS off` (or
///   `closed`), where DAYS is a comma list of days (`Mo`…`Su`) and day ranges
///   (`Mo-Fr`, `Sa-Mo`); a later rule replaces an earlier one on the days it
///   names, as in OSM. A closing time before the opening time (`18:00-02:00`)
///   runs past midnight; `24:00` is midnight.
///
/// Anything else (public holidays, months, weeks, several time ranges on one
/// day, comments) is `None`: the caller falls back to its default hours.
pub fn opening_hours(value: &str) -> Option<Week> {
    let value = value.trim();
    if value == "24/7" {
        return Some(
            [Some(Hours {
                opens_min: 0,
                closes_min: 1440,
            }); 7],
        );
    }
    let mut week: Week = [None; 7];
    let mut any = false;
    for rule in value.split(';').map(str::trim).filter(|r| !r.is_empty()) {
        let (days, times) = match rule.split_once(char::is_whitespace) {
            Some((first, rest)) if starts_with_day(first) => (parse_days(first)?, rest.trim()),
            _ if starts_with_day(rule) => return None,
            _ => ([true; 7], rule),
        };
        let hours = match times.to_ascii_lowercase().as_str() {
            "off" | "closed" => None,
            range => Some(parse_range(range)?),
        };
        for (day, on) in days.iter().enumerate() {
            if *on {
                week[day] = hours;
            }
        }
        any = true;
    }
    any.then_some(week)
}

fn starts_with_day(s: &str) -> bool {
    s.get(..2)
        .is_some_and(|d| DAYS.contains(&d.to_ascii_lowercase().as_str()))
}

fn day_index(s: &str) -> Option<usize> {
    let s = s.trim().to_ascii_lowercase();
    DAYS.iter().position(|d| *d == s)
}

fn parse_days(selector: &str) -> Option<[bool; 7]> {
    let mut days = [false; 7];
    for part in selector.split(',') {
        match part.split_once('-') {
            Some((from, to)) => {
                let (from, to) = (day_index(from)?, day_index(to)?);
                let mut d = from;
                loop {
                    days[d] = true;
                    if d == to {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
            None => days[day_index(part)?] = true,
        }
    }
    Some(days)
}

fn parse_range(range: &str) -> Option<Hours> {
    let (opens, closes) = range.split_once('-')?;
    let (opens, closes) = (clock(opens)?, clock(closes)?);
    if opens >= 1440 || opens == closes {
        return None;
    }
    let closes = if closes < opens {
        closes + 1440
    } else {
        closes
    };
    Some(Hours {
        opens_min: opens,
        closes_min: closes,
    })
}

/// `HH:MM` (up to `24:00`) to minutes.
fn clock(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && h * 60 + m <= 1440).then_some(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&str, &str)]) -> Tags {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn h(opens: u32, closes: u32) -> Option<Hours> {
        Some(Hours {
            opens_min: opens * 60,
            closes_min: closes * 60,
        })
    }

    #[test]
    fn surfaces_map_to_ledigs_five() {
        for (osm, ledig) in [
            ("acrylic", "hard"),
            ("asphalt", "hard"),
            ("concrete", "hard"),
            ("clay", "clay"),
            ("grass", "grass"),
            ("artificial_turf", "artificial_grass"),
            ("carpet", "carpet"),
            ("Clay", "clay"),
            ("sand", "hard"),
        ] {
            assert_eq!(surface(&tags(&[("surface", osm)])), ledig, "{osm}");
        }
        assert_eq!(surface(&tags(&[])), "hard");
    }

    #[test]
    fn indoor_from_indoor_covered_or_building() {
        assert!(indoor(&tags(&[("indoor", "yes")])));
        assert!(indoor(&tags(&[("covered", "yes")])));
        assert!(indoor(&tags(&[("building", "sports_hall")])));
        assert!(!indoor(&tags(&[("building", "no")])));
        assert!(!indoor(&tags(&[("indoor", "no")])));
        assert!(!indoor(&tags(&[])));
    }

    #[test]
    fn court_names_from_name_or_ref() {
        assert_eq!(
            court_name(&tags(&[("name", "Centercourten"), ("ref", "1")]), true),
            Some("Centercourten".into())
        );
        assert_eq!(
            court_name(&tags(&[("name", "Centercourten"), ("ref", "1")]), false),
            Some("Bana 1".into())
        );
        assert_eq!(court_name(&tags(&[("ref", "A")]), true), Some("A".into()));
        assert_eq!(court_name(&tags(&[("ref", " ")]), true), None);
    }

    #[test]
    fn simple_opening_hours_parse() {
        assert_eq!(opening_hours("07:00-22:00"), Some([h(7, 22); 7]));
        assert_eq!(opening_hours("Mo-Su 07:00-22:00"), Some([h(7, 22); 7]));
        assert_eq!(opening_hours("24/7"), Some([h(0, 24); 7]));
        assert_eq!(
            opening_hours("Mo-Fr 07:00-22:00; Sa,Su 09:00-20:00"),
            Some([
                h(7, 22),
                h(7, 22),
                h(7, 22),
                h(7, 22),
                h(7, 22),
                h(9, 20),
                h(9, 20)
            ])
        );
        assert_eq!(
            opening_hours("Mo-Su 08:00-21:00; We off"),
            Some([
                h(8, 21),
                h(8, 21),
                None,
                h(8, 21),
                h(8, 21),
                h(8, 21),
                h(8, 21)
            ])
        );
        assert_eq!(
            opening_hours("Sa-Mo 18:00-02:00"),
            Some([h(18, 26), None, None, None, None, h(18, 26), h(18, 26)])
        );
        assert_eq!(opening_hours("Mo-Su 07:00-24:00"), Some([h(7, 24); 7]));
    }

    #[test]
    fn other_opening_hours_are_refused() {
        for unsupported in [
            "",
            "sunrise-sunset",
            "Mo-Fr 07:00-12:00,13:00-22:00",
            "Mo-Fr 07:00-22:00; PH off",
            "May-Sep Mo-Su 07:00-22:00",
            "Mo-Su",
            "Mo-Xx 07:00-22:00",
            "7-22",
            "07:00-07:00",
            "25:00-26:00",
            "Mo-Su 07:00-22:00 \"summer only\"",
        ] {
            assert_eq!(opening_hours(unsupported), None, "{unsupported:?}");
        }
    }
}
