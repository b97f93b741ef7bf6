//! About Ledig: the privacy page and the accessibility statement
//! (tillgänglighetsredogörelse), both linked from every page's footer.
//!
//! What varies per installation comes from the server's settings
//! (`GET /api/v1/config`): who runs it, where to write, whether card
//! payments (Stripe) are on, the map's tile host and the retention periods,
//! so the page says what this server really does.

use shared::ClientConfig;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::{use_title, Route};
use crate::components::problem::ErrorBox;
use crate::components::skeleton::{LoadingAnnouncement, SkeletonLines};
use crate::i18n::msg;
use crate::load::{use_load, Load};

/// The host the map's tiles come from, e.g. `tile.openstreetmap.org`; the
/// app's own server when the template is a path.
fn tile_host(tile_url: &str) -> Option<&str> {
    let rest = tile_url
        .strip_prefix("https://")
        .or_else(|| tile_url.strip_prefix("http://"))?;
    rest.split(['/', ':']).next().filter(|h| !h.is_empty())
}

/// The page's settings from the server: a skeleton until they come, and the
/// error with a retry if they do not.
#[hook]
fn use_settings(render: fn(&ClientConfig) -> Html) -> Html {
    let (config, retry) = use_load((), |()| api::config());
    match &*config {
        Load::Ready(config) => render(config),
        Load::Failed(problem) => html! { <ErrorBox problem={problem.clone()} on_retry={retry} /> },
        Load::Loading => html! {
            <>
                <LoadingAnnouncement />
                <SkeletonLines lines={6} />
            </>
        },
    }
}

#[function_component(PrivacyPage)]
pub fn privacy_page() -> Html {
    use_title(msg::privacy_title().to_string());
    let body = use_settings(privacy_body);
    html! {
        <div class="page page-about">
            <h1>{ msg::privacy_title() }</h1>
            { body }
        </div>
    }
}

fn privacy_body(config: &ClientConfig) -> Html {
    let operator = config.operator_name.as_str();
    let retention = &config.retention;
    html! {
        <>
            <p>{ msg::privacy_controller(operator) }</p>
            <h2>{ msg::privacy_kept_heading() }</h2>
            <ul>
                <li>{ msg::privacy_kept_booking() }</li>
                <li>{ msg::privacy_kept_payment() }</li>
                <li>{ msg::privacy_kept_account() }</li>
                <li>{ msg::privacy_kept_watch() }</li>
                <li>{ msg::privacy_kept_entry() }</li>
                <li>{ msg::privacy_kept_device() }</li>
            </ul>
            <p>{ msg::privacy_basis() }</p>
            <h2>{ msg::privacy_retention_heading() }</h2>
            <ul>
                <li>{ msg::privacy_retention_codes(i64::from(retention.sign_in_codes_hours)) }</li>
                <li>{ msg::privacy_retention_sessions(i64::from(retention.sessions_days)) }</li>
                <li>{ msg::privacy_retention_holds(i64::from(retention.unpaid_holds_days)) }</li>
                <li>{ msg::privacy_retention_entries(i64::from(retention.access_entries_days)) }</li>
                <li>{ msg::privacy_retention_push(i64::from(retention.push_messages_days)) }</li>
                <li>{ msg::privacy_retention_receipts() }</li>
            </ul>
            <h2>{ msg::privacy_recipients_heading() }</h2>
            <ul>
                if config.card_payments {
                    <li>{ msg::privacy_recipient_stripe() }</li>
                }
                <li>{ msg::privacy_recipient_mail(operator) }</li>
                if let Some(host) = tile_host(&config.tile_url) {
                    <li>{ msg::privacy_recipient_tiles(host) }</li>
                }
                <li>{ msg::privacy_recipient_none() }</li>
            </ul>
            <h2>{ msg::privacy_rights_heading() }</h2>
            <p>{ msg::privacy_rights() }</p>
            <p>
                { msg::privacy_rights_self() }{ " " }
                <Link<Route> to={Route::YourData}>{ msg::privacy_rights_self_link() }</Link<Route>>
            </p>
            <p>
                if let Some(email) = &config.contact_email {
                    { contact_sentence(msg::privacy_rights_contact("\u{1}"), email) }
                } else {
                    { msg::privacy_rights_operator(operator) }
                }
            </p>
            <p>{ msg::privacy_complaint() }</p>
        </>
    }
}

#[function_component(AccessibilityPage)]
pub fn accessibility_page() -> Html {
    use_title(msg::accessibility_title().to_string());
    let body = use_settings(accessibility_body);
    html! {
        <div class="page page-about">
            <h1>{ msg::accessibility_title() }</h1>
            { body }
        </div>
    }
}

fn accessibility_body(config: &ClientConfig) -> Html {
    let operator = config.operator_name.as_str();
    html! {
        <>
            <p>{ msg::accessibility_intro(operator) }</p>
            <h2>{ msg::accessibility_status_heading() }</h2>
            <p>{ msg::accessibility_status() }</p>
            <h2>{ msg::accessibility_gaps_heading() }</h2>
            <ul>
                <li>{ msg::accessibility_gap_map() }</li>
                <li>{ msg::accessibility_gap_stripe() }</li>
            </ul>
            <h2>{ msg::accessibility_report_heading() }</h2>
            <p>
                if let Some(email) = &config.contact_email {
                    { contact_sentence(msg::accessibility_report("\u{1}"), email) }
                } else {
                    { msg::accessibility_report_operator(operator) }
                }
            </p>
            <h2>{ msg::accessibility_supervision_heading() }</h2>
            <p>{ msg::accessibility_supervision() }</p>
            <h2>{ msg::accessibility_method_heading() }</h2>
            <p>{ msg::accessibility_method() }</p>
        </>
    }
}

/// A sentence with the address as a mail link where the message has it (the
/// message is rendered with a marker in place of the address, so the words
/// around it stay each language's own).
fn contact_sentence(sentence: String, email: &str) -> Html {
    let (before, after) = sentence
        .split_once('\u{1}')
        .unwrap_or((sentence.as_str(), ""));
    html! {
        <>
            { before.to_string() }
            <a href={format!("mailto:{email}")}>{ email.to_string() }</a>
            { after.to_string() }
        </>
    }
}
