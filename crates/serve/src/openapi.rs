//! `GET /openapi.json`: the OpenAPI 3.1 document, generated from the
//! handlers (utoipa), with the contract's JSON Schemas of the profile and
//! the plan as its `Profile` and `Plan` components, and the documentation
//! of every router merged with [`crate::ServerBuilder::merge_documented`].
//! It is built per server, from what that server serves.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};
use utoipa::OpenApi;

use crate::error::json_headers;
use crate::state::AppState;

/// What a merged router adds to the OpenAPI document: its paths and
/// components (utoipa), and JSON Schemas (2020-12) to embed as components
/// the way the contract's `Profile` and `Plan` are (their `$defs` beside
/// them, every `$ref` pointed at its new place).
///
/// ```
/// use crampwise_serve::Documentation;
///
/// let docs = Documentation::new(utoipa::openapi::OpenApi::default())
///     .json_schema("Thing", serde_json::json!({"type": "object"}));
/// # drop(docs);
/// ```
#[derive(Clone)]
pub struct Documentation {
    openapi: utoipa::openapi::OpenApi,
    json_schemas: Vec<(String, Value)>,
}

impl std::fmt::Debug for Documentation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Documentation")
            .field(
                "paths",
                &self.openapi.paths.paths.keys().collect::<Vec<_>>(),
            )
            .field(
                "json_schemas",
                &self.json_schemas.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Documentation {
    /// The paths and components of `openapi` (its `info` is not used).
    pub fn new(openapi: utoipa::openapi::OpenApi) -> Documentation {
        Documentation {
            openapi,
            json_schemas: Vec::new(),
        }
    }

    /// Adds a JSON Schema as the component `name`.
    #[must_use]
    pub fn json_schema(mut self, name: impl Into<String>, schema: Value) -> Documentation {
        self.json_schemas.push((name.into(), schema));
        self
    }
}

impl From<utoipa::openapi::OpenApi> for Documentation {
    fn from(openapi: utoipa::openapi::OpenApi) -> Documentation {
        Documentation::new(openapi)
    }
}

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
pub(crate) async fn openapi_json(State(state): State<AppState>) -> Response {
    (json_headers(), state.openapi.to_string()).into_response()
}

/// The document of the API and of `extra` (in order), as JSON text.
pub(crate) fn document(extra: &[Documentation]) -> String {
    let mut api = ApiDoc::openapi();
    for docs in extra {
        api.merge(docs.openapi.clone());
    }
    let mut doc = serde_json::to_value(api).unwrap_or_default();
    let contract = [
        ("Profile", crampwise::schema::profile_schema()),
        ("Plan", crampwise::schema::plan_schema()),
    ];
    if let Some(object) = doc.as_object_mut() {
        let components = object
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(components) = components.as_object_mut() {
            let schemas = components
                .entry("schemas")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Some(schemas) = schemas.as_object_mut() {
                for (name, text) in contract {
                    if let Ok(schema) = serde_json::from_str::<Value>(&text) {
                        embed(schemas, name, schema);
                    }
                }
                for (name, schema) in extra.iter().flat_map(|d| &d.json_schemas) {
                    embed(schemas, name, schema.clone());
                }
            }
        }
    }
    serde_json::to_string(&doc).unwrap_or_default()
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
