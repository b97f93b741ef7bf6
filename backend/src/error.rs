//! The one application error type. Every failure a handler can have maps to
//! an RFC 9457 problem+json response; a client's mistake is never a 500.

use axum::{
    extract::rejection::{PathRejection, QueryRejection},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};
use shared::{validate::Invalid, Problem};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The request is not well-formed (bad JSON, wrong content type).
    #[error("bad request: {message}")]
    BadRequest {
        field: Option<String>,
        message: String,
    },
    /// Well-formed but not acceptable (a field fails its rules).
    #[error("invalid {field}: {message}")]
    Invalid { field: String, message: String },
    /// The request conflicts with the current state, e.g. a taken slot.
    #[error("conflict: {message}")]
    Conflict { kind: &'static str, message: String },
    /// Well-formed, but against one of the venue's booking rules; `kind`
    /// names the rule (`min-notice`, `too-far-ahead`, `booking-limit`).
    #[error("against the rule {kind}: {message}")]
    Rule {
        kind: &'static str,
        field: &'static str,
        message: String,
    },
    #[error("method not allowed")]
    MethodNotAllowed,
    /// Signing in is needed.
    #[error("unauthorized")]
    Unauthorized,
    /// Signed in (or not) but not allowed, e.g. a cross-site request.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// Too many attempts; try again after `retry_after` seconds.
    #[error("too many requests")]
    TooManyRequests { retry_after: u64, message: String },
    /// The request's `If-Match` names a version that is no longer current:
    /// someone else saved in between (a lost update is refused, not made).
    #[error("changed meanwhile: {0}")]
    ChangedMeanwhile(String),
    /// A change that must name the version it was made from came without
    /// `If-Match`.
    #[error("If-Match required")]
    IfMatchRequired,
    /// Not ready to serve (a load balancer's readiness check): `kind`
    /// names why (`database-unreachable`, `migrations-pending`).
    #[error("unavailable: {message}")]
    Unavailable { kind: &'static str, message: String },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            field: field.to_string(),
            message: message.into(),
        }
    }

    pub fn conflict(kind: &'static str, message: impl Into<String>) -> Self {
        AppError::Conflict {
            kind,
            message: message.into(),
        }
    }

    pub fn rule(kind: &'static str, field: &'static str, message: impl Into<String>) -> Self {
        AppError::Rule {
            kind,
            field,
            message: message.into(),
        }
    }

    fn problem(&self) -> Problem {
        let (status, kind, title, detail, field) = match self {
            AppError::NotFound(what) => (
                StatusCode::NOT_FOUND,
                "not-found",
                "Not found",
                Some(format!("No such {what}.")),
                None,
            ),
            AppError::BadRequest { field, message } => (
                StatusCode::BAD_REQUEST,
                "bad-request",
                "Bad request",
                Some(message.clone()),
                field.clone(),
            ),
            AppError::Invalid { field, message } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-field",
                "Invalid input",
                Some(message.clone()),
                Some(field.clone()),
            ),
            AppError::Conflict { kind, message } => (
                StatusCode::CONFLICT,
                *kind,
                "Conflict",
                Some(message.clone()),
                None,
            ),
            AppError::Rule {
                kind,
                field,
                message,
            } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                *kind,
                "Not allowed by the venue's rules",
                Some(message.clone()),
                Some(field.to_string()),
            ),
            AppError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Method not allowed",
                Some("This route does not take that HTTP method.".to_string()),
                None,
            ),
            AppError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Sign in needed",
                Some("Please sign in to do this.".to_string()),
                None,
            ),
            AppError::Forbidden(message) => (
                StatusCode::FORBIDDEN,
                "forbidden",
                "Not allowed",
                Some(message.clone()),
                None,
            ),
            AppError::TooManyRequests { message, .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "too-many-requests",
                "Too many attempts",
                Some(message.clone()),
                None,
            ),
            AppError::ChangedMeanwhile(message) => (
                StatusCode::PRECONDITION_FAILED,
                "changed-meanwhile",
                "Changed meanwhile",
                Some(message.clone()),
                None,
            ),
            AppError::IfMatchRequired => (
                StatusCode::PRECONDITION_REQUIRED,
                "if-match-required",
                "If-Match required",
                Some("Send the ETag you read in If-Match, so a change made meanwhile is not overwritten.".to_string()),
                None,
            ),
            AppError::Unavailable { kind, message } => (
                StatusCode::SERVICE_UNAVAILABLE,
                *kind,
                "Not ready",
                Some(message.clone()),
                None,
            ),
            AppError::Internal(_) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Something went wrong on our side",
                Some("Please try again in a moment.".to_string()),
                None,
            ),
        };
        Problem {
            kind: format!("/problems/{kind}"),
            title: title.to_string(),
            status: status.as_u16(),
            detail,
            field,
        }
    }
}

impl From<Invalid> for AppError {
    fn from(invalid: Invalid) -> Self {
        AppError::Invalid {
            field: invalid.field.to_string(),
            message: invalid.message,
        }
    }
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        AppError::Internal(error.into())
    }
}

/// A path segment that does not parse (`/venues/abc`) names nothing there is.
impl From<PathRejection> for AppError {
    fn from(_: PathRejection) -> Self {
        AppError::NotFound("resource")
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        AppError::BadRequest {
            field: None,
            message: rejection.body_text(),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(error) = &self {
            tracing::error!(error = format!("{error:#}"), "request failed");
        }
        let problem = self.problem();
        let status =
            StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (
            status,
            [(header::CONTENT_TYPE, "application/problem+json")],
            body,
        )
            .into_response();
        if let AppError::TooManyRequests { retry_after, .. } = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, retry_after.into());
        }
        response
    }
}

pub type AppResult<T> = Result<T, AppError>;
