//! The services this crate offers and their discovery document.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use crate::hooks::Hook;

/// One CDS service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// Its id, the last segment of its URL.
    pub id: &'static str,
    /// The hook it answers.
    pub hook: &'static str,
    /// What it does with the call.
    pub logic: Hook,
    /// Its title.
    pub title: &'static str,
    /// What it does.
    pub description: &'static str,
}

/// Every service, in discovery order.
pub const SERVICES: &[Service] = &[
    Service {
        id: "crampwise-magnesium-order",
        hook: "order-select",
        logic: Hook::Order,
        title: "crampwise: magnesium order check",
        description: "When a magnesium product is selected, checks it against the patient's record with the crampwise engine: conditions that make magnesium unsafe, pregnancy, the ordered elemental dose against the supplemental upper limit and magnesium already taken, spacing from interacting medicines and medicines that lower magnesium. Needs the prefetch: fetching from fhirServer is not supported yet.",
    },
    Service {
        id: "crampwise-magnesium-order-sign",
        hook: "order-sign",
        logic: Hook::Order,
        title: "crampwise: magnesium order check at signing",
        description: "The magnesium order check of crampwise-magnesium-order, when the order is signed. Needs the prefetch: fetching from fhirServer is not supported yet.",
    },
    Service {
        id: "crampwise-cramps",
        hook: "patient-view",
        logic: Hook::PatientView,
        title: "crampwise: cramps and magnesium",
        description: "When the record shows muscle cramps or a medicine that lowers magnesium, one card with the crampwise plan's triage and supplement decision and a link to the intake. Needs the prefetch: fetching from fhirServer is not supported yet.",
    },
];

/// The service with this id.
pub fn service(id: &str) -> Option<&'static Service> {
    SERVICES.iter().find(|s| s.id == id)
}

/// The prefetch templates every service asks for.
pub fn prefetch() -> BTreeMap<String, String> {
    [
        ("patient", "Patient/{{context.patientId}}"),
        ("conditions", "Condition?patient={{context.patientId}}&clinical-status=active"),
        ("medicationStatements", "MedicationStatement?patient={{context.patientId}}"),
        ("medicationRequests", "MedicationRequest?patient={{context.patientId}}&status=active"),
        ("observations", "Observation?patient={{context.patientId}}&code=http://loinc.org|62238-1,http://loinc.org|98979-8,http://loinc.org|33914-3,http://loinc.org|19123-9,http://loinc.org|2823-3"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

/// What discovery says about calling the services.
pub const USAGE_REQUIREMENTS: &str = "Send the prefetch: patient, conditions, medicationStatements and medicationRequests are required (observations optional); fetching from fhirServer with fhirAuthorization is not supported yet, so a call without them gets 412.";

/// The discovery document (`GET /cds-services`, CDS Hooks 2.0 "Discovery").
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Discovery {
    /// Every service, in order.
    pub services: Vec<ServiceEntry>,
}

/// One service in the discovery document.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ServiceEntry {
    /// Its id: the service is called at `POST /cds-services/{id}`.
    #[schema(example = "crampwise-magnesium-order")]
    pub id: String,
    /// The hook it answers.
    #[schema(example = "order-select")]
    pub hook: String,
    /// Its title.
    pub title: String,
    /// What it does.
    pub description: String,
    /// The FHIR queries the EHR should prefetch, by prefetch key.
    pub prefetch: BTreeMap<String, String>,
    /// What the EHR must send.
    #[serde(rename = "usageRequirements")]
    pub usage_requirements: String,
    /// The versions the cards are made from.
    pub extension: Versions,
}

/// The versions of what the cards are made from (a CDS Hooks extension).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Versions {
    /// The content version, as every plan carries it.
    #[serde(rename = "crampwise-content-version")]
    pub content: String,
    /// The content version and the CDS code tables and card words
    /// (`crates/content/data/cds_*.toml`), hashed: it changes with any of them.
    #[serde(rename = "crampwise-cds-version")]
    pub cds: String,
}

/// The discovery document, with the versions the cards are made from.
pub fn discovery(content_version: &str, cds_version: &str) -> Discovery {
    Discovery {
        services: SERVICES
            .iter()
            .map(|s| ServiceEntry {
                id: s.id.to_owned(),
                hook: s.hook.to_owned(),
                title: s.title.to_owned(),
                description: s.description.to_owned(),
                prefetch: prefetch(),
                usage_requirements: USAGE_REQUIREMENTS.to_owned(),
                extension: Versions {
                    content: content_version.to_owned(),
                    cds: cds_version.to_owned(),
                },
            })
            .collect(),
    }
}
