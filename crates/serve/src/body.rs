//! Reading request bodies: the media type checked (415), the size bounded
//! (413), the text UTF-8 (400).

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, StatusCode};
use http_body_util::LengthLimitError;

use crate::error::ApiError;

/// The media type of a request, lowercase, without its parameters
/// (`application/json; charset=utf-8` is `application/json`).
pub(crate) fn media_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next().unwrap_or(value).trim();
    Some(essence.to_ascii_lowercase())
}

/// The request's media type when it is one of `accepted`, else 415.
pub(crate) fn accept<'a>(headers: &HeaderMap, accepted: &[&'a str]) -> Result<&'a str, ApiError> {
    let given = media_type(headers);
    if let Some(found) = accepted
        .iter()
        .find(|a| given.as_deref() == Some(**a))
        .copied()
    {
        return Ok(found);
    }
    let expected = accepted
        .iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(" or ");
    let message = match given {
        Some(given) => format!("unsupported content type `{given}`; expected {expected}"),
        None => format!("no `Content-Type`; expected {expected}"),
    };
    Err(ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, message))
}

/// The whole body, at most `limit` bytes (413 above it).
pub(crate) async fn read(body: Body, limit: usize) -> Result<Bytes, ApiError> {
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        if is_too_large(&e) {
            too_large(limit)
        } else {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("could not read the request body: {e}"),
            )
        }
    })
}

/// The body as text (400 when it is not UTF-8).
pub(crate) fn text(bytes: &Bytes) -> Result<&str, ApiError> {
    std::str::from_utf8(bytes).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "the body is not UTF-8 text (invalid byte at offset {})",
                e.valid_up_to()
            ),
        )
    })
}

/// 413 for a body over `limit` bytes.
pub(crate) fn too_large(limit: usize) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!("the request body is larger than {limit} bytes, the most this service reads"),
    )
}

/// Whether a body error (anywhere in its chain of causes) is a length limit.
pub(crate) fn is_too_large(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = cause {
        if e.is::<LengthLimitError>() {
            return true;
        }
        cause = e.source();
    }
    false
}
