//! Payment errors: every [`AppError`], plus "the payment service can't be
//! reached" (503), which only payments have.

use axum::{
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use shared::Problem;

use crate::error::AppError;

#[derive(Debug, thiserror::Error)]
pub enum PaymentError {
    #[error(transparent)]
    App(#[from] AppError),
    /// The provider could not be reached (or failed on its side); nothing
    /// was charged and nothing changed here.
    #[error("payment service unavailable: {0}")]
    Unavailable(String),
}

impl From<sqlx::Error> for PaymentError {
    fn from(error: sqlx::Error) -> Self {
        PaymentError::App(error.into())
    }
}

pub type PaymentResult<T> = Result<T, PaymentError>;

impl IntoResponse for PaymentError {
    fn into_response(self) -> Response {
        match self {
            PaymentError::App(error) => error.into_response(),
            PaymentError::Unavailable(detail) => {
                let problem = Problem {
                    kind: "/problems/payment-service-unavailable".into(),
                    title: "The payment service can't be reached".into(),
                    status: 503,
                    detail: Some(detail),
                    field: None,
                };
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [
                        (header::CONTENT_TYPE, "application/problem+json"),
                        (header::RETRY_AFTER, "5"),
                    ],
                    serde_json::to_vec(&problem).unwrap_or_default(),
                )
                    .into_response()
            }
        }
    }
}
