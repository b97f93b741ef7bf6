//! `/operator/venues/:id/closures` — close a court or the whole venue for
//! a time range (snow, rain, maintenance, an event), and lift a closure
//! early. Times are the venue's wall clock, whatever zone the phone is in.
//! The server cancels and refunds the bookings under a closure and tells
//! their players; this page says how many.

use chrono::{Duration, NaiveDateTime};
use shared::operator::{Closure, ClosureKind, ClosureReason, NewClosure};
use shared::{Problem, VenueDetail};
use uuid::Uuid;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::components::field::{set, Control, Field};
use crate::components::live::Status;
use crate::components::problem::ErrorBox;
use crate::components::skeleton::SkeletonLines;
use crate::format::{closure_reason, short_date};
use crate::i18n::msg;
use crate::load::{use_load, Load};
use crate::pages::operator::{not_an_operator, VenuePage};
use crate::zone;

#[derive(Properties, PartialEq)]
pub struct ClosuresProps {
    pub id: i64,
}

#[function_component(ClosuresPage)]
pub fn closures_page(props: &ClosuresProps) -> Html {
    html! {
        <VenuePage id={props.id} heading={msg::closures_heading()} class="page page-closures"
            title={Callback::from(|name: String| msg::closures_title(&name))}
            body={Callback::from(|venue: VenueDetail| html! { <Closures {venue} /> })} />
    }
}

#[derive(Properties, PartialEq)]
struct VenueProps {
    venue: VenueDetail,
}

/// The form and the list, sharing the list (a new closure goes on top).
#[function_component(Closures)]
fn closures(props: &VenueProps) -> Html {
    let venue_id = props.venue.summary.id;
    let (loaded, retry) = use_load(venue_id, api::closures);
    // Closures made or reopened here replace the loaded list.
    let edited = use_state(|| None::<Vec<Closure>>);
    let list = match (&*edited, &*loaded) {
        (Some(list), _) | (None, Load::Ready(list)) => Some(list.clone()),
        _ => None,
    };
    let on_change = {
        let (edited, list) = (edited.clone(), list.clone());
        Callback::from(move |closure: Closure| {
            let mut next: Vec<Closure> = list.clone().unwrap_or_default();
            match next.iter_mut().find(|c| c.id == closure.id) {
                Some(old) => *old = closure,
                None => next.insert(0, closure),
            }
            edited.set(Some(next));
        })
    };
    match &*loaded {
        Load::Failed(p) if p.status == 403 || p.status == 404 => not_an_operator(),
        Load::Failed(p) => html! { <ErrorBox problem={p.clone()} on_retry={retry} /> },
        _ => html! {
            <>
                <CloseForm venue={props.venue.clone()} on_closed={on_change.clone()} />
                <ClosureList venue={props.venue.clone()} closures={list} on_reopened={on_change} />
            </>
        },
    }
}

#[derive(Properties, PartialEq)]
struct FormProps {
    venue: VenueDetail,
    on_closed: Callback<Closure>,
}

/// `2026-12-07T09:00`, what a datetime-local input holds.
fn input_value(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M").to_string()
}

fn parse_input(value: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M").ok()
}

/// A field the server named, in words of this form.
fn field_error(problem: &Problem) -> Option<(&'static str, &'static str)> {
    match problem.field.as_deref()? {
        "starts_at" => Some(("starts_at", msg::closures_error_start())),
        "ends_at" => Some(("ends_at", msg::closures_error_end())),
        "court_id" => Some(("court_id", msg::closures_error_court())),
        "note" => Some(("note", msg::closures_error_note())),
        _ => None,
    }
}

#[function_component(CloseForm)]
fn close_form(props: &FormProps) -> Html {
    let tz = props.venue.timezone.clone();
    // Tomorrow at the venue, the whole day, by default.
    let tomorrow = zone::local(&tz, chrono::Utc::now())
        .map(|now| now.date() + Duration::days(1))
        .unwrap_or_else(|| chrono::Utc::now().date_naive() + Duration::days(1));
    let kind = use_state(|| ClosureKind::Closure.as_str().to_string());
    let court = use_state(|| "all".to_string());
    let starts = use_state(|| input_value(tomorrow.and_hms_opt(7, 0, 0).unwrap_or_default()));
    let ends = use_state(|| input_value(tomorrow.and_hms_opt(22, 0, 0).unwrap_or_default()));
    let reason = use_state(|| ClosureReason::Snow.as_str().to_string());
    let note = use_state(String::new);
    let errors = use_state(Vec::<(&'static str, &'static str)>::new);
    let problem = use_state(|| None::<Problem>);
    let busy = use_state(|| false);
    let done = use_state(|| None::<String>);
    let starts_ref = use_node_ref();

    let onsubmit = {
        let (kind, court, starts, ends, reason, note) = (
            kind.clone(),
            court.clone(),
            starts.clone(),
            ends.clone(),
            reason.clone(),
            note.clone(),
        );
        let (errors, problem, busy, done) =
            (errors.clone(), problem.clone(), busy.clone(), done.clone());
        let (on_closed, venue_id, tz) =
            (props.on_closed.clone(), props.venue.summary.id, tz.clone());
        let starts_ref = starts_ref.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let from = parse_input(&starts).and_then(|w| zone::instant(&tz, w));
            let to = parse_input(&ends).and_then(|w| zone::instant(&tz, w));
            let mut found = Vec::new();
            if from.is_none() {
                found.push(("starts_at", msg::closures_error_start_missing()));
            }
            match (from, to) {
                (_, None) => found.push(("ends_at", msg::closures_error_end_missing())),
                (Some(from), Some(to)) if to <= from => {
                    found.push(("ends_at", msg::closures_error_end()))
                }
                _ => {}
            }
            problem.set(None);
            done.set(None);
            let (Some(from), Some(to)) = (from, to) else {
                errors.set(found);
                focus(&starts_ref);
                return;
            };
            if !found.is_empty() {
                errors.set(found);
                return;
            }
            errors.set(Vec::new());
            let kind = ClosureKind::parse(&kind).unwrap_or_default();
            let body = NewClosure {
                kind,
                court_id: court.parse().ok(),
                starts_at: from,
                ends_at: to,
                reason: ClosureReason::parse(&reason).unwrap_or(ClosureReason::Other),
                note: Some(note.trim().to_string()).filter(|n| !n.is_empty()),
            };
            busy.set(true);
            let (errors, problem, busy, done, on_closed) = (
                errors.clone(),
                problem.clone(),
                busy.clone(),
                done.clone(),
                on_closed.clone(),
            );
            spawn_local(async move {
                match api::create_closure(venue_id, &body).await {
                    Ok(closure) => {
                        done.set(Some(match kind {
                            ClosureKind::Closure => {
                                msg::closures_done(i64::from(closure.cancelled_bookings))
                            }
                            ClosureKind::Block => msg::closures_blocked().to_string(),
                        }));
                        on_closed.emit(closure);
                    }
                    Err(p) => match field_error(&p) {
                        Some(named) => errors.set(vec![named]),
                        None => problem.set(Some(p)),
                    },
                }
                busy.set(false);
            });
        })
    };

    let error_of = |field: &str| {
        errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| AttrValue::from(*m))
    };
    let kinds: Vec<(AttrValue, AttrValue)> = vec![
        ("closure".into(), msg::closures_kind_closure().into()),
        ("block".into(), msg::closures_kind_block().into()),
    ];
    let mut courts: Vec<(AttrValue, AttrValue)> =
        vec![("all".into(), msg::closures_whole_venue().into())];
    courts.extend(
        props
            .venue
            .courts
            .iter()
            .map(|c| (c.id.to_string().into(), c.name.clone().into())),
    );
    let reasons: Vec<(AttrValue, AttrValue)> = ClosureReason::ALL
        .iter()
        .map(|r| {
            (
                r.as_str().into(),
                crate::format::capitalise(closure_reason(*r)).into(),
            )
        })
        .collect();
    html! {
        <section class="card" aria-labelledby="close-heading">
            <h2 id="close-heading">{ msg::closures_form_heading() }</h2>
            <p class="hint">{ msg::closures_form_explain() }</p>
            <form class="closure-form" {onsubmit} novalidate=true>
                <Field id="kind" label={msg::closures_kind()} control={Control::Choice(kinds)}
                    value={(*kind).clone()} on_change={set(&kind)} />
                <Field id="court_id" label={msg::closures_court()} control={Control::Choice(courts)}
                    value={(*court).clone()} on_change={set(&court)} error={error_of("court_id")} />
                <Field id="starts_at" label={msg::closures_from()} control={Control::DateTime}
                    value={(*starts).clone()} on_change={set(&starts)} error={error_of("starts_at")}
                    node={starts_ref.clone()} required=true hint={msg::closures_time_hint()} />
                <Field id="ends_at" label={msg::closures_to()} control={Control::DateTime}
                    value={(*ends).clone()} on_change={set(&ends)} error={error_of("ends_at")} required=true />
                <Field id="reason" label={msg::closures_reason()} control={Control::Choice(reasons)}
                    value={(*reason).clone()} on_change={set(&reason)} />
                <Field id="note" label={msg::closures_note()} control={Control::text("text", "off")}
                    value={(*note).clone()} on_change={set(&note)} error={error_of("note")}
                    hint={msg::closures_note_hint()} />
                <button type="submit" class="button button-primary" aria-disabled={busy.then_some("true")}
                    aria-busy={busy.then_some("true")}>
                    { match (*busy, kind.as_str()) {
                        (true, _) => msg::closures_closing(),
                        (false, "block") => msg::closures_reserve(),
                        (false, _) => msg::closures_close(),
                    } }
                </button>
            </form>
            <Status text={(*done).clone().map(AttrValue::from)} class="notice" />
            if let Some(p) = &*problem { <ErrorBox problem={p.clone()} /> }
        </section>
    }
}

fn focus(node: &NodeRef) {
    if let Some(el) = node.cast::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}

#[derive(Properties, PartialEq)]
struct ListProps {
    venue: VenueDetail,
    closures: Option<Vec<Closure>>,
    on_reopened: Callback<Closure>,
}

/// `lör 7 dec 09:00–16:00`, or across days `7 dec 09:00 – 9 dec 16:00`.
fn when(tz: &str, c: &Closure) -> String {
    span(tz, c.starts_at, c.ends_at)
}

/// A time range at the venue, as [`when`] words it.
pub fn span(
    tz: &str,
    starts_at: chrono::DateTime<chrono::Utc>,
    ends_at: chrono::DateTime<chrono::Utc>,
) -> String {
    let (Some(from), Some(to)) = (zone::local(tz, starts_at), zone::local(tz, ends_at)) else {
        return String::new();
    };
    let time = |t: NaiveDateTime| t.format("%H:%M").to_string();
    if from.date() == to.date()
        || (to.time() == chrono::NaiveTime::MIN && to.date() == from.date() + Duration::days(1))
    {
        let end = if from.date() == to.date() {
            time(to)
        } else {
            "24:00".into()
        };
        format!("{} {}\u{2013}{}", short_date(from.date()), time(from), end)
    } else {
        format!(
            "{} {} \u{2013} {} {}",
            short_date(from.date()),
            time(from),
            short_date(to.date()),
            time(to)
        )
    }
}

#[function_component(ClosureList)]
fn closure_list(props: &ListProps) -> Html {
    let busy = use_state(|| None::<Uuid>);
    let problem = use_state(|| None::<Problem>);
    let announced = use_state(|| None::<String>);
    let Some(list) = &props.closures else {
        return html! { <div class="card"><SkeletonLines lines={2} /></div> };
    };
    let venue_id = props.venue.summary.id;
    let court_name = |id: Option<i64>| match id {
        None => msg::closures_whole_venue().to_string(),
        Some(id) => props
            .venue
            .courts
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.name.clone())
            .unwrap_or_default(),
    };
    let now = chrono::Utc::now();
    html! {
        <section class="card" aria-labelledby="closures-heading">
            <h2 id="closures-heading">{ msg::closures_list_heading() }</h2>
            if list.is_empty() {
                <p>{ msg::closures_none() }</p>
            }
            <ul class="closure-list">
                { for list.iter().map(|c| {
                    let name = court_name(c.court_id);
                    let when = when(&props.venue.timezone, c);
                    let reason = closure_reason(c.reason);
                    let can_reopen = c.reopened_at.is_none() && c.ends_at > now;
                    let onclick = {
                        let (busy, problem, announced, on_reopened, id) =
                            (busy.clone(), problem.clone(), announced.clone(), props.on_reopened.clone(), c.id);
                        Callback::from(move |_: MouseEvent| {
                            if busy.is_some() {
                                return;
                            }
                            busy.set(Some(id));
                            problem.set(None);
                            let (busy, problem, announced, on_reopened) =
                                (busy.clone(), problem.clone(), announced.clone(), on_reopened.clone());
                            spawn_local(async move {
                                match api::reopen_closure(venue_id, id).await {
                                    Ok(closure) => {
                                        announced.set(Some(msg::closures_reopened_done().to_string()));
                                        on_reopened.emit(closure);
                                    }
                                    Err(p) => problem.set(Some(p)),
                                }
                                busy.set(None);
                            });
                        })
                    };
                    let working = *busy == Some(c.id);
                    html! {
                        <li key={c.id.to_string()} class="closure-item">
                            <p class="closure-what"><strong>{ name.clone() }</strong>{ ", " }{ when.clone() }</p>
                            if c.kind == ClosureKind::Block {
                                <p><span class="badge badge-block">{ msg::closures_is_block() }</span></p>
                            }
                            <p>{ msg::closures_item_detail(i64::from(c.cancelled_bookings), reason) }</p>
                            if let Some(note) = &c.note { <p class="hint">{ note.clone() }</p> }
                            if c.reopened_at.is_some() {
                                <p><span class="badge badge-reopened">{ msg::closures_reopened() }</span></p>
                            } else if can_reopen {
                                <button type="button" class="button button-secondary" {onclick}
                                    aria-label={msg::closures_reopen_label(&name, &when)}
                                    aria-disabled={working.then_some("true")} aria-busy={working.then_some("true")}>
                                    { msg::closures_reopen() }
                                </button>
                            }
                        </li>
                    }
                }) }
            </ul>
            <Status text={(*announced).clone().map(AttrValue::from)} class="notice" />
            if let Some(p) = &*problem { <ErrorBox problem={p.clone()} /> }
        </section>
    }
}
