//! Protected personal data: a person with sekretessmarkering or skyddad
//! folkbokföring marks the account, and the venues' staff then see an
//! alias instead of their name, e-mail and phone.

use shared::account::Account;
use shared::Problem;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::components::problem::ErrorBox;
use crate::i18n::msg;
use crate::session::{use_session, SessionState};

#[derive(Properties, PartialEq)]
pub struct ProtectedProps {
    pub account: Account,
}

#[function_component(Protected)]
pub fn protected(props: &ProtectedProps) -> Html {
    let session = use_session();
    let busy = use_state(|| false);
    let problem = use_state(|| None::<Problem>);
    let on = props.account.protected;
    let onclick = {
        let (busy, problem, session) = (busy.clone(), problem.clone(), session.clone());
        Callback::from(move |_| {
            if *busy {
                return;
            }
            busy.set(true);
            let (busy, problem, session) = (busy.clone(), problem.clone(), session.clone());
            spawn_local(async move {
                match api::set_protected(!on).await {
                    Ok(account) => {
                        problem.set(None);
                        session.set(SessionState::signed_in(account));
                    }
                    Err(p) => problem.set(Some(p)),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <section class="card" aria-labelledby="data-protected-heading">
            <h2 id="data-protected-heading">{ msg::data_protected_heading() }</h2>
            <p>{ msg::data_protected_intro() }</p>
            <p role="status"><strong>{ if on { msg::data_protected_on() } else { msg::data_protected_off() } }</strong></p>
            if let Some(p) = &*problem {
                <ErrorBox problem={p.clone()} />
            }
            <button type="button" class="button button-secondary" aria-busy={busy.to_string()} {onclick}>
                { if on { msg::data_protected_lift() } else { msg::data_protected_mark() } }
            </button>
        </section>
    }
}
