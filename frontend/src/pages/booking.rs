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
use crate::components::summary::SlotSummary;
use crate::format::{cancellation_outcome, cancellation_terms, status_label};
use crate::i18n::msg;
use crate::storage;

#[derive(Properties, PartialEq)]
pub struct BookingProps {
    pub id: Uuid,
}

/// What Stripe adds to the return URL after its pay step.
#[derive(Debug, Default, serde::Deserialize)]
struct StripeReturn {
    redirect_status: Option<String>,
}

/// A link that opens a booking on any device carries its owner key (the
/// desk's mail to a caller: `/bookings/{id}?key=…`).
#[derive(Debug, Default, serde::Deserialize)]
struct KeyLink {
    key: Option<String>,
}

/// Back from Stripe's pay step with the booking still held: what to say.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Returned {
    /// Paid (or, for Swish, under way): the webhook's confirmation is awaited.
    Waiting,
    /// Still not confirmed after a minute of looking.
    Slow,
    /// The payment did not go through; the hold stands, try again.
    Failed,
}

/// How many times (every 2 s) the page looks again while a booking is held.
const LOOKS: u32 = 30;

#[function_component(BookingPage)]
pub fn booking_page(props: &BookingProps) -> Html {
    let id = props.id;
    // Kept before the first fetch below, which presents it.
    if let Some(key) = use_location()
        .and_then(|l| l.query::<KeyLink>().ok())
        .and_then(|q| q.key)
        .filter(|k| storage::owner_key(id).as_deref() != Some(k.as_str()))
    {
        storage::save_owner_key(id, &key);
    }
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
                        if fresh.status == BookingStatus::Held && n < LOOKS {
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

    let stripe_status = use_location()
        .and_then(|l| l.query::<StripeReturn>().ok())
        .and_then(|q| q.redirect_status);
    let returned = match (stripe_status.as_deref(), booking.as_ref().map(|b| b.status)) {
        (Some("failed"), Some(BookingStatus::Held)) => Some(Returned::Failed),
        (Some(_), Some(BookingStatus::Held)) if *tick < LOOKS => Some(Returned::Waiting),
        (Some(_), Some(BookingStatus::Held)) => Some(Returned::Slow),
        _ => None,
    };

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
        Some(b) => booking_view(b, on_cancel, *busy, returned),
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

/// The booking's calendar file: a plain link, so it carries this device's
/// owner key in the query (the server takes `?key=` where a link must work).
fn calendar_href(id: Uuid) -> String {
    let path = format!("/api/v1/bookings/{id}/calendar.ics");
    match storage::owner_key(id) {
        Some(key) => format!("{path}?key={key}"),
        None => path,
    }
}

fn booking_view(
    b: &Booking,
    on_cancel: Callback<MouseEvent>,
    busy: bool,
    returned: Option<Returned>,
) -> Html {
    let status_class = format!("badge badge-{}", b.status.as_str());
    let access = html! { <AccessPass booking={b.clone()} /> };
    let mut summary = SlotSummary::new(
        html! { <Link<Route> to={Route::Venue { id: b.venue_id }}>{ &b.venue_name }</Link<Route>> },
        &b.court_name,
        b.local_date,
        &b.local_start,
        &b.local_end,
    )
    .price(msg::book_summary_price(), &b.price)
    .row(msg::book_summary_booked_by(), html! { b.name.clone() });
    if b.pay_at_venue {
        summary = summary.row(
            msg::booking_payment(),
            html! { msg::booking_pay_at_venue() },
        );
    }
    if let (Some(terms), true) = (
        &b.cancellation_terms,
        matches!(b.status, BookingStatus::Held | BookingStatus::Confirmed),
    ) {
        summary = summary.row(
            msg::book_summary_cancellation(),
            html! { cancellation_terms(terms, b.starts_at) },
        );
    }
    let summary = summary.view();
    // One status region for what changed: a cancellation's outcome, or where
    // a payment made at Stripe has got to.
    let news = match (&b.cancellation, returned) {
        (Some(outcome), _) => Some(cancellation_outcome(outcome)),
        (None, Some(Returned::Waiting)) => Some(msg::booking_payment_waiting().to_string()),
        (None, Some(Returned::Slow)) => Some(msg::booking_payment_slow().to_string()),
        _ => None,
    };
    html! {
        <>
            <p><span class={status_class}>{ status_label(b.status) }</span></p>
            <Status text={news.map(AttrValue::from)} class="notice" />
            if returned == Some(Returned::Waiting) {
                <progress class="payment-progress" aria-hidden="true"></progress>
            }
            if returned == Some(Returned::Failed) {
                <div class="notice notice-error" role="alert"><p>{ msg::booking_payment_failed() }</p></div>
            }
            // Not while a payment made is being confirmed: paying again then
            // would be a second payment.
            if b.status == BookingStatus::Held && returned != Some(Returned::Waiting) {
                <p>
                    <Link<Route> to={Route::Pay { id: b.id }} classes="button button-primary">{ msg::booking_continue() }</Link<Route>>
                </p>
            }
            { summary }
            if !b.pay_at_venue && (b.status == BookingStatus::Confirmed || b.cancellation.as_ref().is_some_and(|c| c.paid.amount_minor > 0)) {
                <p class="receipt-link"><Link<Route> to={Route::Receipt { id: b.id }}>{ msg::booking_receipt_link() }</Link<Route>></p>
            }
            if b.status == BookingStatus::Confirmed {
                <p class="receipt-link"><a href={calendar_href(b.id)} download={format!("ledig-{}.ics", b.local_date)}>{ msg::booking_calendar_link() }</a></p>
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
