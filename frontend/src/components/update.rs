//! "A new version of Ledig is available — Reload": shown when a new release's
//! service worker takes over a page that was already controlled by an older
//! one (public/sw.js installs itself at once and claims open pages). The page
//! keeps running the old code until it reloads, so it says so; a first visit
//! (no worker before) shows nothing.

use wasm_bindgen::prelude::*;
use yew::prelude::*;

use crate::i18n::msg;

#[wasm_bindgen(inline_js = r#"
export function onNewVersion(callback) {
    if (!('serviceWorker' in navigator) || !navigator.serviceWorker.controller) return;
    navigator.serviceWorker.addEventListener('controllerchange', () => callback(), { once: true });
}
export function reloadPage() {
    location.reload();
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = onNewVersion)]
    fn on_new_version(callback: &Closure<dyn FnMut()>);
    #[wasm_bindgen(js_name = reloadPage)]
    fn reload_page();
}

#[function_component(UpdateBanner)]
pub fn update_banner() -> Html {
    let available = use_state(|| false);
    {
        let available = available.clone();
        use_effect_with((), move |_| {
            let callback = Closure::<dyn FnMut()>::new(move || available.set(true));
            on_new_version(&callback);
            // Lives as long as the page: the event may come at any time.
            callback.forget();
        });
    }
    // The live region is always there and filled when the news comes, so a
    // screen reader announces it (a region inserted already filled is not).
    html! {
        <div class={classes!("update-region", available.then_some("update-banner"))} role="status">
            if *available {
                <span>{ msg::update_available() }</span>
                <button type="button" class="button button-primary" onclick={Callback::from(|_| reload_page())}>
                    { msg::update_reload() }
                </button>
            }
        </div>
    }
}
