//! The router and the page frame (header, main, bottom navigation).

use serde::{Deserialize, Serialize};
use uuid::Uuid;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::nav::{BottomNav, Header};
use crate::i18n::{msg, LanguageHandle};
use crate::pages;
use crate::session::{SessionHandle, SessionState};

#[derive(Clone, Debug, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/venues/:id")]
    Venue { id: i64 },
    /// Query: [`BookQuery`].
    #[at("/book")]
    Book,
    #[at("/bookings/:id/pay")]
    Pay { id: Uuid },
    #[at("/bookings/:id/receipt")]
    Receipt { id: Uuid },
    #[at("/bookings/:id")]
    Booking { id: Uuid },
    #[at("/my")]
    MyBookings,
    /// Query: [`pages::signin::SignInQuery`].
    #[at("/signin")]
    SignIn,
    #[at("/account")]
    Account,
    /// Your data: see it, download it, delete the account.
    #[at("/account/data")]
    YourData,
    /// My watches: "tell me when a time frees up".
    #[at("/watches")]
    Watches,
    /// A freed slot offered to a watcher (what a push opens).
    #[at("/offers/:id")]
    Offer { id: Uuid },
    /// The operator side: the venues this person runs.
    #[at("/operator")]
    Operator,
    /// The audit log of my organisations (operators).
    #[at("/operator/audit")]
    OperatorAudit,
    /// A venue's closures: close a court, lift a closure.
    #[at("/operator/venues/:id/closures")]
    OperatorClosures { id: i64 },
    /// The people of an organisation (operators).
    #[at("/operator/organisations/:id/members")]
    OperatorMembers { id: i64 },
    /// A venue's statistics (viewers, staff, operators).
    #[at("/operator/venues/:id/statistics")]
    OperatorStatistics { id: i64 },
    /// A venue's bookings desk (staff).
    #[at("/operator/venues/:id/bookings")]
    OperatorDesk { id: i64 },
    /// Who outside Ledig is told what at a venue (operators).
    #[at("/operator/venues/:id/notices")]
    OperatorNotices { id: i64 },
    /// A venue and its courts (operators).
    #[at("/operator/venues/:id")]
    OperatorVenue { id: i64 },
    /// A new venue of an organisation (operators).
    #[at("/operator/organisations/:id/venues/new")]
    OperatorNewVenue { id: i64 },
    /// A venue's opening hours (operators).
    #[at("/operator/venues/:id/hours")]
    OperatorHours { id: i64 },
    /// A venue's prices and rules (operators).
    #[at("/operator/venues/:id/rules")]
    OperatorRules { id: i64 },
    /// The privacy notice.
    #[at("/privacy")]
    Privacy,
    /// The accessibility statement (tillgänglighetsredogörelse).
    #[at("/accessibility")]
    Accessibility,
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// Query of the venue page: the day view of a local date (absent: today at
/// the venue), or with `view=week` the week from `from`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct VenueQuery {
    /// `week` for the week schedule; the day view otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<chrono::NaiveDate>,
    /// First day of the week view.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<chrono::NaiveDate>,
}

impl VenueQuery {
    /// The day view of a date.
    pub fn day(date: chrono::NaiveDate) -> VenueQuery {
        VenueQuery {
            date: Some(date),
            ..Default::default()
        }
    }

    pub fn is_week(&self) -> bool {
        self.view.as_deref() == Some("week")
    }
}

/// Query of the booking page: the slot being booked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BookQuery {
    pub venue: i64,
    pub court: i64,
    pub date: chrono::NaiveDate,
    /// Start of the slot (UTC, RFC 3339), as given by the slots endpoint.
    pub start: chrono::DateTime<chrono::Utc>,
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <pages::home::Home /> },
        Route::Venue { id } => html! { <pages::venue::VenuePage {id} /> },
        Route::Book => html! { <pages::book::BookPage /> },
        Route::Pay { id } => html! { <pages::pay::PayPage {id} /> },
        Route::Receipt { id } => html! { <pages::receipt::ReceiptPage {id} /> },
        Route::Booking { id } => html! { <pages::booking::BookingPage {id} /> },
        Route::MyBookings => html! { <pages::my::MyBookings /> },
        Route::SignIn => html! { <pages::signin::SignIn /> },
        Route::Account => html! { <pages::account::AccountPage /> },
        Route::YourData => html! { <pages::your_data::YourData /> },
        Route::Watches => html! { <pages::watches::MyWatches /> },
        Route::Offer { id } => html! { <pages::offer::OfferPage {id} /> },
        Route::Operator
        | Route::OperatorAudit
        | Route::OperatorClosures { .. }
        | Route::OperatorMembers { .. }
        | Route::OperatorHours { .. }
        | Route::OperatorStatistics { .. }
        | Route::OperatorDesk { .. }
        | Route::OperatorNotices { .. }
        | Route::OperatorVenue { .. }
        | Route::OperatorNewVenue { .. }
        | Route::OperatorRules { .. } => operator_page(route),
        Route::Privacy => html! { <pages::about::PrivacyPage /> },
        Route::Accessibility => html! { <pages::about::AccessibilityPage /> },
        Route::NotFound => html! { <pages::not_found::NotFound /> },
    }
}

/// The operator pages, in the operator build (`--features operator`).
#[cfg(feature = "operator")]
fn operator_page(route: Route) -> Html {
    match route {
        Route::Operator => html! { <pages::operator::OperatorHome /> },
        Route::OperatorAudit => html! { <pages::operator::audit::AuditPage /> },
        Route::OperatorClosures { id } => {
            html! { <pages::operator::closures::ClosuresPage {id} /> }
        }
        Route::OperatorMembers { id } => html! { <pages::operator::members::MembersPage {id} /> },
        Route::OperatorHours { id } => html! { <pages::operator::hours::HoursPage {id} /> },
        Route::OperatorStatistics { id } => {
            html! { <pages::operator::statistics::StatisticsPage {id} /> }
        }
        Route::OperatorDesk { id } => html! { <pages::operator::desk::DeskPage {id} /> },
        Route::OperatorNotices { id } => html! { <pages::operator::notices::NoticesPage {id} /> },
        Route::OperatorVenue { id } => html! { <pages::operator::venue::VenueSetupPage {id} /> },
        Route::OperatorNewVenue { id } => html! { <pages::operator::venue::NewVenuePage {id} /> },
        Route::OperatorRules { id } => html! { <pages::operator::rules::RulesPage {id} /> },
        _ => html! { <pages::not_found::NotFound /> },
    }
}

/// In the players' build, an operator page is another document.
#[cfg(not(feature = "operator"))]
fn operator_page(_: Route) -> Html {
    html! { <pages::operator_entry::OperatorElsewhere /> }
}

#[function_component(App)]
pub fn app() -> Html {
    // Who is signed in, asked at start-up. Offline (or with the server not
    // answering) it is "unknown", not "signed out": pages that need an
    // account say they cannot tell yet, and the question is asked again as
    // soon as the device is back online.
    let session = use_state(SessionState::default);
    {
        let session = session.clone();
        use_effect_with((), move |_| {
            let ask = move || {
                let session = session.clone();
                yew::platform::spawn_local(async move {
                    match crate::api::session().await {
                        Ok(info) => session.set(SessionState::from_info(info)),
                        Err(p) if p.kind == crate::api::NETWORK_PROBLEM || p.status >= 500 => {
                            session.set(SessionState::unreachable())
                        }
                        Err(_) => session.set(SessionState::signed_out()),
                    }
                });
            };
            ask();
            // Asking again when the device comes online is harmless when the
            // first answer was already known: it is the same answer.
            let online =
                gloo::events::EventListener::new(&gloo::utils::window(), "online", move |_| ask());
            move || drop(online)
        });
    }
    // The language as state: changing it re-renders the whole frame (keyed
    // by it), so every message is asked again in the new language.
    let language = use_state(crate::i18n::language);
    let key = language.code();
    html! {
        <ContextProvider<LanguageHandle> context={language}>
            <ContextProvider<SessionHandle> context={session}>
                <BrowserRouter>
                    <Frame {key} />
                </BrowserRouter>
            </ContextProvider<SessionHandle>>
        </ContextProvider<LanguageHandle>>
    }
}

/// Header, main content and navigation; moves focus to the main region when
/// the route changes so screen-reader and keyboard users land on the new page.
#[function_component(Frame)]
fn frame() -> Html {
    let route = use_route::<Route>();
    let main_ref = use_node_ref();
    let first = use_mut_ref(|| true);
    {
        let main_ref = main_ref.clone();
        let path = route.as_ref().map(|r| r.to_path());
        use_effect_with(path, move |_| {
            if std::mem::replace(&mut *first.borrow_mut(), false) {
                return;
            }
            if let Some(main) = main_ref.cast::<web_sys::HtmlElement>() {
                let _ = main.focus();
            }
            if let Some(window) = web_sys::window() {
                window.scroll_to_with_x_and_y(0.0, 0.0);
            }
        });
    }
    html! {
        <>
            <a class="skip-link" href="#main">{ msg::skip_to_content() }</a>
            <Header />
            <crate::components::update::UpdateBanner />
            <main id="main" tabindex="-1" ref={main_ref}>
                <Switch<Route> render={switch} />
            </main>
            <footer class="site-footer">
                <nav aria-label={msg::footer_label()}>
                    <Link<Route> to={Route::Privacy}>{ msg::footer_privacy() }</Link<Route>>
                    <Link<Route> to={Route::Accessibility}>{ msg::footer_accessibility() }</Link<Route>>
                </nav>
            </footer>
            <BottomNav />
        </>
    }
}

/// Set the document title for the current page.
#[hook]
pub fn use_title(title: String) {
    // Keyed by the language too: the frame re-renders on a switch, and the
    // title must follow.
    let language = crate::i18n::language();
    use_effect_with((title, language), |(title, _)| {
        let full = if title.is_empty() {
            msg::app_title().to_string()
        } else {
            msg::page_title(title)
        };
        gloo::utils::document().set_title(&full);
    });
}
