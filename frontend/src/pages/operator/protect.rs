//! Marking a resident's account as protected on their request (issue 17):
//! the operator types the account's address; from then on staff see an
//! alias for that person's bookings. The audit log names the alias only.

use shared::privacy::ProtectAccount;
use shared::Problem;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::components::field::{set, Control, Field};
use crate::components::live::Status;
use crate::components::problem::ErrorBox;
use crate::i18n::msg;

#[derive(Properties, PartialEq)]
pub struct ProtectProps {
    pub organisation_id: i64,
}

#[function_component(ProtectForm)]
pub fn protect_form(props: &ProtectProps) -> Html {
    let email = use_state(String::new);
    let error = use_state(|| None::<String>);
    let problem = use_state(|| None::<Problem>);
    let done = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let field = use_node_ref();

    let send = {
        let (email, error, problem, done, busy, field) = (
            email.clone(),
            error.clone(),
            problem.clone(),
            done.clone(),
            busy.clone(),
            field.clone(),
        );
        let organisation_id = props.organisation_id;
        Callback::from(move |protected: bool| {
            if *busy {
                return;
            }
            done.set(None);
            problem.set(None);
            if let Err(invalid) = shared::validate::Email::parse(&email) {
                error.set(Some(crate::problem_text::invalid(&invalid)));
                if let Some(el) = field.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
                return;
            }
            error.set(None);
            busy.set(true);
            let body = ProtectAccount {
                email: email.trim().to_string(),
                protected,
            };
            let (email, error, problem, done, busy) = (
                email.clone(),
                error.clone(),
                problem.clone(),
                done.clone(),
                busy.clone(),
            );
            spawn_local(async move {
                match api::protect_account(organisation_id, &body).await {
                    Ok(()) => {
                        done.set(Some(if protected {
                            msg::protect_done(&body.email)
                        } else {
                            msg::protect_lifted(&body.email)
                        }));
                        email.set(String::new());
                    }
                    Err(p) if p.status == 404 => {
                        error.set(Some(msg::protect_no_account().to_string()))
                    }
                    Err(p) => problem.set(Some(p)),
                }
                busy.set(false);
            });
        })
    };
    let onsubmit = {
        let send = send.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            send.emit(true);
        })
    };
    let lift = send.reform(|_: MouseEvent| false);
    html! {
        <section class="card" aria-labelledby="protect-heading">
            <h2 id="protect-heading">{ msg::protect_heading() }</h2>
            <p class="muted">{ msg::protect_intro() }</p>
            <form {onsubmit} novalidate=true>
                <Field id="protect-email" label={msg::protect_email()}
                    control={Control::text("email", "off")} value={(*email).clone()}
                    on_change={set(&email)} error={(*error).clone().map(AttrValue::from)} required=true node={field} />
                if let Some(p) = &*problem {
                    <ErrorBox problem={p.clone()} />
                }
                <Status text={(*done).clone().map(AttrValue::from)} />
                <div class="button-row">
                    <button type="submit" class="button button-primary" aria-busy={busy.to_string()}>{ msg::protect_mark() }</button>
                    <button type="button" class="button button-secondary" onclick={lift}>{ msg::protect_lift() }</button>
                </div>
            </form>
        </section>
    }
}
