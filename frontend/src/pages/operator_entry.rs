//! The way from the players' app to the operator pages. Those are a build
//! of their own (`frontend/operator.html`, served under `/operator/`, with
//! the `operator` feature): a player's phone never downloads the code of the
//! pages only staff see. So the way in is a link that loads a new document,
//! and an in-app link to an operator page in the players' build loads it
//! afresh.

use yew::prelude::*;

use crate::api;
use crate::components::skeleton::LoadingAnnouncement;
use crate::i18n::msg;
use crate::load::{use_load, Load};

/// On the account page: a way in for a person with a role, nothing for a player.
#[function_component(OperatorEntry)]
pub fn operator_entry() -> Html {
    let (loaded, _) = use_load((), |_| api::operator_me());
    match &*loaded {
        Load::Ready(roles) if !roles.is_empty() => html! {
            <section class="card" aria-labelledby="operator-entry">
                <h2 id="operator-entry">{ msg::operator_title() }</h2>
                <p>{ msg::operator_entry_text() }</p>
                // A plain link: the operator pages are another document.
                <p><a href="/operator" class="button button-secondary">{ msg::operator_entry_link() }</a></p>
            </section>
        },
        _ => html! {},
    }
}

/// An operator page reached inside the players' build: loads it as its own
/// document. Loaded here already means the server had no operator build to
/// give (a players'-only `dist/`), which is said rather than tried again.
#[function_component(OperatorElsewhere)]
pub fn operator_elsewhere() -> Html {
    let path = gloo::utils::window()
        .location()
        .pathname()
        .unwrap_or_default();
    let here = crate::document::loaded_at(&path);
    use_effect_with(path.clone(), move |path| {
        if !here {
            let _ = gloo::utils::window().location().assign(path);
        }
    });
    html! {
        <div class="page">
            if here {
                <h1>{ msg::operator_title() }</h1>
                <p>{ msg::operator_not_built() }</p>
            } else {
                <LoadingAnnouncement text={msg::loading()} />
            }
        </div>
    }
}
