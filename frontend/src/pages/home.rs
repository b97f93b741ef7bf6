//! `/` — find a court: "near me" (or a city), filters, and the results on a
//! map and as a list (the accessible alternative; phones show one at a time,
//! wide screens both). The whole search lives in the query string
//! ([`SearchQuery`]) so it can be shared and survives a reload.

use shared::{FreeTime, VenueHit, VenuePage};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::{use_title, BookQuery, Route};
use crate::components::field::{Control, Field};
use crate::components::geo::{self, GeoError};
use crate::components::map::VenueMap;
use crate::components::problem::ErrorBox;
use crate::components::skeleton::SkeletonLines;
use crate::format::{full_address, short_date, sport_label, surface_label};
use crate::i18n::msg;
use crate::load::{use_load, Load};
use crate::search::{
    distance, duration_option, format_local, free_label, free_state, place_option, sort_option,
    sport_option, surface_option, FreeState, Near, SearchQuery, Window, CITIES, DURATIONS, PLACES,
    SORTS, SPORTS, SURFACES,
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
    let near = query.near_place();
    let where_bar = html! {
        <div class="where">
            <div class="where-actions">
                <button type="button" class="button button-primary near-me" onclick={on_near_me}
                    disabled={*locating == Locating::Busy} aria-busy={(*locating == Locating::Busy).then_some("true")}>
                    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
                        <path fill="currentColor" d="M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8zm8.94 3A9 9 0 0 0 13 3.06V1h-2v2.06A9 9 0 0 0 3.06 11H1v2h2.06A9 9 0 0 0 11 20.94V23h2v-2.06A9 9 0 0 0 20.94 13H23v-2h-2.06zM12 19a7 7 0 1 1 0-14 7 7 0 0 1 0 14z"/>
                    </svg>
                    { if *locating == Locating::Busy { msg::home_locating() } else { msg::home_near_me() } }
                </button>
                <button type="button" class="button button-secondary" onclick={toggle_cities}
                    aria-expanded={(*choosing_city).to_string()} aria-controls="city-choice">
                    { msg::home_choose_city() }
                </button>
            </div>
            if let Locating::Failed(e) = *locating {
                <div class="notice notice-warning" role="alert">
                    <p>{ e.message() }</p>
                </div>
            }
            if *choosing_city || matches!(*locating, Locating::Failed(_)) {
                <fieldset class="city-choice" id="city-choice">
                    <legend>{ msg::home_search_near() }</legend>
                    <div class="city-buttons">
                        { for CITIES.iter().map(|&(name, lat, lon)| {
                            let onclick = on_city.reform(move |_: MouseEvent| (name, lat, lon));
                            let current = matches!(&near, Some(Near::City(city)) if city == name);
                            html! { <button type="button" class="button button-small button-secondary" {onclick}
                                aria-pressed={current.to_string()}>{ name }</button> }
                        }) }
                    </div>
                </fieldset>
            }
            if let Some(near) = &near {
                <p class="where-now">
                    { match near {
                        Near::Me => msg::home_near_you().to_string(),
                        Near::City(city) => msg::home_near_place(city),
                    } }
                    <button type="button" class="link-button" onclick={on_everywhere}>{ msg::home_show_everywhere() }</button>
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
        (Some(from), Some(to)) if custom && to <= from => Some(msg::home_custom_error()),
        _ => None,
    };
    let n_filters = query.active_filters();
    // Clearing removes the button the focus was on: the filters stay open
    // and the focus goes to their summary, not to the top of the page.
    let summary_ref = use_node_ref();
    let keep_open = use_state(|| false);
    let on_clear = {
        let set_query = set_query.clone();
        let query = query.clone();
        let (summary_ref, keep_open) = (summary_ref.clone(), keep_open.clone());
        Callback::from(move |_: MouseEvent| {
            keep_open.set(true);
            if let Some(summary) = summary_ref.cast::<web_sys::HtmlElement>() {
                let _ = summary.focus();
            }
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
        <details class="filters" open={n_filters > 0 || *keep_open}>
            <summary ref={summary_ref}>
                { msg::home_filters() }
                if n_filters > 0 { <span class="filter-count">{ format!(" ({n_filters})") }</span> }
            </summary>
            <form class="filter-form" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
                { select("f-sport", msg::home_filter_sport(), &options(SPORTS, sport_option), query.sport(), update(|q, v| q.sport = some(v))) }
                { select("f-place", msg::home_filter_place(), &options(PLACES, place_option), query.place(), update(|q, v| q.place = some(v))) }
                { select("f-surface", msg::home_filter_surface(), &options(SURFACES, surface_option), query.surface(), update(|q, v| q.surface = some(v))) }
                { select("f-window", msg::home_filter_when(),
                    &Window::ALL.iter().map(|w| (w.key(), w.label().to_string())).collect::<Vec<_>>(),
                    query.window().key(),
                    update(|q, v| { q.window = (v != "any").then_some(v); if q.window.as_deref() != Some("custom") { q.from = None; q.to = None; } })) }
                if custom {
                    <div class="field-row">
                        { datetime("f-from", msg::home_filter_from(), &custom_from, update(|q, v| q.from = some(v)), None) }
                        { datetime("f-to", msg::home_filter_to(), &custom_to, update(|q, v| q.to = some(v)), custom_error) }
                    </div>
                }
                { select("f-min", msg::home_filter_min(), &options(DURATIONS, duration_option), query.min(), update(|q, v| q.min = some(v))) }
                { select("f-sort", msg::home_filter_sort(), &options(SORTS, sort_option), query.sort(), update(|q, v| q.sort = some(v))) }
                if query.sort() == "distance" && query.position().is_none() {
                    <p class="hint">{ msg::home_sort_hint() }</p>
                }
                if n_filters > 0 {
                    <button type="button" class="button button-secondary button-small" onclick={on_clear}>{ msg::home_clear_filters() }</button>
                }
            </form>
        </details>
    };

    // --- Results -----------------------------------------------------------
    let summary = match &*results {
        Load::Loading => msg::home_searching().to_string(),
        Load::Failed(_) => String::new(),
        Load::Ready(page) => result_summary(page, near.as_ref(), windowed),
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
        // The result count above (a status region that is always there)
        // says "searching"; a second announcement would talk over it.
        Load::Loading => html! {
            <ul class="venue-list" aria-hidden="true">
                { for (0..3).map(|_| html! { <li class="venue-card"><SkeletonLines lines={3} /></li> }) }
            </ul>
        },
        Load::Failed(problem) => {
            html! { <ErrorBox problem={problem.clone()} on_retry={retry_results} /> }
        }
        Load::Ready(page) if page.venues.is_empty() => html! {
            <div class="empty-results">
                <p class="notice-title">{ msg::home_no_results() }</p>
                <p class="muted">{ msg::home_no_results_hint() }</p>
            </div>
        },
        Load::Ready(page) => html! {
            <ul class="venue-list">
                { for page.venues.iter().map(|hit| venue_item(hit, windowed)) }
            </ul>
        },
    };

    let view_toggle = html! {
        <div class="view-toggle" role="group" aria-label={msg::home_show_as()}>
            <button type="button" aria-pressed={(!list_view).to_string()} onclick={set_view.reform(|_| false)}>{ msg::home_view_map() }</button>
            <button type="button" aria-pressed={list_view.to_string()} onclick={set_view.reform(|_| true)}>{ msg::home_view_list() }</button>
        </div>
    };

    html! {
        <div class="page page-home">
            <h1>{ msg::home_title() }</h1>
            { where_bar }
            { filters }
            <div class="results-head">
                <p class="result-count" role="status">{ summary }</p>
                { view_toggle }
            </div>
            <div class={classes!("results", if list_view { "show-list" } else { "show-map" })}>
                // The list first: on a desktop, where both show, keyboard
                // users reach the venues before the map's every marker.
                <section class="results-list" aria-labelledby="venues-heading">
                    <h2 id="venues-heading" class="visually-hidden">{ msg::home_venues_heading() }</h2>
                    { list }
                </section>
                <div class="results-map">{ map }</div>
            </div>
        </div>
    }
}

fn some(v: String) -> Option<String> {
    Some(v).filter(|v| !v.is_empty())
}

fn result_summary(page: &VenuePage, near: Option<&Near>, windowed: bool) -> String {
    let n = i64::from(page.total);
    let what = if windowed {
        msg::home_venues_free(n)
    } else {
        msg::home_venues(n)
    };
    let text = match near {
        Some(Near::Me) => msg::home_summary_near_you(what),
        Some(Near::City(city)) => msg::home_summary_near_place(city, what),
        None => what,
    };
    if page.total as usize > page.venues.len() {
        let shown = i64::try_from(page.venues.len()).unwrap_or(i64::MAX);
        msg::home_summary_truncated(shown, text)
    } else {
        text
    }
}

/// A filter's options: its keys with their labels.
fn options(keys: &[&'static str], label: fn(&str) -> String) -> Vec<(&'static str, String)> {
    keys.iter().map(|k| (*k, label(k))).collect()
}

/// A filter's choice, as the one form field.
fn select(
    id: &'static str,
    label: &'static str,
    options: &[(&'static str, String)],
    value: &str,
    on_change: Callback<String>,
) -> Html {
    let choices = options
        .iter()
        .map(|(k, text)| (AttrValue::from(*k), AttrValue::from(text.clone())))
        .collect();
    html! {
        <Field {id} {label} control={Control::Choice(choices)} value={value.to_string()} {on_change}
            class={classes!("field-select")} />
    }
}

/// A filter's date and time, as the one form field.
fn datetime(
    id: &'static str,
    label: &'static str,
    value: &str,
    on_change: Callback<String>,
    error: Option<&'static str>,
) -> Html {
    html! {
        <Field {id} {label} control={Control::DateTime} value={value.to_string()} {on_change}
            error={error.map(AttrValue::from)} />
    }
}

fn venue_item(hit: &VenueHit, windowed: bool) -> Html {
    let venue = &hit.venue;
    let now = chrono::Utc::now();
    let label = free_label(hit.next_free.first(), now, windowed);
    let courts = msg::home_courts(i64::from(venue.court_count));
    let sports = venue
        .sports
        .iter()
        .map(|s| sport_label(s))
        .collect::<Vec<_>>()
        .join(", ");
    let surfaces = hit
        .surfaces
        .iter()
        .map(|s| surface_label(s).to_lowercase())
        .collect::<Vec<_>>()
        .join(", ");
    let place = if hit.indoor {
        msg::home_indoor()
    } else {
        msg::home_outdoor()
    };
    let meta = [sports, place.to_string(), surfaces, courts]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let label_class = match free_state(hit.next_free.first(), now) {
        FreeState::Now => "venue-free",
        FreeState::Later => "venue-free venue-free-later",
        FreeState::None => "venue-free venue-free-none",
    };
    let times_label = msg::home_free_times_label(&venue.name);
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
        Some(msg::home_tomorrow().to_string())
    } else {
        Some(short_date(free.local_date))
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
                <span class="visually-hidden">{ msg::home_book_time() }</span>
                if let Some(day) = day { <span class="free-day">{ day }{ " " }</span> }
                <span class="free-start">{ &free.local_start }</span>
                <span class="free-court">{ " " }{ &free.court_name }</span>
            </Link<Route, BookQuery>>
        </li>
    }
}
