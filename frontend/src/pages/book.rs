//! `/book?venue=..&court=..&date=..&start=..` — the summary of the chosen slot
//! and the name/e-mail form; submitting holds the slot and goes to payment.

use std::rc::Rc;

use shared::validate::{Email, PlayerName};
use shared::{CreateBooking, DaySlots, Problem, Quote, Slot, SlotStatus, VenueDetail};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::{use_title, BookQuery, Route, VenueQuery};
use crate::components::field::{set, Control, Field};
use crate::components::problem::ErrorBox;
use crate::components::skeleton::{LoadingAnnouncement, SkeletonLines};
use crate::components::summary::SlotSummary;
use crate::format::{band_label, cancellation_terms};
use crate::i18n::msg;
use crate::load::{use_load, Load};
use crate::storage;

#[function_component(BookPage)]
pub fn book_page() -> Html {
    use_title(msg::book_title().to_string());
    let query = use_location().and_then(|l| l.query::<BookQuery>().ok());
    match query {
        Some(query) => html! { <BookSlot {query} /> },
        None => html! {
            <div class="page">
                <h1>{ msg::book_title() }</h1>
                <div class="notice notice-error" role="alert">
                    <p>{ msg::book_link_incomplete() }</p>
                </div>
                <p><Link<Route> to={Route::Home} classes="button">{ msg::book_go_to_map() }</Link<Route>></p>
            </div>
        },
    }
}

#[derive(Properties, PartialEq)]
struct BookSlotProps {
    query: BookQuery,
}

/// The venue, the day's slots and the quote, fetched together for the summary.
#[derive(Clone, PartialEq)]
struct Context {
    venue: VenueDetail,
    day: DaySlots,
    /// The price this booking will charge, or why the venue's rules refuse it.
    quote: Result<Quote, Problem>,
}

#[function_component(BookSlot)]
fn book_slot(props: &BookSlotProps) -> Html {
    let q = props.query.clone();
    let (ctx, retry) = use_load(
        (q.venue, q.date, q.court, q.start),
        |(venue, date, court, start)| async move {
            let venue = api::venue(venue).await?;
            let day = api::slots(venue.summary.id, Some(date)).await?;
            let quote = match api::quote(court, start).await {
                // Can't reach the server: the whole page retries.
                Err(p) if p.kind == api::NETWORK_PROBLEM => return Err(p),
                other => other,
            };
            Ok(Rc::new(Context { venue, day, quote }))
        },
    );
    let back = html! {
        <p class="back">
            <Link<Route, VenueQuery> to={Route::Venue { id: q.venue }} query={Some(VenueQuery::day(q.date))}>
                { msg::book_back_to_times() }
            </Link<Route, VenueQuery>>
        </p>
    };
    let content = match &*ctx {
        Load::Loading => html! {
            <>
                <LoadingAnnouncement />
                <div class="card"><SkeletonLines lines={4} /></div>
            </>
        },
        Load::Failed(problem) => html! { <ErrorBox problem={problem.clone()} on_retry={retry} /> },
        Load::Ready(ctx) => {
            let slot = ctx
                .day
                .courts
                .iter()
                .find(|c| c.court_id == q.court)
                .and_then(|c| {
                    c.slots
                        .iter()
                        .find(|s| s.starts_at == q.start)
                        .map(|s| (c.court_name.clone(), s.clone()))
                });
            match slot {
                None => html! {
                    <div class="notice notice-error" role="alert">
                        <p>{ msg::book_time_missing() }</p>
                    </div>
                },
                Some((court_name, slot)) => html! {
                    <>
                        <Summary venue_name={ctx.venue.summary.name.clone()} court_name={court_name.clone()}
                            date={ctx.day.date} slot={slot.clone()} quote={ctx.quote.clone().ok()} />
                        if slot.status == SlotStatus::Free {
                            if let Err(problem) = &ctx.quote {
                                <div class="notice notice-warning" role="alert">
                                    <p>{ problem.message() }</p>
                                    <p><Link<Route, VenueQuery> to={Route::Venue { id: q.venue }} query={Some(VenueQuery::day(q.date))}>
                                        { msg::book_pick_another() }
                                    </Link<Route, VenueQuery>></p>
                                </div>
                            } else {
                                <BookingForm query={q.clone()} />
                            }
                        } else {
                            <div class="notice notice-warning" role="alert">
                                <p>{ if slot.status == SlotStatus::Past { msg::book_time_started() } else { msg::book_time_not_free() } }</p>
                                <p><Link<Route, VenueQuery> to={Route::Venue { id: q.venue }} query={Some(VenueQuery::day(q.date))}>
                                    { msg::book_pick_another() }
                                </Link<Route, VenueQuery>></p>
                            </div>
                        }
                    </>
                },
            }
        }
    };
    html! {
        <div class="page page-book">
            { back }
            <h1>{ msg::book_title() }</h1>
            { content }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SummaryProps {
    venue_name: String,
    court_name: String,
    date: chrono::NaiveDate,
    slot: Slot,
    /// The price for this person, shown before paying (and then charged).
    quote: Option<Quote>,
}

#[function_component(Summary)]
fn summary(props: &SummaryProps) -> Html {
    let price = match &props.quote {
        Some(q) => html! {
            <>
                { q.price.display_sv() }
                <span class="muted">{ msg::book_price_vat(shared::rules::percent_sv(q.vat_basis_points), q.vat.display_sv()) }</span>
            </>
        },
        None => html! {
            <>{ props.slot.price.display_sv() }<span class="muted">{ msg::book_incl_vat() }</span></>
        },
    };
    let mut summary = SlotSummary::new(
        html! { props.venue_name.clone() },
        &props.court_name,
        props.date,
        &props.slot.local_start,
        &props.slot.local_end,
    );
    if let Some(band) = props.quote.as_ref().and_then(|q| q.band) {
        summary = summary.row(msg::book_summary_rate(), html! { band_label(band) });
    }
    summary = summary.price_row(msg::book_summary_price(), price);
    if let Some(q) = &props.quote {
        summary = summary.row(
            msg::book_summary_cancellation(),
            html! { cancellation_terms(&q.cancellation, q.starts_at) },
        );
    }
    summary.view()
}

#[derive(Properties, PartialEq)]
struct BookingFormProps {
    query: BookQuery,
}

#[derive(Clone, Default, PartialEq)]
struct FormErrors {
    name: Option<String>,
    email: Option<String>,
    /// Any other problem (not about one field).
    general: Option<Problem>,
    /// The slot was taken by someone else meanwhile (409).
    taken: bool,
}

#[function_component(BookingForm)]
fn booking_form(props: &BookingFormProps) -> Html {
    let navigator = use_navigator();
    // Controlled inputs: what the player typed survives re-renders (errors, busy).
    // Signed in: the account's name and e-mail; otherwise what this device used last.
    let session = crate::session::use_session();
    let account = session.account.clone();
    let name = use_state(|| match &account {
        Some(a) if !a.name.is_empty() => a.name.clone(),
        _ => storage::player().name,
    });
    let email = use_state(|| match &account {
        Some(a) => a.email.clone(),
        None => storage::player().email,
    });
    let name_ref = use_node_ref();
    let email_ref = use_node_ref();
    let taken_ref = use_node_ref();
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let attempt = use_state(|| 0u32);

    // Move focus to what needs attention once it is on screen.
    {
        let (name_ref, email_ref, taken_ref) =
            (name_ref.clone(), email_ref.clone(), taken_ref.clone());
        use_effect_with(((*errors).clone(), *attempt), move |(errors, _)| {
            let target = if errors.taken {
                &taken_ref
            } else if errors.name.is_some() {
                &name_ref
            } else if errors.email.is_some() {
                &email_ref
            } else {
                return;
            };
            if let Some(el) = target.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        });
    }

    // One key per booking form: retries of this form never book twice.
    let idempotency_key = use_memo((), |_| api::new_idempotency_key());
    let onsubmit = {
        let idempotency_key = idempotency_key.clone();
        let (name_value, email_value) = (name.clone(), email.clone());
        let errors = errors.clone();
        let busy = busy.clone();
        let attempt = attempt.clone();
        let q = props.query.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            attempt.set(attempt.wrapping_add(1));
            let name = PlayerName::parse(&name_value);
            let email = Email::parse(&email_value);
            let (name, email) = match (name, email) {
                (Ok(name), Ok(email)) => (name, email),
                (name, email) => {
                    let next = FormErrors {
                        name: name.err().map(|e| crate::problem_text::invalid(&e)),
                        email: email.err().map(|e| crate::problem_text::invalid(&e)),
                        ..Default::default()
                    };
                    errors.set(next);
                    return;
                }
            };
            errors.set(FormErrors::default());
            busy.set(true);
            let body = CreateBooking {
                court_id: q.court,
                starts_at: q.start,
                name: name.as_str().to_string(),
                email: email.as_str().to_string(),
            };
            storage::save_player(&storage::Player {
                name: body.name.clone(),
                email: body.email.clone(),
            });
            let (errors, busy, navigator) = (errors.clone(), busy.clone(), navigator.clone());
            let key = (*idempotency_key).clone();
            spawn_local(async move {
                match api::create_booking(&body, &key).await {
                    Ok(booking) => {
                        storage::save(&booking);
                        let stripe = api::payment_config()
                            .await
                            .is_ok_and(|c| c.provider == "stripe");
                        if stripe {
                            // A full load: only the pay step's own document may load Stripe.js.
                            let path = Route::Pay { id: booking.id }.to_path();
                            let _ = gloo::utils::window().location().assign(&path);
                        } else if let Some(nav) = &navigator {
                            nav.push(&Route::Pay { id: booking.id });
                        }
                    }
                    Err(problem) => {
                        busy.set(false);
                        let next = match (problem.status, problem.field.as_deref()) {
                            (409, _) => FormErrors {
                                taken: true,
                                ..Default::default()
                            },
                            (_, Some("name")) => FormErrors {
                                name: Some(problem.message().to_string()),
                                ..Default::default()
                            },
                            (_, Some("email")) => FormErrors {
                                email: Some(problem.message().to_string()),
                                ..Default::default()
                            },
                            _ => FormErrors {
                                general: Some(problem),
                                ..Default::default()
                            },
                        };
                        errors.set(next);
                    }
                }
            });
        })
    };

    let q = &props.query;
    if errors.taken {
        return html! {
            <div class="notice notice-error" role="alert" tabindex="-1" ref={taken_ref}>
                <p class="notice-title">{ msg::book_taken() }</p>
                <p>
                    <Link<Route, VenueQuery> to={Route::Venue { id: q.venue }} query={Some(VenueQuery::day(q.date))} classes="button">
                        { msg::book_see_free_times() }
                    </Link<Route, VenueQuery>>
                </p>
            </div>
        };
    }

    html! {
        <form class="card booking-form" {onsubmit} novalidate=true aria-labelledby="form-heading">
            <h2 id="form-heading">{ msg::book_your_details() }</h2>
            <Field id="name" label={msg::book_name()} control={Control::text("text", "name")} required=true
                value={(*name).clone()} on_change={set(&name)} error={errors.name.clone().map(AttrValue::from)}
                node={name_ref.clone()} />
            <Field id="email" label={msg::book_email()} control={Control::text("email", "email")} required=true
                value={(*email).clone()} on_change={set(&email)} error={errors.email.clone().map(AttrValue::from)}
                hint={AttrValue::from(msg::book_email_hint())} node={email_ref.clone()} />
            if let Some(problem) = &errors.general {
                <ErrorBox problem={problem.clone()} />
            }
            <button type="submit" class="button button-primary button-block" aria-disabled={busy.then_some("true")} aria-busy={busy.then_some("true")}>
                { if *busy { msg::book_holding() } else { msg::book_continue() } }
            </button>
            <p class="hint">{ msg::book_hold_hint() }</p>
            if session.is_signed_out() {
                <p class="hint">
                    <Link<Route, crate::pages::signin::SignInQuery> to={Route::SignIn}
                        query={Some(crate::pages::signin::SignInQuery { back: Some(1) })}>
                        { msg::book_sign_in() }
                    </Link<Route, crate::pages::signin::SignInQuery>>
                    { msg::book_sign_in_benefit() }
                </p>
            }
        </form>
    }
}
