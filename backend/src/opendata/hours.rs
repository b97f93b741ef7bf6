//! Weekly opening hours in the shapes open data wants: grouped days,
//! OpenStreetMap `opening_hours` syntax, schema.org day names.

use crate::venues::store::HoursRow;

const OSM_DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
const SCHEMA_DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// OSM's two-letter name of ISO weekday `day` (1 = Monday).
pub fn osm_day(day: u8) -> &'static str {
    OSM_DAYS[usize::from(day.clamp(1, 7) - 1)]
}

/// `https://schema.org/Monday` for ISO weekday `day`.
pub fn day_name_url(day: u8) -> String {
    format!(
        "https://schema.org/{}",
        SCHEMA_DAYS[usize::from(day.clamp(1, 7) - 1)]
    )
}

/// Local minutes as a clock time; a closing past midnight reads as the next
/// day's time ("02:00"), a closing at midnight as "24:00".
pub fn hm(minutes: i64) -> String {
    let m = if minutes > 1440 {
        minutes - 1440
    } else {
        minutes
    };
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// Days with the same hours grouped, in week order of their first day:
/// `(days, opens_min, closes_min)`.
pub fn grouped_weekly(hours: &[HoursRow]) -> Vec<(Vec<u8>, i64, i64)> {
    let mut sorted: Vec<&HoursRow> = hours
        .iter()
        .filter(|h| (1..=7).contains(&h.weekday))
        .collect();
    sorted.sort_by_key(|h| h.weekday);
    let mut groups: Vec<(Vec<u8>, i64, i64)> = Vec::new();
    for h in sorted {
        match groups
            .iter_mut()
            .find(|(_, o, c)| *o == h.opens_min && *c == h.closes_min)
        {
            Some((days, _, _)) => days.push(h.weekday as u8),
            None => groups.push((vec![h.weekday as u8], h.opens_min, h.closes_min)),
        }
    }
    groups
}

/// "Mo-Fr", "Sa,Su", "Mo,We-Fr": runs of three or more days as ranges.
fn osm_days(days: &[u8]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < days.len() {
        let mut j = i;
        while j + 1 < days.len() && days[j + 1] == days[j] + 1 {
            j += 1;
        }
        if j - i >= 2 {
            parts.push(format!("{}-{}", osm_day(days[i]), osm_day(days[j])));
        } else {
            parts.extend(days[i..=j].iter().map(|d| osm_day(*d).to_string()));
        }
        i = j + 1;
    }
    parts.join(",")
}

/// The week in OpenStreetMap `opening_hours` syntax, e.g.
/// `Mo-Fr 07:00-22:00; Sa,Su 08:00-20:00`; `off` when never open.
pub fn osm_opening_hours(hours: &[HoursRow]) -> String {
    let groups = grouped_weekly(hours);
    if groups.is_empty() {
        return "off".to_string();
    }
    let mut groups = groups;
    groups.sort_by_key(|(days, _, _)| days[0]);
    groups
        .iter()
        .map(|(days, opens, closes)| format!("{} {}-{}", osm_days(days), hm(*opens), hm(*closes)))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(weekday: i64, opens_min: i64, closes_min: i64) -> HoursRow {
        HoursRow {
            weekday,
            opens_min,
            closes_min,
        }
    }

    #[test]
    fn osm_syntax() {
        let mut week: Vec<HoursRow> = (1..=5).map(|d| h(d, 420, 1320)).collect();
        week.push(h(6, 540, 1200));
        week.push(h(7, 540, 1200));
        assert_eq!(
            osm_opening_hours(&week),
            "Mo-Fr 07:00-22:00; Sa,Su 09:00-20:00"
        );
        let odd = vec![
            h(1, 420, 1320),
            h(3, 420, 1320),
            h(4, 420, 1320),
            h(5, 1200, 1560),
        ];
        assert_eq!(
            osm_opening_hours(&odd),
            "Mo,We,Th 07:00-22:00; Fr 20:00-02:00"
        );
        assert_eq!(
            osm_opening_hours(&[h(1, 0, 1440), h(2, 0, 1440), h(3, 0, 1440)]),
            "Mo-We 00:00-24:00"
        );
        assert_eq!(osm_opening_hours(&[]), "off");
    }
}
