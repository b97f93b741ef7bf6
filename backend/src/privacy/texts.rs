//! What a person reads about each section of their data, in their
//! language: the app's own message file (frontend/locales/*/data.ftl), so
//! the page and the downloaded file say the same words and a translation is
//! made once.
//!
//! Only plain one-line messages are read (`data-section-…`,
//! `data-kept-…`); a test holds every personal table of the register to
//! having both, in both languages, without Fluent placeables.

use shared::account::Language;

const SV: &str = include_str!("../../../frontend/locales/sv/data.ftl");
const EN: &str = include_str!("../../../frontend/locales/en/data.ftl");

fn message(language: Language, id: &str) -> Option<&'static str> {
    let file = match language {
        Language::En => EN,
        Language::Sv => SV,
    };
    file.lines()
        .find_map(|line| line.strip_prefix(id)?.strip_prefix(" = "))
        .map(str::trim)
}

/// The section's title ("Bokningar"); the table's name if it has none.
pub fn title(language: Language, table: &str) -> String {
    message(language, &format!("data-section-{table}"))
        .unwrap_or(table)
        .to_string()
}

/// How long the section's rows are kept, why, and what erasure does.
pub fn kept(language: Language, table: &str) -> String {
    message(language, &format!("data-kept-{table}"))
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::register::TABLES;
    use shared::privacy::OnErasure;

    #[test]
    fn every_personal_table_is_named_and_explained_in_both_languages() {
        for language in [Language::Sv, Language::En] {
            for table in TABLES.iter().filter(|t| t.personal().is_some()) {
                for id in [
                    format!("data-section-{}", table.name),
                    format!("data-kept-{}", table.name),
                ] {
                    let text = message(language, &id)
                        .unwrap_or_else(|| panic!("{id} is missing in {language:?}"));
                    assert!(
                        !text.is_empty() && !text.contains('{'),
                        "{id} in {language:?} must be plain text: {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn what_the_law_keeps_says_so() {
        for table in TABLES {
            let Some(personal) = table.personal() else {
                continue;
            };
            let kept = kept(Language::Sv, table.name);
            match personal.erasure {
                OnErasure::Deleted => assert!(
                    kept.contains("Raderas när du raderar kontot"),
                    "{}: {kept}",
                    table.name
                ),
                OnErasure::Pseudonymised => assert!(
                    kept.contains("utan koppling till dig")
                        || kept.contains("inte längre ditt namn"),
                    "{}: {kept}",
                    table.name
                ),
            }
        }
        for table in ["bookings", "payments", "refunds"] {
            assert!(kept(Language::Sv, table).contains("bokföringslagen"));
            assert!(kept(Language::En, table).contains("Bookkeeping Act"));
        }
    }
}
