//! `/` — the map of venues and, below it, the same venues as a plain list.

use shared::{FreeTime, VenueHit};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::{use_title, Route};
use crate::components::map::VenueMap;
use crate::components::problem::ErrorBox;
use crate::components::skeleton::{LoadingAnnouncement, SkeletonLines};
use crate::format::{capitalise, full_address};
use crate::load::{use_load, Load};

#[function_component(Home)]
pub fn home() -> Html {
    use_title(String::new());
    let (config, retry_config) = use_load((), |()| api::config());
    let (venues, retry_venues) = use_load((), |()| api::venues());

    let map = match (&*config, &*venues) {
        (Load::Ready(config), Load::Ready(hits)) => {
            let venues = hits.iter().map(|h| h.venue.clone()).collect::<Vec<_>>();
            html! { <VenueMap config={config.clone()} {venues} /> }
        }
        (Load::Failed(problem), _) => {
            html! { <ErrorBox problem={problem.clone()} on_retry={retry_config} /> }
        }
        _ => html! { <div class="map map-placeholder skeleton" aria-hidden="true"></div> },
    };

    let list = match &*venues {
        Load::Loading => html! {
            <>
                <LoadingAnnouncement text="Loading venues…" />
                <ul class="venue-list" aria-hidden="true">
                    { for (0..3).map(|_| html! { <li class="venue-card"><SkeletonLines lines={2} /></li> }) }
                </ul>
            </>
        },
        Load::Failed(problem) => {
            html! { <ErrorBox problem={problem.clone()} on_retry={retry_venues} /> }
        }
        Load::Ready(list) if list.is_empty() => html! { <p class="muted">{ "No venues yet." }</p> },
        Load::Ready(list) => html! {
            <ul class="venue-list">
                { for list.iter().map(venue_item) }
            </ul>
        },
    };

    html! {
        <div class="page page-home">
            <h1>{ "Find a free court" }</h1>
            <p class="lead">{ "Public tennis courts you can book and pay for in a minute." }</p>
            { map }
            <section aria-labelledby="venues-heading">
                <h2 id="venues-heading">{ "All venues" }</h2>
                { list }
            </section>
        </div>
    }
}

fn venue_item(hit: &VenueHit) -> Html {
    let venue = &hit.venue;
    let courts = match venue.court_count {
        1 => "1 court".to_string(),
        n => format!("{n} courts"),
    };
    let mut kinds: Vec<String> = hit.surfaces.iter().map(|s| capitalise(s)).collect();
    if hit.indoor {
        kinds.push("indoor".to_string());
    }
    let meta = if kinds.is_empty() {
        courts
    } else {
        format!("{courts} · {}", kinds.join(", "))
    };
    html! {
        <li class="venue-card" key={venue.id}>
            <Link<Route> to={Route::Venue { id: venue.id }} classes="venue-link">
                <span class="venue-name">{ &venue.name }</span>
                <span class="venue-address">{ full_address(venue) }</span>
                <span class="venue-meta">{ meta }</span>
                { next_free(hit.next_free.first()) }
            </Link<Route>>
        </li>
    }
}

/// "Free now" / "Next free 18:00" / "Next free Tue 18:00".
fn next_free(first: Option<&FreeTime>) -> Html {
    let Some(free) = first else {
        return html! { <span class="venue-free venue-free-none">{ "No free times soon" }</span> };
    };
    let now = chrono::Utc::now();
    let today = chrono::Local::now().date_naive();
    let text = if free.starts_at <= now {
        "Free now".to_string()
    } else if free.local_date == today {
        format!("Next free {}", free.local_start)
    } else {
        format!(
            "Next free {} {}",
            free.local_date.format("%a"),
            free.local_start
        )
    };
    html! { <span class="venue-free">{ text }</span> }
}
