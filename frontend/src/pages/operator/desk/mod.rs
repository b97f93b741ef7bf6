//! `/operator/venues/:id/bookings` — the bookings desk: a venue's day or
//! week with every booking and who made it, a search by name, e-mail, door
//! code or booking number, and cancelling a booking for the venue, with the
//! rules' late fee or without it, or moving it to another court or time.
//! Staff see names here; players never do.

mod caller;
mod moving;
mod slots;

use chrono::NaiveDate;
use shared::operator::DeskBooking;
use shared::{BookingStatus, Problem, VenueDetail};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::components::field::{set, Control, Field};
use crate::components::live::Status;
use crate::components::problem::ErrorBox;
use crate::components::skeleton::SkeletonLines;
use crate::format::{long_date, status_label, time_range};
use crate::i18n::msg;
use crate::load::{use_load, Load};
use crate::pages::operator::{not_an_operator, VenuePage};

#[derive(Properties, PartialEq)]
pub struct DeskProps {
    pub id: i64,
}

#[function_component(DeskPage)]
pub fn desk_page(props: &DeskProps) -> Html {
    html! {
        <VenuePage id={props.id} heading={msg::desk_heading()} class="page page-desk"
            title={Callback::from(|name: String| msg::desk_title(&name))}
            body={Callback::from(|venue: VenueDetail| html! { <Desk {venue} /> })} />
    }
}

#[derive(Properties, PartialEq)]
struct VenueProps {
    venue: VenueDetail,
}

/// What the list shows: from which day, how many days, what was searched.
#[derive(Clone, Debug, PartialEq)]
struct Ask {
    venue_id: i64,
    date: NaiveDate,
    days: u32,
    q: String,
}

#[function_component(Desk)]
fn desk(props: &VenueProps) -> Html {
    let today = crate::zone::local(&props.venue.timezone, chrono::Utc::now())
        .map(|now| now.date())
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let date = use_state(|| today.format("%Y-%m-%d").to_string());
    let days = use_state(|| "1".to_string());
    let q = use_state(String::new);
    let ask = {
        let venue_id = props.venue.summary.id;
        use_state(move || Ask {
            venue_id,
            date: today,
            days: 1,
            q: String::new(),
        })
    };
    let date_error = use_state(|| None::<AttrValue>);
    let onsubmit = {
        let (date, days, q, ask, date_error) = (
            date.clone(),
            days.clone(),
            q.clone(),
            ask.clone(),
            date_error.clone(),
        );
        let venue_id = props.venue.summary.id;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Ok(day) = NaiveDate::parse_from_str(&date, "%Y-%m-%d") else {
                date_error.set(Some(AttrValue::from(msg::hours_error_date())));
                return;
            };
            date_error.set(None);
            ask.set(Ask {
                venue_id,
                date: day,
                // A search looks two months ahead; else a day or a week.
                days: if q.trim().is_empty() {
                    days.parse().unwrap_or(1)
                } else {
                    62
                },
                q: (*q).clone(),
            });
        })
    };
    let spans = vec![
        (AttrValue::from("1"), AttrValue::from(msg::desk_span_day())),
        (AttrValue::from("7"), AttrValue::from(msg::desk_span_week())),
    ];
    html! {
        <>
            <form class="card desk-filter" {onsubmit} role="search" aria-label={msg::desk_search_label()}>
                <div class="field-pair">
                    <Field id="desk-date" label={msg::desk_date()} control={Control::text("date", "off")}
                        value={(*date).clone()} on_change={set(&date)} error={(*date_error).clone()} />
                    <Field id="desk-days" label={msg::desk_span()} control={Control::Choice(spans)}
                        value={(*days).clone()} on_change={set(&days)} />
                </div>
                <Field id="desk-q" label={msg::desk_q()} control={Control::text("search", "off")}
                    hint={Some(AttrValue::from(msg::desk_q_hint()))} value={(*q).clone()} on_change={set(&q)} />
                <button type="submit" class="button button-primary">{ msg::desk_show() }</button>
            </form>
            <Bookings ask={(*ask).clone()} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct BookingsProps {
    ask: Ask,
}

#[function_component(Bookings)]
fn bookings(props: &BookingsProps) -> Html {
    let (loaded, retry) = use_load(props.ask.clone(), |ask: Ask| async move {
        api::desk_bookings(ask.venue_id, Some(ask.date), ask.days, &ask.q).await
    });
    // Bookings cancelled or moved here, as the server answered them.
    let changed = use_state(Vec::<DeskBooking>::new);
    let said = use_state(|| None::<String>);
    match &*loaded {
        Load::Loading => html! { <div class="card"><SkeletonLines lines={5} /></div> },
        Load::Failed(p) if p.status == 403 || p.status == 404 => not_an_operator(),
        Load::Failed(p) => html! { <ErrorBox problem={p.clone()} on_retry={retry} /> },
        Load::Ready(list) => {
            let mut list: Vec<DeskBooking> = list
                .iter()
                .map(|b| changed.iter().find(|c| c.id == b.id).unwrap_or(b).clone())
                .collect();
            // Booked here for a caller, on a day the list shows.
            let last = props.ask.date + chrono::Duration::days(i64::from(props.ask.days));
            let added: Vec<DeskBooking> = changed
                .iter()
                .filter(|c| !list.iter().any(|b| b.id == c.id))
                .filter(|c| c.local_date >= props.ask.date && c.local_date < last)
                .cloned()
                .collect();
            list.extend(added);
            // A moved booking goes where it now is.
            list.sort_by_key(|b| (b.starts_at, b.court_name.clone()));
            let on_changed = {
                let (changed, said) = (changed.clone(), said.clone());
                Callback::from(move |(b, told): (DeskBooking, String)| {
                    said.set(Some(told));
                    let mut next: Vec<DeskBooking> =
                        changed.iter().filter(|c| c.id != b.id).cloned().collect();
                    next.push(b);
                    changed.set(next);
                })
            };
            let mut days: Vec<NaiveDate> = list.iter().map(|b| b.local_date).collect();
            days.dedup();
            html! {
                <>
                <caller::CallerForm venue_id={props.ask.venue_id} day={props.ask.date} on_booked={on_changed.clone()} />
                <section class="card" aria-labelledby="desk-list-heading">
                    <h2 id="desk-list-heading">{ msg::desk_count(list.len() as i64) }</h2>
                    <Status text={(*said).clone().map(AttrValue::from)} class="notice" />
                    if list.is_empty() { <p>{ msg::desk_none() }</p> }
                    { for days.iter().map(|day| html! {
                        <>
                            <h3 class="desk-day">{ long_date(*day) }</h3>
                            <ul class="desk-list">
                                { for list.iter().filter(|b| b.local_date == *day).map(|b| html! {
                                    <Row key={b.id.to_string()} venue_id={props.ask.venue_id} booking={b.clone()} on_changed={on_changed.clone()} />
                                }) }
                            </ul>
                        </>
                    }) }
                </section>
                </>
            }
        }
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    venue_id: i64,
    booking: DeskBooking,
    /// The booking as the server answered it, and what to say.
    on_changed: Callback<(DeskBooking, String)>,
}

/// One booking; "Avboka" opens the choice of fee, then cancels; "Flytta"
/// opens the day's free slots.
#[function_component(Row)]
fn row(props: &RowProps) -> Html {
    let b = &props.booking;
    let asking = use_state(|| false);
    let moving = use_state(|| false);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<Problem>);
    let cancel = |waive: bool| {
        let (busy, problem, asking) = (busy.clone(), problem.clone(), asking.clone());
        let (id, on_changed) = (b.id, props.on_changed.clone());
        Callback::from(move |_: MouseEvent| {
            if *busy {
                return;
            }
            busy.set(true);
            problem.set(None);
            let (busy, problem, asking, on_changed) = (
                busy.clone(),
                problem.clone(),
                asking.clone(),
                on_changed.clone(),
            );
            spawn_local(async move {
                match api::desk_cancel(id, waive).await {
                    Ok(done) => {
                        asking.set(false);
                        let told = match done.refunded.as_ref().filter(|m| m.amount_minor > 0) {
                            Some(refund) => {
                                msg::desk_cancelled_refund(&who(&done), refund.display_sv())
                            }
                            None => msg::desk_cancelled(&who(&done)),
                        };
                        on_changed.emit((done, told));
                    }
                    Err(p) => problem.set(Some(p)),
                }
                busy.set(false);
            });
        })
    };
    let toggle = {
        let (asking, moving) = (asking.clone(), moving.clone());
        Callback::from(move |_: MouseEvent| {
            moving.set(false);
            asking.set(!*asking)
        })
    };
    let toggle_move = {
        let (asking, moving) = (asking.clone(), moving.clone());
        Callback::from(move |_: MouseEvent| {
            asking.set(false);
            moving.set(!*moving)
        })
    };
    let close_move = {
        let moving = moving.clone();
        Callback::from(move |()| moving.set(false))
    };
    let on_moved = {
        let (moving, on_changed) = (moving.clone(), props.on_changed.clone());
        Callback::from(move |moved: DeskBooking| {
            moving.set(false);
            // Arguments by name, alphabetically: court, date, name, time.
            let told = msg::desk_moved(
                &moved.court_name,
                long_date(moved.local_date),
                &who(&moved),
                time_range(&moved.local_start, &moved.local_end),
            );
            on_changed.emit((moved, told));
        })
    };
    let movable = b.status == BookingStatus::Confirmed && b.fee_if_cancelled.is_some();
    let heading_id = format!("desk-{}", b.id.simple());
    let status = match (b.status, &b.refunded) {
        (BookingStatus::Cancelled, Some(refund)) if refund.amount_minor > 0 => {
            format!(
                "{} · {}",
                status_label(b.status),
                msg::desk_refunded(refund.display_sv())
            )
        }
        _ => status_label(b.status).to_string(),
    };
    html! {
        <li class={classes!("desk-booking", (b.status == BookingStatus::Cancelled).then_some("desk-cancelled"))}
            aria-labelledby={heading_id.clone()}>
            <p class="desk-when" id={heading_id}>
                <strong>{ time_range(&b.local_start, &b.local_end) }</strong>{ " · " }{ b.court_name.clone() }
            </p>
            <p class="desk-who">
                { who(b) }
                if !b.email.is_empty() { { " · " }<a href={format!("mailto:{}", b.email)}>{ b.email.clone() }</a> }
                if let Some(phone) = &b.phone { { " · " }<a href={format!("tel:{}", phone.replace(' ', ""))}>{ phone.clone() }</a> }
            </p>
            <p class="desk-meta muted">
                { status }{ " · " }{ b.price.display_sv() }
                if b.pay_at_venue { { " · " }{ msg::desk_pay_at_venue() } }
                if let Some(code) = &b.door_code { { " · " }{ msg::desk_code(code.as_str()) } }
                { " · " }{ msg::desk_number(b.id.simple().to_string()[..8].to_string()) }
            </p>
            if let Some(fee) = &b.fee_if_cancelled {
                if *asking {
                    <div class="desk-confirm" role="group" aria-label={msg::desk_confirm_label(&who(b))}>
                        if fee.amount_minor > 0 {
                            <button type="button" class="button button-secondary" onclick={cancel(false)}
                                aria-busy={busy.then_some("true")}>
                                { msg::desk_cancel_with_fee(fee.display_sv()) }
                            </button>
                        }
                        <button type="button" class="button button-primary" onclick={cancel(true)}
                            aria-busy={busy.then_some("true")}>
                            { if b.paid { msg::desk_cancel_refund_all() } else { msg::desk_cancel_unpaid() } }
                        </button>
                        <button type="button" class="button button-secondary" onclick={toggle.clone()}>{ msg::desk_keep() }</button>
                    </div>
                } else if *moving {
                    <moving::MovePanel venue_id={props.venue_id} booking={b.clone()} {on_moved} on_close={close_move} />
                } else {
                    <div class="desk-actions">
                        if movable {
                            <button type="button" class="button button-secondary" onclick={toggle_move}
                                aria-label={msg::desk_move_button_label(&who(b), &b.local_start)}>
                                { msg::desk_move() }
                            </button>
                        }
                        <button type="button" class="button button-secondary" onclick={toggle}
                            aria-label={msg::desk_cancel_label(&who(b), &b.local_start)}>
                            { msg::desk_cancel() }
                        </button>
                    </div>
                }
            }
            if let Some(p) = &*problem { <ErrorBox problem={p.clone()} /> }
        </li>
    }
}

/// Who a booking is of, as the desk says it: the name, or for a person
/// with protected personal data the alias the server gave in its place.
pub(super) fn who(b: &DeskBooking) -> String {
    match &b.protected_alias {
        Some(alias) => msg::desk_protected(alias),
        None => b.name.clone(),
    }
}
