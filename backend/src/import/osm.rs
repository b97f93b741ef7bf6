//! OpenStreetMap Overpass JSON (`[out:json]`): reading the file, finding the
//! tennis pitches and the named areas around them, and placing each on the map.
//!
//! Overpass writes `{"version": 0.6, "elements": [...]}`; an element is a
//! `node` (`lat`, `lon`), a `way` (`nodes`, and with `out center` a `center`,
//! with `out geom` a `geometry` and `bounds`) or a `relation` (`members`, and
//! likewise `center`/`bounds`). Other element types (`area`, `count`) are
//! ignored.

use std::{
    cmp::Ordering,
    collections::{BTreeMap, HashMap},
    fmt,
};

use anyhow::Context;
use serde::Deserialize;

/// A WGS 84 position in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

impl LatLon {
    pub fn is_valid(self) -> bool {
        self.lat.is_finite()
            && self.lon.is_finite()
            && (-90.0..=90.0).contains(&self.lat)
            && (-180.0..=180.0).contains(&self.lon)
    }
}

/// The mean of some positions (fine at the scale of a sports ground).
pub fn mean(points: impl IntoIterator<Item = LatLon>) -> Option<LatLon> {
    let (mut lat, mut lon, mut n) = (0.0, 0.0, 0usize);
    for p in points {
        lat += p.lat;
        lon += p.lon;
        n += 1;
    }
    (n > 0).then(|| LatLon {
        lat: lat / n as f64,
        lon: lon / n as f64,
    })
}

/// The kind of an OSM element; sorts node < way < relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Node,
    Way,
    Relation,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        match s {
            "node" => Some(Kind::Node),
            "way" => Some(Kind::Way),
            "relation" => Some(Kind::Relation),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Node => "node",
            Kind::Way => "way",
            Kind::Relation => "relation",
        }
    }
}

/// An element's identity, written `node/123`, `way/456`, `relation/789` (as
/// on openstreetmap.org). Orders by kind, then by numeric id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OsmRef {
    pub kind: Kind,
    pub id: i64,
}

impl fmt::Display for OsmRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind.as_str(), self.id)
    }
}

/// The top level of an Overpass answer. Only `elements` is required.
#[derive(Debug, Deserialize)]
pub struct Overpass {
    /// Overpass reports a failed or timed-out query here (with whatever
    /// elements it had found so far).
    #[serde(default)]
    pub remark: Option<String>,
    pub elements: Vec<Element>,
}

#[derive(Debug, Deserialize)]
pub struct Element {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: i64,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub center: Option<LatLon>,
    pub bounds: Option<Bounds>,
    #[serde(default)]
    pub nodes: Vec<i64>,
    /// `out geom`: one point per node; `null` where Overpass clipped one.
    #[serde(default)]
    pub geometry: Vec<Option<LatLon>>,
    #[serde(default)]
    pub members: Vec<Member>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Bounds {
    pub minlat: f64,
    pub minlon: f64,
    pub maxlat: f64,
    pub maxlon: f64,
}

#[derive(Debug, Deserialize)]
pub struct Member {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(rename = "ref")]
    pub reference: i64,
}

/// Reads Overpass JSON; the error names the place in the file at fault.
pub fn parse(json: &str) -> anyhow::Result<Overpass> {
    let mut de = serde_json::Deserializer::from_str(json);
    let doc: Overpass = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            anyhow::anyhow!("not valid JSON: {inner}")
        } else if path == "." {
            anyhow::anyhow!(
                "not Overpass JSON (expected an object with an \"elements\" array, as `[out:json]` writes): {inner}"
            )
        } else {
            anyhow::anyhow!("not Overpass JSON: at {path}: {inner}")
        }
    })?;
    de.end().context("not valid JSON: trailing characters")?;
    if let Some(remark) = &doc.remark {
        if remark.contains("error") {
            anyhow::bail!(
                "the Overpass query failed, so the file is incomplete (remark: {remark:?}); \
                 run the query again, with a longer [timeout:…] if it timed out"
            );
        }
    }
    Ok(doc)
}

/// `leisure=pitch` with `tennis` among its `sport` values (`tennis;padel`).
pub fn is_tennis_pitch(tags: &BTreeMap<String, String>) -> bool {
    tags.get("leisure").map(|v| v.trim()) == Some("pitch")
        && tags.get("sport").is_some_and(|sports| {
            sports
                .split(';')
                .any(|s| s.trim().eq_ignore_ascii_case("tennis"))
        })
}

/// What kind of named place a pitch may lie in (and so name its venue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AreaKind {
    /// `leisure=sports_centre`, or a sports club (`club=sport`, `club=tennis`).
    SportsCentre,
    /// `leisure=park`.
    Park,
}

pub fn area_kind(tags: &BTreeMap<String, String>) -> Option<AreaKind> {
    match (
        tags.get("leisure").map(String::as_str),
        tags.get("club").map(String::as_str),
    ) {
        (Some("pitch"), _) => None,
        (Some("sports_centre"), _) | (_, Some("sport" | "tennis")) => Some(AreaKind::SportsCentre),
        (Some("park"), _) => Some(AreaKind::Park),
        _ => None,
    }
}

/// A tennis pitch, placed.
#[derive(Debug, Clone)]
pub struct Pitch {
    pub osm: OsmRef,
    pub position: LatLon,
    pub tags: BTreeMap<String, String>,
}

/// A named sports centre, club or park.
#[derive(Debug, Clone)]
pub struct Area {
    pub osm: OsmRef,
    pub kind: AreaKind,
    pub name: String,
    pub position: LatLon,
    /// The outline, when the file has it (a closed way with `out geom`).
    pub ring: Option<Vec<LatLon>>,
    pub tags: BTreeMap<String, String>,
}

/// What a file holds that the import cares about.
#[derive(Debug, Default)]
pub struct Extract {
    /// By [`OsmRef`].
    pub pitches: Vec<Pitch>,
    /// Tennis pitches the file gives no position for.
    pub unplaced: Vec<OsmRef>,
    pub areas: Vec<Area>,
}

/// Finds the tennis pitches and named areas and places them: a node at its
/// `lat`/`lon`; a way or relation at its `center`, else the mean of its
/// `geometry`, else the middle of its `bounds`, else the mean of its nodes
/// (or, for a relation, its members) found elsewhere in the file.
pub fn extract(doc: &Overpass) -> Extract {
    let mut nodes: HashMap<i64, LatLon> = HashMap::new();
    let mut ways: HashMap<i64, &Element> = HashMap::new();
    for e in &doc.elements {
        match Kind::parse(&e.kind) {
            Some(Kind::Node) => {
                if let (Some(lat), Some(lon)) = (e.lat, e.lon) {
                    nodes.insert(e.id, LatLon { lat, lon });
                }
            }
            Some(Kind::Way) => {
                ways.insert(e.id, e);
            }
            _ => {}
        }
    }
    let way_position = |w: &Element| -> Option<LatLon> {
        own_position(w).or_else(|| {
            // A closed way repeats its first node last; count it once.
            let refs = match w.nodes.as_slice() {
                [first, rest @ .., last] if first == last && !rest.is_empty() => &w.nodes[1..],
                all => all,
            };
            mean(refs.iter().filter_map(|n| nodes.get(n).copied()))
        })
    };
    let position = |e: &Element, kind: Kind| -> Option<LatLon> {
        let p = match kind {
            Kind::Node => match (e.lat, e.lon) {
                (Some(lat), Some(lon)) => Some(LatLon { lat, lon }),
                _ => None,
            },
            Kind::Way => way_position(e),
            Kind::Relation => own_position(e).or_else(|| {
                mean(e.members.iter().filter_map(|m| match m.kind.as_str() {
                    "node" => nodes.get(&m.reference).copied(),
                    "way" => ways.get(&m.reference).and_then(|w| way_position(w)),
                    _ => None,
                }))
            }),
        };
        p.filter(|p| p.is_valid())
    };

    let mut out = Extract::default();
    let mut seen = std::collections::HashSet::new();
    for e in &doc.elements {
        let Some(kind) = Kind::parse(&e.kind) else {
            continue;
        };
        let osm = OsmRef { kind, id: e.id };
        if is_tennis_pitch(&e.tags) {
            // Overpass may list an element twice (two `out` statements).
            if !seen.insert(osm) {
                continue;
            }
            match position(e, kind) {
                Some(position) => out.pitches.push(Pitch {
                    osm,
                    position,
                    tags: e.tags.clone(),
                }),
                None => out.unplaced.push(osm),
            }
        } else if let Some(area_kind) = area_kind(&e.tags) {
            let name = e.tags.get("name").map(|n| n.trim()).unwrap_or_default();
            let Some(position) = position(e, kind) else {
                continue;
            };
            if name.is_empty() || !seen.insert(osm) {
                continue;
            }
            out.areas.push(Area {
                osm,
                kind: area_kind,
                name: name.to_string(),
                position,
                ring: ring(e, kind, &nodes),
                tags: e.tags.clone(),
            });
        }
    }
    out.pitches.sort_by_key(|p| p.osm);
    out.unplaced.sort();
    out.areas.sort_by_key(|a| a.osm);
    out
}

/// A way's or relation's position from its own fields.
fn own_position(e: &Element) -> Option<LatLon> {
    if let Some(c) = e.center {
        return Some(c);
    }
    let mut points: Vec<LatLon> = e.geometry.iter().flatten().copied().collect();
    // A closed way repeats its first point last; count it once.
    if points.len() > 1 && points.first() == points.last() {
        points.pop();
    }
    mean(points).or_else(|| {
        e.bounds.map(|b| LatLon {
            lat: (b.minlat + b.maxlat) / 2.0,
            lon: (b.minlon + b.maxlon) / 2.0,
        })
    })
}

/// The outline of a closed way, from its geometry or its nodes.
fn ring(e: &Element, kind: Kind, nodes: &HashMap<i64, LatLon>) -> Option<Vec<LatLon>> {
    if kind != Kind::Way {
        return None;
    }
    let points: Vec<LatLon> = if !e.geometry.is_empty() {
        e.geometry.iter().copied().collect::<Option<Vec<_>>>()?
    } else {
        e.nodes
            .iter()
            .map(|n| nodes.get(n).copied())
            .collect::<Option<Vec<_>>>()?
    };
    (points.len() >= 4 && points.first() == points.last()).then_some(points)
}

/// Whether `p` lies inside the closed ring (even–odd rule, planar: fine at
/// the scale of a park).
pub fn inside(p: LatLon, ring: &[LatLon]) -> bool {
    let mut inside = false;
    for pair in ring.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if (a.lat > p.lat) != (b.lat > p.lat) {
            let lon_at = a.lon + (p.lat - a.lat) / (b.lat - a.lat) * (b.lon - a.lon);
            if p.lon < lon_at {
                inside = !inside;
            }
        }
    }
    inside
}

/// Great-circle distance in metres.
pub fn distance_m(a: LatLon, b: LatLon) -> f64 {
    const EARTH_RADIUS_M: f64 = 6_371_008.8;
    let (phi1, phi2) = (a.lat.to_radians(), b.lat.to_radians());
    let dphi = phi2 - phi1;
    let dlambda = (b.lon - a.lon).to_radians();
    let h = (dphi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (dlambda / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
}

/// Orders floats that are known not to be NaN.
pub fn cmp_f64(a: f64, b: f64) -> Ordering {
    a.partial_cmp(&b).unwrap_or(Ordering::Equal)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn tennis_among_sports_counts() {
        assert!(is_tennis_pitch(&tags(&[
            ("leisure", "pitch"),
            ("sport", "tennis")
        ])));
        assert!(is_tennis_pitch(&tags(&[
            ("leisure", "pitch"),
            ("sport", "padel; Tennis")
        ])));
        assert!(!is_tennis_pitch(&tags(&[
            ("leisure", "pitch"),
            ("sport", "padel")
        ])));
        assert!(!is_tennis_pitch(&tags(&[
            ("leisure", "pitch"),
            ("sport", "table_tennis")
        ])));
        assert!(!is_tennis_pitch(&tags(&[
            ("leisure", "sports_centre"),
            ("sport", "tennis")
        ])));
        assert!(!is_tennis_pitch(&tags(&[("sport", "tennis")])));
    }

    #[test]
    fn areas_are_sports_centres_clubs_and_parks() {
        assert_eq!(
            area_kind(&tags(&[("leisure", "sports_centre")])),
            Some(AreaKind::SportsCentre)
        );
        assert_eq!(
            area_kind(&tags(&[("club", "sport"), ("sport", "tennis")])),
            Some(AreaKind::SportsCentre)
        );
        assert_eq!(
            area_kind(&tags(&[("leisure", "park")])),
            Some(AreaKind::Park)
        );
        assert_eq!(area_kind(&tags(&[("leisure", "pitch")])), None);
    }

    #[test]
    fn ways_are_placed_by_center_geometry_or_nodes() {
        let doc = parse(
            r#"{"version":0.6,"elements":[
              {"type":"node","id":1,"lat":63.0,"lon":20.0},
              {"type":"node","id":2,"lat":63.002,"lon":20.0},
              {"type":"node","id":3,"lat":63.002,"lon":20.004},
              {"type":"way","id":10,"nodes":[1,2,3,1],"tags":{"leisure":"pitch","sport":"tennis"}},
              {"type":"way","id":11,"center":{"lat":63.5,"lon":20.5},"tags":{"leisure":"pitch","sport":"tennis"}},
              {"type":"way","id":12,"geometry":[{"lat":64.0,"lon":21.0},{"lat":64.002,"lon":21.0},{"lat":64.0,"lon":21.0}],"tags":{"leisure":"pitch","sport":"tennis"}},
              {"type":"way","id":13,"nodes":[99,98],"tags":{"leisure":"pitch","sport":"tennis"}},
              {"type":"node","id":14,"lat":63.1,"lon":20.1,"tags":{"leisure":"pitch","sport":"tennis;padel"}},
              {"type":"relation","id":15,"members":[{"type":"way","ref":10,"role":"outer"}],"tags":{"leisure":"pitch","sport":"tennis"}}
            ]}"#,
        )
        .unwrap();
        let x = extract(&doc);
        let at = |kind, id| {
            x.pitches
                .iter()
                .find(|p| p.osm == OsmRef { kind, id })
                .unwrap()
                .position
        };
        let w10 = at(Kind::Way, 10);
        // The closing node counts once.
        assert!(
            (w10.lat - (63.0 + 63.002 + 63.002) / 3.0).abs() < 1e-9,
            "{w10:?}"
        );
        assert!(
            (w10.lon - (20.0 + 20.0 + 20.004) / 3.0).abs() < 1e-9,
            "{w10:?}"
        );
        assert_eq!(
            at(Kind::Way, 11),
            LatLon {
                lat: 63.5,
                lon: 20.5
            }
        );
        let w12 = at(Kind::Way, 12);
        assert!(
            (w12.lat - 64.001).abs() < 1e-9,
            "closing point counted once"
        );
        assert_eq!(
            at(Kind::Node, 14),
            LatLon {
                lat: 63.1,
                lon: 20.1
            }
        );
        assert_eq!(at(Kind::Relation, 15), w10);
        assert_eq!(
            x.unplaced,
            vec![OsmRef {
                kind: Kind::Way,
                id: 13
            }]
        );
        assert_eq!(x.pitches.len(), 5);
        assert_eq!(x.pitches[0].osm.to_string(), "node/14");
    }

    #[test]
    fn bad_input_is_refused_with_a_reason() {
        let err = |s: &str| parse(s).unwrap_err().to_string();
        assert!(err("{").starts_with("not valid JSON"), "{}", err("{"));
        assert!(err("[1,2]").starts_with("not Overpass JSON"));
        assert!(err(r#"{"type":"FeatureCollection","features":[]}"#).contains("elements"));
        let e = err(r#"{"elements":[{"type":"node","id":"x"}]}"#);
        assert!(e.contains("elements[0].id"), "{e}");
        let e = err(r#"{"elements":[],"remark":"runtime error: Query timed out"}"#);
        assert!(e.contains("incomplete"), "{e}");
        assert!(parse(r#"{"elements":[]} x"#).is_err());
        assert!(
            parse(r#"{"version":0.6,"generator":"Overpass API","osm3s":{},"elements":[]}"#).is_ok()
        );
    }

    #[test]
    fn points_in_rings_and_distances() {
        let ring = [
            LatLon { lat: 0.0, lon: 0.0 },
            LatLon { lat: 0.0, lon: 1.0 },
            LatLon { lat: 1.0, lon: 1.0 },
            LatLon { lat: 1.0, lon: 0.0 },
            LatLon { lat: 0.0, lon: 0.0 },
        ];
        assert!(inside(LatLon { lat: 0.5, lon: 0.5 }, &ring));
        assert!(!inside(LatLon { lat: 1.5, lon: 0.5 }, &ring));
        let umea = LatLon {
            lat: 63.8258,
            lon: 20.263,
        };
        let north = LatLon {
            lat: 63.8258 + 0.001,
            lon: 20.263,
        };
        assert!((distance_m(umea, north) - 111.2).abs() < 0.5);
    }
}
