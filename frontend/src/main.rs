//! Ledig — the player's progressive web app (Yew, compiled to wasm32 by Trunk).

mod api;
mod app;
mod components;
mod format;
mod i18n;
mod load;
mod pages;
mod passkey;
mod push;
mod search;
mod session;
mod storage;
mod stripe;

fn main() {
    stripe::remember_first_path();
    i18n::apply_to_document(i18n::language());
    yew::Renderer::<app::App>::new().render();
}
