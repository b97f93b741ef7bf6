//! `/operator/venues/:id/notices` — who outside Ledig is told what at a
//! venue (a caretaker, a security company): closures and blocks, bookings
//! outside the staffed hours, a morning summary; and the staffed hours.
//! Operators only. The page checks what it can (the server's rules) and
//! puts the server's refusals on the field they name.

use chrono::NaiveTime;
use shared::account::Language;
use shared::operator::{Subscriber, VenueNotices};
use shared::validate::Email;
use shared::{Problem, VenueDetail};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::components::field::{Control, Field};
use crate::components::live::Status;
use crate::components::problem::ErrorBox;
use crate::components::skeleton::SkeletonLines;
use crate::i18n::msg;
use crate::load::{use_load, Load};
use crate::pages::operator::form::{focus_id, mistake_of, Mistake};
use crate::pages::operator::{not_an_operator, VenuePage};
use crate::problem_text;

#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    pub id: i64,
}

#[function_component(NoticesPage)]
pub fn notices_page(props: &NoticesProps) -> Html {
    html! {
        <VenuePage id={props.id} heading={msg::notices_heading()} class="page page-notices"
            title={Callback::from(|name: String| msg::notices_title(&name))}
            body={Callback::from(|venue: VenueDetail| html! { <Loaded venue_id={venue.summary.id} /> })} />
    }
}

#[derive(Properties, PartialEq)]
struct LoadedProps {
    venue_id: i64,
}

#[function_component(Loaded)]
fn loaded(props: &LoadedProps) -> Html {
    let (notices, retry) = use_load(props.venue_id, api::notices);
    match &*notices {
        Load::Loading => html! { <div class="card"><SkeletonLines lines={5} /></div> },
        Load::Failed(p) if p.status == 403 || p.status == 404 => not_an_operator(),
        Load::Failed(p) => html! { <ErrorBox problem={p.clone()} on_retry={retry} /> },
        Load::Ready(n) => html! { <Editor venue_id={props.venue_id} notices={n.clone()} /> },
    }
}

/// The element a field the server names (`subscribers[1].email`) is.
fn dom_id(field: &str) -> String {
    match field
        .strip_prefix("subscribers[")
        .and_then(|rest| rest.split_once("]."))
    {
        Some((i, name)) => format!("notices-{i}-{name}"),
        None => format!("notices-{}", field.replace('_', "-")),
    }
}

/// The page's own checks, in the server's field names.
fn check(n: &VenueNotices) -> Vec<Mistake> {
    let mut found = Vec::new();
    fn time(v: &Option<String>) -> Option<&str> {
        v.as_deref().map(str::trim).filter(|t| !t.is_empty())
    }
    let (from, until) = (time(&n.staffed_from), time(&n.staffed_until));
    let parse = |t: &str| NaiveTime::parse_from_str(t, "%H:%M").ok();
    match (from, until) {
        (Some(f), _) if parse(f).is_none() => {
            found.push(("staffed_from".into(), msg::notices_error_time().into()))
        }
        (_, Some(u)) if parse(u).is_none() => {
            found.push(("staffed_until".into(), msg::notices_error_time().into()))
        }
        (Some(_), None) => found.push(("staffed_until".into(), msg::notices_error_both().into())),
        (None, Some(_)) => found.push(("staffed_from".into(), msg::notices_error_both().into())),
        (Some(f), Some(u)) if parse(f) >= parse(u) => {
            found.push(("staffed_until".into(), msg::notices_error_order().into()))
        }
        _ => {}
    }
    for (i, s) in n.subscribers.iter().enumerate() {
        let field = |name: &str| format!("subscribers[{i}].{name}");
        if s.name.trim().is_empty() {
            found.push((field("name"), msg::notices_error_name().into()));
        }
        if let Err(e) = Email::parse(&s.email) {
            found.push((field("email"), problem_text::invalid(&e)));
        }
        if !(s.closures || s.after_hours || s.daily_summary) {
            found.push((field("closures"), msg::notices_error_nothing().into()));
        }
    }
    found
}

#[derive(Properties, PartialEq)]
struct EditorProps {
    venue_id: i64,
    notices: VenueNotices,
}

#[function_component(Editor)]
fn editor(props: &EditorProps) -> Html {
    let draft = use_state(|| props.notices.clone());
    let mistakes = use_state(Vec::<Mistake>::new);
    let problem = use_state(|| None::<Problem>);
    let saved = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let edit = |write: Box<dyn Fn(&mut VenueNotices, String)>| {
        let draft = draft.clone();
        Callback::from(move |value: String| {
            let mut next = (*draft).clone();
            write(&mut next, value);
            draft.set(next);
        })
    };
    let onsubmit = {
        let (draft, mistakes, problem, saved, busy) = (
            draft.clone(),
            mistakes.clone(),
            problem.clone(),
            saved.clone(),
            busy.clone(),
        );
        let venue_id = props.venue_id;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let found = check(&draft);
            if let Some((field, _)) = found.first() {
                focus_id(&dom_id(field));
                mistakes.set(found);
                return;
            }
            if *busy {
                return;
            }
            mistakes.set(Vec::new());
            saved.set(None);
            problem.set(None);
            busy.set(true);
            let (draft, mistakes, problem, saved, busy) = (
                draft.clone(),
                mistakes.clone(),
                problem.clone(),
                saved.clone(),
                busy.clone(),
            );
            let body = (*draft).clone();
            spawn_local(async move {
                match api::save_notices(venue_id, &body).await {
                    Ok(n) => {
                        draft.set(n);
                        saved.set(Some(msg::notices_saved().to_string()));
                    }
                    Err(p) => match p.field.clone() {
                        Some(field) if p.status == 422 => {
                            focus_id(&dom_id(&field));
                            mistakes.set(vec![(field, p.detail.clone().unwrap_or_default())]);
                        }
                        _ => problem.set(Some(p)),
                    },
                }
                busy.set(false);
            });
        })
    };
    let add = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            next.subscribers.push(Subscriber {
                name: String::new(),
                email: String::new(),
                language: Language::Sv,
                closures: true,
                after_hours: false,
                daily_summary: false,
            });
            let i = next.subscribers.len() - 1;
            draft.set(next);
            // After the render that adds it.
            gloo::timers::callback::Timeout::new(0, move || focus_id(&format!("notices-{i}-name")))
                .forget();
        })
    };
    let m = &*mistakes;
    let languages = vec![
        (
            AttrValue::from("sv"),
            AttrValue::from(msg::notices_language_sv()),
        ),
        (
            AttrValue::from("en"),
            AttrValue::from(msg::notices_language_en()),
        ),
    ];
    html! {
        <form class="rules-form notices-form" {onsubmit} novalidate=true>
            <section class="card" aria-labelledby="notices-hours-heading">
                <h2 id="notices-hours-heading">{ msg::notices_hours_heading() }</h2>
                <p class="hint">{ msg::notices_hours_explain() }</p>
                <div class="field-pair">
                    <Field id="notices-staffed-from" label={msg::notices_staffed_from()} control={Control::text("time", "off")}
                        value={draft.staffed_from.clone().unwrap_or_default()}
                        on_change={edit(Box::new(|d, v| d.staffed_from = Some(v).filter(|v| !v.is_empty())))}
                        error={mistake_of(m, "staffed_from")} />
                    <Field id="notices-staffed-until" label={msg::notices_staffed_until()} control={Control::text("time", "off")}
                        value={draft.staffed_until.clone().unwrap_or_default()}
                        on_change={edit(Box::new(|d, v| d.staffed_until = Some(v).filter(|v| !v.is_empty())))}
                        error={mistake_of(m, "staffed_until")} />
                </div>
            </section>
            <section class="card" aria-labelledby="notices-people-heading">
                <h2 id="notices-people-heading">{ msg::notices_people_heading() }</h2>
                <p class="hint">{ msg::notices_people_explain() }</p>
                if draft.subscribers.is_empty() { <p>{ msg::notices_none() }</p> }
                { for draft.subscribers.iter().enumerate().map(|(i, s)| {
                    let field = |name: &str| format!("subscribers[{i}].{name}");
                    let toggle = |write: fn(&mut Subscriber, bool)| {
                        let draft = draft.clone();
                        Callback::from(move |e: Event| {
                            let on = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
                            let mut next = (*draft).clone();
                            write(&mut next.subscribers[i], on);
                            draft.set(next);
                        })
                    };
                    let remove = {
                        let draft = draft.clone();
                        Callback::from(move |_: MouseEvent| {
                            let mut next = (*draft).clone();
                            next.subscribers.remove(i);
                            draft.set(next);
                        })
                    };
                    let nothing = mistake_of(m, &field("closures"));
                    html! {
                        <fieldset class="notices-person" key={i}>
                            <legend>{ msg::notices_person(i as i64 + 1) }</legend>
                            <Field id={format!("notices-{i}-name")} label={msg::notices_name()} control={Control::text("text", "off")}
                                value={s.name.clone()} on_change={edit(Box::new(move |d, v| d.subscribers[i].name = v))}
                                error={mistake_of(m, &field("name"))} />
                            <div class="field-pair">
                                <Field id={format!("notices-{i}-email")} label={msg::notices_email()} control={Control::text("email", "off")}
                                    value={s.email.clone()} on_change={edit(Box::new(move |d, v| d.subscribers[i].email = v))}
                                    error={mistake_of(m, &field("email"))} />
                                <Field id={format!("notices-{i}-language")} label={msg::notices_language()} control={Control::Choice(languages.clone())}
                                    value={s.language.as_str().to_string()}
                                    on_change={edit(Box::new(move |d, v| d.subscribers[i].language = Language::parse(&v).unwrap_or_default()))} />
                            </div>
                            <div class="notices-what" role="group" aria-labelledby={format!("notices-{i}-what")}
                                aria-describedby={nothing.as_ref().map(|_| format!("notices-{i}-closures-error"))}>
                                <p id={format!("notices-{i}-what")} class="notices-what-label">{ msg::notices_what() }</p>
                                <label class="check" for={format!("notices-{i}-closures")}>
                                    <input type="checkbox" id={format!("notices-{i}-closures")} checked={s.closures}
                                        onchange={toggle(|s, on| s.closures = on)} />
                                    <span>{ msg::notices_closures() }</span>
                                </label>
                                <label class="check" for={format!("notices-{i}-after_hours")}>
                                    <input type="checkbox" id={format!("notices-{i}-after_hours")} checked={s.after_hours}
                                        onchange={toggle(|s, on| s.after_hours = on)} />
                                    <span>{ msg::notices_after_hours() }</span>
                                </label>
                                <label class="check" for={format!("notices-{i}-daily_summary")}>
                                    <input type="checkbox" id={format!("notices-{i}-daily_summary")} checked={s.daily_summary}
                                        onchange={toggle(|s, on| s.daily_summary = on)} />
                                    <span>{ msg::notices_daily_summary() }</span>
                                </label>
                                if let Some(text) = nothing {
                                    <p class="field-error" id={format!("notices-{i}-closures-error")}>{ text }</p>
                                }
                            </div>
                            <button type="button" class="button button-secondary" onclick={remove}
                                aria-label={msg::notices_remove_label(i as i64 + 1)}>{ msg::notices_remove() }</button>
                        </fieldset>
                    }
                }) }
                <button type="button" class="button button-secondary" onclick={add}>{ msg::notices_add() }</button>
            </section>
            if let Some(p) = &*problem { <ErrorBox problem={p.clone()} /> }
            <Status text={(*saved).clone().map(AttrValue::from)} class="notice" />
            <button type="submit" class="button button-primary" aria-busy={busy.then_some("true")}>{ msg::notices_save() }</button>
        </form>
    }
}
