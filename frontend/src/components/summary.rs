//! What a hold, a booking or an offer is for — venue, court, date, time and
//! the price — as one definition list, the same on every page that shows
//! one (the booking form, the pay step, the booking, the offer). Pages add
//! their own rows (the rate, who booked, the cancellation terms).

use chrono::NaiveDate;
use shared::Money;
use yew::prelude::*;

use crate::format::{long_date, time_range};
use crate::i18n::msg;

/// Rows of a summary, built in the order shown.
pub struct SlotSummary {
    rows: Vec<Html>,
}

impl SlotSummary {
    /// Venue (a name or a link to it), court, date and time.
    pub fn new(venue: Html, court: &str, date: NaiveDate, start: &str, end: &str) -> Self {
        SlotSummary { rows: Vec::new() }
            .row(msg::book_summary_venue(), venue)
            .row(msg::book_summary_court(), html! { court.to_string() })
            .row(msg::book_summary_date(), html! { long_date(date) })
            .row(msg::book_summary_time(), html! { time_range(start, end) })
    }

    pub fn row(mut self, term: &str, value: Html) -> Self {
        self.rows
            .push(html! { <div><dt>{ term.to_string() }</dt><dd>{ value }</dd></div> });
        self
    }

    /// The price row, set off from the others: `value` as given (a quote
    /// with its VAT, or "from …").
    pub fn price_row(mut self, term: &str, value: Html) -> Self {
        self.rows.push(html! {
            <div class="summary-price"><dt>{ term.to_string() }</dt><dd>{ value }</dd></div>
        });
        self
    }

    /// The price row for an amount including VAT.
    pub fn price(self, term: &str, price: &Money) -> Self {
        self.price_row(
            term,
            html! { <>{ price.display_sv() }<span class="muted">{ msg::book_incl_vat() }</span></> },
        )
    }

    pub fn view(self) -> Html {
        html! { <dl class="card summary">{ for self.rows }</dl> }
    }
}
