//! Problems in the person's language.
//!
//! The API words its problems in English (`detail`), for any client; the app
//! knows each problem by its `type` (and a refused field by its reason) and
//! says it in Swedish from the message files. In English the server's own
//! sentence stays, as it names the specifics (how many hours' notice, how
//! many bookings); a problem the app does not know keeps the server's words.

use shared::validate::{Invalid, Reason};
use shared::Problem;

use crate::i18n::{language, msg, Language};

/// A refused form value, as the form shows it.
pub fn invalid(invalid: &Invalid) -> String {
    reason_text(invalid.reason).to_string()
}

fn reason_text(reason: Reason) -> &'static str {
    match reason {
        Reason::NameMissing => msg::invalid_name_missing(),
        Reason::NameTooLong => msg::invalid_name_too_long(),
        Reason::NameCharacters => msg::invalid_name_characters(),
        Reason::Email => msg::invalid_email(),
        Reason::Phone => msg::invalid_phone(),
        Reason::SignInCode => msg::invalid_sign_in_code(),
    }
}

/// The app's sentence for a kind of problem the server sends, if it has one.
fn kind_text(problem: &Problem) -> Option<&'static str> {
    let kind = problem.kind.strip_prefix("/problems/")?;
    Some(match kind {
        "slot-taken" | "not-free" => msg::problem_slot_taken(),
        "min-notice" => msg::problem_min_notice(),
        "too-far-ahead" => msg::problem_too_far_ahead(),
        "booking-limit" => msg::problem_booking_limit(),
        "hold-lapsed" => msg::problem_hold_lapsed(),
        "not-payable" => msg::problem_not_payable(),
        "already-paid" => msg::problem_already_paid(),
        "already-started" => msg::problem_already_started(),
        "not-found" => msg::problem_not_found(),
        "unauthorized" => msg::problem_unauthorized(),
        "too-many-requests" => msg::problem_too_many(),
        "internal" => msg::problem_internal(),
        "payment-service-unavailable" => msg::problem_payment_unavailable(),
        "watch-limit" => msg::problem_watch_limit(),
        "booked-time" => msg::problem_booked_time(),
        "last-operator" => msg::problem_last_operator(),
        "changed-meanwhile" => msg::problem_changed_meanwhile(),
        "account-exists" => msg::problem_account_exists(),
        "passkey-exists" => msg::problem_passkey_exists(),
        "forbidden" => msg::problem_forbidden(),
        // A refused field: the same words as the form's own check.
        "invalid-field" => reason_text(Reason::from_message(problem.detail.as_deref()?)?),
        _ => return None,
    })
}

/// The server's problem, worded for the person: in Swedish by its kind; in
/// English the server's sentence, or the app's where the server gave none.
pub fn localize(mut problem: Problem) -> Problem {
    let Some(text) = kind_text(&problem) else {
        return problem;
    };
    if language() == Language::Sv || problem.detail.is_none() {
        problem.detail = Some(text.to_string());
    }
    problem
}
