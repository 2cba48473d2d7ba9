//! The CDS Hooks 2.0 request: its envelope, context and prefetch, parsed
//! with the JSON path of any problem.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use crate::fhir::{split_error, Bundle, Resource};

/// Largest request body accepted, in bytes (4 MiB): a record's prefetch can
/// be large, but not without bound.
pub const MAX_REQUEST_BYTES: usize = 4 * 1024 * 1024;

/// Deepest JSON nesting accepted.
pub const MAX_DEPTH: usize = 64;

/// A CDS Hooks request (HL7 CDS Hooks 2.0, "HTTP Request").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CdsRequest {
    /// The hook that fired (`order-select`, `order-sign`, `patient-view`).
    #[schema(example = "order-select")]
    pub hook: String,
    /// A UUID for this call of the hook.
    #[serde(rename = "hookInstance")]
    pub hook_instance: String,
    /// The FHIR server's base URL (not fetched from yet).
    #[serde(
        default,
        rename = "fhirServer",
        skip_serializing_if = "Option::is_none"
    )]
    pub fhir_server: Option<String>,
    /// An OAuth 2.0 token for the FHIR server (not used yet):
    /// `access_token`, `token_type`, `expires_in`, `scope`, `subject`.
    #[schema(value_type = Option<Object>)]
    #[serde(
        default,
        rename = "fhirAuthorization",
        skip_serializing_if = "Option::is_none"
    )]
    pub fhir_authorization: Option<Value>,
    /// The hook's context.
    pub context: Context,
    /// The prefetched record, by prefetch key (`patient`: a Patient;
    /// `conditions`, `medicationStatements`, `medicationRequests`,
    /// `observations`: search Bundles).
    #[schema(value_type = Option<Object>)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefetch: Option<Map<String, Value>>,
    /// Extensions (ignored).
    #[schema(value_type = Option<Object>)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<Value>,
}

/// The context of the hooks served (fields of other hooks are kept).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
pub struct Context {
    /// Who is using the EHR.
    #[serde(default, rename = "userId", skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The patient in context.
    #[serde(rename = "patientId")]
    pub patient_id: String,
    /// The encounter, if any.
    #[serde(
        default,
        rename = "encounterId",
        skip_serializing_if = "Option::is_none"
    )]
    pub encounter_id: Option<String>,
    /// `order-select`: the ids of the orders just selected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selections: Option<Vec<String>>,
    /// `order-select` and `order-sign`: the orders being written (a FHIR
    /// Bundle of MedicationRequests).
    #[schema(value_type = Option<Object>)]
    #[serde(
        default,
        rename = "draftOrders",
        skip_serializing_if = "Option::is_none"
    )]
    pub draft_orders: Option<Bundle>,
    /// Everything else.
    #[serde(flatten)]
    #[schema(ignore)]
    pub other: Map<String, Value>,
}

/// A request that cannot be used: the JSON path and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if path.is_empty() { String::new() } else { format!("{path}: ") })]
pub struct BadRequest {
    /// The JSON path of the problem (`context.draftOrders.entry[0].resource`);
    /// empty for the whole body.
    pub path: String,
    /// Lowercase, the offending input in backticks.
    pub message: String,
}

impl BadRequest {
    /// A problem at `path`.
    pub fn at(path: impl Into<String>, message: impl Into<String>) -> BadRequest {
        BadRequest {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// Parses a request body.
///
/// # Errors
/// A [`BadRequest`] naming the path of the first problem: a body over
/// [`MAX_REQUEST_BYTES`] or nested deeper than [`MAX_DEPTH`], JSON that does
/// not parse, an unknown top-level key, a missing or mistyped field.
pub fn parse_request(body: &[u8]) -> Result<CdsRequest, BadRequest> {
    if body.len() > MAX_REQUEST_BYTES {
        return Err(BadRequest::at(
            "",
            format!(
                "request of `{}` bytes is larger than the limit of `{MAX_REQUEST_BYTES}` bytes",
                body.len()
            ),
        ));
    }
    check_depth(body)?;
    let mut de = serde_json::Deserializer::from_slice(body);
    let request: CdsRequest = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let (path, message) = split_error(&path, &e.into_inner().to_string());
        BadRequest::at(path, message)
    })?;
    de.end()
        .map_err(|e| BadRequest::at("", format!("trailing characters after the request: {e}")))?;
    Ok(request)
}

/// Rejects JSON nested deeper than [`MAX_DEPTH`] before it is parsed.
fn check_depth(body: &[u8]) -> Result<(), BadRequest> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (offset, &b) in body.iter().enumerate() {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(BadRequest::at(
                        "",
                        format!("nested deeper than `{MAX_DEPTH}` levels (at byte `{offset}`)"),
                    ));
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// One prefetched item, parsed as a FHIR resource.
///
/// # Errors
/// A [`BadRequest`] at `prefetch.<key>` and the field inside it.
pub fn prefetched(request: &CdsRequest, key: &str) -> Result<Option<Resource>, BadRequest> {
    let Some(value) = request.prefetch.as_ref().and_then(|p| p.get(key)) else {
        return Ok(None);
    };
    if value.is_null() {
        return Ok(None);
    }
    serde_path_to_error::deserialize(value)
        .map(Some)
        .map_err(|e| {
            let path = e.path().to_string();
            let (inner, message) = split_error(&path, &e.into_inner().to_string());
            let full = if inner.is_empty() {
                format!("prefetch.{key}")
            } else if inner.starts_with('[') {
                format!("prefetch.{key}{inner}")
            } else {
                format!("prefetch.{key}.{inner}")
            };
            BadRequest::at(full, message)
        })
}
