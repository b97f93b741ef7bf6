//! Moving a booking at the desk: pick a day, then one of the venue's free
//! slots that day (any court), and move the booking there. The server
//! checks again; a slot taken meanwhile is said, and the list reloads.

use chrono::NaiveDate;
use shared::operator::DeskBooking;
use shared::{Problem, SlotStatus};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::components::field::{set, Control, Field};
use crate::components::problem::ErrorBox;
use crate::components::skeleton::SkeletonLines;
use crate::format::time_range;
use crate::i18n::msg;
use crate::load::{use_load, Load};

#[derive(Properties, PartialEq)]
pub struct MoveProps {
    pub venue_id: i64,
    pub booking: DeskBooking,
    pub on_moved: Callback<DeskBooking>,
    pub on_close: Callback<()>,
}

/// The day to look at, then its free slots.
#[function_component(MovePanel)]
pub fn move_panel(props: &MoveProps) -> Html {
    let b = &props.booking;
    let date = use_state(|| b.local_date.format("%Y-%m-%d").to_string());
    let day = use_state(|| b.local_date);
    let date_error = use_state(|| None::<AttrValue>);
    let show = {
        let (date, day, date_error) = (date.clone(), day.clone(), date_error.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d") {
                Ok(d) => {
                    date_error.set(None);
                    day.set(d);
                }
                Err(_) => date_error.set(Some(AttrValue::from(msg::hours_error_date()))),
            }
        })
    };
    let prefix = format!("move-{}", b.id.simple());
    let close = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(()))
    };
    html! {
        <div class="desk-move" role="group" aria-label={msg::desk_move_label(&b.name)}>
            <form class="desk-move-day" onsubmit={show}>
                <Field id={format!("{prefix}-date")} label={msg::desk_move_date()} control={Control::text("date", "off")}
                    value={(*date).clone()} on_change={set(&date)} error={(*date_error).clone()} />
                <button type="submit" class="button button-secondary">{ msg::desk_move_show() }</button>
            </form>
            <FreeSlots venue_id={props.venue_id} day={*day} booking={b.clone()} prefix={prefix}
                on_moved={props.on_moved.clone()} />
            <button type="button" class="button button-secondary" onclick={close}>{ msg::desk_move_keep() }</button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct FreeProps {
    venue_id: i64,
    day: NaiveDate,
    booking: DeskBooking,
    prefix: String,
    on_moved: Callback<DeskBooking>,
}

/// The free slots of the day as one choice, and "Flytta hit".
#[function_component(FreeSlots)]
fn free_slots(props: &FreeProps) -> Html {
    let (loaded, retry) = use_load((props.venue_id, props.day), |(venue, day)| async move {
        api::slots(venue, Some(day)).await
    });
    let chosen = use_state(String::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<Problem>);
    match &*loaded {
        Load::Loading => html! { <SkeletonLines lines={2} /> },
        Load::Failed(p) => html! { <ErrorBox problem={p.clone()} on_retry={retry} /> },
        Load::Ready(day) => {
            // "Bana 2 · 12:00–13:00", valued "court|start".
            let free: Vec<(AttrValue, AttrValue)> = day
                .courts
                .iter()
                .flat_map(|court| {
                    court
                        .slots
                        .iter()
                        .filter(|s| s.status == SlotStatus::Free)
                        .map(move |s| {
                            (
                                AttrValue::from(format!(
                                    "{}|{}",
                                    court.court_id,
                                    s.starts_at.to_rfc3339()
                                )),
                                AttrValue::from(format!(
                                    "{} · {}",
                                    court.court_name,
                                    time_range(&s.local_start, &s.local_end)
                                )),
                            )
                        })
                })
                .collect();
            if free.is_empty() {
                return html! { <p>{ msg::desk_move_none() }</p> };
            }
            let value = if free.iter().any(|(v, _)| v.as_str() == chosen.as_str()) {
                (*chosen).clone()
            } else {
                free[0].0.to_string()
            };
            let onclick = {
                let (busy, problem, on_moved, value) = (
                    busy.clone(),
                    problem.clone(),
                    props.on_moved.clone(),
                    value.clone(),
                );
                let id = props.booking.id;
                Callback::from(move |_: MouseEvent| {
                    let Some((court, start)) = value.split_once('|') else {
                        return;
                    };
                    let (Ok(court_id), Ok(starts_at)) = (
                        court.parse::<i64>(),
                        chrono::DateTime::parse_from_rfc3339(start),
                    ) else {
                        return;
                    };
                    if *busy {
                        return;
                    }
                    busy.set(true);
                    problem.set(None);
                    let (busy, problem, on_moved) =
                        (busy.clone(), problem.clone(), on_moved.clone());
                    spawn_local(async move {
                        match api::desk_move(id, court_id, starts_at.to_utc()).await {
                            Ok(moved) => on_moved.emit(moved),
                            Err(p) => problem.set(Some(p)),
                        }
                        busy.set(false);
                    });
                })
            };
            html! {
                <>
                    <Field id={format!("{}-slot", props.prefix)} label={msg::desk_move_slot()}
                        control={Control::Choice(free)} value={value} on_change={set(&chosen)} />
                    <button type="button" class="button button-primary" {onclick}
                        aria-busy={busy.then_some("true")}>{ msg::desk_move_here() }</button>
                    if let Some(p) = &*problem { <ErrorBox problem={p.clone()} /> }
                </>
            }
        }
    }
}
