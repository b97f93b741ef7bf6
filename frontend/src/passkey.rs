//! The browser's side of passkeys: WebAuthn JSON from the server in,
//! `PublicKeyCredential.toJSON()` out. The (de)serialisation helpers
//! `parseCreationOptionsFromJSON` / `parseRequestOptionsFromJSON` are in
//! every current browser; where they are missing we say so and offer the
//! e-mailed code instead.

use wasm_bindgen::prelude::*;

use crate::i18n::msg;

#[wasm_bindgen(inline_js = r#"
function withoutNulls(value) {
    if (Array.isArray(value)) return value.map(withoutNulls);
    if (value && typeof value === 'object') {
        const out = {};
        for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = withoutNulls(v);
        return out;
    }
    return value;
}
export function passkeysSupported() {
    return typeof PublicKeyCredential !== 'undefined'
        && typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function'
        && typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function';
}
export async function createPasskey(optionsJson) {
    const options = withoutNulls(JSON.parse(optionsJson));
    const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(options.publicKey);
    const credential = await navigator.credentials.create({ publicKey });
    return JSON.stringify(credential.toJSON());
}
export async function getPasskey(optionsJson) {
    const options = withoutNulls(JSON.parse(optionsJson));
    const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(options.publicKey);
    const credential = await navigator.credentials.get({ publicKey });
    return JSON.stringify(credential.toJSON());
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = passkeysSupported)]
    fn passkeys_supported_js() -> bool;
    #[wasm_bindgen(js_name = createPasskey, catch)]
    async fn create_passkey_js(options: String) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = getPasskey, catch)]
    async fn get_passkey_js(options: String) -> Result<JsValue, JsValue>;
}

pub fn supported() -> bool {
    passkeys_supported_js()
}

/// Why the browser's part failed, in words for a person.
fn explain(error: JsValue) -> String {
    let name = js_sys::Reflect::get(&error, &"name".into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    match name.as_str() {
        "NotAllowedError" => msg::passkey_cancelled(),
        "InvalidStateError" => msg::passkey_exists(),
        "SecurityError" => msg::passkey_insecure(),
        _ => msg::passkey_unsupported(),
    }
    .to_string()
}

/// `navigator.credentials.create` with the server's options.
pub async fn create(options: &serde_json::Value) -> Result<serde_json::Value, String> {
    let json = create_passkey_js(options.to_string())
        .await
        .map_err(explain)?;
    parse(json)
}

/// `navigator.credentials.get` with the server's options.
pub async fn get(options: &serde_json::Value) -> Result<serde_json::Value, String> {
    let json = get_passkey_js(options.to_string()).await.map_err(explain)?;
    parse(json)
}

fn parse(json: JsValue) -> Result<serde_json::Value, String> {
    json.as_string()
        .and_then(|s| serde_json::from_str(&s).ok())
        .ok_or_else(|| msg::passkey_unreadable().to_string())
}
