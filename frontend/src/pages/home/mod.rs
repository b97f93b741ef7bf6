//! `/` — find a court: "near me" (or a city), filters, and the results on a
//! map and as a list (the accessible alternative; phones show one at a time,
//! wide screens both). The whole search lives in the query string
//! ([`SearchQuery`]) so it can be shared and survives a reload.

mod filters;
mod venue_item;
mod where_bar;

use shared::{VenueHit, VenuePage};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::{use_title, Route};
use crate::components::map::VenueMap;
use crate::components::problem::ErrorBox;
use crate::components::skeleton::SkeletonLines;
use crate::i18n::msg;
use crate::load::{use_load, Load};
use crate::search::{Near, SearchQuery, Window};
use filters::Filters;
use venue_item::venue_item;
use where_bar::WhereBar;

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
    let (config, retry_config) = use_load((), |()| api::config());
    // The view (map or list) is not part of what is searched.
    let searched = SearchQuery {
        view: None,
        ..query.clone()
    };
    let (results, retry_results) = use_load(searched, |q: SearchQuery| {
        api::search(q.api_query(chrono::Utc::now()))
    });
    let last_hits = use_last_hits(&results);

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

    let near = query.near_place();
    let summary = match &*results {
        Load::Loading => msg::home_searching().to_string(),
        Load::Failed(_) => String::new(),
        Load::Ready(page) => result_summary(page, near.as_ref(), windowed),
    };
    let map = match &*config {
        Load::Ready(config) => html! {
            <VenueMap config={config.clone()} hits={last_hits}
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
            <WhereBar query={query.clone()} set_query={set_query.clone()} />
            <Filters query={query.clone()} set_query={set_query.clone()} />
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

/// The venues of the last search that answered: the map keeps them while
/// the next search loads, so its markers do not blink out on every change.
#[hook]
fn use_last_hits(results: &Load<VenuePage>) -> Vec<VenueHit> {
    let last = use_mut_ref(Vec::<VenueHit>::new);
    if let Load::Ready(page) = results {
        *last.borrow_mut() = page.venues.clone();
    }
    let hits = last.borrow().clone();
    hits
}
