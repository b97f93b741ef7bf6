//! Booking for a caller at the desk: a day and one of its free times, the
//! caller's name and e-mail or phone, their customer category, and how they
//! pay (at the venue, or by a link mailed to them). The page checks what it
//! can before sending (the same parsers as the server); the server's answer
//! is said in the list's status line.

use chrono::NaiveDate;
use shared::account::Phone;
use shared::operator::{DeskBooking, DeskPayment, StaffBooking};
use shared::rules::CustomerCategory;
use shared::validate::{Email, PlayerName};
use shared::Problem;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::components::field::{Control, Field};
use crate::components::problem::ErrorBox;
use crate::i18n::msg;
use crate::pages::account::category_label;
use crate::pages::operator::form::{focus_id, mistake_of, Mistake};
use crate::problem_text;

use super::slots::{parse_slot, FreeSlotChoice};

#[derive(Properties, PartialEq)]
pub struct CallerProps {
    pub venue_id: i64,
    pub day: NaiveDate,
    /// The booking made, and what to say.
    pub on_booked: Callback<(DeskBooking, String)>,
}

/// The caller's details as typed.
#[derive(Clone, Default, PartialEq)]
struct Draft {
    date: String,
    slot: String,
    name: String,
    email: String,
    phone: String,
    category: String,
    payment: String,
}

/// What the page can tell before asking the server, by field.
fn check(d: &Draft) -> Vec<Mistake> {
    let mut mistakes = Vec::new();
    let mut say = |field: &str, text: String| mistakes.push((field.to_string(), text));
    if NaiveDate::parse_from_str(d.date.trim(), "%Y-%m-%d").is_err() {
        say("date", msg::hours_error_date().to_string());
    }
    if let Err(e) = PlayerName::parse(&d.name) {
        say("name", problem_text::invalid(&e));
    }
    if !d.email.trim().is_empty() {
        if let Err(e) = Email::parse(&d.email) {
            say("email", problem_text::invalid(&e));
        }
    } else if d.payment == "link" {
        say("email", msg::desk_caller_link_needs_email().to_string());
    } else if d.phone.trim().is_empty() {
        say("email", msg::desk_caller_need_contact().to_string());
    }
    if let Err(e) = Phone::parse(&d.phone) {
        say("phone", problem_text::invalid(&e));
    }
    mistakes
}

#[function_component(CallerForm)]
pub fn caller_form(props: &CallerProps) -> Html {
    let open = use_state(|| false);
    let draft = use_state(|| Draft {
        date: props.day.format("%Y-%m-%d").to_string(),
        category: "adult".into(),
        payment: "at_venue".into(),
        ..Draft::default()
    });
    let day = use_state(|| props.day);
    let mistakes = use_state(Vec::<Mistake>::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<Problem>);
    let field = |write: fn(&mut Draft, String)| {
        let draft = draft.clone();
        Callback::from(move |value: String| {
            let mut next = (*draft).clone();
            write(&mut next, value);
            draft.set(next);
        })
    };
    let on_date = {
        let (draft, day) = (draft.clone(), day.clone());
        Callback::from(move |value: String| {
            if let Ok(d) = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d") {
                day.set(d);
            }
            let mut next = (*draft).clone();
            next.date = value;
            draft.set(next);
        })
    };
    let onsubmit = {
        let (draft, mistakes, busy, problem, open) = (
            draft.clone(),
            mistakes.clone(),
            busy.clone(),
            problem.clone(),
            open.clone(),
        );
        let (venue_id, on_booked) = (props.venue_id, props.on_booked.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let found = check(&draft);
            if let Some((first, _)) = found.first() {
                focus_id(&format!("caller-{first}"));
                mistakes.set(found);
                return;
            }
            mistakes.set(Vec::new());
            let Some((court_id, starts_at)) = parse_slot(&draft.slot) else {
                focus_id("caller-slot");
                return;
            };
            if *busy {
                return;
            }
            let body = StaffBooking {
                court_id,
                starts_at,
                name: draft.name.clone(),
                email: draft.email.clone(),
                phone: draft.phone.clone(),
                payment: if draft.payment == "link" {
                    DeskPayment::Link
                } else {
                    DeskPayment::AtVenue
                },
                category: CustomerCategory::parse(&draft.category).unwrap_or_default(),
            };
            busy.set(true);
            problem.set(None);
            let (draft, mistakes, busy, problem, open, on_booked) = (
                draft.clone(),
                mistakes.clone(),
                busy.clone(),
                problem.clone(),
                open.clone(),
                on_booked.clone(),
            );
            spawn_local(async move {
                match api::desk_book(venue_id, &body).await {
                    Ok(made) => {
                        // Arguments by name, alphabetically.
                        let told = if made.pay_at_venue {
                            msg::desk_caller_booked(
                                made.door_code.clone().unwrap_or_default(),
                                &made.name,
                            )
                        } else {
                            msg::desk_caller_link_sent(&made.email, &made.name)
                        };
                        draft.set(Draft {
                            date: draft.date.clone(),
                            category: "adult".into(),
                            payment: "at_venue".into(),
                            ..Draft::default()
                        });
                        open.set(false);
                        on_booked.emit((made, told));
                    }
                    Err(p) => match p.field.clone() {
                        Some(f) if ["name", "email", "phone"].contains(&f.as_str()) => {
                            focus_id(&format!("caller-{f}"));
                            mistakes.set(vec![(f, p.detail.clone().unwrap_or_default())]);
                        }
                        _ => problem.set(Some(p)),
                    },
                }
                busy.set(false);
            });
        })
    };
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    if !*open {
        return html! {
            <div class="desk-new">
                <button type="button" class="button button-primary" onclick={toggle}>{ msg::desk_caller_open() }</button>
            </div>
        };
    }
    let categories: Vec<(AttrValue, AttrValue)> = CustomerCategory::ALL
        .iter()
        .map(|c| {
            (
                AttrValue::from(c.as_str()),
                AttrValue::from(category_label(*c)),
            )
        })
        .collect();
    let payments = vec![
        (
            AttrValue::from("at_venue"),
            AttrValue::from(msg::desk_caller_pay_at_venue()),
        ),
        (
            AttrValue::from("link"),
            AttrValue::from(msg::desk_caller_pay_link()),
        ),
    ];
    let error = |f: &str| mistake_of(&mistakes, f);
    html! {
        <form class="card desk-caller" {onsubmit} aria-labelledby="caller-heading" novalidate=true>
            <h2 id="caller-heading">{ msg::desk_caller_heading() }</h2>
            <Field id="caller-date" label={msg::desk_move_date()} control={Control::text("date", "off")}
                value={draft.date.clone()} on_change={on_date} error={error("date")} />
            <FreeSlotChoice id="caller-slot" venue_id={props.venue_id} day={*day}
                value={draft.slot.clone()} on_change={field(|d, v| d.slot = v)} />
            <Field id="caller-name" label={msg::desk_caller_name()} control={Control::text("text", "off")}
                value={draft.name.clone()} on_change={field(|d, v| d.name = v)} error={error("name")} required=true />
            <div class="field-pair">
                <Field id="caller-email" label={msg::desk_caller_email()} control={Control::text("email", "off")}
                    value={draft.email.clone()} on_change={field(|d, v| d.email = v)} error={error("email")}
                    hint={Some(AttrValue::from(msg::desk_caller_contact_hint()))} />
                <Field id="caller-phone" label={msg::desk_caller_phone()} control={Control::text("tel", "off")}
                    value={draft.phone.clone()} on_change={field(|d, v| d.phone = v)} error={error("phone")} />
            </div>
            <div class="field-pair">
                <Field id="caller-category" label={msg::desk_caller_category()} control={Control::Choice(categories)}
                    value={draft.category.clone()} on_change={field(|d, v| d.category = v)} />
                <Field id="caller-payment" label={msg::desk_caller_payment()} control={Control::Choice(payments)}
                    value={draft.payment.clone()} on_change={field(|d, v| d.payment = v)} />
            </div>
            if let Some(p) = &*problem { <ErrorBox problem={p.clone()} /> }
            <div class="desk-actions">
                <button type="submit" class="button button-primary" aria-busy={busy.then_some("true")}>{ msg::desk_caller_book() }</button>
                <button type="button" class="button button-secondary" onclick={toggle}>{ msg::desk_caller_close() }</button>
            </div>
        </form>
    }
}
