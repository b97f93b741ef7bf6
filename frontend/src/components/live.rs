//! A polite live region that is always in the page and gets its text when
//! there is something to say: screen readers announce a change inside a
//! region they already know, and may say nothing of one inserted already
//! filled ("Saved", "We sent a code", "Cancelled, refunded 150 kr").

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StatusProps {
    /// What to announce and show; `None` keeps the region empty.
    pub text: Option<AttrValue>,
    /// Classes of the shown paragraph (e.g. `notice`).
    #[prop_or_default]
    pub class: Classes,
}

#[function_component(Status)]
pub fn status(props: &StatusProps) -> Html {
    html! {
        <div role="status">
            if let Some(text) = &props.text {
                <p class={props.class.clone()}>{ text.clone() }</p>
            }
        </div>
    }
}
