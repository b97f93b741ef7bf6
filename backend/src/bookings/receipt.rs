//! `GET /api/v1/bookings/{id}/receipt`: the receipt (kvitto) of a paid
//! booking, with the VAT the price includes, what was paid and refunded.
//!
//! Everything on it comes from the booking row as it was priced when held
//! (price, VAT rate and amount, category, band), not from today's rules; only
//! the seller's name, address and organisation number are read from the
//! venue's rules now.

use axum::{extract::State, Json};
use chrono::Utc;
use shared::{
    rules::{ReceiptLine, Seller, TimeBand},
    CustomerCategory, Receipt,
};

use super::{owner::OwnedBooking, store::BookingRow};
use crate::{
    error::{AppError, AppResult},
    rules::Rules,
    AppState,
};

/// The receipt of a paid booking.
#[utoipa::path(get, path = "/api/v1/bookings/{id}/receipt", tag = "bookings",
    params(("id" = Uuid, Path, description = "Booking id"),
        ("X-Booking-Key" = Option<String>, Header, description = "The owner key from the answer that made the booking; not needed when signed in to the booking's account")),
    responses(
        (status = 200, description = "The receipt: seller, line, VAT, paid and refunded", body = Receipt),
        (status = 404, description = "No such booking, or not yours", body = shared::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Never paid (held, lapsed, or cancelled before paying), or paid at the venue: no receipt from Ledig", body = shared::Problem, content_type = "application/problem+json"),
    ))]
pub async fn booking_receipt(
    State(state): State<AppState>,
    OwnedBooking(row): OwnedBooking,
) -> AppResult<Json<Receipt>> {
    if !row.was_paid() {
        return Err(AppError::conflict(
            "not-paid",
            "This booking was never paid, so it has no receipt.",
        ));
    }
    if row.pay_at_venue {
        return Err(AppError::conflict(
            "not-paid",
            "This booking is paid at the venue; the venue gives its receipt.",
        ));
    }
    let rules = Rules::load(&state.db, row.venue_id).await?;
    Ok(Json(receipt(&row, &rules)))
}

/// `LEDIG-20260114-1A2B3C4D`: the local date of the slot and the start of
/// the booking id, so one booking always has the same number.
fn receipt_number(row: &BookingRow) -> String {
    let booking = row.to_api(Utc::now());
    let id = booking.id.simple().to_string().to_uppercase();
    format!("LEDIG-{}-{}", booking.local_date.format("%Y%m%d"), &id[..8])
}

fn receipt(row: &BookingRow, rules: &Rules) -> Receipt {
    let booking = row.to_api(Utc::now());
    let vat_basis_points = u32::try_from(row.vat_basis_points).unwrap_or(600);
    let total = row.price_minor;
    let vat = row.vat_minor();
    let band = row.price_band.as_deref().and_then(TimeBand::parse);
    let category = CustomerCategory::parse(&row.category).unwrap_or_default();
    let band_text = match band {
        Some(TimeBand::Peak) => ", peak",
        Some(TimeBand::OffPeak) => ", off-peak",
        None => "",
    };
    let line = ReceiptLine {
        description: format!(
            "Court hire: {}, {}, {} {}–{} ({}{band_text})",
            row.venue_name,
            row.court_name,
            booking.local_date.format("%Y-%m-%d"),
            booking.local_start,
            booking.local_end,
            category.as_str(),
        ),
        quantity: 1,
        unit_price: row.money(total),
        vat_basis_points,
        net: row.money(total - vat),
        vat: row.money(vat),
        total: row.money(total),
    };
    let seller_name = [&rules.seller_name, &row.venue_operator, &row.venue_name]
        .into_iter()
        .find(|s| !s.trim().is_empty())
        .cloned()
        .unwrap_or_default();
    let seller_address = if rules.seller_address.trim().is_empty() {
        row.venue_address.clone()
    } else {
        rules.seller_address.clone()
    };
    let cancellation = row.cancellation();
    let refunded = cancellation
        .as_ref()
        .filter(|c| c.refund_status == "succeeded")
        .map_or(0, |c| c.refund.amount_minor);
    Receipt {
        receipt_number: receipt_number(row),
        date: row
            .confirmed_at
            .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
            .unwrap_or(booking.created_at),
        seller: Seller {
            name: seller_name,
            address: seller_address,
            org_number: Some(rules.seller_org_number.clone()).filter(|s| !s.trim().is_empty()),
        },
        booking_id: row.id,
        booking_status: booking.status,
        venue_name: row.venue_name.clone(),
        court_name: row.court_name.clone(),
        starts_at: booking.starts_at,
        ends_at: booking.ends_at,
        customer_name: row.name.clone(),
        category,
        band,
        lines: vec![line],
        net: row.money(total - vat),
        vat_basis_points,
        vat: row.money(vat),
        total: row.money(total),
        paid: row.money(total),
        refunded: row.money(refunded),
        cancellation,
    }
}

#[cfg(test)]
mod tests {
    use shared::rules::vat_included as line_vat;

    #[test]
    fn vat_splits_add_up_in_ore() {
        // 6 % on typical court prices: net + VAT = total, VAT rounded to the öre.
        for (total, vat) in [
            (15000, 849),
            (12000, 679),
            (18000, 1019),
            (9000, 509),
            (6000, 340),
        ] {
            assert_eq!(line_vat(total, 600), vat, "{total}");
            let net = total - vat;
            // net is round(total / 1.06).
            assert!((net as f64 - total as f64 / 1.06).abs() <= 0.5, "{total}");
        }
        assert_eq!(line_vat(12500, 2500), 2500);
    }
}
