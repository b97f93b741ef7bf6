//! A small binding to `leaflet.markercluster` (npm, vendored into dist by
//! Trunk and loaded after Leaflet as `L.markerClusterGroup`) and to
//! `L.divIcon`, which the `leaflet` crate binds to the wrong constructor.

use js_sys::{Array, Function, Object, Reflect};
use leaflet::{Icon, Layer, Point};
use wasm_bindgen::prelude::*;

use crate::i18n::msg;

#[wasm_bindgen]
extern "C" {
    /// `L.MarkerClusterGroup`: a layer that groups nearby markers into clusters.
    #[derive(Debug, Clone)]
    #[wasm_bindgen(extends = Layer, js_namespace = L)]
    pub type MarkerClusterGroup;

    #[wasm_bindgen(js_namespace = L, js_name = markerClusterGroup)]
    fn marker_cluster_group(options: &Object) -> MarkerClusterGroup;

    #[wasm_bindgen(method, js_name = addLayer)]
    pub fn add_layer(this: &MarkerClusterGroup, layer: &Layer) -> MarkerClusterGroup;

    /// Add many markers at once (one re-clustering instead of one per marker).
    #[wasm_bindgen(method, js_name = addLayers)]
    pub fn add_layers(this: &MarkerClusterGroup, layers: &Array) -> MarkerClusterGroup;

    #[wasm_bindgen(method, js_name = clearLayers)]
    pub fn clear_layers(this: &MarkerClusterGroup) -> MarkerClusterGroup;

    /// Zoom or spiderfy until `layer` is visible, then call `callback`.
    #[wasm_bindgen(method, js_name = zoomToShowLayer)]
    pub fn zoom_to_show_layer(this: &MarkerClusterGroup, layer: &Layer, callback: &Function);

    /// `L.MarkerCluster`, as handed to `iconCreateFunction`.
    #[wasm_bindgen(js_namespace = L)]
    pub type MarkerCluster;

    #[wasm_bindgen(method, js_name = getChildCount)]
    pub fn child_count(this: &MarkerCluster) -> u32;

    #[wasm_bindgen(js_namespace = L, js_name = divIcon)]
    fn div_icon_raw(options: &Object) -> Icon;
}

/// An icon drawn from HTML (`L.divIcon`); `anchor` also sets where popups open.
pub fn div_icon(
    html: &str,
    class_name: &str,
    size: Option<(f64, f64)>,
    anchor: Option<(f64, f64)>,
) -> Icon {
    let options = Object::new();
    let _ = Reflect::set(&options, &"html".into(), &html.into());
    let _ = Reflect::set(&options, &"className".into(), &class_name.into());
    let size_value: JsValue = match size {
        Some((w, h)) => Point::new(w, h).into(),
        // null: sized by CSS.
        None => JsValue::NULL,
    };
    let _ = Reflect::set(&options, &"iconSize".into(), &size_value);
    if let Some((x, y)) = anchor {
        let _ = Reflect::set(&options, &"iconAnchor".into(), &Point::new(x, y).into());
    }
    div_icon_raw(&options)
}

/// A cluster group whose clusters say how many venues they hold, in text
/// that screen readers announce ("5 venues, zoom in"). The returned closure
/// must live as long as the group.
pub fn venue_cluster_group() -> (MarkerClusterGroup, Closure<dyn Fn(MarkerCluster) -> Icon>) {
    let create = Closure::<dyn Fn(MarkerCluster) -> Icon>::new(|cluster: MarkerCluster| {
        let n = cluster.child_count();
        let size = if n < 10 {
            "small"
        } else if n < 50 {
            "medium"
        } else {
            "large"
        };
        div_icon(
            &format!(
                "<span aria-hidden=\"true\">{n}</span><span class=\"visually-hidden\">{}</span>",
                escape_html(&msg::cluster_label(i64::from(n)))
            ),
            &format!("venue-cluster venue-cluster-{size}"),
            Some((44.0, 44.0)),
            None,
        )
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &"iconCreateFunction".into(), create.as_ref());
    let _ = Reflect::set(&options, &"showCoverageOnHover".into(), &false.into());
    let _ = Reflect::set(&options, &"maxClusterRadius".into(), &50.into());
    let _ = Reflect::set(&options, &"spiderfyOnMaxZoom".into(), &true.into());
    (marker_cluster_group(&options), create)
}

/// Escape text for use inside HTML given to Leaflet.
pub fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
