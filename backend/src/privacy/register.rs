//! The register of personal data: every table of the database, and for the
//! tables that hold something about a person, which columns do, which rows
//! are theirs and what erasure does with them.
//!
//! It is the one list that the export reads (`super::export`), that the
//! data protection officer's section of docs/OPERATIONS.md describes, and
//! that a test holds against both engines' schemas
//! (backend/tests/api/privacy.rs): a table that is not here, a listed
//! column that is gone or changed type, or a new column whose name says it
//! may hold personal data (`email`, `name`, `phone`, an account id, …)
//! fails it until it is classified here.

use shared::privacy::OnErasure;

/// A value the rows' SQL is given, in order, as `$1`, `$2`, …
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bind {
    /// The account's id.
    Account,
    /// The account's id as text (`person:…` counters, audit subjects).
    AccountText,
    /// The account's proved e-mail address, lower-cased; NULL (which
    /// matches nothing) while it is not proved, so an address someone only
    /// typed never opens another person's guest bookings.
    Email,
    /// The nil UUID: "an erased account", where a column may not be empty
    /// (who made a closure).
    Nobody,
}

/// A statement about the person's rows: the SQL, per engine where they must
/// differ (a UUID as text), with its bindings.
#[derive(Debug, Clone, Copy)]
pub struct Sql {
    pub sqlite: &'static str,
    pub postgres: &'static str,
    pub binds: &'static [Bind],
}

impl Sql {
    /// The SQL for `db`'s engine.
    pub fn text(&self, db: &crate::db::Db) -> &'static str {
        match db {
            crate::db::Db::Sqlite(_) => self.sqlite,
            crate::db::Db::Postgres(_) => self.postgres,
        }
    }
}

/// A table about people. What the person is told of its rows (how long
/// they are kept, why, and what erasure does) is `data-kept-<table>` in the
/// message files (frontend/locales/*/data.ftl), in the export and on the
/// page; a test below requires it in both languages.
#[derive(Debug, Clone, Copy)]
pub struct Personal {
    pub rows: Sql,
    /// The columns that name, reach or describe the person, with their
    /// SQLite type (PostgreSQL's differ in spelling and are checked by name).
    pub columns: &'static [(&'static str, &'static str)],
    /// About the person but left out of the export: hashes and keys, which
    /// say nothing to them and would only be a risk in a downloaded file.
    pub secret: &'static [&'static str],
    pub erasure: OnErasure,
    /// The statements that erase the person from the table, run in one
    /// transaction in the register's reverse order (the accounts last, as
    /// every other table may point at them). Empty: the rows only point at
    /// a booking, which is pseudonymised.
    pub erase: &'static [Sql],
}

#[derive(Debug, Clone, Copy)]
pub enum Holds {
    Personal(Personal),
    /// Nothing about a person; `why` says so for the reader.
    Nothing {
        why: &'static str,
    },
}

#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub name: &'static str,
    pub holds: Holds,
    /// Columns whose names sound personal but are not (a venue's name).
    pub plain: &'static [&'static str],
}

impl Table {
    pub fn personal(&self) -> Option<&Personal> {
        match &self.holds {
            Holds::Personal(p) => Some(p),
            Holds::Nothing { .. } => None,
        }
    }
}

/// Parts of column names (between underscores) that may mean personal
/// data: a new column with one of them must be classified (personal,
/// secret or plain) before the schema test passes.
pub const SOUNDS_PERSONAL: &[&str] = &[
    "email", "name", "phone", "address", "account", "actor", "agent", "endpoint", "p256dh", "auth",
    "ip", "lat", "lon", "code", "token", "subject", "detail", "body", "payload", "note", "by",
    "booking", "ref", "key", "passkey", "state",
];

/// Whether `column`'s name has a part in [`SOUNDS_PERSONAL`].
pub fn sounds_personal(column: &str) -> bool {
    column
        .split('_')
        .any(|part| SOUNDS_PERSONAL.contains(&part))
}

/// The same SQL on both engines.
macro_rules! same {
    ($sql:expr, $binds:expr) => {
        Sql {
            sqlite: $sql,
            postgres: $sql,
            binds: $binds,
        }
    };
}

/// The person's bookings (theirs, and guest bookings made with their
/// proved address): the SQL of their ids, with `$1` the account and `$2`
/// the proved address.
macro_rules! mine {
    () => {
        "SELECT id FROM bookings WHERE account_id = $1 OR LOWER(email) = $2"
    };
}

use Bind::{Account, AccountText, Email, Nobody};

/// The person's bookings' ids, with their bindings: what erasure revokes
/// the door credentials of (the same rows the statements below point at).
pub const MY_BOOKINGS: Sql = same!(mine!(), BY_ACCOUNT_AND_EMAIL);

const BY_ACCOUNT_AND_EMAIL: &[Bind] = &[Account, Email];

/// Every table, personal or not, in the export's order.
pub const TABLES: &[Table] = &[
    Table {
        name: "accounts",
        holds: Holds::Personal(Personal {
            rows: same!(
                "SELECT id, email, email_verified, name, phone, language, category, protected, created_at \
                 FROM accounts WHERE id = $1",
                &[Account]
            ),
            columns: &[
                ("id", "BLOB"),
                ("email", "TEXT"),
                ("email_verified", "BOOLEAN"),
                ("name", "TEXT"),
                ("phone", "TEXT"),
                ("language", "TEXT"),
                ("category", "TEXT"),
            ],
            secret: &["calendar_token_hash"],
            erasure: OnErasure::Deleted,
            erase: &[
                same!("DELETE FROM accounts WHERE id = $1", &[Account]),
            ],
        }),
        plain: &[],
    },
    Table {
        name: "sessions",
        holds: Holds::Personal(Personal {
            rows: same!(
                "SELECT id, method, user_agent, created_at, last_seen_at, expires_at, ended_at \
                 FROM sessions WHERE account_id = $1 ORDER BY created_at",
                &[Account]
            ),
            columns: &[("account_id", "BLOB"), ("user_agent", "TEXT")],
            secret: &["token_hash", "csrf_token"],
            erasure: OnErasure::Deleted,
            erase: &[
                same!("DELETE FROM sessions WHERE account_id = $1", &[Account]),
            ],
        }),
        plain: &[],
    },
    Table {
        name: "passkeys",
        holds: Holds::Personal(Personal {
            rows: same!(
                "SELECT id, created_at, last_used_at FROM passkeys WHERE account_id = $1 \
                 ORDER BY created_at",
                &[Account]
            ),
            columns: &[("account_id", "BLOB")],
            secret: &["passkey"],
            erasure: OnErasure::Deleted,
            erase: &[
                same!("DELETE FROM passkeys WHERE account_id = $1", &[Account]),
            ],
        }),
        plain: &[],
    },
    Table {
        name: "sign_in_codes",
        holds: Holds::Personal(Personal {
            rows: same!(
                "SELECT id, email, attempts, created_at, expires_at, used_at FROM sign_in_codes \
                 WHERE LOWER(email) = $1 ORDER BY created_at",
                &[Email]
            ),
            columns: &[("email", "TEXT")],
            secret: &["code_hash"],
            erasure: OnErasure::Deleted,
            erase: &[
                same!("DELETE FROM sign_in_codes WHERE LOWER(email) = $1", &[Email]),
            ],
        }),
        plain: &[],
    },
    Table {
        name: "webauthn_challenges",
        holds: Holds::Personal(Personal {
            rows: same!(
                "SELECT id, kind, email, name, expires_at FROM webauthn_challenges \
                 WHERE account_id = $1 OR LOWER(email) = $2",
                BY_ACCOUNT_AND_EMAIL
            ),
            columns: &[("account_id", "BLOB"), ("email", "TEXT"), ("name", "TEXT")],
            secret: &["state"],
            erasure: OnErasure::Deleted,
            erase: &[
                same!("DELETE FROM webauthn_challenges WHERE account_id = $1 OR LOWER(email) = $2", BY_ACCOUNT_AND_EMAIL),
            ],
        }),
        plain: &[],
    },
    Table {
        name: "bookings",
        holds: Holds::Personal(Personal {
            rows: same!(
                "SELECT b.id, v.name AS venue, c.name AS court, b.starts_at, b.ends_at, b.status, \
                 b.name, b.email, b.phone, b.category, b.price_minor, b.currency, b.vat_minor, \
                 b.pay_at_venue, b.door_code, b.created_at, b.confirmed_at, b.checked_in_at, \
                 b.no_show_at, b.cancelled_at, b.cancelled_from, b.cancel_fee_minor, b.refund_minor \
                 FROM bookings b JOIN courts c ON c.id = b.court_id JOIN venues v ON v.id = c.venue_id \
                 WHERE b.account_id = $1 OR LOWER(b.email) = $2 ORDER BY b.starts_at",
                BY_ACCOUNT_AND_EMAIL
            ),
            columns: &[
                ("account_id", "BLOB"),
                ("name", "TEXT"),
                ("email", "TEXT"),
                ("email_key", "TEXT"),
                ("phone", "TEXT"),
                ("category", "TEXT"),
                ("door_code", "TEXT"),
            ],
            secret: &[],
            erasure: OnErasure::Pseudonymised,
            erase: &[
                same!("UPDATE bookings SET name = '', email = '', email_key = NULL, phone = NULL, account_id = NULL WHERE account_id = $1 OR LOWER(email) = $2", BY_ACCOUNT_AND_EMAIL),
            ],
        }),
        plain: &["idempotency_key"],
    },
    Table {
        name: "payments",
        holds: Holds::Personal(Personal {
            rows: same!(
                concat!(
                    "SELECT booking_id, provider, intent_id, amount, currency, status, refund_id, \
                     created_at, updated_at FROM payments WHERE booking_id IN (",
                    mine!(),
                    ")"
                ),
                BY_ACCOUNT_AND_EMAIL
            ),
            columns: &[("booking_id", "BLOB")],
            secret: &[],
            erasure: OnErasure::Pseudonymised,
            erase: &[],
        }),
        plain: &[],
    },
    Table {
        name: "refunds",
        holds: Holds::Personal(Personal {
            rows: same!(
                concat!(
                    "SELECT booking_id, provider, amount_minor, currency, status, provider_refund_id, \
                     created_at, updated_at FROM refunds WHERE booking_id IN (",
                    mine!(),
                    ")"
                ),
                BY_ACCOUNT_AND_EMAIL
            ),
            columns: &[("booking_id", "BLOB")],
            secret: &[],
            erasure: OnErasure::Pseudonymised,
            erase: &[],
        }),
        plain: &[],
    },
    Table {
        name: "access_credentials",
        holds: Holds::Personal(Personal {
            rows: same!(
                concat!(
                    "SELECT id, booking_id, kind, code, not_before, expires_at, revoked_at \
                     FROM access_credentials WHERE booking_id IN (",
                    mine!(),
                    ")"
                ),
                BY_ACCOUNT_AND_EMAIL
            ),
            columns: &[("booking_id", "BLOB"), ("booking_ref", "BLOB"), ("code", "TEXT")],
            secret: &["token"],
            erasure: OnErasure::Pseudonymised,
            erase: &[],
        }),
        plain: &["kid"],
    },
    Table {
        name: "access_entries",
        holds: Holds::Personal(Personal {
            rows: same!(
                concat!(
                    "SELECT event_id, booking_id, court_id, method, result, reason, at \
                     FROM access_entries WHERE booking_id IN (",
                    mine!(),
                    ")"
                ),
                BY_ACCOUNT_AND_EMAIL
            ),
            columns: &[("booking_id", "BLOB")],
            secret: &[],
            erasure: OnErasure::Pseudonymised,
            erase: &[],
        }),
        plain: &[],
    },
    Table {
        name: "watches",
        holds: Holds::Personal(Personal {
            rows: same!(
                "SELECT id, scope, court_id, venue_id, lat, lon, radius_m, weekdays, from_minute, \
                 to_minute, min_minutes, from_date, to_date, paused, created_at \
                 FROM watches WHERE account_id = $1 ORDER BY created_at",
                &[Account]
            ),
            columns: &[
                ("account_id", "BLOB"),
                ("lat", "REAL"),
                ("lon", "REAL"),
                ("min_lat", "REAL"),
                ("max_lat", "REAL"),
                ("min_lon", "REAL"),
                ("max_lon", "REAL"),
            ],
            secret: &[],
            erasure: OnErasure::Deleted,
            erase: &[
                same!("DELETE FROM watches WHERE account_id = $1", &[Account]),
            ],
        }),
        plain: &[],
    },
    Table {
        name: "watch_fairness",
        holds: Holds::Personal(Personal {
            rows: same!(
                "SELECT last_offered_at FROM watch_fairness WHERE account_id = $1",
                &[Account]
            ),
            columns: &[("account_id", "BLOB")],
            secret: &[],
            erasure: OnErasure::Deleted,
            erase: &[
                same!("DELETE FROM watch_fairness WHERE account_id = $1", &[Account]),
            ],
        }),
        plain: &[],
    },
    Table {
        name: "offers",
        holds: Holds::Personal(Personal {
            rows: same!(
                "SELECT id, watch_id, booking_id, round, status, created_at, decided_at \
                 FROM offers WHERE account_id = $1 ORDER BY created_at",
                &[Account]
            ),
            columns: &[("account_id", "BLOB"), ("booking_id", "BLOB")],
            secret: &[],
            erasure: OnErasure::Deleted,
            erase: &[
                same!("DELETE FROM offers WHERE account_id = $1", &[Account]),
            ],
        }),
        plain: &[],
    },
    Table {
        name: "offer_runs",
        holds: Holds::Personal(Personal {
            rows: same!(
                "SELECT id, court_id, starts_at, ends_at, state, outcome, created_at \
                 FROM offer_runs WHERE freed_by = $1",
                &[Account]
            ),
            columns: &[("freed_by", "BLOB")],
            secret: &[],
            erasure: OnErasure::Pseudonymised,
            erase: &[
                same!("UPDATE offer_runs SET freed_by = NULL WHERE freed_by = $1", &[Account]),
            ],
        }),
        plain: &["state"],
    },
    Table {
        name: "slot_events",
        holds: Holds::Personal(Personal {
            rows: same!(
                concat!(
                    "SELECT id, kind, reason, court_id, booking_id, starts_at, ends_at, created_at \
                     FROM slot_events WHERE booking_id IN (",
                    mine!(),
                    ")"
                ),
                BY_ACCOUNT_AND_EMAIL
            ),
            columns: &[("booking_id", "BLOB")],
            secret: &[],
            erasure: OnErasure::Pseudonymised,
            erase: &[],
        }),
        plain: &[],
    },
    Table {
        name: "hold_events",
        holds: Holds::Personal(Personal {
            rows: same!(
                "SELECT at FROM hold_events WHERE counter_key = 'person:' || $1 ORDER BY at",
                &[AccountText]
            ),
            columns: &[("counter_key", "TEXT")],
            secret: &[],
            erasure: OnErasure::Deleted,
            erase: &[
                same!("DELETE FROM hold_events WHERE counter_key = 'person:' || $1", &[AccountText]),
            ],
        }),
        plain: &[],
    },
    Table {
        name: "push_subscriptions",
        holds: Holds::Personal(Personal {
            rows: same!(
                "SELECT id, endpoint, created_at FROM push_subscriptions WHERE account_id = $1",
                &[Account]
            ),
            columns: &[("account_id", "BLOB"), ("endpoint", "TEXT")],
            secret: &["p256dh", "auth"],
            erasure: OnErasure::Deleted,
            erase: &[
                same!("DELETE FROM push_subscriptions WHERE account_id = $1", &[Account]),
            ],
        }),
        plain: &[],
    },
    Table {
        name: "push_outbox",
        holds: Holds::Personal(Personal {
            rows: same!(
                "SELECT id, payload, topic, status, created_at, sent_at FROM push_outbox \
                 WHERE subscription_id IN (SELECT id FROM push_subscriptions WHERE account_id = $1) \
                 ORDER BY created_at",
                &[Account]
            ),
            columns: &[("subscription_id", "BLOB"), ("payload", "TEXT")],
            secret: &[],
            erasure: OnErasure::Deleted,
            erase: &[
                same!("DELETE FROM push_outbox WHERE subscription_id IN (SELECT id FROM push_subscriptions WHERE account_id = $1)", &[Account]),
            ],
        }),
        plain: &[],
    },
    Table {
        name: "mail_outbox",
        holds: Holds::Personal(Personal {
            rows: same!(
                "SELECT id, to_address, subject, body, status, created_at, sent_at FROM mail_outbox \
                 WHERE LOWER(to_address) = $1 ORDER BY created_at",
                &[Email]
            ),
            columns: &[("to_address", "TEXT"), ("subject", "TEXT"), ("body", "TEXT")],
            secret: &[],
            erasure: OnErasure::Deleted,
            erase: &[
                same!("DELETE FROM mail_outbox WHERE LOWER(to_address) = $1", &[Email]),
            ],
        }),
        plain: &[],
    },
    Table {
        name: "venue_subscribers",
        holds: Holds::Personal(Personal {
            rows: same!(
                "SELECT s.venue_id, v.name AS venue, s.name, s.email, s.language, s.closures, \
                 s.after_hours, s.daily_summary FROM venue_subscribers s \
                 JOIN venues v ON v.id = s.venue_id WHERE LOWER(s.email) = $1",
                &[Email]
            ),
            columns: &[("name", "TEXT"), ("email", "TEXT")],
            secret: &[],
            erasure: OnErasure::Deleted,
            erase: &[
                same!("DELETE FROM venue_subscribers WHERE LOWER(email) = $1", &[Email]),
            ],
        }),
        plain: &[],
    },
    Table {
        name: "operator_roles",
        holds: Holds::Personal(Personal {
            rows: same!(
                "SELECT r.organisation_id, o.name AS organisation, r.role, r.created_at \
                 FROM operator_roles r JOIN organisations o ON o.id = r.organisation_id \
                 WHERE r.account_id = $1",
                &[Account]
            ),
            columns: &[("account_id", "BLOB")],
            secret: &[],
            erasure: OnErasure::Deleted,
            erase: &[
                same!("DELETE FROM operator_roles WHERE account_id = $1", &[Account]),
            ],
        }),
        plain: &[],
    },
    Table {
        name: "operator_role_venues",
        holds: Holds::Personal(Personal {
            rows: same!(
                "SELECT organisation_id, venue_id FROM operator_role_venues WHERE account_id = $1",
                &[Account]
            ),
            columns: &[("account_id", "BLOB")],
            secret: &[],
            erasure: OnErasure::Deleted,
            erase: &[
                same!("DELETE FROM operator_role_venues WHERE account_id = $1", &[Account]),
            ],
        }),
        plain: &[],
    },
    Table {
        name: "closures",
        holds: Holds::Personal(Personal {
            rows: same!(
                "SELECT id, venue_id, court_id, starts_at, ends_at, kind, reason, note, created_at, \
                 reopened_at FROM closures WHERE created_by = $1 OR reopened_by = $1",
                &[Account]
            ),
            columns: &[("created_by", "BLOB"), ("reopened_by", "BLOB"), ("note", "TEXT")],
            secret: &[],
            erasure: OnErasure::Pseudonymised,
            erase: &[
                same!("UPDATE closures SET created_by = $1 WHERE created_by = $2", &[Nobody, Account]),
                same!("UPDATE closures SET reopened_by = $1 WHERE reopened_by = $2", &[Nobody, Account]),
            ],
        }),
        plain: &[],
    },
    Table {
        name: "audit_log",
        holds: Holds::Personal(Personal {
            // Entries by the person, and about them: their address (a
            // member added or removed) or one of their bookings.
            rows: Sql {
                sqlite: concat!(
                    "SELECT id, organisation_id, venue_id, action, subject, detail, created_at \
                     FROM audit_log WHERE actor_id = $1 OR LOWER(subject) = $2 OR subject IN ( \
                     SELECT lower(substr(hex(id), 1, 8) || '-' || substr(hex(id), 9, 4) || '-' || \
                     substr(hex(id), 13, 4) || '-' || substr(hex(id), 17, 4) || '-' || substr(hex(id), 21)) \
                     FROM (",
                    mine!(),
                    ")) ORDER BY id"
                ),
                postgres: concat!(
                    "SELECT id, organisation_id, venue_id, action, subject, detail, created_at \
                     FROM audit_log WHERE actor_id = $1 OR LOWER(subject) = $2 OR subject IN ( \
                     SELECT id::text FROM (",
                    mine!(),
                    ") AS mine) ORDER BY id"
                ),
                binds: BY_ACCOUNT_AND_EMAIL,
            },
            columns: &[("actor_id", "BLOB"), ("subject", "TEXT"), ("detail", "TEXT")],
            secret: &[],
            erasure: OnErasure::Pseudonymised,
            erase: &[
                same!("UPDATE audit_log SET actor_id = $1 WHERE actor_id = $2", &[Nobody, Account]),
                same!("UPDATE audit_log SET subject = '(erased)', detail = '{}' WHERE LOWER(subject) = $1", &[Email]),
            ],
        }),
        plain: &[],
    },
    // Nothing about a person.
    nothing("venues", "Public facts about a venue (its contact is the venue's, published as open data).",
        &["name", "address", "lat", "lon", "contact_email", "contact_phone", "osm_ref"]),
    nothing("courts", "A venue's courts.", &["name", "osm_ref"]),
    nothing("organisations", "The municipalities and clubs that run venues.", &["name"]),
    nothing("venue_photos", "A venue's pictures, stripped of their metadata on upload; a photo that shows people is the operator's to choose.", &[]),
    nothing("venue_rules", "A venue's booking rules; the seller is the municipality.", &["seller_name", "seller_address"]),
    nothing("tariffs", "Prices.", &[]),
    nothing("opening_hours", "A venue's opening hours.", &[]),
    nothing("opening_exceptions", "Days a venue keeps other hours.", &[]),
    nothing("open_data_items", "The published open-data feed: venues and free times, never who booked.", &[]),
    nothing("open_data_counter", "The open-data feed's clock.", &[]),
    nothing("offer_cursor", "How far the offer worker had read, kept up to date for a process of the build before slot_events.considered_at during an upgrade.", &[]),
    nothing("access_controllers", "Door controllers; their secrets are hashed.", &["name"]),
    nothing("access_controller_courts", "Which doors a controller opens.", &[]),
    nothing("access_changes", "Changed door credentials, by id, for the controllers' feed.", &[]),
    nothing("access_keys", "The server's signing keys for door passes.", &["private_key", "public_key"]),
    nothing("push_vapid_keys", "The server's push-service keys.", &["private_key", "public_key"]),
    nothing("server_secrets", "The server's own secrets.", &["name"]),
    nothing("stripe_events", "Ids of Stripe webhooks already handled.", &[]),
];

const fn nothing(name: &'static str, why: &'static str, plain: &'static [&'static str]) -> Table {
    Table {
        name,
        holds: Holds::Nothing { why },
        plain,
    }
}

/// The register's entry for `table`.
pub fn table(name: &str) -> Option<&'static Table> {
    TABLES.iter().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_is_listed_once() {
        let mut names: Vec<_> = TABLES.iter().map(|t| t.name).collect();
        names.sort();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "a table is listed twice");
    }

    #[test]
    fn binds_match_the_placeholders() {
        for t in TABLES {
            let Some(p) = t.personal() else { continue };
            for sql in [p.rows.sqlite, p.rows.postgres] {
                let n = p.rows.binds.len();
                assert!(sql.contains(&format!("${n}")), "{}: ${n} unused", t.name);
                assert!(
                    !sql.contains(&format!("${}", n + 1)),
                    "{}: ${} unbound",
                    t.name,
                    n + 1
                );
            }
        }
    }

    /// docs/OPERATIONS.md's "What is kept, how long" names every personal
    /// table, so the data protection officer's list stays whole.
    #[test]
    fn the_retention_table_names_every_personal_table() {
        let doc = include_str!("../../../docs/OPERATIONS.md");
        let start = doc.find("## What is kept, how long").expect("the section");
        let section = &doc[start..];
        let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
        let missing: Vec<_> = TABLES
            .iter()
            .filter(|t| t.personal().is_some())
            .filter(|t| !section.contains(&format!("`{}`", t.name)))
            .map(|t| t.name)
            .collect();
        assert!(
            missing.is_empty(),
            "docs/OPERATIONS.md does not list {missing:?}"
        );
    }
}
