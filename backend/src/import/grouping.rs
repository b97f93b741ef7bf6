//! From tennis pitches to venues.
//!
//! The rule, kept simple on purpose (OSM maps the same club in many ways):
//!
//! 1. **Groups.** Pitches whose positions are within [`LINK_M`] (150 m) of
//!    each other belong to one venue, transitively (single linkage: a row of
//!    courts 40 m apart is one venue however long it is).
//! 2. **Key.** A venue's OSM key is its smallest member pitch (`node/…` before
//!    `way/…` before `relation/…`, then by number), so it stays the same as
//!    long as that pitch does.
//! 3. **Name**, the first that applies:
//!    a named sports centre or sports club (`leisure=sports_centre`,
//!    `club=sport`/`club=tennis`) that contains a member pitch (closed way
//!    with an outline in the file) or lies within 150 m of one, the nearest
//!    to the group's centre winning; else the `name` all member pitches
//!    share (two or more); else a named park found the same way; else a lone
//!    pitch's own `name`; else "Tennisbanor vid
//!    STREET" from an `addr:street`; else the `operator` every member
//!    shares ("Tennisbanor, OPERATOR"); else "Tennisbanor (OSM way 123)".
//! 4. **Address and city** from `addr:street` + `addr:housenumber` and
//!    `addr:city` of the named area, else of the first member pitch that has
//!    them; the city falls back to `--city`.
//! 5. **Position**: the mean of the member pitches' positions.
//! 6. **Operator** from the first `operator` tag of the area or a member
//!    pitch (set on new venues only).
//! 7. **Opening hours** from the first `opening_hours` tag of the area or a
//!    member pitch that [`tags::opening_hours`] understands.
//! 8. **Courts**: one per pitch, named by its `name` (unless that names the
//!    venue) or `ref`, else "Bana N" with the lowest N not taken
//!    in the venue, in key order.

use std::collections::HashSet;

use super::{
    osm::{cmp_f64, distance_m, inside, mean, Area, AreaKind, Extract, LatLon, OsmRef, Pitch},
    tags::{self, tag, Week},
};

/// Pitches this close (metres) are one venue; areas this close name it.
pub const LINK_M: f64 = 150.0;

/// Metres per degree of latitude (a bound for the sweep below).
const M_PER_DEG_LAT: f64 = 111_000.0;

/// Single-linkage groups of points within `max_m` of each other: indices
/// into `points`, each group ascending, groups ordered by their first index.
pub fn cluster(points: &[LatLon], max_m: f64) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..points.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    // Sweep in latitude order: only points within max_m of latitude can link.
    let mut by_lat: Vec<usize> = (0..points.len()).collect();
    by_lat.sort_by(|&a, &b| cmp_f64(points[a].lat, points[b].lat));
    let max_dlat = max_m / M_PER_DEG_LAT * 1.01;
    for (n, &i) in by_lat.iter().enumerate() {
        for &j in &by_lat[n + 1..] {
            if points[j].lat - points[i].lat > max_dlat {
                break;
            }
            if distance_m(points[i], points[j]) <= max_m {
                let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                if ri != rj {
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of_root = std::collections::HashMap::new();
    for i in 0..points.len() {
        let r = root(&mut parent, i);
        let g = *group_of_root.entry(r).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    groups
}

/// A venue as the file describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct VenuePlan {
    pub key: OsmRef,
    pub name: String,
    pub address: String,
    /// Empty when neither the file nor `--city` says.
    pub city: String,
    pub position: LatLon,
    /// `None`: no `opening_hours` tag the import understands.
    pub hours: Option<Week>,
    /// An `opening_hours` value that was there but not understood.
    pub unparsed_hours: Option<String>,
    pub description: String,
    /// Who runs it: the first `operator` tag of the area or a member pitch.
    pub operator: String,
    pub courts: Vec<CourtPlan>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CourtPlan {
    pub osm: OsmRef,
    pub name: String,
    pub surface: &'static str,
    pub indoor: bool,
}

/// Groups the pitches of `extract` into venues, ordered by key.
pub fn plan(extract: &Extract, default_city: &str) -> Vec<VenuePlan> {
    let points: Vec<LatLon> = extract.pitches.iter().map(|p| p.position).collect();
    let mut venues: Vec<VenuePlan> = cluster(&points, LINK_M)
        .into_iter()
        .map(|members| {
            let pitches: Vec<&Pitch> = members.iter().map(|&i| &extract.pitches[i]).collect();
            venue(&pitches, &extract.areas, default_city)
        })
        .collect();
    venues.sort_by_key(|v| v.key);
    venues
}

/// One group's venue; `pitches` are in key order.
fn venue(pitches: &[&Pitch], areas: &[Area], default_city: &str) -> VenuePlan {
    let key = pitches[0].osm;
    let position = mean(pitches.iter().map(|p| p.position)).expect("a group has a pitch");
    let nearest_area = |kind: AreaKind| {
        areas
            .iter()
            .filter(|a| a.kind == kind)
            .filter(|a| {
                pitches.iter().any(|p| {
                    a.ring.as_deref().is_some_and(|r| inside(p.position, r))
                        || distance_m(p.position, a.position) <= LINK_M
                })
            })
            .min_by(|a, b| {
                cmp_f64(
                    distance_m(position, a.position),
                    distance_m(position, b.position),
                )
                .then(a.osm.cmp(&b.osm))
            })
    };
    let centre = nearest_area(AreaKind::SportsCentre);
    let park = nearest_area(AreaKind::Park);
    let shared = |key: &str| -> Option<String> {
        let first = tag(&pitches[0].tags, key)?;
        pitches
            .iter()
            .all(|p| tag(&p.tags, key) == Some(first))
            .then(|| first.to_string())
    };
    let shared_name = shared("name");
    // Where address, city and opening hours are looked for, in order.
    let sources: Vec<&tags::Tags> = centre
        .or(park)
        .map(|a| &a.tags)
        .into_iter()
        .chain(pitches.iter().map(|p| &p.tags))
        .collect();
    let street_tags = sources.iter().find(|t| tag(t, "addr:street").is_some());
    let street = street_tags.and_then(|t| tag(t, "addr:street"));
    let address = match street_tags {
        Some(t) => match tag(t, "addr:housenumber") {
            Some(number) => format!("{} {number}", street.unwrap_or_default()),
            None => street.unwrap_or_default().to_string(),
        },
        None => String::new(),
    };
    let city = sources
        .iter()
        .find_map(|t| tag(t, "addr:city"))
        .unwrap_or(default_city.trim())
        .to_string();

    let several = pitches.len() > 1;
    let name = if let Some(centre) = centre {
        centre.name.clone()
    } else if let Some(name) = shared_name.clone().filter(|_| several) {
        name
    } else if let Some(park) = park {
        park.name.clone()
    } else if let Some(name) = shared_name {
        name
    } else if let Some(street) = street {
        format!("Tennisbanor vid {street}")
    } else if let Some(operator) = shared("operator") {
        format!("Tennisbanor, {operator}")
    } else {
        format!("Tennisbanor (OSM {} {})", key.kind.as_str(), key.id)
    };

    let mut hours = None;
    let mut unparsed_hours = None;
    for t in &sources {
        if let Some(value) = tag(t, "opening_hours") {
            match tags::opening_hours(value) {
                Some(week) => {
                    hours = Some(week);
                    break;
                }
                None => {
                    unparsed_hours.get_or_insert_with(|| value.to_string());
                }
            }
        }
    }
    if hours.is_some() {
        unparsed_hours = None;
    }

    // Court names: own name or ref first, then the free "Bana N"s.
    let own: Vec<Option<String>> = pitches
        .iter()
        .map(|p| tags::court_name(&p.tags, tag(&p.tags, "name") != Some(name.as_str())))
        .collect();
    let mut taken: HashSet<String> = own.iter().flatten().cloned().collect();
    let mut next = 1;
    let courts = pitches
        .iter()
        .zip(own)
        .map(|(p, own)| {
            let name = own.unwrap_or_else(|| loop {
                let candidate = format!("Bana {next}");
                next += 1;
                if taken.insert(candidate.clone()) {
                    break candidate;
                }
            });
            CourtPlan {
                osm: p.osm,
                name,
                surface: tags::surface(&p.tags),
                indoor: tags::indoor(&p.tags),
            }
        })
        .collect();

    let refs: Vec<String> = pitches.iter().map(|p| p.osm.to_string()).collect();
    let description = format!(
        "Tennis courts from OpenStreetMap ({}). Map data © OpenStreetMap contributors, ODbL.",
        refs.join(", ")
    );
    let operator = sources
        .iter()
        .find_map(|t| tag(t, "operator"))
        .unwrap_or_default()
        .to_string();
    VenuePlan {
        key,
        operator,
        name,
        address,
        city,
        position,
        hours,
        unparsed_hours,
        description,
        courts,
    }
}

#[cfg(test)]
mod tests {
    use super::super::osm::{extract, parse, Kind};
    use super::*;

    /// A point `north_m`/`east_m` metres from a spot in Umeå.
    fn at(north_m: f64, east_m: f64) -> LatLon {
        let (lat, lon) = (63.8258, 20.263);
        LatLon {
            lat: lat + north_m / 111_195.0,
            lon: lon + east_m / (111_195.0 * lat.to_radians().cos()),
        }
    }

    #[test]
    fn clusters_link_transitively_within_150_m() {
        let points = [
            at(0.0, 0.0),
            at(0.0, 2000.0),
            at(100.0, 0.0),
            at(200.0, 0.0), // 100 m from the one before: same group
            at(0.0, 2140.0),
            at(0.0, 2300.0), // 160 m from the one before: its own group
            at(5000.0, 0.0),
        ];
        assert_eq!(
            cluster(&points, LINK_M),
            vec![vec![0, 2, 3], vec![1, 4], vec![5], vec![6]]
        );
        assert_eq!(cluster(&[], LINK_M), Vec::<Vec<usize>>::new());
    }

    #[test]
    fn clusters_do_not_depend_on_order() {
        // A chain along a meridian given out of order.
        let points: Vec<LatLon> = [4, 0, 3, 1, 2]
            .iter()
            .map(|&k| at(k as f64 * 120.0, 0.0))
            .collect();
        assert_eq!(cluster(&points, LINK_M), vec![vec![0, 1, 2, 3, 4]]);
    }

    fn doc(elements: &str) -> Vec<VenuePlan> {
        let doc = parse(&format!(r#"{{"version":0.6,"elements":[{elements}]}}"#)).unwrap();
        plan(&extract(&doc), "Umeå")
    }

    #[test]
    fn a_named_sports_centre_names_its_pitches() {
        let venues = doc(r#"
            {"type":"node","id":5,"lat":63.8200,"lon":20.3000,"tags":{"leisure":"pitch","sport":"tennis","surface":"clay"}},
            {"type":"node","id":6,"lat":63.8201,"lon":20.3003,"tags":{"leisure":"pitch","sport":"tennis","ref":"7"}},
            {"type":"node","id":7,"lat":63.8202,"lon":20.3006,"tags":{"leisure":"pitch","sport":"tennis"}},
            {"type":"way","id":90,"center":{"lat":63.8206,"lon":20.3010},"tags":{"leisure":"sports_centre","name":"Hallen","addr:street":"Idrottsvägen","addr:housenumber":"2","addr:city":"Holmsund","opening_hours":"Mo-Fr 06:00-23:00; Sa,Su 08:00-20:00"}},
            {"type":"way","id":91,"center":{"lat":63.8203,"lon":20.3004},"tags":{"leisure":"park","name":"Parken"}}
        "#);
        assert_eq!(venues.len(), 1);
        let v = &venues[0];
        assert_eq!(v.key.to_string(), "node/5");
        assert_eq!(v.name, "Hallen", "a sports centre beats a nearer park");
        assert_eq!(v.address, "Idrottsvägen 2");
        assert_eq!(v.city, "Holmsund");
        assert_eq!(v.operator, "");
        assert_eq!(v.hours.unwrap()[5].unwrap().opens_min, 8 * 60);
        let names: Vec<&str> = v.courts.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["Bana 1", "Bana 7", "Bana 2"]);
        assert_eq!(v.courts[0].surface, "clay");
        assert!((v.position.lat - 63.8201).abs() < 1e-9);
    }

    #[test]
    fn names_fall_back_from_shared_name_to_park_street_operator_and_ref() {
        let shared = doc(r#"
            {"type":"node","id":1,"lat":63.80,"lon":20.20,"tags":{"leisure":"pitch","sport":"tennis","name":"Strandens tennis"}},
            {"type":"node","id":2,"lat":63.8001,"lon":20.20,"tags":{"leisure":"pitch","sport":"tennis","name":"Strandens tennis"}},
            {"type":"node","id":3,"lat":63.8002,"lon":20.2004,"tags":{"leisure":"park","name":"Strandparken"}}
        "#);
        assert_eq!(shared[0].name, "Strandens tennis");
        assert_eq!(
            shared[0].courts[0].name, "Bana 1",
            "the venue's name is no court name"
        );

        let park = doc(r#"
            {"type":"way","id":1,"geometry":[{"lat":63.80,"lon":20.20},{"lat":63.8003,"lon":20.20},{"lat":63.8003,"lon":20.2005},{"lat":63.80,"lon":20.20}],"tags":{"leisure":"pitch","sport":"tennis","name":"Uppvisningsbanan"}},
            {"type":"way","id":3,"geometry":[{"lat":63.79,"lon":20.19},{"lat":63.83,"lon":20.19},{"lat":63.83,"lon":20.21},{"lat":63.79,"lon":20.21},{"lat":63.79,"lon":20.19}],"tags":{"leisure":"park","name":"Stora parken"}}
        "#);
        assert_eq!(
            park[0].name, "Stora parken",
            "inside the park's outline, far from its centre"
        );
        assert_eq!(park[0].courts[0].name, "Uppvisningsbanan");
        assert_eq!(park[0].city, "Umeå", "--city");

        let street = doc(
            r#"{"type":"node","id":1,"lat":63.80,"lon":20.20,"tags":{"leisure":"pitch","sport":"tennis","addr:street":"Storgatan","operator":"Umeå kommun"}}"#,
        );
        assert_eq!(street[0].name, "Tennisbanor vid Storgatan");
        assert_eq!(street[0].address, "Storgatan");
        assert_eq!(street[0].operator, "Umeå kommun");

        let operator = doc(
            r#"{"type":"node","id":1,"lat":63.80,"lon":20.20,"tags":{"leisure":"pitch","sport":"tennis","operator":"Umeå kommun"}}"#,
        );
        assert_eq!(operator[0].name, "Tennisbanor, Umeå kommun");

        let bare = doc(r#"
            {"type":"way","id":456,"center":{"lat":63.80,"lon":20.20},"tags":{"leisure":"pitch","sport":"tennis","opening_hours":"sunrise-sunset"}},
            {"type":"way","id":123,"center":{"lat":63.80,"lon":20.201},"tags":{"leisure":"pitch","sport":"tennis"}}
        "#);
        assert_eq!(bare[0].name, "Tennisbanor (OSM way 123)");
        assert_eq!(
            bare[0].key,
            OsmRef {
                kind: Kind::Way,
                id: 123
            }
        );
        assert_eq!(bare[0].hours, None);
        assert_eq!(bare[0].unparsed_hours.as_deref(), Some("sunrise-sunset"));
        assert_eq!(bare[0].address, "");
    }

    #[test]
    fn far_areas_do_not_name_a_venue() {
        let venues = doc(r#"
            {"type":"node","id":1,"lat":63.80,"lon":20.20,"tags":{"leisure":"pitch","sport":"tennis"}},
            {"type":"node","id":2,"lat":63.81,"lon":20.20,"tags":{"leisure":"sports_centre","name":"Långt bort"}}
        "#);
        assert_eq!(venues[0].name, "Tennisbanor (OSM node 1)");
    }
}
