//! Account SQL, portable between SQLite and PostgreSQL. Secrets arrive here
//! already hashed (see `session::hash`).

use chrono::{TimeZone, Utc};
use shared::account::{Account, CustomerCategory, Language};
use uuid::Uuid;

use crate::{
    db::{BeginWrite, Db, TxLock},
    on_db,
};

/// The lock that orders an address's first proof ([`prove_email`]) against
/// passkeys and passkey sessions being added to its account, so none slips
/// in between the proof and its clean-up.
const PROOF_LOCK: &str = "account-proof";

fn lock_key(account_id: Uuid) -> i64 {
    account_id.as_u128() as u64 as i64
}

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
    /// Protected personal data: staff see an alias.
    pub protected: bool,
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
            protected: self.protected,
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
         (SELECT COUNT(*) FROM passkeys p WHERE p.account_id = a.id) AS passkeys, a.protected FROM accounts a "
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

/// Records that the owner of the account's address proved it (by a code).
/// The first proof of an account made with a passkey for an address nobody
/// had proved is a take-over guard: whoever registered those passkeys may
/// not be the owner, so the passkeys go, with every session, pending
/// ceremony, push subscription and calendar-feed token of the account. The
/// owner signs in afresh (and may add a passkey of their own). True when
/// this was the first proof.
pub async fn prove_email(db: &Db, id: Uuid, now: i64) -> sqlx::Result<bool> {
    const PROVE: &str = "UPDATE accounts SET email_verified = TRUE, calendar_token_hash = NULL \
         WHERE id = $1 AND email_verified = FALSE";
    const END_SESSIONS: &str =
        "UPDATE sessions SET ended_at = $2 WHERE account_id = $1 AND ended_at IS NULL";
    const PASSKEYS: &str = "DELETE FROM passkeys WHERE account_id = $1";
    const CEREMONIES: &str = "DELETE FROM webauthn_challenges WHERE account_id = $1";
    // As push::store::remove_subscription does for one subscription.
    const PUSH_DEAD: &str = "UPDATE push_outbox SET status = 'dead', last_error = 'subscription removed', sent_at = $2 \
         WHERE status = 'pending' AND subscription_id IN (SELECT id FROM push_subscriptions WHERE account_id = $1)";
    const PUSH: &str = "DELETE FROM push_subscriptions WHERE account_id = $1";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        tx.lock_key(PROOF_LOCK, lock_key(id)).await?;
        let first = sqlx::query(PROVE).bind(id).execute(&mut *tx).await?.rows_affected() == 1;
        if first {
            sqlx::query(END_SESSIONS).bind(id).bind(now).execute(&mut *tx).await?;
            sqlx::query(CEREMONIES).bind(id).execute(&mut *tx).await?;
            sqlx::query(PASSKEYS).bind(id).execute(&mut *tx).await?;
            sqlx::query(PUSH_DEAD).bind(id).bind(now).execute(&mut *tx).await?;
            sqlx::query(PUSH).bind(id).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(first)
    })
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

/// Starts a session. One signed in by a passkey (`passkey`: its credential
/// id) starts only while that passkey still belongs to the account: false
/// when it was removed (as by [`prove_email`]) meanwhile.
pub async fn insert_session(
    db: &Db,
    s: &NewSession<'_>,
    passkey: Option<&str>,
) -> sqlx::Result<bool> {
    const HAS_PASSKEY: &str = "SELECT COUNT(*) FROM passkeys WHERE id = $1 AND account_id = $2";
    const SQL: &str = "INSERT INTO sessions (id, token_hash, account_id, csrf_token, method, user_agent, created_at, last_seen_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8)";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        if let Some(passkey) = passkey {
            tx.lock_key(PROOF_LOCK, lock_key(s.account_id)).await?;
            let has: i64 = sqlx::query_scalar(HAS_PASSKEY).bind(passkey).bind(s.account_id)
                .fetch_one(&mut *tx).await?;
            if has == 0 {
                return Ok(false);
            }
        }
        sqlx::query(SQL)
            .bind(s.id).bind(s.token_hash).bind(s.account_id).bind(s.csrf_token).bind(s.method)
            .bind(s.user_agent).bind(s.now).bind(s.expires_at)
            .execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(true)
    })
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
        let mut tx = crate::db::BeginWrite::begin_write(pool).await?;
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

/// The newest open code for `email` (to guess at with [`guess`]).
pub async fn open_code(db: &Db, email: &str, now: i64) -> sqlx::Result<Option<Uuid>> {
    const SQL: &str = "SELECT id FROM sign_in_codes \
         WHERE email = $1 AND used_at IS NULL AND expires_at > $2 ORDER BY created_at DESC LIMIT 1";
    on_db!(db, pool => sqlx::query_scalar(SQL).bind(email).bind(now).fetch_optional(pool).await)
}

/// What one guess at a code came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct Guess {
    /// Guesses counted so far, this one included.
    pub attempts: i64,
    /// It was the code: the code is now used.
    pub matched: bool,
}

/// Counts a guess at the open code `id` and checks it, in one conditional
/// statement: a guess is only compared while fewer than `max_attempts` were
/// counted, so parallel guesses cannot all slip past the cap (each one takes
/// its turn under the row's write lock). The right code, or the last
/// allowed wrong one, uses the code up. `None`: the code was used, used up
/// or expired before this guess.
pub async fn guess(
    db: &Db,
    id: Uuid,
    code_hash: &str,
    max_attempts: i64,
    now: i64,
) -> sqlx::Result<Option<Guess>> {
    const SQL: &str = "UPDATE sign_in_codes SET attempts = attempts + 1, \
         used_at = CASE WHEN code_hash = $2 OR attempts + 1 >= $3 THEN $4 ELSE NULL END \
         WHERE id = $1 AND used_at IS NULL AND expires_at > $4 AND attempts < $3 \
         RETURNING attempts, code_hash = $2 AS matched";
    on_db!(db, pool => sqlx::query_as::<_, Guess>(SQL)
        .bind(id).bind(code_hash).bind(max_attempts).bind(now)
        .fetch_optional(pool).await)
}

// ---- passkeys and WebAuthn ceremonies ----

/// Who may add a passkey to an account.
#[derive(Debug, Clone, Copy)]
pub enum PasskeyFor {
    /// The account a registration ceremony just made: only while nobody has
    /// proved its address (else the owner has, and it is theirs).
    NewAccount,
    /// A signed-in account: only while this session is live.
    Session(Uuid),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasskeyAdded {
    Added,
    /// This credential is registered already.
    Exists,
    /// The account is no longer the registrant's to add to (see [`PasskeyFor`]).
    Refused,
}

/// Adds a passkey, checked (under the proof lock) against [`prove_email`]
/// having run meanwhile.
pub async fn insert_passkey(
    db: &Db,
    credential_id: &str,
    account_id: Uuid,
    passkey_json: &str,
    now: i64,
    allowed: PasskeyFor,
) -> sqlx::Result<PasskeyAdded> {
    const UNPROVED: &str = "SELECT COUNT(*) FROM accounts WHERE id = $1 AND email_verified = FALSE";
    const LIVE: &str = "SELECT COUNT(*) FROM sessions WHERE id = $1 AND account_id = $2 \
         AND ended_at IS NULL AND expires_at > $3";
    const SQL: &str =
        "INSERT INTO passkeys (id, account_id, passkey, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (id) DO NOTHING";
    on_db!(db, pool => {
        let mut tx = pool.begin_write().await?;
        tx.lock_key(PROOF_LOCK, lock_key(account_id)).await?;
        let allowed: i64 = match allowed {
            PasskeyFor::NewAccount => sqlx::query_scalar(UNPROVED).bind(account_id)
                .fetch_one(&mut *tx).await?,
            PasskeyFor::Session(session) => sqlx::query_scalar(LIVE).bind(session).bind(account_id).bind(now)
                .fetch_one(&mut *tx).await?,
        };
        if allowed == 0 {
            return Ok(PasskeyAdded::Refused);
        }
        let done = sqlx::query(SQL)
            .bind(credential_id).bind(account_id).bind(passkey_json).bind(now)
            .execute(&mut *tx).await?.rows_affected();
        tx.commit().await?;
        Ok(if done == 1 { PasskeyAdded::Added } else { PasskeyAdded::Exists })
    })
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
