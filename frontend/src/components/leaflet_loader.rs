//! Leaflet and its marker clusters, loaded when a map is first shown rather
//! than with every page: about 50 KiB (brotli) that My bookings, a venue's
//! schedule or the booking form never use. The service worker precaches the
//! files, so the map still opens offline once the app has been installed.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
let loading = null;

// Leaflet's own CSS goes before the app's stylesheet, so the app's
// overrides (44 px zoom buttons, the popup's close button) still win.
function add(tag, attrs, before) {
    return new Promise((resolve, reject) => {
        const el = document.createElement(tag);
        Object.assign(el, attrs);
        el.onload = resolve;
        el.onerror = () => reject(new Error(`${attrs.src || attrs.href} did not load`));
        document.head.insertBefore(el, before || null);
    });
}

export function leafletReady() {
    return typeof window.L !== 'undefined' && typeof window.L.markerClusterGroup === 'function';
}

export function loadLeaflet() {
    if (leafletReady()) return Promise.resolve();
    if (!loading) {
        const first = document.head.querySelector('link[rel="stylesheet"]');
        loading = Promise.all([
            add('link', { rel: 'stylesheet', href: '/vendor/leaflet/leaflet.css' }, first),
            add('link', { rel: 'stylesheet', href: '/vendor/leaflet.markercluster/MarkerCluster.css' }, first),
            add('script', { src: '/vendor/leaflet/leaflet.js' })
                .then(() => add('script', { src: '/vendor/leaflet.markercluster/leaflet.markercluster.js' })),
        ]).catch((err) => {
            // Offline without a cached copy: the next map may try again.
            loading = null;
            throw err;
        });
    }
    return loading;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = leafletReady)]
    pub fn leaflet_ready() -> bool;
    #[wasm_bindgen(js_name = loadLeaflet)]
    fn load_leaflet_promise() -> js_sys::Promise;
}

/// Loads Leaflet once (later calls share the first load); `Err` when its
/// files cannot be fetched.
pub async fn load_leaflet() -> Result<(), JsValue> {
    JsFuture::from(load_leaflet_promise()).await.map(|_| ())
}
