//! The browser's side of Web Push: notification permission and this device's
//! push subscription, handed to the server so a watched court that frees can
//! reach the phone (the service worker, public/sw.js, shows it).
//!
//! Permission is asked only when a person confirms a watch (or taps "Allow
//! notifications" on My watches), never on page load.

use wasm_bindgen::prelude::*;

use crate::i18n::msg;

#[wasm_bindgen(inline_js = r#"
function keyBytes(base64url) {
    const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
    const raw = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}
function named(name, message) {
    const e = new Error(message);
    e.name = name;
    return e;
}
export function pushSupported() {
    return typeof Notification !== 'undefined' && 'serviceWorker' in navigator && typeof PushManager !== 'undefined';
}
export function notificationPermission() {
    return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}
export async function requestNotificationPermission() {
    if (typeof Notification === 'undefined') return 'unsupported';
    return await Notification.requestPermission();
}
// Chromium without its push service never settles subscribe(): give up after
// timeoutMs rather than leave the person waiting.
function within(promise, timeoutMs, what) {
    return Promise.race([
        promise,
        new Promise((_, reject) => setTimeout(() => reject(named('TimeoutError', what)), timeoutMs)),
    ]);
}
export async function pushSubscribe(vapidKey, timeoutMs) {
    if (!('serviceWorker' in navigator) || typeof PushManager === 'undefined') {
        throw named('NotSupportedError', 'no push');
    }
    if (!navigator.serviceWorker.controller && !(await navigator.serviceWorker.getRegistration())) {
        await navigator.serviceWorker.register('/sw.js');
    }
    const registration = await within(navigator.serviceWorker.ready, timeoutMs, 'service worker');
    const existing = await registration.pushManager.getSubscription();
    const subscription = existing || await within(
        registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(vapidKey) }),
        timeoutMs, 'push service');
    return JSON.stringify(subscription.toJSON());
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = pushSupported)]
    fn push_supported_js() -> bool;
    #[wasm_bindgen(js_name = notificationPermission)]
    fn notification_permission_js() -> String;
    #[wasm_bindgen(js_name = requestNotificationPermission, catch)]
    async fn request_permission_js() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = pushSubscribe, catch)]
    async fn push_subscribe_js(vapid_key: String, timeout_ms: u32) -> Result<JsValue, JsValue>;
}

/// How long to wait for the browser's push service before saying so.
const SUBSCRIBE_TIMEOUT_MS: u32 = 15_000;

/// Whether this browser may show notifications for Ledig.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Not asked yet.
    Ask,
    Granted,
    Denied,
    /// No notifications or push in this browser.
    Unsupported,
}

fn permission_from(value: &str) -> Permission {
    match value {
        "granted" => Permission::Granted,
        "denied" => Permission::Denied,
        "default" => Permission::Ask,
        _ => Permission::Unsupported,
    }
}

pub fn permission() -> Permission {
    if !push_supported_js() {
        return Permission::Unsupported;
    }
    permission_from(&notification_permission_js())
}

/// Asks for permission (answered at once if already given or refused).
/// Call it first thing after the person's tap: browsers ask only then.
/// `Err` is a sentence for the person.
pub async fn ask_permission() -> Result<(), String> {
    if !push_supported_js() {
        return Err(msg::push_unsupported_help().into());
    }
    let answer = request_permission_js()
        .await
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    match permission_from(&answer) {
        Permission::Granted => Ok(()),
        Permission::Denied => Err(msg::push_denied_help().into()),
        Permission::Ask => Err(msg::push_not_allowed().into()),
        Permission::Unsupported => Err(msg::push_unsupported_help().into()),
    }
}

/// Subscribes this device (permission given) and gives the subscription to
/// the server. `Err` is a sentence for the person.
pub async fn subscribe() -> Result<(), String> {
    let key = crate::api::vapid_public_key()
        .await
        .map_err(|p| p.message().to_string())?;
    let json = push_subscribe_js(key.public_key, SUBSCRIBE_TIMEOUT_MS)
        .await
        .map_err(explain)?;
    let subscription: serde_json::Value = json
        .as_string()
        .and_then(|s| serde_json::from_str(&s).ok())
        .ok_or_else(|| msg::push_unreadable().to_string())?;
    crate::api::push_subscribe(&subscription)
        .await
        .map_err(|p| p.message().to_string())?;
    Ok(())
}

/// Permission, then the subscription.
pub async fn enable() -> Result<(), String> {
    ask_permission().await?;
    subscribe().await
}

/// Why subscribing failed, in words for a person.
fn explain(error: JsValue) -> String {
    let name = js_sys::Reflect::get(&error, &"name".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    match name.as_str() {
        "TimeoutError" => msg::push_timeout().into(),
        "NotAllowedError" => msg::push_denied_help().into(),
        "NotSupportedError" => msg::push_unsupported_help().into(),
        _ => msg::push_failed().into(),
    }
}
