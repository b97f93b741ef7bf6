//! `/bookings/:id/pay` — the pay step: the demo provider (no money moves),
//! or Stripe's Payment Element (card and Swish) when Stripe is configured.

use shared::{Booking, BookingStatus, Problem};
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::{use_title, Route};
use crate::components::problem::ErrorBox;
use crate::components::skeleton::{LoadingAnnouncement, SkeletonLines};
use crate::components::summary::SlotSummary;
use crate::format::device_time;
use crate::i18n::msg;
use crate::load::{use_load, Load};
use crate::storage;

#[derive(Properties, PartialEq)]
pub struct PayProps {
    pub id: Uuid,
}

#[function_component(PayPage)]
pub fn pay_page(props: &PayProps) -> Html {
    use_title(msg::pay_title().to_string());
    let (booking, retry) = use_load(props.id, api::booking);
    let (provider, _) = use_load((), |_| api::payment_config());
    let content = match &*booking {
        Load::Loading => html! {
            <>
                <LoadingAnnouncement />
                <div class="card"><SkeletonLines lines={4} /></div>
            </>
        },
        Load::Failed(problem) => html! { <ErrorBox problem={problem.clone()} on_retry={retry} /> },
        Load::Ready(b) => match &*provider {
            Load::Ready(config)
                if config.provider == "stripe" && b.status == BookingStatus::Held =>
            {
                html! {
                    <StripePay booking={b.clone()} publishable_key={config.publishable_key.clone().unwrap_or_default()} />
                }
            }
            Load::Loading => html! { <div class="card"><SkeletonLines lines={2} /></div> },
            _ => html! { <PayBooking booking={b.clone()} /> },
        },
    };
    html! {
        <div class="page page-pay">
            <h1>{ msg::pay_heading() }</h1>
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
        { to_pay(b) }
    };

    if b.status != BookingStatus::Held {
        let message = match b.status {
            BookingStatus::Confirmed => msg::pay_already_paid(),
            BookingStatus::Cancelled => msg::pay_was_cancelled(),
            _ => msg::pay_hold_expired(),
        };
        return html! {
            <>
                { details }
                <div class="notice" role="status"><p>{ message }</p></div>
                <p>
                    if b.status == BookingStatus::Confirmed {
                        <Link<Route> to={Route::Booking { id: b.id }} classes="button button-primary">{ msg::pay_show_booking() }</Link<Route>>
                    } else {
                        <Link<Route> to={Route::Venue { id: b.venue_id }} classes="button">{ msg::book_pick_another() }</Link<Route>>
                    }
                </p>
            </>
        };
    }

    html! {
        <>
            { details }
            if let Some(until) = b.hold_expires_at {
                <p class="hold">{ msg::pay_held_until(device_time(until)) }</p>
            }
            <section class="notice notice-demo" aria-labelledby="demo-heading">
                <h2 id="demo-heading">{ msg::pay_demo_heading() }</h2>
                <p>{ msg::pay_demo_text() }</p>
            </section>
            if let Some(problem) = &*error {
                <ErrorBox problem={problem.clone()} />
            }
            <button type="button" class="button button-primary button-block" {onclick} aria-disabled={busy.then_some("true")}
                aria-busy={busy.then_some("true")}>
                { if *busy { msg::pay_paying().to_string() } else { msg::pay_demo_button(b.price.display_sv()) } }
            </button>
        </>
    }
}

#[derive(Properties, PartialEq)]
struct StripePayProps {
    booking: Booking,
    publishable_key: String,
}

/// Stripe's Payment Element (card and Swish). The intent is created once per
/// booking (a double tap or a reload gets the same one), and a tap while
/// confirming runs is ignored (the button says busy and keeps the focus), so
/// one tap is one payment.
#[function_component(StripePay)]
fn stripe_pay(props: &StripePayProps) -> Html {
    let b = &props.booking;
    let path = format!("/bookings/{}/pay", b.id);
    let ready = use_state(|| false);
    let busy = use_state(|| false);
    let error = use_state(|| None::<String>);
    {
        let (ready, error, pk, id, path) = (
            ready.clone(),
            error.clone(),
            props.publishable_key.clone(),
            b.id,
            path.clone(),
        );
        use_effect_with(id, move |_| {
            // Stripe.js is allowed only on a document loaded at the pay step.
            if !crate::document::loaded_at(&path) {
                let _ = gloo::utils::window().location().assign(&path);
                return;
            }
            spawn_local(async move {
                let result = match api::stripe_intent(id).await {
                    Ok(intent) => {
                        let pk = intent.publishable_key.unwrap_or(pk);
                        crate::stripe::mount(&pk, &intent.client_secret, "payment-element").await
                    }
                    Err(problem) => Err(problem.message().to_string()),
                };
                match result {
                    Ok(()) => ready.set(true),
                    Err(message) => error.set(Some(message)),
                }
            });
        });
    }
    let onclick = {
        let (busy, error, id) = (busy.clone(), error.clone(), b.id);
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let (busy, error) = (busy.clone(), error.clone());
            spawn_local(async move {
                let origin = gloo::utils::window()
                    .location()
                    .origin()
                    .unwrap_or_default();
                if let Err(message) =
                    crate::stripe::confirm(&format!("{origin}/bookings/{id}")).await
                {
                    error.set(Some(message));
                    busy.set(false);
                }
            });
        })
    };
    html! {
        <>
            { to_pay(b) }
            if let Some(until) = b.hold_expires_at {
                <p class="hold">{ msg::pay_held_until(device_time(until)) }</p>
            }
            <section class="card" aria-labelledby="stripe-heading">
                <h2 id="stripe-heading">{ msg::pay_card_or_swish() }</h2>
                if !*ready && error.is_none() { <SkeletonLines lines={3} /> }
                <div id="payment-element"></div>
            </section>
            if let Some(message) = &*error {
                <div class="notice notice-error" role="alert"><p>{ message.clone() }</p></div>
            }
            <button type="button" class="button button-primary button-block" {onclick} disabled={!*ready} aria-disabled={busy.then_some("true")}
                aria-busy={busy.then_some("true")}>
                { if *busy { msg::pay_paying().to_string() } else { msg::pay_button(b.price.display_sv()) } }
            </button>
        </>
    }
}

/// What is being paid for, and how much.
fn to_pay(b: &Booking) -> Html {
    SlotSummary::new(
        html! { b.venue_name.clone() },
        &b.court_name,
        b.local_date,
        &b.local_start,
        &b.local_end,
    )
    .price(msg::book_summary_to_pay(), &b.price)
    .view()
}
