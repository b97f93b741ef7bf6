//! `/account` — the profile (name, phone, language, customer category),
//! passkeys, the personal calendar feed, signed-in devices and signing out.

use shared::account::{
    Account, CustomerCategory, Language, PasskeyFinish, PasskeyRegisterStart, ProfileUpdate,
    SessionSummary,
};
use shared::Problem;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::{use_title, Route};
use crate::components::field::{set, Control, Field};
use crate::components::live::Status;
use crate::components::problem::{ErrorBox, SessionUnreachable};
use crate::components::skeleton::SkeletonLines;
use crate::i18n::{msg, use_language};
use crate::passkey;
use crate::session::{switch_app_language, use_session, SessionState};

#[function_component(AccountPage)]
pub fn account_page() -> Html {
    use_title(msg::account_title().to_string());
    let session = use_session();
    let body = match (&session.loaded, &session.account) {
        (false, _) => html! { <div class="card"><SkeletonLines lines={3} /></div> },
        (true, None) if session.unreachable => html! { <SessionUnreachable /> },
        (true, None) => html! {
            <div class="card">
                <p>{ msg::account_signed_out() }</p>
                <p><Link<Route> to={Route::SignIn} classes="button button-primary">{ msg::account_sign_in() }</Link<Route>></p>
            </div>
        },
        (true, Some(account)) => html! {
            <>
                <Profile account={account.clone()} />
                <Passkeys account={account.clone()} />
                <CalendarFeedCard />
                <Devices />
                <section class="card" aria-labelledby="your-data-heading">
                    <h2 id="your-data-heading">{ msg::account_your_data() }</h2>
                    <p class="muted">{ msg::account_your_data_hint() }</p>
                    <Link<Route> to={Route::YourData} classes="button button-secondary">{ msg::account_your_data() }</Link<Route>>
                </section>
                <crate::pages::operator_entry::OperatorEntry />
                <SignOut />
            </>
        },
    };
    html! {
        <div class="page page-account">
            <h1>{ msg::account_heading() }</h1>
            { body }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct AccountProps {
    account: Account,
}

pub(crate) fn category_label(c: CustomerCategory) -> &'static str {
    match c {
        CustomerCategory::Adult => msg::account_category_adult(),
        CustomerCategory::Youth => msg::account_category_youth(),
        CustomerCategory::Senior => msg::account_category_senior(),
        CustomerCategory::Club => msg::account_category_club(),
    }
}

thread_local! {
    /// "Saved." across the re-render that a new language causes (the page is
    /// made anew in it, and would forget).
    static SAVED_BEFORE_SWITCH: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[function_component(Profile)]
fn profile(props: &AccountProps) -> Html {
    let session = use_session();
    let app_language = use_language();
    let a = &props.account;
    let name = use_state(|| a.name.clone());
    let phone = use_state(|| a.phone.clone());
    let language = use_state(|| a.language);
    let category = use_state(|| a.category);
    let error = use_state(|| None::<Problem>);
    let saved = use_state(|| SAVED_BEFORE_SWITCH.with(|s| s.replace(false)));
    let busy = use_state(|| false);
    // The profile's language changed elsewhere (the header's switch saves
    // it): the choice shown follows.
    {
        let language = language.clone();
        use_effect_with(a.language, move |profile| {
            if *language != *profile {
                language.set(*profile);
            }
        });
    }
    let onsubmit = {
        let (name, phone, language, category) = (
            name.clone(),
            phone.clone(),
            language.clone(),
            category.clone(),
        );
        let (error, saved, busy, session) =
            (error.clone(), saved.clone(), busy.clone(), session.clone());
        let (app_language, before) = (app_language.clone(), a.language);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let body = ProfileUpdate {
                name: (*name).clone(),
                phone: (*phone).clone(),
                language: *language,
                category: *category,
            };
            let (error, saved, busy, session) =
                (error.clone(), saved.clone(), busy.clone(), session.clone());
            let app_language = app_language.clone();
            busy.set(true);
            saved.set(false);
            spawn_local(async move {
                match api::update_profile(&body).await {
                    Ok(account) => {
                        // A language chosen here is the app's too.
                        let switch_to = (account.language != before)
                            .then(|| crate::session::app_language(account.language))
                            .filter(|l| *l != crate::i18n::language());
                        error.set(None);
                        saved.set(true);
                        SAVED_BEFORE_SWITCH.with(|s| s.set(switch_to.is_some()));
                        session.set(SessionState::signed_in(account));
                        if let Some(l) = switch_to {
                            switch_app_language(&app_language, l);
                        }
                    }
                    Err(p) => error.set(Some(p)),
                }
                busy.set(false);
            });
        })
    };
    let field_error = |field: &str| {
        (*error)
            .as_ref()
            .filter(|p| p.field.as_deref() == Some(field))
            .map(|p| p.message().to_string())
    };
    let on_language = {
        let language = language.clone();
        Callback::from(move |v: String| language.set(Language::parse(&v).unwrap_or_default()))
    };
    let on_category = {
        let category = category.clone();
        Callback::from(move |v: String| {
            category.set(CustomerCategory::parse(&v).unwrap_or_default())
        })
    };
    let languages = vec![
        (
            AttrValue::from("sv"),
            AttrValue::from(msg::account_language_sv()),
        ),
        (
            AttrValue::from("en"),
            AttrValue::from(msg::account_language_en()),
        ),
    ];
    let categories = CustomerCategory::ALL
        .into_iter()
        .filter(|c| c.self_selectable() || *c == a.category)
        .map(|c| {
            (
                AttrValue::from(c.as_str()),
                AttrValue::from(category_label(c)),
            )
        })
        .collect::<Vec<_>>();
    let other_error = (*error)
        .clone()
        .filter(|p| !matches!(p.field.as_deref(), Some("name" | "phone")));
    html! {
        <form class="card" {onsubmit} novalidate=true aria-labelledby="profile-heading">
            <h2 id="profile-heading">{ msg::account_profile() }</h2>
            <p>{ msg::account_email() }<strong>{ &a.email }</strong>
                if !a.email_verified { <span class="muted">{ msg::account_email_unconfirmed() }</span> }</p>
            <Field id="profile-name" label={msg::account_name()} control={Control::text("text", "name")}
                value={(*name).clone()} on_change={set(&name)} error={field_error("name").map(AttrValue::from)} />
            <Field id="profile-phone" label={msg::account_phone()} control={Control::text("tel", "tel")}
                value={(*phone).clone()} on_change={set(&phone)} error={field_error("phone").map(AttrValue::from)} />
            <Field id="profile-language" label={msg::account_language()} control={Control::Choice(languages)}
                value={language.as_str()} on_change={on_language} />
            <Field id="profile-category" label={msg::account_category()} control={Control::Choice(categories)}
                hint={AttrValue::from(msg::account_category_hint())} value={category.as_str()} on_change={on_category} />
            if let Some(p) = other_error { <ErrorBox problem={p} /> }
            <Status text={saved.then_some(AttrValue::Static(msg::account_saved()))} class="notice" />
            <button type="submit" class="button button-primary" aria-disabled={busy.then_some("true")}>{ msg::account_save() }</button>
        </form>
    }
}

#[function_component(Passkeys)]
fn passkeys(props: &AccountProps) -> Html {
    let session = use_session();
    let message = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let onclick = {
        let (message, busy, session) = (message.clone(), busy.clone(), session.clone());
        Callback::from(move |_| {
            if *busy {
                return;
            }
            let (message, busy, session) = (message.clone(), busy.clone(), session.clone());
            busy.set(true);
            spawn_local(async move {
                let result = async {
                    let challenge = api::passkey_register_start(&PasskeyRegisterStart::default())
                        .await
                        .map_err(|p| p.message().to_string())?;
                    let credential = passkey::create(&challenge.options).await?;
                    api::passkey_register_finish(&PasskeyFinish {
                        challenge_id: challenge.challenge_id,
                        credential,
                    })
                    .await
                    .map_err(|p| p.message().to_string())
                }
                .await;
                match result {
                    Ok(info) => {
                        message.set(Some(msg::account_passkey_added().into()));
                        session.set(SessionState::from_info(info));
                    }
                    Err(m) => message.set(Some(m)),
                }
                busy.set(false);
            });
        })
    };
    let count = props.account.passkeys;
    html! {
        <section class="card" aria-labelledby="passkeys-heading">
            <h2 id="passkeys-heading">{ msg::account_passkeys() }</h2>
            <p>{ msg::account_passkey_count(i64::from(count)) }</p>
            if passkey::supported() {
                <button type="button" class="button button-secondary" {onclick} aria-disabled={busy.then_some("true")}>{ msg::account_add_passkey() }</button>
            }
            <Status text={(*message).clone().map(AttrValue::from)} />
        </section>
    }
}

#[function_component(CalendarFeedCard)]
fn calendar_feed_card() -> Html {
    let url = use_state(|| None::<Result<String, Problem>>);
    let onclick = {
        let url = url.clone();
        Callback::from(move |_| {
            let url = url.clone();
            spawn_local(
                async move { url.set(Some(api::new_calendar_feed().await.map(|f| f.url))) },
            );
        })
    };
    html! {
        <section class="card" aria-labelledby="calendar-heading">
            <h2 id="calendar-heading">{ msg::account_calendar() }</h2>
            <p>{ msg::account_calendar_intro() }</p>
            <button type="button" class="button button-secondary" {onclick}>{ msg::account_calendar_get() }</button>
            { match &*url {
                Some(Ok(u)) => html! { <p><label for="calendar-url">{ msg::account_calendar_address() }</label>
                    <input id="calendar-url" type="url" readonly=true value={u.clone()} /></p> },
                Some(Err(p)) => html! { <ErrorBox problem={p.clone()} /> },
                None => html! {},
            } }
        </section>
    }
}

#[function_component(Devices)]
fn devices() -> Html {
    let list = use_state(|| None::<Result<Vec<SessionSummary>, Problem>>);
    let reload = {
        let list = list.clone();
        Callback::from(move |_: ()| {
            let list = list.clone();
            spawn_local(async move { list.set(Some(api::sessions().await)) });
        })
    };
    {
        let reload = reload.clone();
        use_effect_with((), move |_| reload.emit(()));
    }
    let items = match &*list {
        None => html! { <SkeletonLines lines={2} /> },
        Some(Err(p)) => html! { <ErrorBox problem={p.clone()} /> },
        Some(Ok(sessions)) => html! {
            <ul class="session-list">
                { for sessions.iter().map(|s| {
                    let end = {
                        let (reload, id) = (reload.clone(), s.id);
                        Callback::from(move |_| {
                            let reload = reload.clone();
                            spawn_local(async move { let _ = api::end_session(id).await; reload.emit(()) });
                        })
                    };
                    let what = if s.user_agent.is_empty() { msg::account_device_unknown().to_string() } else { browser_name(&s.user_agent) };
                    html! {
                        <li key={s.id.to_string()}>
                            <span>{ what.clone() }{ if s.current { msg::account_device_current() } else { "" } }</span>
                            <span class="muted">{ msg::account_device_last_used(s.last_seen_at.format("%Y-%m-%d %H:%M")) }</span>
                            if !s.current {
                                <button type="button" class="button button-small" onclick={end}
                                    aria-label={msg::account_device_sign_out_label(&what)}>{ msg::account_device_sign_out() }</button>
                            }
                        </li>
                    }
                }) }
            </ul>
        },
    };
    html! {
        <section class="card" aria-labelledby="devices-heading">
            <h2 id="devices-heading">{ msg::account_devices() }</h2>
            { items }
        </section>
    }
}

/// A short name for a user agent string.
fn browser_name(ua: &str) -> String {
    let browser = ["Edg/", "Firefox/", "Chrome/", "Safari/"]
        .iter()
        .find(|b| ua.contains(*b))
        .map(|b| b.trim_end_matches('/').replace("Edg", "Edge"))
        .unwrap_or_else(|| msg::account_device_browser().into());
    let os = ["Android", "iPhone", "iPad", "Windows", "Mac OS", "Linux"]
        .iter()
        .find(|o| ua.contains(*o))
        .copied()
        .unwrap_or("");
    if os.is_empty() {
        browser
    } else {
        msg::account_device_on(browser, os)
    }
}

#[function_component(SignOut)]
fn sign_out() -> Html {
    let session = use_session();
    let navigator = use_navigator();
    let onclick = Callback::from(move |_| {
        let (session, navigator) = (session.clone(), navigator.clone());
        spawn_local(async move {
            let _ = api::logout().await;
            crate::storage::forget_everything();
            session.set(SessionState::signed_out());
            if let Some(nav) = &navigator {
                nav.push(&Route::Home);
            }
        });
    });
    html! {
        <section class="card">
            <p class="muted">{ msg::account_sign_out_hint() }</p>
            <button type="button" class="button button-secondary button-block" {onclick}>{ msg::account_sign_out() }</button>
        </section>
    }
}
