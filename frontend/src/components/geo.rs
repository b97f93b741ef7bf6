//! The device's position (Geolocation API), as a future with a time limit.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::i18n::msg;

/// How long to wait for a position, including the permission prompt.
pub const TIMEOUT_MS: u32 = 8_000;

/// Why there is no position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeoError {
    Denied,
    Unavailable,
    Timeout,
}

impl GeoError {
    pub fn message(self) -> &'static str {
        match self {
            GeoError::Denied => msg::geo_denied(),
            GeoError::Unavailable => msg::geo_unavailable(),
            GeoError::Timeout => msg::geo_timeout(),
        }
    }
}

/// The current position (latitude, longitude) or why there is none.
pub async fn current_position() -> Result<(f64, f64), GeoError> {
    let Some(window) = web_sys::window() else {
        return Err(GeoError::Unavailable);
    };
    let Ok(geo) = window.navigator().geolocation() else {
        return Err(GeoError::Unavailable);
    };
    let promise =
        js_sys::Promise::new(&mut |resolve: js_sys::Function, reject: js_sys::Function| {
            let options = web_sys::PositionOptions::new();
            options.set_timeout(TIMEOUT_MS);
            options.set_maximum_age(60_000);
            options.set_enable_high_accuracy(false);
            let ok = Closure::once_into_js({
                let resolve = resolve.clone();
                move |pos: JsValue| {
                    let _ = resolve.call1(&JsValue::NULL, &pos);
                }
            });
            let err = Closure::once_into_js({
                let reject = reject.clone();
                move |e: JsValue| {
                    let _ = reject.call1(&JsValue::NULL, &e);
                }
            });
            if geo
                .get_current_position_with_error_callback_and_options(
                    ok.unchecked_ref(),
                    Some(err.unchecked_ref()),
                    &options,
                )
                .is_err()
            {
                let _ = reject.call1(&JsValue::NULL, &JsValue::from_f64(2.0));
                return;
            }
            // The API's own timeout does not count the time a permission prompt
            // is open; never wait longer than this in all (a settled promise
            // ignores the late call).
            let late = Closure::once_into_js(move || {
                let _ = reject.call1(&JsValue::NULL, &JsValue::from_f64(3.0));
            });
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                late.unchecked_ref(),
                (TIMEOUT_MS + 500) as i32,
            );
        });
    match JsFuture::from(promise).await {
        Ok(pos) => {
            // GeolocationPosition is behind web-sys' unstable APIs: read it plainly.
            let number = |obj: &JsValue, key: &str| {
                js_sys::Reflect::get(obj, &key.into())
                    .ok()
                    .and_then(|v| v.as_f64())
            };
            let coords = js_sys::Reflect::get(&pos, &"coords".into()).unwrap_or(JsValue::NULL);
            match (number(&coords, "latitude"), number(&coords, "longitude")) {
                (Some(lat), Some(lon)) => Ok((lat, lon)),
                _ => Err(GeoError::Unavailable),
            }
        }
        Err(e) => {
            let code = e.as_f64().or_else(|| {
                js_sys::Reflect::get(&e, &"code".into())
                    .ok()
                    .and_then(|v| v.as_f64())
            });
            Err(match code.map(|c| c as u32) {
                Some(1) => GeoError::Denied,
                Some(3) => GeoError::Timeout,
                _ => GeoError::Unavailable,
            })
        }
    }
}
