//! The CDS Hooks endpoints in the server's OpenAPI document: generated from
//! the handlers and request types (utoipa), with the card response as the
//! JSON Schema of `crates/cds/schema/` (component `CdsResponse`).

use crampwise_serve::Documentation;
use serde_json::Value;
use utoipa::openapi::path::PathItem;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityRequirement, SecurityScheme};
use utoipa::OpenApi;

use crate::service::SERVICES;

/// The JSON Schema of a CDS Hooks 2.0 response as crampwise writes it.
pub const RESPONSE_SCHEMA: &str = include_str!("../schema/cds-hooks-response.schema.json");

/// The name of the bearer token's security scheme in the document.
pub const SECURITY_SCHEME: &str = "cdsJwt";

#[derive(OpenApi)]
#[openapi(
    paths(crate::http::discover, crate::http::call, crate::http::feedback),
    components(schemas(
        crate::request::CdsRequest,
        crate::request::Context,
        crate::service::Discovery,
        crate::service::ServiceEntry,
        crate::service::Versions,
        crate::http::FeedbackBody,
        crate::http::FeedbackItem,
        crate::http::Outcome,
        crate::http::FeedbackCount,
        crampwise_serve::ErrorBody,
        crampwise_serve::ErrorItem,
    )),
    tags((name = "cds-hooks", description = "HL7 CDS Hooks 2.0 services on FHIR R4"))
)]
struct CdsDoc;

/// The CDS Hooks part of the OpenAPI document: discovery, one `POST` per
/// service (its id in the path, its title and hook in the operation) and
/// one feedback `POST` per service. With `tokens`, the service and
/// feedback calls carry the bearer security scheme ([`SECURITY_SCHEME`]).
pub fn documentation(tokens: bool) -> Documentation {
    let mut doc = CdsDoc::openapi();
    let paths = &mut doc.paths.paths;
    let call = paths.remove("/cds-services/{id}");
    let feedback = paths.remove("/cds-services/{id}/feedback");
    for service in SERVICES {
        for (template, suffix, summary) in [
            (&call, "", service.title.to_owned()),
            (
                &feedback,
                "/feedback",
                format!("feedback on {}", service.id),
            ),
        ] {
            let Some(item) = template.clone() else {
                continue;
            };
            paths.insert(
                format!("/cds-services/{}{suffix}", service.id),
                for_service(item, service, suffix, summary, tokens),
            );
        }
    }
    if tokens {
        if let Some(components) = doc.components.as_mut() {
            let mut http = Http::new(HttpAuthScheme::Bearer);
            http.bearer_format = Some("JWT".to_owned());
            http.description = Some(
                "CDS Hooks 2.0 \"Trusting CDS Clients\": a JWT signed with ES384 or RS384 by a key \
                 of the JWK Set given with `--cds-jwks`, `iss` one of `--cds-issuer`, `aud` the \
                 service's URL under `--cds-audience`"
                    .to_owned(),
            );
            components.add_security_scheme(SECURITY_SCHEME, SecurityScheme::Http(http));
        }
    }
    let mut schema: Value = serde_json::from_str(RESPONSE_SCHEMA).unwrap_or(Value::Null);
    namespace_defs(&mut schema);
    Documentation::new(doc).json_schema("CdsResponse", schema)
}

/// Renames the schema's definitions `card`, `url`, ... to `CdsCard`,
/// `CdsUrl`, ..., every `$ref` with them: they become components of the
/// whole document, beside the API's.
fn namespace_defs(schema: &mut Value) {
    fn name(def: &str) -> String {
        let mut chars = def.chars();
        let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
        format!("Cds{}{}", first.unwrap_or_default(), chars.as_str())
    }
    fn refs(value: &mut Value) {
        match value {
            Value::Object(object) => {
                for (key, item) in object.iter_mut() {
                    match (key.as_str(), item) {
                        ("$ref", Value::String(target)) => {
                            if let Some(def) = target.strip_prefix("#/$defs/") {
                                *target = format!("#/$defs/{}", name(def));
                            }
                        }
                        (_, item) => refs(item),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(refs),
            _ => {}
        }
    }
    if let Some(Value::Object(defs)) = schema.get_mut("$defs") {
        let renamed = std::mem::take(defs)
            .into_iter()
            .map(|(k, v)| (name(&k), v))
            .collect();
        *defs = renamed;
    }
    refs(schema);
}

/// A template path item made the service's own: no `id` parameter, its
/// operation id, summary and description.
fn for_service(
    mut item: PathItem,
    service: &crate::service::Service,
    suffix: &str,
    summary: String,
    tokens: bool,
) -> PathItem {
    if let Some(op) = item.post.as_mut() {
        op.parameters = None;
        op.operation_id = Some(format!(
            "{}{}",
            service.id,
            if suffix.is_empty() { "" } else { "-feedback" }
        ));
        op.summary = Some(summary);
        if suffix.is_empty() {
            op.description = Some(format!("`{}` hook. {}", service.hook, service.description));
        }
        if tokens {
            op.security = Some(vec![SecurityRequirement::new(
                SECURITY_SCHEME,
                Vec::<String>::new(),
            )]);
        }
    }
    item
}
