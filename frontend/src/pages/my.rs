//! `/my` — the bookings made on this device. Shown from the saved copies at
//! once (also offline), then refreshed from the API when there is a network.

use shared::{Booking, BookingStatus};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, NETWORK_PROBLEM};
use crate::app::{use_title, Route};
use crate::components::access::AccessPass;
use crate::format::{booking_line, cancellation_outcome, status_label};
use crate::i18n::msg;
use crate::storage;

#[function_component(MyBookings)]
pub fn my_bookings() -> Html {
    use_title(msg::my_title().to_string());
    let bookings = use_state(storage::bookings);
    let offline = use_state(|| false);
    let session = crate::session::use_session();
    let signed_in = session.account.is_some();

    {
        let (bookings, offline) = (bookings.clone(), offline.clone());
        use_effect_with(signed_in, move |signed_in| {
            let signed_in = *signed_in;
            spawn_local(async move {
                // Signed in: the account's bookings from every device join
                // the saved copies (and so are there offline next time).
                if signed_in {
                    if let Ok(mine) = api::my_bookings().await {
                        for b in mine.upcoming.iter().chain(mine.past.iter()) {
                            storage::save(b);
                        }
                    }
                }
                let mut went_offline = false;
                for saved in storage::bookings() {
                    match api::booking(saved.id).await {
                        Ok(fresh) => storage::save(&fresh),
                        Err(p) if p.kind == NETWORK_PROBLEM => {
                            went_offline = true;
                            break;
                        }
                        Err(_) => {}
                    }
                }
                offline.set(went_offline);
                bookings.set(storage::bookings());
            });
        });
    }

    let now = chrono::Utc::now();
    let (upcoming, past): (Vec<&Booking>, Vec<&Booking>) = bookings.iter().partition(|b| {
        b.ends_at > now && matches!(b.status, BookingStatus::Held | BookingStatus::Confirmed)
    });
    let mut past = past;
    past.reverse();

    html! {
        <div class="page page-my">
            <h1>{ msg::my_title() }</h1>
            if *offline {
                <p class="notice" role="status">{ msg::my_offline() }</p>
            }
            if bookings.is_empty() {
                <div class="empty">
                    <p>{ msg::my_empty() }</p>
                    <p><Link<Route> to={Route::Home} classes="button button-primary">{ msg::my_find_court() }</Link<Route>></p>
                </div>
            } else {
                <section aria-labelledby="upcoming-heading">
                    <h2 id="upcoming-heading">{ msg::my_upcoming() }</h2>
                    if upcoming.is_empty() {
                        <p class="muted">{ msg::my_nothing_ahead() }</p>
                    } else {
                        <ul class="booking-list">{ for upcoming.iter().map(|b| booking_item(b)) }</ul>
                    }
                </section>
                if !past.is_empty() {
                    <section aria-labelledby="past-heading">
                        <h2 id="past-heading">{ msg::my_past() }</h2>
                        <ul class="booking-list booking-list-past">{ for past.iter().map(|b| booking_item(b)) }</ul>
                    </section>
                }
            }
        </div>
    }
}

fn booking_item(b: &Booking) -> Html {
    let to = if b.status == BookingStatus::Held {
        Route::Pay { id: b.id }
    } else {
        Route::Booking { id: b.id }
    };
    html! {
        <li key={b.id.to_string()} class="booking-item">
            <Link<Route> to={to} classes="booking-link">
                <span class="booking-venue">{ &b.venue_name }</span>
                <span class="booking-when">{ booking_line(b) }</span>
                <span class={format!("badge badge-{}", b.status.as_str())}>{ status_label(b.status) }</span>
            </Link<Route>>
            if let Some(outcome) = &b.cancellation {
                <p class="muted booking-refund">{ cancellation_outcome(outcome) }</p>
            }
            if b.ends_at > chrono::Utc::now() {
                <AccessPass booking={b.clone()} />
            }
        </li>
    }
}
