//! Deleting the account: what happens, said before it does; the person
//! types their address to confirm; then the server erases in one go and
//! the page says what was cancelled and what is kept.

use shared::privacy::{AccountErased, EraseAccount};
use shared::{Money, Problem};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::Route;
use crate::components::field::{set, Control, Field};
use crate::components::problem::ErrorBox;
use crate::i18n::msg;
use crate::load::{use_load, Load};
use crate::session::{use_session, SessionState};

#[derive(Properties, PartialEq)]
pub struct DeleteProps {
    pub email: String,
    /// Called once erased, with what was done and the address it was.
    pub on_erased: Callback<(AccountErased, String)>,
}

#[function_component(DeleteAccount)]
pub fn delete_account(props: &DeleteProps) -> Html {
    let session = use_session();
    let (config, _) = use_load((), |()| api::config());
    let in_full = matches!(&*config, Load::Ready(c) if c.erase_refunds_in_full);
    let typed = use_state(String::new);
    let mismatch = use_state(|| false);
    let problem = use_state(|| None::<Problem>);
    let busy = use_state(|| false);
    let field = use_node_ref();

    let onsubmit = {
        let (typed, mismatch, problem, busy, field) = (
            typed.clone(),
            mismatch.clone(),
            problem.clone(),
            busy.clone(),
            field.clone(),
        );
        let (email, on_erased, session) = (
            props.email.clone(),
            props.on_erased.clone(),
            session.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            if typed.trim().to_lowercase() != email.to_lowercase() {
                mismatch.set(true);
                if let Some(input) = field.cast::<web_sys::HtmlElement>() {
                    let _ = input.focus();
                }
                return;
            }
            mismatch.set(false);
            problem.set(None);
            busy.set(true);
            let body = EraseAccount {
                confirm_email: (*typed).clone(),
            };
            let (problem, busy, email, on_erased, session) = (
                problem.clone(),
                busy.clone(),
                email.clone(),
                on_erased.clone(),
                session.clone(),
            );
            spawn_local(async move {
                match api::erase_account(&body).await {
                    Ok(erased) => {
                        // Nothing of the account stays on this device either.
                        crate::storage::forget_everything();
                        api::set_csrf_token(None);
                        on_erased.emit((erased, email));
                        session.set(SessionState::signed_out());
                    }
                    Err(p) => {
                        problem.set(Some(p));
                        busy.set(false);
                    }
                }
            });
        })
    };
    let error = mismatch.then(|| AttrValue::from(msg::data_delete_mismatch(&props.email)));
    html! {
        <section class="card card-danger" aria-labelledby="data-delete-heading">
            <h2 id="data-delete-heading">{ msg::data_delete_heading() }</h2>
            <p>{ msg::data_delete_intro() }</p>
            <ul class="data-delete-list">
                <li>{ msg::data_delete_sessions() }</li>
                <li>{ if in_full { msg::data_delete_bookings_in_full() } else { msg::data_delete_bookings() } }</li>
                <li>{ msg::data_delete_personal() }</li>
                <li>{ msg::data_delete_kept() }</li>
            </ul>
            <p><strong>{ msg::data_delete_final() }</strong></p>
            <form {onsubmit} novalidate=true>
                <Field id="data-delete-confirm" label={msg::data_delete_confirm()}
                    control={Control::text("email", "off")} value={(*typed).clone()}
                    on_change={set(&typed)} {error} required=true node={field} />
                if let Some(p) = &*problem {
                    <ErrorBox problem={p.clone()} />
                }
                <button type="submit" class="button button-danger button-block" aria-busy={busy.to_string()} disabled={*busy}>
                    { if *busy { msg::data_delete_working() } else { msg::data_delete_submit() } }
                </button>
            </form>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct DeletedProps {
    pub erased: AccountErased,
    pub email: String,
}

/// Done: what was cancelled, what is kept, where the confirmation went.
#[function_component(Deleted)]
pub fn deleted(props: &DeletedProps) -> Html {
    let e = &props.erased;
    let refund = Money {
        amount_minor: e.refund_minor,
        currency: e.currency.clone(),
    };
    html! {
        <section class="card" role="status" aria-labelledby="data-deleted-heading">
            <h2 id="data-deleted-heading">{ msg::data_deleted_heading() }</h2>
            if e.cancelled > 0 {
                <p>{ msg::data_deleted_cancelled(i64::from(e.cancelled), refund.display_sv()) }</p>
            }
            if e.kept_as_records > 0 {
                <p>{ msg::data_deleted_kept(i64::from(e.kept_as_records)) }</p>
            }
            <p>{ msg::data_deleted_mail(&props.email) }</p>
            <p><Link<Route> to={Route::Home} classes="button button-primary">{ msg::data_deleted_home() }</Link<Route>></p>
        </section>
    }
}
