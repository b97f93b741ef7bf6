-- Accounts (issue 4): people who sign in with a passkey or an e-mailed code,
-- their server-side sessions, pending sign-in codes and WebAuthn ceremonies.
-- Secrets are stored only as SHA-256 hashes (session tokens, codes, the
-- calendar-feed token), so a copy of the database signs nobody in.

CREATE TABLE accounts (
    id             UUID    PRIMARY KEY,
    -- Lower-cased; the sign-in identity.
    email          TEXT    NOT NULL UNIQUE,
    email_verified BOOLEAN NOT NULL DEFAULT FALSE,
    name           TEXT    NOT NULL DEFAULT '',
    phone          TEXT    NOT NULL DEFAULT '',
    language       TEXT    NOT NULL DEFAULT 'sv' CHECK (language IN ('sv', 'en')),
    category       TEXT    NOT NULL DEFAULT 'adult' CHECK (category IN ('adult', 'youth', 'senior', 'club')),
    calendar_token_hash TEXT UNIQUE,
    created_at     BIGINT NOT NULL
);

CREATE TABLE sessions (
    id           UUID    PRIMARY KEY,
    token_hash   TEXT    NOT NULL UNIQUE,
    account_id   UUID    NOT NULL REFERENCES accounts (id),
    csrf_token   TEXT    NOT NULL,
    method       TEXT    NOT NULL CHECK (method IN ('passkey', 'email_code')),
    user_agent   TEXT    NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    ended_at     BIGINT
);
CREATE INDEX sessions_account ON sessions (account_id);

-- An e-mailed code: valid for a few minutes, a few attempts, once.
CREATE TABLE sign_in_codes (
    id         UUID    PRIMARY KEY,
    email      TEXT    NOT NULL,
    code_hash  TEXT    NOT NULL,
    attempts   BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX sign_in_codes_email ON sign_in_codes (email, created_at);

CREATE TABLE passkeys (
    -- The credential id, base64url.
    id           TEXT    PRIMARY KEY,
    account_id   UUID    NOT NULL REFERENCES accounts (id),
    -- webauthn-rs' Passkey (public key, counter), JSON.
    passkey      TEXT    NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT
);
CREATE INDEX passkeys_account ON passkeys (account_id);

-- A registration or sign-in ceremony between its start and finish.
CREATE TABLE webauthn_challenges (
    id         UUID    PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('register', 'login')),
    -- For adding a passkey to an account, or signing in to it.
    account_id UUID    REFERENCES accounts (id),
    -- For a new account: who it will be.
    email      TEXT,
    name       TEXT,
    state      TEXT    NOT NULL,
    expires_at BIGINT NOT NULL
);

-- A booking made while signed in belongs to that account.
ALTER TABLE bookings ADD COLUMN account_id UUID REFERENCES accounts (id);
CREATE INDEX bookings_account ON bookings (account_id, starts_at) WHERE account_id IS NOT NULL;
