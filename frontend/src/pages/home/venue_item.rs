//! One venue in the results list: its name and address, what it has, when
//! it is next free, and those free times as links straight to booking.

use shared::{FreeTime, VenueHit};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::{BookQuery, Route};
use crate::format::{full_address, short_date, sport_label, surface_label};
use crate::i18n::msg;
use crate::search::{distance, free_label, free_state, FreeState};

pub fn venue_item(hit: &VenueHit, windowed: bool) -> Html {
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
