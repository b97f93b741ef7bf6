//! Leaflet's files and the early map, both from `frontend/map-start.js`
//! (inline in index.html, so it runs before the wasm has arrived): Leaflet
//! loads with the first map rather than with every page, and on the home
//! page the plain map is already drawn when the app mounts; the app adopts
//! it instead of drawing a second one.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
// An index.html without map-start.js (an old cached one) gets no map; the
// map says it is unavailable.
const missing = () => Promise.reject(new Error('map-start.js is not loaded'));
export function leafletReady() {
    return Boolean(window.ledigMap && window.ledigMap.ready());
}
export function loadLeaflet() {
    return window.ledigMap ? window.ledigMap.load() : missing();
}
export function adoptEarlyMap(parent, tileUrl) {
    return window.ledigMap ? window.ledigMap.adopt(parent, tileUrl) : null;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = leafletReady)]
    pub fn leaflet_ready() -> bool;
    #[wasm_bindgen(js_name = loadLeaflet)]
    fn load_leaflet_promise() -> js_sys::Promise;
    #[wasm_bindgen(js_name = adoptEarlyMap)]
    fn adopt_early_map_js(parent: &web_sys::HtmlElement, tile_url: &str) -> JsValue;
}

/// Loads Leaflet once (later calls share the first load); `Err` when its
/// files cannot be fetched.
pub async fn load_leaflet() -> Result<(), JsValue> {
    JsFuture::from(load_leaflet_promise()).await.map(|_| ())
}

/// The map drawn before the app mounted, moved into `parent`, if there is
/// one with this tile server (its tile layer is already on it).
pub fn adopt_early_map(parent: &web_sys::HtmlElement, tile_url: &str) -> Option<leaflet::Map> {
    let map = adopt_early_map_js(parent, tile_url);
    (!map.is_null() && !map.is_undefined()).then(|| map.unchecked_into())
}
