//! Grey placeholders shown while content loads.

use yew::prelude::*;

use crate::i18n::msg;

#[derive(Properties, PartialEq)]
pub struct SkeletonProps {
    /// How many lines (or blocks) to draw.
    #[prop_or(3)]
    pub lines: usize,
    #[prop_or_default]
    pub class: Classes,
}

/// Text-line placeholders.
#[function_component(SkeletonLines)]
pub fn skeleton_lines(props: &SkeletonProps) -> Html {
    html! {
        <div class={classes!("skeleton-lines", props.class.clone())} aria-hidden="true">
            { for (0..props.lines).map(|i| html! { <span class="skeleton skeleton-line" style={format!("width: {}%", 90 - (i * 17) % 40)}></span> }) }
        </div>
    }
}

/// Placeholder of a court's day: a heading and a grid of slot tiles.
#[function_component(SkeletonCourts)]
pub fn skeleton_courts(props: &SkeletonProps) -> Html {
    html! {
        <div class="skeleton-courts" aria-hidden="true">
            { for (0..props.lines).map(|_| html! {
                <div class="court">
                    <span class="skeleton skeleton-heading"></span>
                    <div class="slot-grid">
                        { for (0..6).map(|_| html! { <span class="skeleton skeleton-slot"></span> }) }
                    </div>
                </div>
            }) }
        </div>
    }
}

/// A visually hidden "Loading…" for screen readers, announced politely.
///
/// The live region goes in empty and gets its text a moment later: screen
/// readers announce a change inside a region they already know, and may say
/// nothing of one that arrives already filled.
#[function_component(LoadingAnnouncement)]
pub fn loading_announcement(props: &LoadingProps) -> Html {
    let filled = use_state(|| false);
    {
        let filled = filled.clone();
        use_effect_with((), move |_| {
            let timeout = gloo::timers::callback::Timeout::new(100, move || filled.set(true));
            move || drop(timeout)
        });
    }
    let text = props
        .text
        .clone()
        .unwrap_or(AttrValue::Static(msg::loading()));
    html! { <p class="visually-hidden" role="status">{ if *filled { text } else { AttrValue::Static("") } }</p> }
}

#[derive(Properties, PartialEq)]
pub struct LoadingProps {
    /// What is loading; "Loading…" in the app's language if not given.
    #[prop_or_default]
    pub text: Option<AttrValue>,
}
