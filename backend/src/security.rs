//! Security headers on every response: a Content-Security-Policy that allows
//! only our own scripts (plus the exact inline bootstrap scripts of the built
//! index.html, by hash) and WebAssembly, and the usual hardening headers.

use std::path::Path;

use axum::{
    extract::Request,
    http::{header, HeaderName, HeaderValue},
    middleware::Next,
    response::Response,
};
use base64::Engine;
use sha2::{Digest, Sha256};

/// The headers to add, computed once at start-up.
#[derive(Clone)]
pub struct SecurityHeaders {
    csp: HeaderValue,
    /// With Stripe: the pay step's policy, which also lets Stripe.js in.
    pay_csp: Option<HeaderValue>,
}

/// What Stripe.js needs on the pay step (its script, its card and Swish
/// frames, its API and its images) — and only there.
const STRIPE_SOURCES: StripeSources = StripeSources {
    script: " https://js.stripe.com",
    frame: "https://js.stripe.com https://hooks.stripe.com",
    connect: " https://api.stripe.com",
    img: " https://*.stripe.com",
};

struct StripeSources {
    script: &'static str,
    frame: &'static str,
    connect: &'static str,
    img: &'static str,
}

fn policy(hashes: &str, tiles: &str, stripe: Option<&StripeSources>) -> HeaderValue {
    let (script, frame, connect, img) = match stripe {
        Some(s) => (s.script, s.frame, s.connect, s.img),
        None => ("", "'none'", "", ""),
    };
    let csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}{script}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:{tiles}{img}; connect-src 'self'{connect}; font-src 'self'; manifest-src 'self'; worker-src 'self'; \
         frame-src {frame}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    );
    HeaderValue::from_str(&csp).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
}

impl SecurityHeaders {
    /// `static_dir/index.html` is read for its inline scripts (Trunk's wasm
    /// loader, the service-worker registration); `tile_url` adds the map
    /// tile server to the image sources; `stripe` opens the pay step to
    /// Stripe.js.
    pub fn new(static_dir: &Path, tile_url: &str, stripe: bool) -> Self {
        // Both builds' entry points: the players' app and the operator pages'.
        let index = ["index.html", "operator/index.html"]
            .map(|file| std::fs::read_to_string(static_dir.join(file)).unwrap_or_default())
            .concat();
        // Each once: the two share the service worker's registration.
        let hashes: std::collections::BTreeSet<String> = inline_scripts(&index)
            .into_iter()
            .map(|script| {
                format!(
                    " 'sha256-{}'",
                    base64::engine::general_purpose::STANDARD
                        .encode(Sha256::digest(script.as_bytes()))
                )
            })
            .collect();
        let hashes: String = hashes.into_iter().collect();
        let tiles = origin(tile_url)
            .map(|o| format!(" {o}"))
            .unwrap_or_default();
        SecurityHeaders {
            csp: policy(&hashes, &tiles, None),
            pay_csp: stripe.then(|| policy(&hashes, &tiles, Some(&STRIPE_SOURCES))),
        }
    }

    pub fn csp(&self) -> &HeaderValue {
        &self.csp
    }

    /// The policy for a page: the pay step (`/bookings/{id}/pay`) may load
    /// Stripe.js when Stripe is configured; no other page can.
    pub fn csp_for(&self, path: &str) -> &HeaderValue {
        let pay_step = path.starts_with("/bookings/") && path.ends_with("/pay");
        match &self.pay_csp {
            Some(pay) if pay_step => pay,
            _ => &self.csp,
        }
    }
}

/// The contents of `<script>` elements without a `src`.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            break;
        };
        let tag = &after[..tag_end];
        let body_start = start + tag_end + 1;
        let Some(close) = rest[body_start..].find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            scripts.push(&rest[body_start..body_start + close]);
        }
        rest = &rest[body_start + close + "</script>".len()..];
    }
    scripts
}

/// How long the app's own files may be cached: Trunk's hashed build files
/// never change, so forever; the entry points must be checked every time so
/// a new release is picked up. API answers set their own.
fn cache_control(path: &str) -> Option<&'static str> {
    if path.starts_with("/api/") || path == "/healthz" || path == "/readyz" {
        return None;
    }
    let file = path.rsplit('/').next().unwrap_or_default();
    let hashed = file
        .rsplit_once('.')
        .and_then(|(stem, _)| stem.rsplit_once('-'))
        // `frontend-<hash>.js`, `frontend-<hash>_bg.wasm`. Trunk writes its
        // 64-bit hash in hex without leading zeros, so one build in 16 has
        // 15 digits (`style-d3566fcc0106488.css`); 12 or more tells it from
        // names like `icon-192.png` (and 4 leading zeros is one in 65,536).
        .map(|(_, tail)| tail.split('_').next().unwrap_or_default())
        .is_some_and(|hash| {
            (12..=16).contains(&hash.len()) && hash.chars().all(|c| c.is_ascii_hexdigit())
        });
    Some(if hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    })
}

/// `https://tile.example.org` of `https://tile.example.org/{z}/{x}/{y}.png`.
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next()?;
    (!host.is_empty() && (scheme == "https" || scheme == "http"))
        .then(|| format!("{scheme}://{host}"))
}

/// Adds the headers to every response. HSTS only when the request came over
/// https (a TLS-terminating proxy says so with `X-Forwarded-Proto`).
pub async fn add_headers(
    headers: axum::extract::State<SecurityHeaders>,
    request: Request,
    next: Next,
) -> Response {
    let https = request
        .headers()
        .get("x-forwarded-proto")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    let cache = cache_control(request.uri().path());
    let csp = headers.csp_for(request.uri().path()).clone();
    let mut response = next.run(request).await;
    let ok = response.status().is_success();
    let h = response.headers_mut();
    if let Some(cache) = cache {
        if ok && !h.contains_key(header::CACHE_CONTROL) {
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        }
    }
    h.insert(header::CONTENT_SECURITY_POLICY, csp);
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(
            "geolocation=(self), camera=(), microphone=(), payment=(self), interest-cohort=()",
        ),
    );
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_scripts_only() {
        let html = r#"<script src="/a.js" defer></script><script type="module">import x;</script><p>hi</p><script>
  go();
</script>"#;
        assert_eq!(inline_scripts(html), ["import x;", "\n  go();\n"]);
    }

    #[test]
    fn hashed_files_are_immutable_and_entry_points_revalidated() {
        assert_eq!(
            cache_control("/frontend-b5a280a4e40853b7_bg.wasm"),
            Some("public, max-age=31536000, immutable")
        );
        assert_eq!(
            cache_control("/frontend-b5a280a4e40853b7.js"),
            Some("public, max-age=31536000, immutable")
        );
        assert_eq!(
            cache_control("/style-ee97690169667467.css"),
            Some("public, max-age=31536000, immutable")
        );
        // Trunk drops leading zeros: a 15-digit hash is as hashed.
        assert_eq!(
            cache_control("/style-d3566fcc0106488.css"),
            Some("public, max-age=31536000, immutable")
        );
        assert_eq!(cache_control("/icons/icon-192.png"), Some("no-cache"));
        assert_eq!(cache_control("/sw.js"), Some("no-cache"));
        assert_eq!(cache_control("/venues/3"), Some("no-cache"));
        assert_eq!(cache_control("/api/v1/venues"), None);
    }

    #[test]
    fn tile_origins() {
        assert_eq!(
            origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png").as_deref(),
            Some("https://tile.openstreetmap.org")
        );
        assert_eq!(origin("/tiles/{z}/{x}/{y}.png"), None);
    }

    #[test]
    fn hashes_the_inline_scripts_into_the_policy() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("index.html"), "<script>boot()</script>").unwrap();
        let csp = SecurityHeaders::new(dir.path(), "https://t.example/{z}/{x}/{y}.png", false)
            .csp()
            .to_str()
            .unwrap()
            .to_string();
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"boot()"));
        assert!(csp.contains(&format!("'sha256-{expected}'")), "{csp}");
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval'"));
        assert!(!csp.contains("script-src 'self' 'unsafe-inline'"));
        assert!(csp.contains("img-src 'self' data: https://t.example;"));
        for directive in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(directive), "{directive}");
        }
    }

    #[test]
    fn only_the_pay_step_lets_stripe_in_and_only_with_stripe() {
        let dir = tempfile::tempdir().unwrap();
        let with = SecurityHeaders::new(dir.path(), "/tiles/{z}/{x}/{y}.png", true);
        let pay = with
            .csp_for("/bookings/0b6f1d8e-0000-4000-8000-000000000000/pay")
            .to_str()
            .unwrap();
        assert!(
            pay.contains("script-src 'self' 'wasm-unsafe-eval' https://js.stripe.com;"),
            "{pay}"
        );
        assert!(
            pay.contains("frame-src https://js.stripe.com https://hooks.stripe.com;"),
            "{pay}"
        );
        assert!(
            pay.contains("connect-src 'self' https://api.stripe.com;"),
            "{pay}"
        );
        for page in ["/", "/book", "/bookings/x", "/my", "/api/v1/venues"] {
            let csp = with.csp_for(page).to_str().unwrap();
            assert!(!csp.contains("stripe"), "{page}: {csp}");
            assert!(csp.contains("frame-src 'none'"), "{page}: {csp}");
        }
        let without = SecurityHeaders::new(dir.path(), "/tiles/{z}/{x}/{y}.png", false);
        assert!(!without
            .csp_for("/bookings/x/pay")
            .to_str()
            .unwrap()
            .contains("stripe"));
    }
}
