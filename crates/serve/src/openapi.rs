//! `GET /openapi.json`: the OpenAPI 3.1 document, generated from the
//! handlers (utoipa), with the contract's JSON Schemas of the profile and
//! the plan as its `Profile` and `Plan` components.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};
use utoipa::OpenApi;

use crate::error::json_headers;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "crampwise",
        description = "Evidence-aware guidance for muscle cramps and magnesium: the same plans \
            as the crampwise command line and Python module, byte for byte. Guidance, not a \
            diagnosis."
    ),
    paths(
        crate::catalog::healthz,
        openapi_json,
        crate::recommend::recommend,
        crate::batch::batch,
        crate::labels::check_label,
        crate::labels::estimate_foods,
        crate::catalog::schema,
        crate::catalog::rules,
        crate::catalog::rule,
        crate::catalog::content,
        crate::catalog::version,
    ),
    components(schemas(
        crate::error::ErrorBody,
        crate::error::ErrorItem,
        crate::catalog::Health,
        crate::catalog::VersionInfo,
    ))
)]
struct ApiDoc;

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "service",
    responses((status = 200, description = "The OpenAPI 3.1 document of every endpoint", body = Object)))]
pub(crate) async fn openapi_json() -> Response {
    (json_headers(), document()).into_response()
}

/// The document as JSON text, built once.
pub fn document() -> &'static str {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        let mut doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
        let contract = [
            ("Profile", crampwise::schema::profile_schema()),
            ("Plan", crampwise::schema::plan_schema()),
        ];
        if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
            for (name, text) in contract {
                if let Ok(schema) = serde_json::from_str::<Value>(&text) {
                    embed(schemas, name, schema);
                }
            }
        }
        serde_json::to_string(&doc).unwrap_or_default()
    })
}

/// Puts a JSON Schema into the components as `name`, its `$defs` beside it
/// (a definition whose name is taken by a different schema is renamed
/// `{name}{definition}`), every `$ref` pointing at its new place.
fn embed(schemas: &mut Map<String, Value>, name: &str, mut schema: Value) {
    let defs = match schema.as_object_mut() {
        Some(object) => {
            object.remove("$schema");
            match object.remove("$defs") {
                Some(Value::Object(defs)) => defs,
                _ => Map::new(),
            }
        }
        None => Map::new(),
    };
    let mut names = BTreeMap::new();
    for (def, value) in &defs {
        let taken = schemas.get(def).is_some_and(|existing| existing != value);
        let component = if taken || def == name {
            format!("{name}{def}")
        } else {
            def.clone()
        };
        names.insert(def.clone(), component);
    }
    for (def, mut value) in defs {
        point_refs(&mut value, &names);
        if let Some(component) = names.get(&def) {
            schemas.insert(component.clone(), value);
        }
    }
    point_refs(&mut schema, &names);
    schemas.insert(name.to_owned(), schema);
}

/// Rewrites `#/$defs/X` references to `#/components/schemas/{names[X]}`.
fn point_refs(value: &mut Value, names: &BTreeMap<String, String>) {
    match value {
        Value::Object(object) => {
            for (key, item) in object.iter_mut() {
                if key == "$ref" {
                    if let Value::String(target) = item {
                        if let Some(def) = target.strip_prefix("#/$defs/") {
                            let component = names.get(def).map_or(def, String::as_str);
                            *target = format!("#/components/schemas/{component}");
                        }
                    }
                } else {
                    point_refs(item, names);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                point_refs(item, names);
            }
        }
        _ => {}
    }
}
