//! Account SQL, portable between SQLite and PostgreSQL. Secrets arrive here
//! already hashed (see `session::hash`).

use chrono::{TimeZone, Utc};
use shared::account::{Account, CustomerCategory, Language};
use uuid::Uuid;

use crate::{db::Db, on_db};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountRow {
    pub id: Uuid,
    pub email: String,
    pub email_verified: bool,
    pub name: String,
    pub phone: String,
    pub language: String,
    pub category: String,
    pub created_at: i64,
    pub passkeys: i64,
}

impl AccountRow {
    pub fn category(&self) -> CustomerCategory {
        CustomerCategory::parse(&self.category).unwrap_or_default()
    }

    pub fn language(&self) -> Language {
        Language::parse(&self.language).unwrap_or_default()
    }

    pub fn to_api(&self) -> Account {
        Account {
            id: self.id,
            email: self.email.clone(),
            email_verified: self.email_verified,
            name: self.name.clone(),
            phone: self.phone.clone(),
            language: self.language(),
            category: self.category(),
            passkeys: u32::try_from(self.passkeys).unwrap_or(0),
            created_at: Utc
                .timestamp_opt(self.created_at, 0)
                .single()
                .unwrap_or_default(),
        }
    }
}

macro_rules! account_select {
    () => {
        "SELECT a.id, a.email, a.email_verified, a.name, a.phone, a.language, a.category, a.created_at, \
         (SELECT COUNT(*) FROM passkeys p WHERE p.account_id = a.id) AS passkeys FROM accounts a "
    };
}

pub async fn account(db: &Db, id: Uuid) -> sqlx::Result<Option<AccountRow>> {
    const SQL: &str = concat!(account_select!(), "WHERE a.id = $1");
    on_db!(db, pool => sqlx::query_as::<_, AccountRow>(SQL).bind(id).fetch_optional(pool).await)
}

pub async fn account_by_email(db: &Db, email: &str) -> sqlx::Result<Option<AccountRow>> {
    const SQL: &str = concat!(account_select!(), "WHERE a.email = $1");
    on_db!(db, pool => sqlx::query_as::<_, AccountRow>(SQL).bind(email).fetch_optional(pool).await)
}

/// Creates the account for `email` unless one exists; returns whichever is
/// there (two first sign-ins racing end in one account).
pub async fn find_or_create(
    db: &Db,
    id: Uuid,
    email: &str,
    name: &str,
    language: Language,
    now: i64,
) -> sqlx::Result<AccountRow> {
    const SQL: &str =
        "INSERT INTO accounts (id, email, name, language, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (email) DO NOTHING";
    on_db!(db, pool => sqlx::query(SQL)
        .bind(id).bind(email).bind(name).bind(language.as_str()).bind(now)
        .execute(pool).await.map(|r| r.rows_affected()))?;
    account_by_email(db, email)
        .await?
        .ok_or(sqlx::Error::RowNotFound)
}

pub async fn mark_email_verified(db: &Db, id: Uuid) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE accounts SET email_verified = TRUE WHERE id = $1";
    on_db!(db, pool => sqlx::query(SQL).bind(id).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn update_profile(
    db: &Db,
    id: Uuid,
    name: &str,
    phone: &str,
    language: Language,
    category: CustomerCategory,
) -> sqlx::Result<()> {
    const SQL: &str =
        "UPDATE accounts SET name = $2, phone = $3, language = $4, category = $5 WHERE id = $1";
    on_db!(db, pool => sqlx::query(SQL)
        .bind(id).bind(name).bind(phone).bind(language.as_str()).bind(category.as_str())
        .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn set_calendar_token_hash(db: &Db, id: Uuid, hash: &str) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE accounts SET calendar_token_hash = $2 WHERE id = $1";
    on_db!(db, pool => sqlx::query(SQL).bind(id).bind(hash).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub async fn account_by_calendar_token_hash(
    db: &Db,
    hash: &str,
) -> sqlx::Result<Option<AccountRow>> {
    const SQL: &str = concat!(account_select!(), "WHERE a.calendar_token_hash = $1");
    on_db!(db, pool => sqlx::query_as::<_, AccountRow>(SQL).bind(hash).fetch_optional(pool).await)
}

// ---- sessions ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: Uuid,
    pub account_id: Uuid,
    pub csrf_token: String,
    pub method: String,
    pub user_agent: String,
    pub created_at: i64,
    pub last_seen_at: i64,
}

pub struct NewSession<'a> {
    pub id: Uuid,
    pub token_hash: &'a str,
    pub account_id: Uuid,
    pub csrf_token: &'a str,
    pub method: &'a str,
    pub user_agent: &'a str,
    pub now: i64,
    pub expires_at: i64,
}

pub async fn insert_session(db: &Db, s: &NewSession<'_>) -> sqlx::Result<()> {
    const SQL: &str = "INSERT INTO sessions (id, token_hash, account_id, csrf_token, method, user_agent, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)";
    on_db!(db, pool => sqlx::query(SQL)
        .bind(s.id).bind(s.token_hash).bind(s.account_id).bind(s.csrf_token).bind(s.method)
        .bind(s.user_agent).bind(s.now).bind(s.expires_at)
        .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// The live session with this token hash.
pub async fn live_session(db: &Db, token_hash: &str, now: i64) -> sqlx::Result<Option<SessionRow>> {
    const SQL: &str = "SELECT id, account_id, csrf_token, method, user_agent, created_at, last_seen_at FROM sessions \
         WHERE token_hash = $1 AND ended_at IS NULL AND expires_at > $2";
    on_db!(db, pool => sqlx::query_as::<_, SessionRow>(SQL).bind(token_hash).bind(now).fetch_optional(pool).await)
}

/// Records use, sliding the expiry forward.
pub async fn touch_session(db: &Db, id: Uuid, now: i64, expires_at: i64) -> sqlx::Result<()> {
    const SQL: &str =
        "UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id = $1 AND ended_at IS NULL";
    on_db!(db, pool => sqlx::query(SQL).bind(id).bind(now).bind(expires_at).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Ends one of the account's sessions; false if there was no such live session.
pub async fn end_session(db: &Db, account_id: Uuid, id: Uuid, now: i64) -> sqlx::Result<bool> {
    const SQL: &str =
        "UPDATE sessions SET ended_at = $3 WHERE id = $1 AND account_id = $2 AND ended_at IS NULL";
    let done = on_db!(db, pool => sqlx::query(SQL).bind(id).bind(account_id).bind(now).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

pub async fn live_sessions(db: &Db, account_id: Uuid, now: i64) -> sqlx::Result<Vec<SessionRow>> {
    const SQL: &str = "SELECT id, account_id, csrf_token, method, user_agent, created_at, last_seen_at FROM sessions \
         WHERE account_id = $1 AND ended_at IS NULL AND expires_at > $2 ORDER BY last_seen_at DESC";
    on_db!(db, pool => sqlx::query_as::<_, SessionRow>(SQL).bind(account_id).bind(now).fetch_all(pool).await)
}

// ---- e-mailed codes ----

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CodeRow {
    pub id: Uuid,
    pub code_hash: String,
    pub attempts: i64,
}

pub async fn insert_code(
    db: &Db,
    email: &str,
    code_hash: &str,
    now: i64,
    expires_at: i64,
) -> sqlx::Result<()> {
    // A new code replaces any earlier one still open for this address.
    const RETIRE: &str =
        "UPDATE sign_in_codes SET used_at = $2 WHERE email = $1 AND used_at IS NULL";
    const SQL: &str = "INSERT INTO sign_in_codes (id, email, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)";
    on_db!(db, pool => {
        let mut tx = pool.begin().await?;
        sqlx::query(RETIRE).bind(email).bind(now).execute(&mut *tx).await?;
        sqlx::query(SQL).bind(Uuid::new_v4()).bind(email).bind(code_hash).bind(now).bind(expires_at)
            .execute(&mut *tx).await?;
        tx.commit().await
    })
}

/// Codes sent to `email` since `since` (for the per-address send limit).
pub async fn codes_sent_since(db: &Db, email: &str, since: i64) -> sqlx::Result<i64> {
    const SQL: &str = "SELECT COUNT(*) FROM sign_in_codes WHERE email = $1 AND created_at >= $2";
    on_db!(db, pool => sqlx::query_scalar(SQL).bind(email).bind(since).fetch_one(pool).await)
}

pub async fn open_code(db: &Db, email: &str, now: i64) -> sqlx::Result<Option<CodeRow>> {
    const SQL: &str = "SELECT id, code_hash, attempts FROM sign_in_codes \
         WHERE email = $1 AND used_at IS NULL AND expires_at > $2 ORDER BY created_at DESC LIMIT 1";
    on_db!(db, pool => sqlx::query_as::<_, CodeRow>(SQL).bind(email).bind(now).fetch_optional(pool).await)
}

/// Counts a wrong guess; a code that reached `max_attempts` is used up.
pub async fn wrong_guess(db: &Db, id: Uuid, max_attempts: i64, now: i64) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE sign_in_codes SET attempts = attempts + 1, \
         used_at = CASE WHEN attempts + 1 >= $2 THEN $3 ELSE used_at END WHERE id = $1";
    on_db!(db, pool => sqlx::query(SQL).bind(id).bind(max_attempts).bind(now).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

/// Uses the code once: false if someone (a double tap) used it first.
pub async fn use_code(db: &Db, id: Uuid, now: i64) -> sqlx::Result<bool> {
    const SQL: &str = "UPDATE sign_in_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL";
    let done = on_db!(db, pool => sqlx::query(SQL).bind(id).bind(now).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

// ---- passkeys and WebAuthn ceremonies ----

pub async fn insert_passkey(
    db: &Db,
    credential_id: &str,
    account_id: Uuid,
    passkey_json: &str,
    now: i64,
) -> sqlx::Result<bool> {
    const SQL: &str =
        "INSERT INTO passkeys (id, account_id, passkey, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (id) DO NOTHING";
    let done = on_db!(db, pool => sqlx::query(SQL)
        .bind(credential_id).bind(account_id).bind(passkey_json).bind(now)
        .execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(done == 1)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PasskeyRow {
    pub id: String,
    pub passkey: String,
}

pub async fn passkeys(db: &Db, account_id: Uuid) -> sqlx::Result<Vec<PasskeyRow>> {
    const SQL: &str = "SELECT id, passkey FROM passkeys WHERE account_id = $1 ORDER BY created_at";
    on_db!(db, pool => sqlx::query_as::<_, PasskeyRow>(SQL).bind(account_id).fetch_all(pool).await)
}

pub async fn update_passkey(db: &Db, id: &str, passkey_json: &str, now: i64) -> sqlx::Result<()> {
    const SQL: &str = "UPDATE passkeys SET passkey = $2, last_used_at = $3 WHERE id = $1";
    on_db!(db, pool => sqlx::query(SQL).bind(id).bind(passkey_json).bind(now).execute(pool).await.map(|r| r.rows_affected()))?;
    Ok(())
}

pub struct NewChallenge<'a> {
    pub id: Uuid,
    pub kind: &'a str,
    pub account_id: Option<Uuid>,
    pub email: Option<&'a str>,
    pub name: Option<&'a str>,
    pub state: &'a str,
    pub expires_at: i64,
}

pub async fn insert_challenge(db: &Db, c: &NewChallenge<'_>, now: i64) -> sqlx::Result<()> {
    // Lapsed ceremonies are dropped as new ones start.
    const PURGE: &str = "DELETE FROM webauthn_challenges WHERE expires_at <= $1";
    const SQL: &str =
        "INSERT INTO webauthn_challenges (id, kind, account_id, email, name, state, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)";
    on_db!(db, pool => {
        sqlx::query(PURGE).bind(now).execute(pool).await?;
        sqlx::query(SQL)
            .bind(c.id).bind(c.kind).bind(c.account_id).bind(c.email).bind(c.name).bind(c.state).bind(c.expires_at)
            .execute(pool).await.map(|r| r.rows_affected())
    })?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ChallengeRow {
    pub kind: String,
    pub account_id: Option<Uuid>,
    pub email: Option<String>,
    pub name: Option<String>,
    pub state: String,
    pub expires_at: i64,
}

/// Takes a ceremony out: each challenge can be finished once.
pub async fn take_challenge(db: &Db, id: Uuid) -> sqlx::Result<Option<ChallengeRow>> {
    const SQL: &str = "DELETE FROM webauthn_challenges WHERE id = $1 \
         RETURNING kind, account_id, email, name, state, expires_at";
    on_db!(db, pool => sqlx::query_as::<_, ChallengeRow>(SQL).bind(id).fetch_optional(pool).await)
}
