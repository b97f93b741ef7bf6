//! `/bookings/:id/receipt` — the receipt (kvitto) of a paid booking: seller,
//! the line, the total excluding VAT, the VAT and the total, what was paid
//! and refunded.

use shared::{rules::percent_sv, Receipt};
use uuid::Uuid;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::{use_title, Route};
use crate::components::problem::ErrorBox;
use crate::components::skeleton::{LoadingAnnouncement, SkeletonLines};
use crate::format::{cancellation_outcome, device_day_time};
use crate::i18n::msg;
use crate::load::{use_load, Load};

#[derive(Properties, PartialEq)]
pub struct ReceiptProps {
    pub id: Uuid,
}

#[function_component(ReceiptPage)]
pub fn receipt_page(props: &ReceiptProps) -> Html {
    use_title(msg::receipt_title().to_string());
    let (receipt, retry) = use_load(props.id, api::receipt);
    let content = match &*receipt {
        Load::Loading => html! {
            <>
                <LoadingAnnouncement />
                <div class="card"><SkeletonLines lines={6} /></div>
            </>
        },
        Load::Failed(problem) => html! { <ErrorBox problem={problem.clone()} on_retry={retry} /> },
        Load::Ready(r) => receipt_view(r),
    };
    html! {
        <div class="page page-receipt">
            <h1>{ msg::receipt_title() }</h1>
            { content }
            <p class="page-links">
                <Link<Route> to={Route::Booking { id: props.id }}>{ msg::receipt_back() }</Link<Route>>
            </p>
        </div>
    }
}

fn receipt_view(r: &Receipt) -> Html {
    let rate = percent_sv(r.vat_basis_points);
    html! {
        <>
            <section class="card" aria-labelledby="seller-heading">
                <h2 id="seller-heading">{ msg::receipt_seller() }</h2>
                <p>{ &r.seller.name }<br />{ &r.seller.address }</p>
                if let Some(org) = &r.seller.org_number {
                    <p>{ msg::receipt_org_number(org) }</p>
                }
                <dl class="summary">
                    <div><dt>{ msg::receipt_number() }</dt><dd>{ &r.receipt_number }</dd></div>
                    <div><dt>{ msg::receipt_date() }</dt><dd>{ device_day_time(r.date) }</dd></div>
                    <div><dt>{ msg::receipt_customer() }</dt><dd>{ &r.customer_name }</dd></div>
                </dl>
            </section>
            <section class="card" aria-labelledby="lines-heading">
                <h2 id="lines-heading">{ msg::receipt_lines_heading() }</h2>
                <table class="receipt-lines">
                    <caption class="visually-hidden">{ msg::receipt_lines_caption() }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ msg::receipt_item() }</th>
                            <th scope="col">{ msg::receipt_excl_vat() }</th>
                            <th scope="col">{ msg::receipt_vat() }</th>
                            <th scope="col">{ msg::receipt_total() }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for r.lines.iter().map(|line| html! {
                            <tr>
                                <th scope="row">{ format!("{} × {}", line.quantity, line.description) }</th>
                                <td>{ line.net.display_sv() }</td>
                                <td>{ format!("{} ({})", line.vat.display_sv(), percent_sv(line.vat_basis_points)) }</td>
                                <td>{ line.total.display_sv() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
                <dl class="summary">
                    <div><dt>{ msg::receipt_total_excl_vat() }</dt><dd>{ r.net.display_sv() }</dd></div>
                    <div><dt>{ msg::receipt_vat_rate(&rate) }</dt><dd>{ r.vat.display_sv() }</dd></div>
                    <div class="summary-price"><dt>{ msg::receipt_total_incl_vat() }</dt><dd>{ r.total.display_sv() }</dd></div>
                    <div><dt>{ msg::receipt_paid() }</dt><dd>{ r.paid.display_sv() }</dd></div>
                    if r.refunded.amount_minor > 0 {
                        <div><dt>{ msg::receipt_refunded() }</dt><dd>{ r.refunded.display_sv() }</dd></div>
                    }
                </dl>
                if let Some(outcome) = &r.cancellation {
                    <p class="notice" role="status">{ msg::receipt_cancelled(cancellation_outcome(outcome)) }</p>
                }
            </section>
        </>
    }
}
