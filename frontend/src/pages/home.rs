//! `/` — find a court: "near me" (or a city), filters, and the results on a
//! map and as a list (the accessible alternative; phones show one at a time,
//! wide screens both). The whole search lives in the query string
//! ([`SearchQuery`]) so it can be shared and survives a reload.

use shared::{FreeTime, VenueHit, VenuePage};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::{use_title, BookQuery, Route};
use crate::components::geo::{self, GeoError};
use crate::components::map::VenueMap;
use crate::components::problem::ErrorBox;
use crate::components::skeleton::{LoadingAnnouncement, SkeletonLines};
use crate::format::{capitalise, full_address};
use crate::load::{use_load, Load};
use crate::search::{
    distance, format_local, free_label, SearchQuery, Window, CITIES, DURATIONS, PLACES, SORTS,
    SPORTS, SURFACES,
};

/// Where "near me" is.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Locating {
    Idle,
    Busy,
    Failed(GeoError),
}

#[function_component(Home)]
pub fn home() -> Html {
    use_title(String::new());
    let navigator = use_navigator();
    let query = use_location()
        .and_then(|l| l.query::<SearchQuery>().ok())
        .unwrap_or_default();

    // Change the search: the URL is the state.
    let set_query = {
        let navigator = navigator.clone();
        Callback::from(move |q: SearchQuery| {
            if let Some(nav) = &navigator {
                let _ = nav.replace_with_query(&Route::Home, &q);
            }
        })
    };
    let update = {
        let set_query = set_query.clone();
        let query = query.clone();
        move |f: fn(&mut SearchQuery, String)| {
            let set_query = set_query.clone();
            let query = query.clone();
            Callback::from(move |value: String| {
                let mut q = query.clone();
                f(&mut q, value);
                set_query.emit(q);
            })
        }
    };

    let (config, retry_config) = use_load((), |()| api::config());
    // The view (map or list) is not part of what is searched.
    let searched = SearchQuery {
        view: None,
        ..query.clone()
    };
    let (results, retry_results) = use_load(searched, |q: SearchQuery| {
        api::search(q.api_query(chrono::Utc::now()))
    });
    let last_hits = use_mut_ref(Vec::<VenueHit>::new);
    if let Load::Ready(page) = &*results {
        *last_hits.borrow_mut() = page.venues.clone();
    }

    let locating = use_state(|| Locating::Idle);
    let choosing_city = use_state(|| false);
    let on_near_me = {
        let locating = locating.clone();
        let set_query = set_query.clone();
        let query = query.clone();
        Callback::from(move |_: MouseEvent| {
            if *locating == Locating::Busy {
                return;
            }
            locating.set(Locating::Busy);
            let (locating, set_query, query) = (locating.clone(), set_query.clone(), query.clone());
            spawn_local(async move {
                match geo::current_position().await {
                    Ok((lat, lon)) => {
                        locating.set(Locating::Idle);
                        set_query.emit(SearchQuery {
                            lat: Some(format!("{lat:.5}")),
                            lon: Some(format!("{lon:.5}")),
                            near: Some("me".into()),
                            sort: Some("distance".into()),
                            ..query
                        });
                    }
                    Err(e) => locating.set(Locating::Failed(e)),
                }
            });
        })
    };
    let on_city = {
        let set_query = set_query.clone();
        let query = query.clone();
        let locating = locating.clone();
        let choosing_city = choosing_city.clone();
        Callback::from(move |(name, lat, lon): (&'static str, f64, f64)| {
            locating.set(Locating::Idle);
            choosing_city.set(false);
            set_query.emit(SearchQuery {
                lat: Some(format!("{lat:.4}")),
                lon: Some(format!("{lon:.4}")),
                near: Some(name.into()),
                sort: Some("distance".into()),
                ..query.clone()
            });
        })
    };
    let on_everywhere = {
        let set_query = set_query.clone();
        let query = query.clone();
        Callback::from(move |_: MouseEvent| {
            set_query.emit(SearchQuery {
                lat: None,
                lon: None,
                near: None,
                sort: None,
                ..query.clone()
            })
        })
    };
    let toggle_cities = {
        let choosing_city = choosing_city.clone();
        Callback::from(move |_: MouseEvent| choosing_city.set(!*choosing_city))
    };

    let list_view = query.list_view();
    let set_view = {
        let set_query = set_query.clone();
        let query = query.clone();
        Callback::from(move |list: bool| {
            set_query.emit(SearchQuery {
                view: list.then(|| "list".to_string()),
                ..query.clone()
            })
        })
    };
    let windowed = query.window() != Window::Any;

    // --- Where: near me / city -------------------------------------------
    let near = query.near_label();
    let where_bar = html! {
        <div class="where">
            <div class="where-actions">
                <button type="button" class="button button-primary near-me" onclick={on_near_me}
                    disabled={*locating == Locating::Busy} aria-busy={(*locating == Locating::Busy).then_some("true")}>
                    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                        <path fill="currentColor" d="M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zm8.94 3A9 9 0 0 0 13 3.06V1h-2v2.06A9 9 0 0 0 3.06 11H1v2h2.06A9 9 0 0 0 11 20.94V23h2v-2.06A9 9 0 0 0 20.94 13H23v-2h-2.06zM12 19a7 7 0 1 1 0-14 7 7 0 0 1 0 14z"/>
                    </svg>
                    { if *locating == Locating::Busy { "Locating…" } else { "Near me" } }
                </button>
                <button type="button" class="button button-secondary" onclick={toggle_cities}
                    aria-expanded={(*choosing_city).to_string()} aria-controls="city-choice">
                    { "Choose a city" }
                </button>
            </div>
            if let Locating::Failed(e) = *locating {
                <div class="notice notice-warning" role="alert">
                    <p>{ e.message() }</p>
                </div>
            }
            if *choosing_city || matches!(*locating, Locating::Failed(_)) {
                <fieldset class="city-choice" id="city-choice">
                    <legend>{ "Search near" }</legend>
                    <div class="city-buttons">
                        { for CITIES.iter().map(|&(name, lat, lon)| {
                            let onclick = on_city.reform(move |_: MouseEvent| (name, lat, lon));
                            let current = near.as_deref() == Some(name);
                            html! { <button type="button" class="button button-small button-secondary" {onclick}
                                aria-pressed={current.to_string()}>{ name }</button> }
                        }) }
                    </div>
                </fieldset>
            }
            if let Some(near) = &near {
                <p class="where-now">
                    { format!("Near {near}") }
                    <button type="button" class="link-button" onclick={on_everywhere}>{ "Show everywhere" }</button>
                </p>
            }
        </div>
    };

    // --- Filters -----------------------------------------------------------
    let custom = query.window() == Window::Custom;
    let now = chrono::Utc::now();
    let custom_from = query
        .custom_from()
        .map(format_local)
        .unwrap_or_else(|| format_local(now));
    let custom_to = query
        .custom_to()
        .map(format_local)
        .unwrap_or_else(|| format_local(now + chrono::Duration::hours(3)));
    let custom_error = match (query.custom_from(), query.custom_to()) {
        (Some(from), Some(to)) if custom && to <= from => Some("Choose a time after “From”."),
        _ => None,
    };
    let n_filters = query.active_filters();
    let on_clear = {
        let set_query = set_query.clone();
        let query = query.clone();
        Callback::from(move |_: MouseEvent| {
            set_query.emit(SearchQuery {
                view: query.view.clone(),
                lat: query.lat.clone(),
                lon: query.lon.clone(),
                near: query.near.clone(),
                sort: query.sort.clone(),
                ..Default::default()
            })
        })
    };
    let filters = html! {
        <details class="filters" open={n_filters > 0}>
            <summary>
                { "Filters" }
                if n_filters > 0 { <span class="filter-count">{ format!(" ({n_filters})") }</span> }
            </summary>
            <form class="filter-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                { select("f-sport", "Sport", SPORTS, query.sport(), update(|q, v| q.sport = some(v))) }
                { select("f-place", "Indoor or outdoor", PLACES, query.place(), update(|q, v| q.place = some(v))) }
                { select("f-surface", "Surface", SURFACES, query.surface(), update(|q, v| q.surface = some(v))) }
                { select_owned("f-window", "When",
                    &Window::ALL.iter().map(|w| (w.key(), w.label())).collect::<Vec<_>>(),
                    query.window().key(),
                    update(|q, v| { q.window = (v != "any").then_some(v); if q.window.as_deref() != Some("custom") { q.from = None; q.to = None; } })) }
                if custom {
                    <div class="field-row">
                        { datetime("f-from", "From", &custom_from, update(|q, v| q.from = some(v)), None) }
                        { datetime("f-to", "To", &custom_to, update(|q, v| q.to = some(v)), custom_error) }
                    </div>
                }
                { select("f-min", "Free for at least", DURATIONS, query.min(), update(|q, v| q.min = some(v))) }
                { select("f-sort", "Sort", SORTS, query.sort(), update(|q, v| q.sort = some(v))) }
                if query.sort() == "distance" && query.position().is_none() {
                    <p class="hint">{ "Use “Near me” or choose a city to sort by distance." }</p>
                }
                if n_filters > 0 {
                    <button type="button" class="button button-secondary button-small" onclick={on_clear}>{ "Clear filters" }</button>
                }
            </form>
        </details>
    };

    // --- Results -----------------------------------------------------------
    let summary = match &*results {
        Load::Loading => "Searching…".to_string(),
        Load::Failed(_) => String::new(),
        Load::Ready(page) => result_summary(page, near.as_deref(), windowed),
    };
    let map = match &*config {
        Load::Ready(config) => html! {
            <VenueMap config={config.clone()} hits={last_hits.borrow().clone()}
                center={query.position()} {windowed} visible={!list_view} />
        },
        Load::Failed(problem) => {
            html! { <ErrorBox problem={problem.clone()} on_retry={retry_config} /> }
        }
        Load::Loading => {
            html! { <div class="map map-placeholder skeleton" aria-hidden="true"></div> }
        }
    };
    let list = match &*results {
        Load::Loading => html! {
            <>
                <LoadingAnnouncement text="Searching for courts…" />
                <ul class="venue-list" aria-hidden="true">
                    { for (0..3).map(|_| html! { <li class="venue-card"><SkeletonLines lines={3} /></li> }) }
                </ul>
            </>
        },
        Load::Failed(problem) => {
            html! { <ErrorBox problem={problem.clone()} on_retry={retry_results} /> }
        }
        Load::Ready(page) if page.venues.is_empty() => html! {
            <div class="empty-results">
                <p class="notice-title">{ "No courts match this search." }</p>
                <p class="muted">{ "Try a longer time window, a shorter duration, another sport — or search everywhere." }</p>
            </div>
        },
        Load::Ready(page) => html! {
            <ul class="venue-list">
                { for page.venues.iter().map(|hit| venue_item(hit, windowed)) }
            </ul>
        },
    };

    let view_toggle = html! {
        <div class="view-toggle" role="group" aria-label="Show results as">
            <button type="button" aria-pressed={(!list_view).to_string()} onclick={set_view.reform(|_| false)}>{ "Map" }</button>
            <button type="button" aria-pressed={list_view.to_string()} onclick={set_view.reform(|_| true)}>{ "List" }</button>
        </div>
    };

    html! {
        <div class="page page-home">
            <h1>{ "Find a free court" }</h1>
            { where_bar }
            { filters }
            <div class="results-head">
                <p class="result-count" role="status">{ summary }</p>
                { view_toggle }
            </div>
            <div class={classes!("results", if list_view { "show-list" } else { "show-map" })}>
                <div class="results-map">{ map }</div>
                <section class="results-list" aria-labelledby="venues-heading">
                    <h2 id="venues-heading" class="visually-hidden">{ "Venues" }</h2>
                    { list }
                </section>
            </div>
        </div>
    }
}

fn some(v: String) -> Option<String> {
    Some(v).filter(|v| !v.is_empty())
}

fn result_summary(page: &VenuePage, near: Option<&str>, windowed: bool) -> String {
    let n = page.total;
    let what = match (n, windowed) {
        (1, true) => "1 venue with free courts".to_string(),
        (n, true) => format!("{n} venues with free courts"),
        (1, false) => "1 venue".to_string(),
        (n, false) => format!("{n} venues"),
    };
    let mut text = match near {
        Some(near) => format!("{what} near {near}"),
        None => what,
    };
    if page.total as usize > page.venues.len() {
        text.push_str(&format!(" (showing the first {})", page.venues.len()));
    }
    text
}

fn select(
    id: &'static str,
    label: &'static str,
    options: &[(&'static str, &'static str)],
    value: &str,
    on_change: Callback<String>,
) -> Html {
    select_owned(id, label, options, value, on_change)
}

fn select_owned(
    id: &'static str,
    label: &'static str,
    options: &[(&'static str, &'static str)],
    value: &str,
    on_change: Callback<String>,
) -> Html {
    let onchange =
        on_change.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    html! {
        <div class="field field-select">
            <label for={id}>{ label }</label>
            <select {id} name={id} {onchange}>
                { for options.iter().map(|(k, text)| html! {
                    <option value={*k} selected={*k == value}>{ *text }</option>
                }) }
            </select>
        </div>
    }
}

fn datetime(
    id: &'static str,
    label: &'static str,
    value: &str,
    on_change: Callback<String>,
    error: Option<&'static str>,
) -> Html {
    let onchange =
        on_change.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().value());
    let error_id = format!("{id}-error");
    html! {
        <div class={classes!("field", error.is_some().then_some("field-invalid"))}>
            <label for={id}>{ label }</label>
            <input type="datetime-local" {id} name={id} value={value.to_string()} {onchange}
                aria-invalid={error.map(|_| "true")} aria-describedby={error.map(|_| error_id.clone())} />
            if let Some(message) = error {
                <p class="field-error" id={error_id}>{ message }</p>
            }
        </div>
    }
}

fn venue_item(hit: &VenueHit, windowed: bool) -> Html {
    let venue = &hit.venue;
    let now = chrono::Utc::now();
    let label = free_label(hit.next_free.first(), now, windowed);
    let courts = match venue.court_count {
        1 => "1 court".to_string(),
        n => format!("{n} courts"),
    };
    let sports = venue
        .sports
        .iter()
        .map(|s| capitalise(s))
        .collect::<Vec<_>>()
        .join(", ");
    let surfaces = hit
        .surfaces
        .iter()
        .map(|s| capitalise(s).to_lowercase())
        .collect::<Vec<_>>()
        .join(", ");
    let place = if hit.indoor { "Indoor" } else { "Outdoor" };
    let meta = [sports, place.to_string(), surfaces, courts]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let label_class = match label.as_str() {
        "Free now" => "venue-free",
        l if l.starts_with("Next free") => "venue-free venue-free-later",
        _ => "venue-free venue-free-none",
    };
    let times_label = format!("Book a free time at {}", venue.name);
    html! {
        <li class="venue-card" key={venue.id}>
            <Link<Route> to={Route::Venue { id: venue.id }} classes="venue-link">
                <span class="venue-name">{ &venue.name }</span>
                <span class="venue-address">{ full_address(venue) }
                    if let Some(m) = hit.distance_m {
                        <span class="venue-distance">{ format!(" · {}", distance(m)) }</span>
                    }
                </span>
                <span class="venue-meta">{ meta }</span>
                <span class={label_class}>{ label }</span>
            </Link<Route>>
            if !hit.next_free.is_empty() {
                <ul class="free-times" aria-label={times_label}>
                    { for hit.next_free.iter().map(|f| free_time_link(venue.id, f)) }
                </ul>
            }
        </li>
    }
}

/// A next free time as a link straight to booking it: "18:00 Bana 1".
fn free_time_link(venue: i64, free: &FreeTime) -> Html {
    let today = chrono::Local::now().date_naive();
    let day = if free.local_date == today {
        None
    } else if today.succ_opt() == Some(free.local_date) {
        Some("Tomorrow".to_string())
    } else {
        Some(free.local_date.format("%a %-d %b").to_string())
    };
    let query = BookQuery {
        venue,
        court: free.court_id,
        date: free.local_date,
        start: free.starts_at,
    };
    html! {
        <li key={format!("{}-{}", free.court_id, free.starts_at.timestamp())}>
            <Link<Route, BookQuery> to={Route::Book} query={Some(query)} classes="free-time">
                <span class="visually-hidden">{ "Book " }</span>
                if let Some(day) = day { <span class="free-day">{ day }{ " " }</span> }
                <span class="free-start">{ &free.local_start }</span>
                <span class="free-court">{ " " }{ &free.court_name }</span>
            </Link<Route, BookQuery>>
        </li>
    }
}
