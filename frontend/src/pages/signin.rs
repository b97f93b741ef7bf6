//! `/signin` — sign in with a passkey, or with a code sent by e-mail; or
//! create an account with a passkey. `?back=1` returns to the page the
//! player came from (the booking form) once signed in.

use serde::{Deserialize, Serialize};
use shared::account::{
    EmailCodeStart, EmailCodeVerify, PasskeyFinish, PasskeyLoginStart, PasskeyRegisterStart,
    SessionInfo,
};
use shared::validate::{Email, PlayerName};
use shared::Problem;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::{use_title, Route};
use crate::components::field::{set, Control, Field};
use crate::components::live::Status;
use crate::i18n::{msg, use_language};
use crate::passkey;
use crate::session::{adopt_profile_language, profile_language, use_session, SessionState};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SignInQuery {
    #[serde(default)]
    pub back: Option<u8>,
}

#[derive(Clone, Copy, PartialEq)]
enum Step {
    Email,
    Code,
    Register,
}

/// What went wrong, and where.
#[derive(Clone, Default, PartialEq)]
struct Errors {
    email: Option<String>,
    name: Option<String>,
    code: Option<String>,
    general: Option<String>,
}

impl Errors {
    fn from_problem(problem: &Problem) -> Self {
        let message = Some(problem.message().to_string());
        match problem.field.as_deref() {
            Some("email") => Errors {
                email: message,
                ..Default::default()
            },
            Some("name") => Errors {
                name: message,
                ..Default::default()
            },
            Some("code") => Errors {
                code: message,
                ..Default::default()
            },
            _ => Errors {
                general: message,
                ..Default::default()
            },
        }
    }

    fn general(message: String) -> Self {
        Errors {
            general: Some(message),
            ..Default::default()
        }
    }
}

#[function_component(SignIn)]
pub fn sign_in() -> Html {
    use_title(msg::signin_title().to_string());
    let session = use_session();
    let app_language = use_language();
    let navigator = use_navigator();
    let back = use_location()
        .and_then(|l| l.query::<SignInQuery>().ok())
        .is_some_and(|q| q.back == Some(1));
    let step = use_state(|| Step::Email);
    let email = use_state(|| crate::storage::player().email);
    let name = use_state(|| crate::storage::player().name);
    let code = use_state(String::new);
    let errors = use_state(Errors::default);
    let busy = use_state(|| false);
    let sent_note = use_state(|| false);

    // Signed in: store the session (and, on a device that never chose a
    // language, speak the profile's) and go on.
    let done = {
        let (session, navigator, app_language) =
            (session.clone(), navigator.clone(), app_language.clone());
        Callback::from(move |info: SessionInfo| {
            adopt_profile_language(&app_language, &info);
            session.set(SessionState::from_info(info));
            if let Some(nav) = &navigator {
                if back {
                    nav.back();
                } else {
                    nav.push(&Route::Account);
                }
            }
        })
    };

    let run = {
        let (busy, errors) = (busy.clone(), errors.clone());
        move |task: std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), Errors>>>>| {
            if *busy {
                return;
            }
            busy.set(true);
            errors.set(Errors::default());
            let (busy, errors) = (busy.clone(), errors.clone());
            spawn_local(async move {
                if let Err(e) = task.await {
                    errors.set(e);
                }
                busy.set(false);
            });
        }
    };

    let valid_email = {
        let (email, errors) = (email.clone(), errors.clone());
        move || match Email::parse(&email) {
            Ok(e) => Some(e.as_str().to_string()),
            Err(e) => {
                errors.set(Errors {
                    email: Some(crate::problem_text::invalid(&e)),
                    ..Default::default()
                });
                None
            }
        }
    };

    let on_passkey = {
        let (run, valid_email, done) = (run.clone(), valid_email.clone(), done.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(email) = valid_email() else { return };
            let done = done.clone();
            run(Box::pin(async move {
                let challenge = api::passkey_login_start(&PasskeyLoginStart { email })
                    .await
                    .map_err(|p| Errors::from_problem(&p))?;
                let credential = passkey::get(&challenge.options)
                    .await
                    .map_err(Errors::general)?;
                let info = api::passkey_login_finish(&PasskeyFinish {
                    challenge_id: challenge.challenge_id,
                    credential,
                })
                .await
                .map_err(|p| Errors::from_problem(&p))?;
                done.emit(info);
                Ok(())
            }));
        })
    };

    let send_code = {
        let (run, valid_email, step, sent_note) = (
            run.clone(),
            valid_email.clone(),
            step.clone(),
            sent_note.clone(),
        );
        Callback::from(move |_: ()| {
            let Some(email) = valid_email() else { return };
            let (step, sent_note) = (step.clone(), sent_note.clone());
            run(Box::pin(async move {
                api::email_code_start(&EmailCodeStart {
                    email,
                    language: profile_language(crate::i18n::language()),
                })
                .await
                .map_err(|p| Errors::from_problem(&p))?;
                step.set(Step::Code);
                sent_note.set(true);
                Ok(())
            }));
        })
    };

    let on_code = {
        let (run, email, code, done) = (run.clone(), email.clone(), code.clone(), done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = EmailCodeVerify {
                email: (*email).clone(),
                code: (*code).clone(),
            };
            let done = done.clone();
            run(Box::pin(async move {
                let info = api::email_code_verify(&body)
                    .await
                    .map_err(|p| Errors::from_problem(&p))?;
                done.emit(info);
                Ok(())
            }));
        })
    };

    let on_register = {
        let (run, email, name, done, errors) = (
            run.clone(),
            email.clone(),
            name.clone(),
            done.clone(),
            errors.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let parsed = (PlayerName::parse(&name), Email::parse(&email));
            let (name, email) = match parsed {
                (Ok(n), Ok(e)) => (n.as_str().to_string(), e.as_str().to_string()),
                (n, e) => {
                    errors.set(Errors {
                        name: n.err().map(|e| crate::problem_text::invalid(&e)),
                        email: e.err().map(|e| crate::problem_text::invalid(&e)),
                        ..Default::default()
                    });
                    return;
                }
            };
            let done = done.clone();
            run(Box::pin(async move {
                let challenge = api::passkey_register_start(&PasskeyRegisterStart {
                    email: Some(email),
                    name: Some(name),
                })
                .await
                .map_err(|p| Errors::from_problem(&p))?;
                let credential = passkey::create(&challenge.options)
                    .await
                    .map_err(Errors::general)?;
                let info = api::passkey_register_finish(&PasskeyFinish {
                    challenge_id: challenge.challenge_id,
                    credential,
                })
                .await
                .map_err(|p| Errors::from_problem(&p))?;
                done.emit(info);
                Ok(())
            }));
        })
    };

    let supported = passkey::supported();
    let general = errors.general.clone().map(|message| {
        html! { <div class="notice notice-error" role="alert"><p>{ message }</p></div> }
    });
    let email_field = html! {
        <Field id="email" label={msg::signin_email()} control={Control::text("email", "email webauthn")}
            value={(*email).clone()} on_change={set(&email)} error={errors.email.clone().map(AttrValue::from)} />
    };

    let body = match *step {
        Step::Email => html! {
            <form class="card" aria-labelledby="signin-heading" novalidate=true
                onsubmit={send_code.reform(|e: SubmitEvent| e.prevent_default())}>
                <h2 id="signin-heading">{ msg::signin_heading() }</h2>
                { email_field }
                { for general }
                if supported {
                    <button type="button" class="button button-primary button-block" onclick={on_passkey} aria-disabled={busy.then_some("true")}>
                        { msg::signin_with_passkey() }
                    </button>
                }
                <button type="submit" class={classes!("button", "button-block", if supported { "button-secondary" } else { "button-primary" })} aria-disabled={busy.then_some("true")}>
                    { msg::signin_email_me_code() }
                </button>
                if supported {
                    <p class="hint">
                        { msg::signin_new_here() }
                        <button type="button" class="link-button" onclick={{ let step = step.clone(); let errors = errors.clone(); Callback::from(move |_| { errors.set(Errors::default()); step.set(Step::Register) }) }}>
                            { msg::signin_create_with_passkey() }
                        </button>
                    </p>
                } else {
                    <p class="hint">{ msg::signin_no_passkeys() }</p>
                }
            </form>
        },
        Step::Code => html! {
            <form class="card" onsubmit={on_code} novalidate=true aria-labelledby="code-heading">
                <h2 id="code-heading">{ msg::signin_code_heading() }</h2>
                <Status text={sent_note.then(|| AttrValue::from(msg::signin_code_sent(&*email)))} />
                <Field id="code" label={msg::signin_code()}
                    control={Control::Text { kind: "text", autocomplete: "one-time-code", inputmode: Some("numeric") }}
                    value={(*code).clone()} on_change={set(&code)} error={errors.code.clone().map(AttrValue::from)} />
                { for general }
                <button type="submit" class="button button-primary button-block" aria-disabled={busy.then_some("true")} aria-busy={busy.then_some("true")}>
                    { if *busy { msg::signin_signing_in() } else { msg::signin_submit() } }
                </button>
                <button type="button" class="button button-secondary button-block" aria-disabled={busy.then_some("true")}
                    onclick={send_code.reform(|_| ())}>{ msg::signin_new_code() }</button>
            </form>
        },
        Step::Register => html! {
            <form class="card" onsubmit={on_register} novalidate=true aria-labelledby="register-heading">
                <h2 id="register-heading">{ msg::signin_register_heading() }</h2>
                <p>{ msg::signin_register_intro() }</p>
                <Field id="name" label={msg::signin_name()} control={Control::text("text", "name")}
                    value={(*name).clone()} on_change={set(&name)} error={errors.name.clone().map(AttrValue::from)} />
                { email_field }
                { for general }
                <button type="submit" class="button button-primary button-block" aria-disabled={busy.then_some("true")} aria-busy={busy.then_some("true")}>
                    { if *busy { msg::signin_creating() } else { msg::signin_create_passkey() } }
                </button>
                <button type="button" class="button button-secondary button-block"
                    onclick={{ let step = step.clone(); Callback::from(move |_| step.set(Step::Email)) }}>
                    { msg::signin_have_account() }
                </button>
            </form>
        },
    };
    html! {
        <div class="page page-signin">
            <h1>{ msg::signin_page_heading() }</h1>
            <p class="muted">{ msg::signin_intro() }</p>
            { body }
        </div>
    }
}
