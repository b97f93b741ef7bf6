//! Ledig — the player's progressive web app (Yew, compiled to wasm32 by Trunk).

mod api;
mod app;
mod components;
mod document;
mod format;
mod i18n;
mod load;
mod pages;
mod passkey;
mod problem_text;
mod push;
mod search;
mod session;
mod storage;
mod stripe;
mod zone;

fn main() {
    document::remember_first_path();
    i18n::apply_to_document(i18n::language());
    // index.html carries a static shell in #app that shows before the wasm
    // arrives; Yew clears it on mounting. Without #app (an old cached
    // index.html), the body.
    let root = gloo::utils::document().get_element_by_id("app");
    match root {
        Some(root) => yew::Renderer::<app::App>::with_root(root).render(),
        None => yew::Renderer::<app::App>::new().render(),
    };
}
