//! Passkeys (WebAuthn, via webauthn-rs): the main way to sign in.
//!
//! Each ceremony has a start (the server makes a challenge and keeps its
//! state in `webauthn_challenges`, so any process can finish it) and a
//! finish (the browser's answer is checked against that state, which is
//! deleted as it is read: a challenge is good for one answer only).

use axum::{extract::State, http::HeaderMap, response::IntoResponse, Json};
use base64::Engine;
use serde::{Deserialize, Serialize};
use shared::account::{
    PasskeyChallenge, PasskeyFinish, PasskeyLoginStart, PasskeyRegisterStart, SessionInfo,
};
use uuid::Uuid;
use webauthn_rs::prelude::{
    Passkey, PasskeyAuthentication, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential,
};

use super::{
    email_code::normalise,
    rate_limit::{self, Limit},
    session::{self, MaybeSignedIn},
    store, ClientIp,
};
use crate::{
    error::{AppError, AppResult},
    extract::ApiJson,
    AppState,
};

/// A ceremony must be finished within this many seconds.
const CEREMONY_SECONDS: i64 = 300;
const STARTS_PER_IP: Limit = Limit { max: 30 };

/// Ceremonies started from one address, registering and signing in
/// together: each start stores a challenge, so they are counted.
async fn start_allowed(state: &AppState, ip: std::net::IpAddr) -> AppResult<()> {
    rate_limit::check(
        &state.db,
        &format!("passkey-ip:{ip}"),
        STARTS_PER_IP,
        "passkey attempts from here",
    )
    .await
}

#[derive(Serialize, Deserialize)]
struct RegisterState {
    /// The account the passkey will belong to (new or existing).
    account_id: Uuid,
    registration: PasskeyRegistration,
}

fn credential_id(passkey: &Passkey) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(passkey.cred_id().as_ref())
}

fn internal(error: impl std::fmt::Display) -> AppError {
    AppError::Internal(anyhow::anyhow!("{error}"))
}

fn rejected(error: impl std::fmt::Display) -> AppError {
    tracing::info!(%error, "passkey rejected");
    AppError::invalid(
        "credential",
        "The passkey could not be verified. Please try again.",
    )
}

/// Starts registering a passkey: for a new account (e-mail and name in the
/// body) or, when signed in, for the signed-in account.
#[utoipa::path(post, path = "/api/v1/auth/passkey/register/start", tag = "accounts",
    request_body = PasskeyRegisterStart,
    responses(
        (status = 200, description = "Options for navigator.credentials.create", body = PasskeyChallenge),
        (status = 409, description = "An account with this e-mail exists: sign in first", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing or invalid e-mail or name", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn register_start(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    MaybeSignedIn(live): MaybeSignedIn,
    ApiJson(request): ApiJson<PasskeyRegisterStart>,
) -> AppResult<Json<PasskeyChallenge>> {
    start_allowed(&state, ip).await?;
    let (account_id, email, name, exclude, existing) = match &live {
        Some(live) => {
            let keys = store::passkeys(&state.db, live.account.id).await?;
            let exclude = keys
                .iter()
                .filter_map(|k| serde_json::from_str::<Passkey>(&k.passkey).ok())
                .map(|k| k.cred_id().clone())
                .collect::<Vec<_>>();
            let name = if live.account.name.is_empty() {
                live.account.email.clone()
            } else {
                live.account.name.clone()
            };
            (
                live.account.id,
                live.account.email.clone(),
                name,
                Some(exclude),
                true,
            )
        }
        None => {
            let email = normalise(request.email.as_deref().unwrap_or(""))?;
            let name = shared::validate::PlayerName::parse(request.name.as_deref().unwrap_or(""))?
                .as_str()
                .to_string();
            if store::account_by_email(&state.db, &email).await?.is_some() {
                return Err(AppError::conflict(
                    "account-exists",
                    "There is already an account with this e-mail. Sign in (with a code) first, then add a passkey.",
                ));
            }
            (Uuid::new_v4(), email, name, None, false)
        }
    };
    let (options, registration) = state
        .accounts
        .webauthn
        .start_passkey_registration(account_id, &email, &name, exclude)
        .map_err(internal)?;
    let saved = RegisterState {
        account_id,
        registration,
    };
    let newcomer = (!existing).then_some((email.as_str(), name.as_str()));
    start_ceremony(
        &state,
        "register",
        existing.then_some(account_id),
        newcomer,
        &saved,
        &options,
    )
    .await
}

/// Keeps a ceremony's state (`saved`) for its finish and answers the
/// browser's options. `newcomer`: the e-mail and name of an account to be
/// made when it finishes.
async fn start_ceremony(
    state: &AppState,
    kind: &str,
    account_id: Option<Uuid>,
    newcomer: Option<(&str, &str)>,
    saved: &impl Serialize,
    options: &impl Serialize,
) -> AppResult<Json<PasskeyChallenge>> {
    let challenge_id = Uuid::new_v4();
    let saved = serde_json::to_string(saved).map_err(internal)?;
    let now = chrono::Utc::now().timestamp();
    store::insert_challenge(
        &state.db,
        &store::NewChallenge {
            id: challenge_id,
            kind,
            account_id,
            email: newcomer.map(|(email, _)| email),
            name: newcomer.map(|(_, name)| name),
            state: &saved,
            expires_at: now + CEREMONY_SECONDS,
        },
        now,
    )
    .await?;
    Ok(Json(PasskeyChallenge {
        challenge_id,
        options: serde_json::to_value(options).map_err(internal)?,
    }))
}

/// Takes the ceremony `id` of `kind`, refusing a lapsed or unknown one.
async fn take(state: &AppState, id: Uuid, kind: &str) -> AppResult<store::ChallengeRow> {
    let challenge = store::take_challenge(&state.db, id).await?;
    match challenge {
        Some(c) if c.kind == kind && c.expires_at > chrono::Utc::now().timestamp() => Ok(c),
        _ => Err(AppError::invalid(
            "challenge_id",
            "This passkey request has expired. Please start again.",
        )),
    }
}

fn parse_credential<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> AppResult<T> {
    serde_json::from_value(value).map_err(|e| AppError::BadRequest {
        field: Some("credential".into()),
        message: format!("Not a WebAuthn credential: {e}"),
    })
}

/// Finishes registering: stores the passkey; a new account is created and
/// signed in.
#[utoipa::path(post, path = "/api/v1/auth/passkey/register/finish", tag = "accounts",
    request_body = PasskeyFinish,
    responses(
        (status = 200, description = "The passkey is saved; a new account is signed in", body = SessionInfo),
        (status = 400, description = "The credential is not a WebAuthn credential", body = shared::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Adding a passkey to an account whose session has ended", body = shared::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The passkey is registered already, or the address has an account now (`/problems/account-exists`)", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Expired ceremony or a credential that does not verify", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn register_finish(
    State(state): State<AppState>,
    MaybeSignedIn(live): MaybeSignedIn,
    headers: HeaderMap,
    ApiJson(request): ApiJson<PasskeyFinish>,
) -> AppResult<impl IntoResponse> {
    let challenge = take(&state, request.challenge_id, "register").await?;
    let saved: RegisterState = serde_json::from_str(&challenge.state).map_err(internal)?;
    let credential: RegisterPublicKeyCredential = parse_credential(request.credential)?;
    let passkey = state
        .accounts
        .webauthn
        .finish_passkey_registration(&credential, &saved.registration)
        .map_err(rejected)?;
    let now = chrono::Utc::now().timestamp();
    let new_account = challenge.account_id.is_none();
    if !new_account && live.as_ref().map(|l| l.account.id) != challenge.account_id {
        // Adding a passkey to an account takes being signed in to it.
        return Err(AppError::Unauthorized);
    }
    if new_account {
        let email = challenge.email.unwrap_or_default();
        let account = store::find_or_create(
            &state.db,
            saved.account_id,
            &email,
            &challenge.name.unwrap_or_default(),
            shared::account::Language::Sv,
            now,
        )
        .await?;
        if account.id != saved.account_id {
            return Err(AppError::conflict(
                "account-exists",
                "An account with this e-mail was just created elsewhere. Sign in with a code instead.",
            ));
        }
    }
    let json = serde_json::to_string(&passkey).map_err(internal)?;
    let credential_id = credential_id(&passkey);
    let allowed = match &live {
        Some(live) if !new_account => store::PasskeyFor::Session(live.session.id),
        _ => store::PasskeyFor::NewAccount,
    };
    match store::insert_passkey(
        &state.db,
        &credential_id,
        saved.account_id,
        &json,
        now,
        allowed,
    )
    .await?
    {
        store::PasskeyAdded::Added => {}
        store::PasskeyAdded::Exists => {
            return Err(AppError::conflict(
                "passkey-exists",
                "This passkey is already registered.",
            ))
        }
        // The address was proved by its owner meanwhile (or the session
        // ended): the account is not the registrant's.
        store::PasskeyAdded::Refused if new_account => return Err(AppError::conflict(
            "account-exists",
            "An account with this e-mail was just created elsewhere. Sign in with a code instead.",
        )),
        store::PasskeyAdded::Refused => return Err(AppError::Unauthorized),
    }
    match live {
        // Adding a passkey to this session's account: the session goes on.
        Some(live) if !new_account => {
            Ok(
                session::session_info(&state, saved.account_id, live.session.csrf_token.clone())
                    .await?
                    .into_response(),
            )
        }
        _ => {
            session::sign_in(
                &state,
                &headers,
                saved.account_id,
                session::SignInMethod::Passkey(&credential_id),
            )
            .await
        }
    }
}

/// Starts signing in with a passkey of the account with this e-mail.
#[utoipa::path(post, path = "/api/v1/auth/passkey/login/start", tag = "accounts",
    request_body = PasskeyLoginStart,
    responses(
        (status = 200, description = "Options for navigator.credentials.get", body = PasskeyChallenge),
        (status = 404, description = "No passkey for this e-mail: use a code", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn login_start(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(request): ApiJson<PasskeyLoginStart>,
) -> AppResult<Json<PasskeyChallenge>> {
    let email = normalise(&request.email)?;
    start_allowed(&state, ip).await?;
    let no_passkey = AppError::NotFound("passkey for this e-mail (sign in with a code instead)");
    let account = store::account_by_email(&state.db, &email)
        .await?
        .ok_or(no_passkey)?;
    let keys: Vec<Passkey> = store::passkeys(&state.db, account.id)
        .await?
        .iter()
        .filter_map(|k| serde_json::from_str(&k.passkey).ok())
        .collect();
    if keys.is_empty() {
        return Err(AppError::NotFound(
            "passkey for this e-mail (sign in with a code instead)",
        ));
    }
    let (options, authentication) = state
        .accounts
        .webauthn
        .start_passkey_authentication(&keys)
        .map_err(internal)?;
    start_ceremony(
        &state,
        "login",
        Some(account.id),
        None,
        &authentication,
        &options,
    )
    .await
}

/// Finishes signing in with a passkey.
#[utoipa::path(post, path = "/api/v1/auth/passkey/login/finish", tag = "accounts",
    request_body = PasskeyFinish,
    responses(
        (status = 200, description = "Signed in; the session cookie is set", body = SessionInfo),
        (status = 400, description = "The credential is not a WebAuthn credential", body = shared::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Expired ceremony, a credential that does not verify, or a passkey the account no longer has (its address was proved after it was registered)", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn login_finish(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<PasskeyFinish>,
) -> AppResult<impl IntoResponse> {
    let challenge = take(&state, request.challenge_id, "login").await?;
    let account_id = challenge.account_id.ok_or(AppError::Unauthorized)?;
    let authentication: PasskeyAuthentication =
        serde_json::from_str(&challenge.state).map_err(internal)?;
    let credential: PublicKeyCredential = parse_credential(request.credential)?;
    let result = state
        .accounts
        .webauthn
        .finish_passkey_authentication(&credential, &authentication)
        .map_err(rejected)?;
    let now = chrono::Utc::now().timestamp();
    let used = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(result.cred_id().as_ref());
    // Keep the signature counter current (a cloned authenticator shows up as
    // a counter that goes backwards, which webauthn-rs then refuses).
    for row in store::passkeys(&state.db, account_id).await? {
        let Ok(mut passkey) = serde_json::from_str::<Passkey>(&row.passkey) else {
            continue;
        };
        if passkey.update_credential(&result).is_some() {
            let json = serde_json::to_string(&passkey).map_err(internal)?;
            store::update_passkey(&state.db, &row.id, &json, now).await?;
        }
    }
    // Only while the passkey still belongs to the account: the ceremony's
    // state names it even after it was removed.
    session::sign_in(
        &state,
        &headers,
        account_id,
        session::SignInMethod::Passkey(&used),
    )
    .await
}
