//! Stripe.js on the pay step, and only there: the script is loaded from
//! js.stripe.com when a Stripe payment starts (the server's CSP allows it on
//! `/bookings/{id}/pay` only), and card details go from Stripe's own frames
//! straight to Stripe — never through Ledig.

use wasm_bindgen::prelude::*;

use crate::i18n::msg;

#[wasm_bindgen(inline_js = r#"
let loading = null;
let mounted = null;
export function stripeLoad(publishableKey) {
    if (!loading) {
        loading = new Promise((resolve, reject) => {
            if (window.Stripe) return resolve(window.Stripe);
            const script = document.createElement('script');
            script.src = 'https://js.stripe.com/v3/';
            script.onload = () => resolve(window.Stripe);
            script.onerror = () => { loading = null; reject(new Error('stripe.js did not load')); };
            document.head.appendChild(script);
        });
    }
    return loading.then((Stripe) => Stripe(publishableKey));
}
export async function stripeMount(publishableKey, clientSecret, elementId, locale) {
    const stripe = await stripeLoad(publishableKey);
    const elements = stripe.elements({ clientSecret, locale });
    const payment = elements.create('payment', { layout: 'tabs' });
    payment.mount('#' + elementId);
    mounted = { stripe, elements };
}
export async function stripeConfirm(returnUrl, notReady, failed) {
    if (!mounted) return notReady;
    const { error } = await mounted.stripe.confirmPayment({
        elements: mounted.elements,
        confirmParams: { return_url: returnUrl },
    });
    return error ? (error.message || failed) : null;
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = stripeMount, catch)]
    async fn stripe_mount_js(
        publishable_key: String,
        client_secret: String,
        element_id: String,
        locale: String,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = stripeConfirm, catch)]
    async fn stripe_confirm_js(
        return_url: String,
        not_ready: String,
        failed: String,
    ) -> Result<JsValue, JsValue>;
}

/// Loads Stripe.js and mounts the Payment Element (card, Swish) into `#element_id`.
pub async fn mount(
    publishable_key: &str,
    client_secret: &str,
    element_id: &str,
) -> Result<(), String> {
    stripe_mount_js(
        publishable_key.into(),
        client_secret.into(),
        element_id.into(),
        crate::i18n::language().code().into(),
    )
    .await
    .map(|_| ())
    .map_err(|_| msg::pay_stripe_load_failed().to_string())
}

/// Confirms the payment. Card payments may show 3-D Secure; Swish opens the
/// Swish app on a phone and shows a QR code on a desktop. Success leaves the
/// page for `return_url`; an error comes back as words for the player.
pub async fn confirm(return_url: &str) -> Result<(), String> {
    let confirmed = stripe_confirm_js(
        return_url.into(),
        msg::pay_stripe_not_ready().into(),
        msg::pay_stripe_failed().into(),
    )
    .await;
    match confirmed {
        Ok(v) if v.is_null() || v.is_undefined() => Ok(()),
        Ok(v) => Err(v
            .as_string()
            .unwrap_or_else(|| msg::pay_stripe_failed().into())),
        Err(_) => Err(msg::pay_stripe_not_sent().into()),
    }
}
