//! Wall-clock times at a venue, whatever zone the phone is in: a closure
//! "tomorrow 09:00–16:00" means 09:00 at the court, not on the caretaker's
//! phone. The browser's own time-zone data does the work (`Intl`), so the
//! app carries no zone database of its own.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use wasm_bindgen::JsValue;

/// The wall-clock time in `tz` (an IANA zone) at `instant`.
#[cfg_attr(not(feature = "operator"), allow(dead_code))]
pub fn local(tz: &str, instant: DateTime<Utc>) -> Option<NaiveDateTime> {
    let options = js_sys::Object::new();
    for (key, value) in [
        ("timeZone", tz),
        ("hourCycle", "h23"),
        ("year", "numeric"),
        ("month", "numeric"),
        ("day", "numeric"),
        ("hour", "numeric"),
        ("minute", "numeric"),
        ("second", "numeric"),
    ] {
        js_sys::Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    let locales = js_sys::Array::of1(&JsValue::from_str("en-US"));
    let format = js_sys::Intl::DateTimeFormat::new(&locales, &options);
    let date = js_sys::Date::new(&JsValue::from_f64(instant.timestamp_millis() as f64));
    let parts = format.format_to_parts(&date);
    let part = |name: &str| -> Option<u32> {
        parts.iter().find_map(|p| {
            let kind = js_sys::Reflect::get(&p, &"type".into()).ok()?.as_string()?;
            if kind != name {
                return None;
            }
            js_sys::Reflect::get(&p, &"value".into())
                .ok()?
                .as_string()?
                .parse()
                .ok()
        })
    };
    let year = i32::try_from(part("year")?).ok()?;
    let day = NaiveDate::from_ymd_opt(year, part("month")?, part("day")?)?;
    // Some engines say 24 for midnight even with h23.
    let time = NaiveTime::from_hms_opt(part("hour")? % 24, part("minute")?, part("second")?)?;
    Some(day.and_time(time))
}

/// The instant when the clocks in `tz` show `wall`. In the hour a
/// daylight-saving change skips, the instant an hour on; in the hour it
/// repeats, one of the two.
#[cfg_attr(not(feature = "operator"), allow(dead_code))]
pub fn instant(tz: &str, wall: NaiveDateTime) -> Option<DateTime<Utc>> {
    let as_if_utc = wall.and_utc();
    // The zone's offset at a first guess, then at the corrected one (it
    // differs only across a change).
    let offset = |at: DateTime<Utc>| local(tz, at).map(|w| w.and_utc() - at);
    let first = as_if_utc - offset(as_if_utc)?;
    Some(as_if_utc - offset(first)?)
}
