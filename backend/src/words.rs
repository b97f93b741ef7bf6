//! How a day and an amount read to a person, in their language: in push
//! texts and mails ("tis 8 dec", "150 kr"; "Tue 8 Dec", "SEK 150").

use shared::{account::Language, Money};

/// "tis 8 dec" / "Tue 8 Dec": the day as a phone's notification shows it.
pub fn weekday_date(language: Language, d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    const SV_DAYS: [&str; 7] = ["mån", "tis", "ons", "tors", "fre", "lör", "sön"];
    const SV_MONTHS: [&str; 12] = [
        "jan", "feb", "mars", "apr", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec",
    ];
    let (wd, m) = (
        d.weekday().num_days_from_monday() as usize,
        d.month0() as usize,
    );
    match language {
        Language::En => d.format("%a %-d %b").to_string(),
        _ => format!("{} {} {}", SV_DAYS[wd], d.day(), SV_MONTHS[m]),
    }
}

/// "150 kr" / "SEK 150" (whole kronor when there are no öre).
pub fn money(language: Language, m: &Money) -> String {
    let amount = if m.amount_minor % 100 == 0 {
        format!("{}", m.amount_minor / 100)
    } else {
        format!("{}.{:02}", m.amount_minor / 100, m.amount_minor % 100)
    };
    match (language, m.currency.as_str()) {
        (Language::En, c) => format!("{c} {amount}"),
        (_, "SEK") => format!("{} kr", amount.replace('.', ",")),
        (_, c) => format!("{} {c}", amount.replace('.', ",")),
    }
}
