//! The facility register as GeoJSON (RFC 7946): one Point Feature per venue.

use serde_json::{json, Value};

use super::{
    hours::{grouped_weekly, hm, osm_day, osm_opening_hours},
    store::Register,
    LICENSE, LICENSE_URL,
};
use crate::venues::store::HoursRow;

/// The FeatureCollection; `base` makes the venue links absolute.
pub fn feature_collection(register: &Register, base: &str) -> Value {
    let features: Vec<Value> = register
        .venues
        .iter()
        .map(|venue| {
            let courts: Vec<_> = register.courts_of(venue.id).collect();
            let mut sports: Vec<&str> = courts.iter().map(|c| c.sport.as_str()).collect();
            sports.sort_unstable();
            sports.dedup();
            let mut surfaces: Vec<&str> = courts.iter().map(|c| c.surface.as_str()).collect();
            surfaces.sort_unstable();
            surfaces.dedup();
            let hours: Vec<HoursRow> = register
                .hours_of(venue.id)
                .into_iter()
                .map(|h| HoursRow {
                    weekday: h.weekday,
                    opens_min: h.opens_min,
                    closes_min: h.closes_min,
                })
                .collect();
            let mut weekly: Vec<Value> = Vec::new();
            for (days, opens, closes) in grouped_weekly(&hours) {
                for day in days {
                    weekly.push(json!({
                        "weekday": day,
                        "day": osm_day(day),
                        "opens": hm(opens),
                        "closes": hm(closes),
                    }));
                }
            }
            weekly.sort_by_key(|d| d["weekday"].as_u64());
            json!({
                "type": "Feature",
                "id": venue.id,
                // RFC 7946: longitude first.
                "geometry": { "type": "Point", "coordinates": [venue.lon, venue.lat] },
                "properties": {
                    "id": venue.id,
                    "name": venue.name,
                    "address": venue.address,
                    "city": venue.city,
                    "region": venue.region,
                    "operator": venue.operator,
                    "description": venue.description,
                    "timezone": venue.timezone,
                    "url": format!("{base}/venues/{}", venue.id),
                    "courts": courts.iter().map(|c| json!({
                        "id": c.id,
                        "name": c.name,
                        "sport": c.sport,
                        "surface": c.surface,
                        "indoor": c.indoor,
                    })).collect::<Vec<_>>(),
                    "sports": sports,
                    "surfaces": surfaces,
                    "indoor": courts.iter().any(|c| c.indoor),
                    "accessibility": venue.accessibility,
                    "opening_hours": osm_opening_hours(&hours),
                    "opening_hours_weekly": weekly,
                },
            })
        })
        .collect();
    json!({
        "type": "FeatureCollection",
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "attribution": "Ledig open data: the facility register, CC0-1.0 (public domain dedication).",
        "features": features,
    })
}
