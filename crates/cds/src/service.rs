//! The services this crate offers and their discovery document.

use serde_json::{json, Value};

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
pub fn prefetch() -> Value {
    json!({
        "patient": "Patient/{{context.patientId}}",
        "conditions": "Condition?patient={{context.patientId}}&clinical-status=active",
        "medicationStatements": "MedicationStatement?patient={{context.patientId}}",
        "medicationRequests": "MedicationRequest?patient={{context.patientId}}&status=active",
        "observations": "Observation?patient={{context.patientId}}&code=http://loinc.org|62238-1,http://loinc.org|98979-8,http://loinc.org|33914-3,http://loinc.org|19123-9,http://loinc.org|2823-3"
    })
}

/// The discovery document (`GET /cds-services`).
pub fn discovery() -> Value {
    json!({
        "services": SERVICES.iter().map(|s| json!({
            "id": s.id,
            "hook": s.hook,
            "title": s.title,
            "description": s.description,
            "prefetch": prefetch(),
            "usageRequirements": "Send the prefetch: patient, conditions, medicationStatements and medicationRequests are required (observations optional); fetching from fhirServer with fhirAuthorization is not supported yet, so a call without them gets 412.",
        })).collect::<Vec<_>>()
    })
}
