//! `/offers/:id` — a watched time freed up (what a push opens): what is
//! offered, how long it is held for this person, how the queue works, and
//! "Book" (straight to paying the hold) or "No thanks" (the next watcher).

use chrono::Utc;
use shared::watch::{Offer, OfferStatus};
use shared::Problem;
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::{use_title, BookQuery, Route};
use crate::components::problem::{ErrorBox, SessionUnreachable};
use crate::components::skeleton::{LoadingAnnouncement, SkeletonLines};
use crate::components::summary::SlotSummary;
use crate::i18n::msg;
use crate::load::{use_load, Load};
use crate::pages::signin::SignInQuery;
use crate::session::use_session;

#[derive(Properties, PartialEq)]
pub struct OfferProps {
    pub id: Uuid,
}

#[function_component(OfferPage)]
pub fn offer_page(props: &OfferProps) -> Html {
    use_title(msg::offer_title().to_string());
    let session = use_session();
    let navigator = use_navigator();
    let signed_in = session.account.is_some();
    // Signed out: sign in, then come back here (the offer is this person's).
    // Not when the server could not be asked: that is not "signed out".
    {
        let navigator = navigator.clone();
        use_effect_with(session.is_signed_out(), move |&signed_out| {
            if signed_out {
                if let Some(nav) = &navigator {
                    let _ = nav.push_with_query(&Route::SignIn, &SignInQuery { back: Some(1) });
                }
            }
        });
    }
    let (loaded, retry) = use_load((props.id, signed_in), |(id, signed_in)| async move {
        if signed_in {
            api::offer(id).await.map(Some)
        } else {
            Ok(None)
        }
    });
    let content = match &*loaded {
        Load::Ready(Some(offer)) => {
            html! { <OfferView offer={offer.clone()} on_expired={retry.clone()} /> }
        }
        Load::Failed(problem) if problem.status == 404 => html! {
            <div class="notice" role="status">
                <p>{ msg::offer_not_found() }</p>
                <p><Link<Route> to={Route::Watches} classes="button">{ msg::offer_my_watches() }</Link<Route>></p>
            </div>
        },
        Load::Failed(problem) => {
            html! { <ErrorBox problem={problem.clone()} on_retry={retry.clone()} /> }
        }
        Load::Ready(None) if session.unreachable => html! { <SessionUnreachable /> },
        _ => html! {
            <>
                <LoadingAnnouncement />
                <div class="card"><SkeletonLines lines={4} /></div>
            </>
        },
    };
    html! {
        <div class="page page-offer">
            <h1>{ msg::offer_heading() }</h1>
            { content }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct OfferViewProps {
    offer: Offer,
    /// The hold ran out on screen: load the offer again.
    on_expired: Callback<()>,
}

/// `2:41`
fn countdown(seconds: i64) -> String {
    let s = seconds.max(0);
    format!("{}:{:02}", s / 60, s % 60)
}

#[function_component(OfferView)]
fn offer_view(props: &OfferViewProps) -> Html {
    let navigator = use_navigator();
    // After "No thanks" the answer replaces the offer shown.
    let passed = use_state(|| None::<Offer>);
    let busy = use_state(|| false);
    let error = use_state(|| None::<Problem>);
    let offer = (*passed).clone().unwrap_or_else(|| props.offer.clone());

    // The hold's countdown, once a second while it is held.
    let now = use_state(Utc::now);
    let held_until = (offer.status == OfferStatus::Offered)
        .then_some(offer.hold_expires_at)
        .flatten();
    {
        let (now, on_expired) = (now.clone(), props.on_expired.clone());
        use_effect_with(held_until, move |until| {
            let until = *until;
            let asked = std::cell::Cell::new(false);
            let interval = until.map(|until| {
                gloo::timers::callback::Interval::new(1_000, move || {
                    let t = Utc::now();
                    now.set(t);
                    // Once: the server says what became of it.
                    if t >= until + chrono::Duration::seconds(1) && !asked.replace(true) {
                        on_expired.emit(());
                    }
                })
            });
            move || drop(interval)
        });
    }

    let on_book = {
        let (navigator, offer) = (navigator.clone(), offer.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(nav) = &navigator else { return };
            match (offer.status, offer.booking_id) {
                // Held in this person's name: straight to paying it.
                (OfferStatus::Offered, Some(booking)) => nav.push(&Route::Pay { id: booking }),
                _ => {
                    let query = BookQuery {
                        venue: offer.venue_id,
                        court: offer.court_id,
                        date: offer.local_date,
                        start: offer.starts_at,
                    };
                    let _ = nav.push_with_query(&Route::Book, &query);
                }
            }
        })
    };
    let on_pass = {
        let (passed, busy, error, id) = (passed.clone(), busy.clone(), error.clone(), offer.id);
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            error.set(None);
            let (passed, busy, error) = (passed.clone(), busy.clone(), error.clone());
            spawn_local(async move {
                match api::pass_offer(id).await {
                    Ok(fresh) => passed.set(Some(fresh)),
                    Err(problem) => error.set(Some(problem)),
                }
                busy.set(false);
            });
        })
    };

    let summary = SlotSummary::new(
        html! { offer.venue_name.clone() },
        &offer.court_name,
        offer.local_date,
        &offer.local_start,
        &offer.local_end,
    );
    let details = match &offer.price {
        Some(price) => summary.price(msg::book_summary_price(), price),
        None => summary,
    }
    .view();
    let left = held_until.map(|until| (until - *now).num_seconds());
    let (status_text, can_book) = match offer.status {
        OfferStatus::Offered if left.is_some_and(|s| s <= 0) => {
            (msg::offer_expired().to_string(), false)
        }
        OfferStatus::Offered => (msg::offer_held().to_string(), true),
        OfferStatus::Open => (msg::offer_open().to_string(), true),
        OfferStatus::Booked => (msg::offer_booked().to_string(), false),
        OfferStatus::Passed => (msg::offer_passed().to_string(), false),
        OfferStatus::Expired => (msg::offer_expired().to_string(), false),
        OfferStatus::Gone => (msg::offer_gone().to_string(), false),
    };

    html! {
        <>
            { details }
            <div class={classes!("notice", can_book.then_some("notice-offer"))} role="status">
                <p>{ status_text }</p>
                if let (true, Some(left)) = (can_book, left) {
                    <p class="hold">
                        { msg::offer_held_for() }
                        <strong class="hold-countdown">{ countdown(left) }</strong>
                        <span class="muted">{ msg::offer_min_sec() }</span>
                    </p>
                }
            </div>
            if let Some(problem) = &*error {
                <ErrorBox problem={problem.clone()} />
            }
            if can_book {
                <div class="button-row">
                    <button type="button" class="button button-primary" onclick={on_book}>
                        { match offer.price.as_ref() { Some(p) => msg::offer_book_price(p.display_sv()), None => msg::offer_book().to_string() } }
                    </button>
                    if offer.status == OfferStatus::Offered {
                        <button type="button" class="button button-secondary" onclick={on_pass} aria-disabled={busy.then_some("true")}
                            aria-busy={busy.then_some("true")}>{ msg::offer_no_thanks() }</button>
                    }
                </div>
            } else {
                <p class="button-row">
                    if offer.status == OfferStatus::Booked {
                        <Link<Route> to={Route::MyBookings} classes="button button-primary">{ msg::offer_my_bookings() }</Link<Route>>
                    }
                    <Link<Route> to={Route::Venue { id: offer.venue_id }} classes="button">{ msg::offer_other_times(&offer.venue_name) }</Link<Route>>
                </p>
            }
            <section class="how-it-works" aria-labelledby="how-heading">
                <h2 id="how-heading">{ msg::offer_how_heading() }</h2>
                <p>{ &offer.how_it_works }</p>
            </section>
        </>
    }
}
