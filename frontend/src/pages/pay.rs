//! `/bookings/:id/pay` — the demo payment step. No money moves.

use shared::{Booking, BookingStatus, Problem};
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::{use_title, Route};
use crate::components::problem::ErrorBox;
use crate::components::skeleton::{LoadingAnnouncement, SkeletonLines};
use crate::format::{device_time, long_date, time_range};
use crate::load::{use_load, Load};
use crate::storage;

#[derive(Properties, PartialEq)]
pub struct PayProps {
    pub id: Uuid,
}

#[function_component(PayPage)]
pub fn pay_page(props: &PayProps) -> Html {
    use_title("Pay".to_string());
    let (booking, retry) = use_load(props.id, api::booking);
    let content = match &*booking {
        Load::Loading => html! {
            <>
                <LoadingAnnouncement />
                <div class="card"><SkeletonLines lines={4} /></div>
            </>
        },
        Load::Failed(problem) => html! { <ErrorBox problem={problem.clone()} on_retry={retry} /> },
        Load::Ready(b) => html! { <PayBooking booking={b.clone()} /> },
    };
    html! {
        <div class="page page-pay">
            <h1>{ "Pay for your booking" }</h1>
            { content }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct PayBookingProps {
    booking: Booking,
}

#[function_component(PayBooking)]
fn pay_booking(props: &PayBookingProps) -> Html {
    let b = &props.booking;
    let navigator = use_navigator();
    let busy = use_state(|| false);
    let error = use_state(|| None::<Problem>);

    let onclick = {
        let (busy, error, navigator) = (busy.clone(), error.clone(), navigator.clone());
        let id = b.id;
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let (busy, error, navigator) = (busy.clone(), error.clone(), navigator.clone());
            spawn_local(async move {
                match api::confirm_demo_payment(id).await {
                    Ok(booking) => {
                        storage::save(&booking);
                        if let Some(nav) = &navigator {
                            nav.replace(&Route::Booking { id });
                        }
                    }
                    Err(problem) => {
                        busy.set(false);
                        error.set(Some(problem));
                    }
                }
            });
        })
    };

    let details = html! {
        <dl class="card summary">
            <div><dt>{ "Venue" }</dt><dd>{ &b.venue_name }</dd></div>
            <div><dt>{ "Court" }</dt><dd>{ &b.court_name }</dd></div>
            <div><dt>{ "Date" }</dt><dd>{ long_date(b.local_date) }</dd></div>
            <div><dt>{ "Time" }</dt><dd>{ time_range(&b.local_start, &b.local_end) }</dd></div>
            <div class="summary-price"><dt>{ "To pay" }</dt><dd>{ b.price.display_sv() }<span class="muted">{ " incl. VAT" }</span></dd></div>
        </dl>
    };

    if b.status != BookingStatus::Held {
        let message = match b.status {
            BookingStatus::Confirmed => "This booking is already paid.",
            BookingStatus::Cancelled => "This booking was cancelled.",
            _ => "The hold on this slot ran out before payment, so the slot was released.",
        };
        return html! {
            <>
                { details }
                <div class="notice" role="status"><p>{ message }</p></div>
                <p>
                    if b.status == BookingStatus::Confirmed {
                        <Link<Route> to={Route::Booking { id: b.id }} classes="button button-primary">{ "Show booking" }</Link<Route>>
                    } else {
                        <Link<Route> to={Route::Venue { id: b.venue_id }} classes="button">{ "Pick another time" }</Link<Route>>
                    }
                </p>
            </>
        };
    }

    html! {
        <>
            { details }
            if let Some(until) = b.hold_expires_at {
                <p class="hold">{ format!("The slot is held for you until {}.", device_time(until)) }</p>
            }
            <section class="notice notice-demo" aria-labelledby="demo-heading">
                <h2 id="demo-heading">{ "Demo payment — no money moves." }</h2>
                <p>{ "This is a test mode; nothing is charged." }</p>
            </section>
            if let Some(problem) = &*error {
                <ErrorBox problem={problem.clone()} />
            }
            <button type="button" class="button button-primary button-block" {onclick} disabled={*busy}
                aria-busy={busy.then_some("true")}>
                { if *busy { "Paying…".to_string() } else { format!("Pay (demo) {}", b.price.display_sv()) } }
            </button>
        </>
    }
}
