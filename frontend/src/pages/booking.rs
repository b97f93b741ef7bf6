//! `/bookings/:id` — the booking as its owner sees it: status, when and where,
//! the door code and QR code, and cancelling. Shows the copy saved on this
//! device at once (so it works without a network) and refreshes it.

use shared::{Booking, BookingStatus, Problem};
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, NETWORK_PROBLEM};
use crate::app::{use_title, Route};
use crate::components::access::AccessPass;
use crate::components::live::Status;
use crate::components::problem::ErrorBox;
use crate::components::skeleton::{LoadingAnnouncement, SkeletonLines};
use crate::format::{
    cancellation_outcome, cancellation_terms, long_date, status_label, time_range,
};
use crate::i18n::msg;
use crate::storage;

#[derive(Properties, PartialEq)]
pub struct BookingProps {
    pub id: Uuid,
}

#[function_component(BookingPage)]
pub fn booking_page(props: &BookingProps) -> Html {
    let id = props.id;
    let booking = use_state(|| storage::booking(id));
    let problem = use_state(|| None::<Problem>);
    let busy = use_state(|| false);
    // Where the focus goes after cancelling: the button it was on is gone.
    let heading = use_node_ref();

    // Back from Stripe the payment may still be on its way (the webhook
    // confirms it): while held, look again every 2 s for a minute.
    let tick = use_state(|| 0u32);
    {
        let (booking, problem, tick) = (booking.clone(), problem.clone(), tick.clone());
        use_effect_with((id, *tick), move |&(id, n)| {
            spawn_local(async move {
                match api::booking(id).await {
                    Ok(fresh) => {
                        storage::save(&fresh);
                        problem.set(None);
                        if fresh.status == BookingStatus::Held && n < 30 {
                            gloo::timers::callback::Timeout::new(2_000, move || tick.set(n + 1))
                                .forget();
                        }
                        booking.set(Some(fresh));
                    }
                    Err(p) => problem.set(Some(p)),
                }
            });
        });
    }

    let title = match &*booking {
        Some(b) if b.status == BookingStatus::Confirmed => msg::booking_title_booked().to_string(),
        Some(_) => msg::booking_title_yours().to_string(),
        None => msg::booking_title().to_string(),
    };
    use_title(title.clone());

    let on_cancel = {
        let (booking, problem, busy, heading) = (
            booking.clone(),
            problem.clone(),
            busy.clone(),
            heading.clone(),
        );
        let terms = booking.as_ref().and_then(|b| {
            b.cancellation_terms
                .clone()
                .map(|t| cancellation_terms(&t, b.starts_at))
        });
        Callback::from(move |_: MouseEvent| {
            let question = match &terms {
                Some(terms) => msg::booking_confirm_cancel_terms(terms),
                None => msg::booking_confirm_cancel().to_string(),
            };
            if *busy || !gloo::dialogs::confirm(&question) {
                return;
            }
            busy.set(true);
            let (booking, problem, busy, heading) = (
                booking.clone(),
                problem.clone(),
                busy.clone(),
                heading.clone(),
            );
            spawn_local(async move {
                match api::cancel_booking(id).await {
                    Ok(b) => {
                        storage::save(&b);
                        problem.set(None);
                        booking.set(Some(b));
                        if let Some(h1) = heading.cast::<web_sys::HtmlElement>() {
                            let _ = h1.focus();
                        }
                    }
                    Err(p) => problem.set(Some(p)),
                }
                busy.set(false);
            });
        })
    };

    let offline_note = match (&*problem, &*booking) {
        (Some(p), Some(_)) if p.kind == NETWORK_PROBLEM => html! {
            <p class="notice" role="status">{ msg::booking_offline() }</p>
        },
        (Some(p), _) => html! { <ErrorBox problem={p.clone()} /> },
        _ => html! {},
    };

    let content = match &*booking {
        None if problem.is_none() => html! {
            <>
                <LoadingAnnouncement />
                <div class="card"><SkeletonLines lines={5} /></div>
            </>
        },
        None => html! {},
        Some(b) => booking_view(b, on_cancel, *busy),
    };

    html! {
        <div class="page page-booking">
            <h1 tabindex="-1" ref={heading}>{ title }</h1>
            { offline_note }
            { content }
            <p class="page-links">
                <Link<Route> to={Route::MyBookings}>{ msg::booking_my_bookings() }</Link<Route>>
            </p>
        </div>
    }
}

fn booking_view(b: &Booking, on_cancel: Callback<MouseEvent>, busy: bool) -> Html {
    let status_class = format!("badge badge-{}", b.status.as_str());
    let access = html! { <AccessPass booking={b.clone()} /> };
    html! {
        <>
            <p><span class={status_class}>{ status_label(b.status) }</span></p>
            <Status text={b.cancellation.as_ref().map(|o| AttrValue::from(cancellation_outcome(o)))} class="notice" />
            if b.status == BookingStatus::Held {
                <p>
                    <Link<Route> to={Route::Pay { id: b.id }} classes="button button-primary">{ msg::booking_continue() }</Link<Route>>
                </p>
            }
            <dl class="card summary">
                <div><dt>{ msg::book_summary_venue() }</dt><dd>
                    <Link<Route> to={Route::Venue { id: b.venue_id }}>{ &b.venue_name }</Link<Route>>
                </dd></div>
                <div><dt>{ msg::book_summary_court() }</dt><dd>{ &b.court_name }</dd></div>
                <div><dt>{ msg::book_summary_date() }</dt><dd>{ long_date(b.local_date) }</dd></div>
                <div><dt>{ msg::book_summary_time() }</dt><dd>{ time_range(&b.local_start, &b.local_end) }</dd></div>
                <div><dt>{ msg::book_summary_price() }</dt><dd>{ b.price.display_sv() }<span class="muted">{ msg::book_incl_vat() }</span></dd></div>
                <div><dt>{ msg::book_summary_booked_by() }</dt><dd>{ &b.name }</dd></div>
                if let (Some(terms), true) = (&b.cancellation_terms, matches!(b.status, BookingStatus::Held | BookingStatus::Confirmed)) {
                    <div><dt>{ msg::book_summary_cancellation() }</dt><dd>{ cancellation_terms(terms, b.starts_at) }</dd></div>
                }
            </dl>
            if b.status == BookingStatus::Confirmed || b.cancellation.as_ref().is_some_and(|c| c.paid.amount_minor > 0) {
                <p class="receipt-link"><Link<Route> to={Route::Receipt { id: b.id }}>{ msg::booking_receipt_link() }</Link<Route>></p>
            }
            { access }
            if matches!(b.status, BookingStatus::Held | BookingStatus::Confirmed) {
                <button type="button" class="button button-danger button-block" onclick={on_cancel} aria-disabled={busy.then_some("true")}>
                    { if busy { msg::booking_cancelling() } else { msg::booking_cancel() } }
                </button>
            }
        </>
    }
}
