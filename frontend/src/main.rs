//! Ledig — the player's progressive web app (Yew, compiled to wasm32 by Trunk).

mod api;
mod app;
mod components;
mod format;
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
    yew::Renderer::<app::App>::new().render();
}
