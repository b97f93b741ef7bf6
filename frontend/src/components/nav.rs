//! The app header and the bottom navigation (Map / My bookings / My watches / Account).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::i18n::{msg, set_language, use_language};

#[function_component(Header)]
pub fn header() -> Html {
    html! {
        <header class="app-header">
            <Link<Route> to={Route::Home} classes="brand">
                <img src="/icons/icon.svg" alt="" width="28" height="28" />
                <span>{ "Ledig" }</span>
            </Link<Route>>
            <span class="tagline">{ msg::app_tagline() }</span>
            <LanguageSwitch />
        </header>
    }
}

/// "In English" / "På svenska": switches to the other language. Its name is
/// its visible text, in the language it switches to (with `lang` set so a
/// screen reader pronounces it right). Signed in, the profile's language
/// follows (best effort, in the background).
#[function_component(LanguageSwitch)]
fn language_switch() -> Html {
    let language = use_language();
    let session = crate::session::use_session();
    let other = language.other();
    let onclick = {
        let language = language.clone();
        Callback::from(move |_| {
            set_language(other);
            language.set(other);
            crate::session::save_profile_language(&session, other);
        })
    };
    html! {
        <button type="button" class="language-switch" lang={other.code()} {onclick}>
            { msg::language_switch() }
        </button>
    }
}

#[derive(Properties, PartialEq)]
struct NavItemProps {
    to: Route,
    label: AttrValue,
    icon: Html,
    /// In this section of the app (highlighted).
    active: bool,
    /// Exactly this page (`aria-current="page"`).
    current: bool,
}

/// A navigation link that says which page is current (`aria-current`).
#[function_component(NavItem)]
fn nav_item(props: &NavItemProps) -> Html {
    let navigator = use_navigator();
    let to = props.to.clone();
    let onclick = Callback::from(move |e: MouseEvent| {
        if e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key() || e.button() != 0 {
            return;
        }
        e.prevent_default();
        if let Some(nav) = &navigator {
            nav.push(&to);
        }
    });
    html! {
        <a href={props.to.to_path()} {onclick} class={classes!(props.active.then_some("active"))}
            aria-current={props.current.then_some("page")}>
            { props.icon.clone() }
            <span>{ &props.label }</span>
        </a>
    }
}

#[function_component(BottomNav)]
pub fn bottom_nav() -> Html {
    let route = use_route::<Route>();
    let on_map = matches!(
        route,
        Some(Route::Home) | Some(Route::Venue { .. }) | Some(Route::Book)
    );
    let on_my = matches!(
        route,
        Some(Route::MyBookings)
            | Some(Route::Booking { .. })
            | Some(Route::Pay { .. })
            | Some(Route::Receipt { .. })
    );
    let map_icon = html! {
        <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
            <path d="M12 2a7 7 0 0 0-7 7c0 5.2 7 13 7 13s7-7.8 7-13a7 7 0 0 0-7-7zm0 9.5A2.5 2.5 0 1 1 12 6.5a2.5 2.5 0 0 1 0 5z" fill="currentColor"/>
        </svg>
    };
    let my_icon = html! {
        <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
            <path d="M4 5a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2V5zm4 2v2h8V7H8zm0 4v2h8v-2H8zm0 4v2h5v-2H8z" fill="currentColor"/>
        </svg>
    };
    let on_watches = matches!(route, Some(Route::Watches) | Some(Route::Offer { .. }));
    let watch_icon = html! {
        <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
            <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z" fill="currentColor"/>
        </svg>
    };
    let session = crate::session::use_session();
    let on_account = matches!(route, Some(Route::Account) | Some(Route::SignIn));
    let (account_route, account_label) = match &session.account {
        Some(_) => (Route::Account, msg::nav_account()),
        None => (Route::SignIn, msg::nav_sign_in()),
    };
    let account_icon = html! {
        <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
            <path d="M12 12a5 5 0 1 0 0-10 5 5 0 0 0 0 10zm0 2c-4.4 0-8 2.2-8 5v2h16v-2c0-2.8-3.6-5-8-5z" fill="currentColor"/>
        </svg>
    };
    html! {
        <nav class="bottom-nav" aria-label={msg::nav_main()}>
            <NavItem to={Route::Home} label={msg::nav_map()} icon={map_icon} active={on_map} current={route == Some(Route::Home)} />
            <NavItem to={Route::MyBookings} label={msg::nav_my_bookings()} icon={my_icon} active={on_my} current={route == Some(Route::MyBookings)} />
            <NavItem to={Route::Watches} label={msg::nav_my_watches()} icon={watch_icon} active={on_watches} current={route == Some(Route::Watches)} />
            <NavItem to={account_route.clone()} label={account_label} icon={account_icon} active={on_account} current={route == Some(account_route)} />
        </nav>
    }
}
