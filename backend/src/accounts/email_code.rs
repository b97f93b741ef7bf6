//! Signing in with a one-time code sent by e-mail: the fallback for devices
//! without passkeys, and how an address is proved.

use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::IntoResponse,
    Json,
};
use rand::Rng;
use shared::{
    account::{EmailCodeStart, EmailCodeVerify, Language, SessionInfo, SignInCode},
    validate::Email,
};

use super::{
    rate_limit::{self, Limit},
    session, store, ClientIp,
};
use crate::{
    error::{AppError, AppResult},
    extract::ApiJson,
    mail::Mail,
    AppState,
};

/// A code is valid this long.
const CODE_MINUTES: i64 = 10;
/// Wrong guesses before a code is used up.
const MAX_ATTEMPTS: i64 = 5;
/// Codes per address per hour, across processes.
const CODES_PER_HOUR: i64 = 6;

const GUESSES_PER_IP: Limit = Limit { max: 20 };

/// Normalised sign-in address: trimmed and lower-cased.
pub fn normalise(raw: &str) -> AppResult<String> {
    Ok(Email::parse(raw)?.as_str().to_lowercase())
}

pub fn too_many(retry: std::time::Duration, what: &str) -> AppError {
    let minutes = retry.as_secs().div_ceil(60).max(1);
    AppError::TooManyRequests {
        retry_after: retry.as_secs().max(1),
        message: format!("Too many {what}. Please wait {minutes} min and try again."),
    }
}

fn mail(language: Language, to: &str, code: &str) -> Mail {
    let (subject, text) = match language {
        Language::Sv => (
            format!("Din inloggningskod till Ledig: {code}"),
            format!(
                "Hej!\n\nDin kod för att logga in på Ledig är:\n\n    {code}\n\n\
                 Koden gäller i {CODE_MINUTES} minuter. Har du inte bett om den kan du strunta i det här mejlet.\n"
            ),
        ),
        Language::En => (
            format!("Your Ledig sign-in code: {code}"),
            format!(
                "Hello!\n\nYour code to sign in to Ledig is:\n\n    {code}\n\n\
                 It is valid for {CODE_MINUTES} minutes. If you did not ask for it, ignore this mail.\n"
            ),
        ),
    };
    Mail {
        to: to.to_string(),
        subject,
        text,
    }
}

fn code_hash(email: &str, code: &str) -> String {
    session::hash(&format!("{email}:{code}"))
}

/// Sends a 6-digit sign-in code. The answer is the same whether or not an
/// account exists for the address (nothing to learn by probing).
#[utoipa::path(post, path = "/api/v1/auth/email/start", tag = "accounts",
    request_body = EmailCodeStart,
    responses(
        (status = 202, description = "A code is on its way"),
        (status = 422, description = "Not an e-mail address", body = shared::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many codes asked for; see Retry-After", body = shared::Problem, content_type = "application/problem+json"),
        (status = 503, description = "The mail could not be sent", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn start(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(request): ApiJson<EmailCodeStart>,
) -> AppResult<impl IntoResponse> {
    let email = normalise(&request.email)?;
    rate_limit::check(
        &state.db,
        &format!("send-ip:{ip}"),
        Limit {
            max: state.accounts.codes_per_client,
        },
        "codes asked for from here",
    )
    .await?;
    let now = chrono::Utc::now().timestamp();
    if store::codes_sent_since(&state.db, &email, now - 3600).await? >= CODES_PER_HOUR {
        return Err(too_many(
            std::time::Duration::from_secs(15 * 60),
            "codes for this address",
        ));
    }
    let code = format!("{:06}", rand::rng().random_range(0..1_000_000u32));
    store::insert_code(
        &state.db,
        &email,
        &code_hash(&email, &code),
        now,
        now + CODE_MINUTES * 60,
    )
    .await?;
    if let Err(error) = state
        .accounts
        .mailer
        .send(&mail(request.language, &email, &code))
        .await
    {
        tracing::warn!(error = format!("{error:#}"), "sign-in mail not sent");
        return Ok((
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "application/problem+json")],
            serde_json::json!({
                "type": "/problems/mail-unavailable",
                "title": "Mail is not getting through",
                "status": 503,
                "detail": "We could not send the code just now. Try again in a minute, or sign in with a passkey."
            })
            .to_string(),
        )
            .into_response());
    }
    Ok((
        StatusCode::ACCEPTED,
        Json(serde_json::json!({ "sent": true })),
    )
        .into_response())
}

/// Checks the e-mailed code and signs in, creating the account on first use.
#[utoipa::path(post, path = "/api/v1/auth/email/verify", tag = "accounts",
    request_body = EmailCodeVerify,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = SessionInfo),
        (status = 422, description = "Wrong, used or expired code (`field`: code)", body = shared::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many guesses; see Retry-After", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn verify(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    ApiJson(request): ApiJson<EmailCodeVerify>,
) -> AppResult<impl IntoResponse> {
    let email = normalise(&request.email)?;
    let code = SignInCode::parse(&request.code)?;
    rate_limit::check(
        &state.db,
        &format!("guess-ip:{ip}"),
        GUESSES_PER_IP,
        "codes tried from here",
    )
    .await?;
    let now = chrono::Utc::now().timestamp();
    let used_up = || {
        AppError::invalid(
            "code",
            "This code has expired or was used up. Ask for a new one.",
        )
    };
    let open_id = store::open_code(&state.db, &email, now)
        .await?
        .ok_or_else(used_up)?;
    // Counted and compared in one statement: see `store::guess`.
    let guess = store::guess(
        &state.db,
        open_id,
        &code_hash(&email, code.as_str()),
        MAX_ATTEMPTS,
        now,
    )
    .await?
    .ok_or_else(used_up)?;
    if !guess.matched {
        let left = MAX_ATTEMPTS - guess.attempts;
        return Err(AppError::invalid(
            "code",
            if left > 0 {
                format!("That is not the code we sent. {left} tries left.")
            } else {
                "That is not the code we sent, and it was the last try. Ask for a new code.".into()
            },
        ));
    }
    let account = store::find_or_create(
        &state.db,
        uuid::Uuid::new_v4(),
        &email,
        "",
        Language::Sv,
        now,
    )
    .await?;
    // The first proof of the address ends what a passkey registered before
    // it could do (see `store::prove_email`).
    if store::prove_email(&state.db, account.id, now).await? && account.passkeys > 0 {
        tracing::info!(account = %account.id, "first proof of an address: its unproved passkeys were removed");
    }
    session::sign_in(
        &state,
        &headers,
        account.id,
        session::SignInMethod::EmailCode,
    )
    .await
}
