//! Moving a booking at the desk: pick a day, then one of the venue's free
//! slots that day (any court), and move the booking there. The server
//! checks again; a slot taken meanwhile is said.

use chrono::NaiveDate;
use shared::operator::DeskBooking;
use shared::Problem;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::components::field::{set, Control, Field};
use crate::components::problem::ErrorBox;
use crate::i18n::msg;

use super::slots::{parse_slot, FreeSlotChoice};

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
        <div class="desk-move" role="group" aria-label={msg::desk_move_label(&super::who(b))}>
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

/// The day's free slots, and "Flytta hit".
#[function_component(FreeSlots)]
fn free_slots(props: &FreeProps) -> Html {
    let chosen = use_state(String::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<Problem>);
    let onclick = {
        let (busy, problem, on_moved, chosen) = (
            busy.clone(),
            problem.clone(),
            props.on_moved.clone(),
            chosen.clone(),
        );
        let id = props.booking.id;
        Callback::from(move |_: MouseEvent| {
            let Some((court_id, starts_at)) = parse_slot(&chosen) else {
                return;
            };
            if *busy {
                return;
            }
            busy.set(true);
            problem.set(None);
            let (busy, problem, on_moved) = (busy.clone(), problem.clone(), on_moved.clone());
            spawn_local(async move {
                match api::desk_move(id, court_id, starts_at).await {
                    Ok(moved) => on_moved.emit(moved),
                    Err(p) => problem.set(Some(p)),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <>
            <FreeSlotChoice id={format!("{}-slot", props.prefix)} venue_id={props.venue_id} day={props.day}
                value={(*chosen).clone()} on_change={set(&chosen)} />
            if !chosen.is_empty() {
                <button type="button" class="button button-primary" {onclick}
                    aria-busy={busy.then_some("true")}>{ msg::desk_move_here() }</button>
            }
            if let Some(p) = &*problem { <ErrorBox problem={p.clone()} /> }
        </>
    }
}
