//! Error responses: `{"errors": [{"path", "message", "input", ...}]}` with
//! the status that says what kind of problem it is.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use crampwise::{Diagnostic, Diagnostics};
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;

/// The body of every error response.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Every problem found, in document order.
    pub errors: Vec<ErrorItem>,
}

/// One problem with a request.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErrorItem {
    /// Where the bad value is, as a dotted path (`cramps.per_week`,
    /// `supplements[0].form`); empty for the whole body.
    pub path: String,
    /// What is wrong: lowercase, the offending input in backticks.
    pub message: String,
    /// The offending value (any JSON value); `null` when there is none to show.
    #[schema(value_type = Value)]
    pub input: Value,
    /// What kind of input it is about (`invalid_profile`, `invalid_foods`,
    /// `invalid_label`, `unknown_rule`), when it is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// What to do about it, when there is something to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl ErrorItem {
    /// A problem with the whole request.
    pub fn whole(message: impl Into<String>) -> ErrorItem {
        ErrorItem::at("", message)
    }

    /// A problem at `path` (a dotted path; empty for the whole body).
    pub fn at(path: impl Into<String>, message: impl Into<String>) -> ErrorItem {
        ErrorItem {
            path: path.into(),
            message: message.into(),
            input: Value::Null,
            code: None,
            help: None,
        }
    }

    /// The same problem with its offending value.
    #[must_use]
    pub fn input(mut self, input: Value) -> ErrorItem {
        self.input = input;
        self
    }

    /// The same problem with what to do about it.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> ErrorItem {
        self.help = Some(help.into());
        self
    }

    /// The same problem with its kind (`invalid_cds_request`, ...).
    #[must_use]
    pub fn code(mut self, code: impl Into<String>) -> ErrorItem {
        self.code = Some(code.into());
        self
    }

    /// A diagnostic of the facade, its path under `prefix` when given
    /// (`profile`: `profile.age`).
    pub(crate) fn from_diagnostic(d: &Diagnostic, prefix: Option<&str>) -> ErrorItem {
        let path = d.path_text();
        let path = match prefix {
            Some(prefix) if path.is_empty() => prefix.to_owned(),
            Some(prefix) if path.starts_with('[') => format!("{prefix}{path}"),
            Some(prefix) => format!("{prefix}.{path}"),
            None => path,
        };
        ErrorItem {
            path,
            message: d.message.clone(),
            input: d.input.clone().unwrap_or(Value::Null),
            code: Some(d.code.as_str().to_owned()),
            help: d.help.clone(),
        }
    }
}

/// An error answer: its status, problems and any extra headers. Routers
/// merged into the service (CDS Hooks) answer their errors with it too, so
/// every error of the service has one shape.
#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    errors: Vec<ErrorItem>,
    headers: Vec<(header::HeaderName, HeaderValue)>,
}

impl ApiError {
    /// `status` with one problem about the whole request.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError::items(status, vec![ErrorItem::whole(message)])
    }

    /// `status` with these problems.
    pub fn items(status: StatusCode, errors: Vec<ErrorItem>) -> ApiError {
        ApiError {
            status,
            errors,
            headers: Vec::new(),
        }
    }

    /// The same answer with one more header (`WWW-Authenticate`, ...).
    #[must_use]
    pub fn header(mut self, name: header::HeaderName, value: HeaderValue) -> ApiError {
        self.headers.push((name, value));
        self
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The problems.
    pub fn errors(&self) -> &[ErrorItem] {
        &self.errors
    }

    /// `status` with every diagnostic, their paths under `prefix` when given.
    pub(crate) fn diagnostics(
        status: StatusCode,
        errors: &Diagnostics,
        prefix: Option<&str>,
    ) -> ApiError {
        ApiError {
            status,
            errors: errors
                .iter()
                .map(|d| ErrorItem::from_diagnostic(d, prefix))
                .collect(),
            headers: Vec::new(),
        }
    }

    /// 503 with `Retry-After: seconds`.
    pub(crate) fn unavailable(message: impl Into<String>, seconds: u64) -> ApiError {
        ApiError::new(StatusCode::SERVICE_UNAVAILABLE, message)
            .header(header::RETRY_AFTER, HeaderValue::from(seconds))
    }

    /// The same problems with a help line on the first one.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> ApiError {
        if let Some(first) = self.errors.first_mut() {
            first.help = Some(help.into());
        }
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_string(&ErrorBody {
            errors: self.errors,
        })
        .unwrap_or_default();
        let mut response = (self.status, json_headers(), body).into_response();
        for (name, value) in self.headers {
            response.headers_mut().insert(name, value);
        }
        response
    }
}

/// `Content-Type: application/json`.
pub(crate) fn json_headers() -> [(header::HeaderName, HeaderValue); 1] {
    [(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    )]
}
