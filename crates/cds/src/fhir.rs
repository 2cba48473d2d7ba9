//! FHIR R4 model types: only the resources and fields the service reads.
//!
//! Records carry many more fields than these; every type keeps the rest in
//! `other`, so a resource read and written again is the same JSON (unknown
//! fields are not errors here, unlike in the crampwise profile).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

/// The fields a type does not model, kept as written.
pub type Other = Map<String, Value>;

/// A `Coding`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Coding {
    /// Code system URI.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// The code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// A `CodeableConcept`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct CodeableConcept {
    /// Codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub coding: Vec<Coding>,
    /// Plain text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

impl CodeableConcept {
    /// The code of a system, when any coding has one.
    pub fn has(&self, system: &str, code: &str) -> bool {
        self.coding
            .iter()
            .any(|c| c.system.as_deref() == Some(system) && c.code.as_deref() == Some(code))
    }

    /// The words of the concept: its text and each coding's display.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.text
            .as_deref()
            .into_iter()
            .chain(self.coding.iter().filter_map(|c| c.display.as_deref()))
    }
}

/// A `Quantity`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Quantity {
    /// The amount, as written (`2` stays `2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Number>,
    /// Its unit as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The unit's system (UCUM).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    /// The unit's code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// A `Dosage`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Dosage {
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// When.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timing: Option<Timing>,
    /// How much.
    #[serde(default, rename = "doseAndRate", skip_serializing_if = "Vec::is_empty")]
    pub dose_and_rate: Vec<DoseAndRate>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// A `Dosage.doseAndRate`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DoseAndRate {
    /// The amount of one dose.
    #[serde(
        default,
        rename = "doseQuantity",
        skip_serializing_if = "Option::is_none"
    )]
    pub dose_quantity: Option<Quantity>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// A `Timing`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Timing {
    /// The repeat rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat: Option<Repeat>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// A `Timing.repeat`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Repeat {
    /// Times per period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Number>,
    /// The period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Number>,
    /// Its unit: `s`, `min`, `h`, `d`, `wk`, `mo`, `a`.
    #[serde(
        default,
        rename = "periodUnit",
        skip_serializing_if = "Option::is_none"
    )]
    pub period_unit: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// A `Patient`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Patient {
    /// Id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `male`, `female`, `other`, `unknown`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    #[serde(default, rename = "birthDate", skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// A `Condition`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Condition {
    /// Id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `active`, `recurrence`, `relapse`, `inactive`, `remission`, `resolved`.
    #[serde(
        default,
        rename = "clinicalStatus",
        skip_serializing_if = "Option::is_none"
    )]
    pub clinical_status: Option<CodeableConcept>,
    /// `confirmed`, `refuted`, `entered-in-error`, ...
    #[serde(
        default,
        rename = "verificationStatus",
        skip_serializing_if = "Option::is_none"
    )]
    pub verification_status: Option<CodeableConcept>,
    /// What it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<CodeableConcept>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// A `Reference`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Reference {
    /// `#id` (a contained resource), `Type/id`, or an absolute URL or URN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Text for the reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// A `Ratio` (an ingredient's strength: `numerator` per `denominator`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Ratio {
    /// The amount (`400 mg`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerator: Option<Quantity>,
    /// Per (`1 tablet`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<Quantity>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// A `Medication.ingredient`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Ingredient {
    /// The substance.
    #[serde(
        default,
        rename = "itemCodeableConcept",
        skip_serializing_if = "Option::is_none"
    )]
    pub item: Option<CodeableConcept>,
    /// Whether it is an active ingredient.
    #[serde(default, rename = "isActive", skip_serializing_if = "Option::is_none")]
    pub is_active: Option<bool>,
    /// How much of it per unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub strength: Option<Ratio>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// A `Medication` (what a `medicationReference` points at).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Medication {
    /// Id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The product.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<CodeableConcept>,
    /// Its ingredients.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ingredient: Vec<Ingredient>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// A `MedicationRequest` or `MedicationStatement` (the fields read are the
/// same; `dosageInstruction` is the request's, `dosage` the statement's).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MedicationUse {
    /// Id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `active`, `completed`, `draft`, `stopped`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The product.
    #[serde(
        default,
        rename = "medicationCodeableConcept",
        skip_serializing_if = "Option::is_none"
    )]
    pub medication: Option<CodeableConcept>,
    /// The product as a reference to a Medication (contained, or in a bundle).
    #[serde(
        default,
        rename = "medicationReference",
        skip_serializing_if = "Option::is_none"
    )]
    pub medication_reference: Option<Reference>,
    /// Resources contained in this one (a referenced `#med1` Medication).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contained: Vec<Resource>,
    /// A request's dosage.
    #[serde(
        default,
        rename = "dosageInstruction",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub dosage_instruction: Vec<Dosage>,
    /// A statement's dosage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dosage: Vec<Dosage>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// What a medication use names as its product: the concept, and the
/// Medication resource when it was given by reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Medicine<'a> {
    /// The product's concept (`medicationCodeableConcept`, or the
    /// referenced Medication's `code`).
    pub concept: &'a CodeableConcept,
    /// The referenced Medication (its ingredients' strengths), if any.
    pub medication: Option<&'a Medication>,
}

impl MedicationUse {
    /// The product: `medicationCodeableConcept`, else the Medication that
    /// `medicationReference` points at, looked up among the contained
    /// resources (`#id`) first, then in `bundles` by `fullUrl` or by
    /// `Medication/id`. `None` when neither is given or the reference does
    /// not resolve to a Medication with a `code`: not recognised, not guessed.
    pub fn medicine<'a>(&'a self, bundles: &[&'a Bundle]) -> Option<Medicine<'a>> {
        if let Some(concept) = &self.medication {
            return Some(Medicine {
                concept,
                medication: None,
            });
        }
        let target = self
            .medication_reference
            .as_ref()?
            .reference
            .as_deref()?
            .trim();
        let medication = if let Some(id) = target.strip_prefix('#') {
            self.contained.iter().find_map(|r| match r {
                Resource::Medication(m) if m.id.as_deref() == Some(id) => Some(m),
                _ => None,
            })
        } else {
            let relative = target.strip_prefix("Medication/");
            bundles.iter().flat_map(|b| &b.entry).find_map(|e| {
                let Some(Resource::Medication(m)) = &e.resource else {
                    return None;
                };
                let by_url = e.full_url.as_deref() == Some(target);
                let by_id = relative.is_some() && m.id.as_deref() == relative;
                (by_url || by_id).then_some(m)
            })
        }?;
        Some(Medicine {
            concept: medication.code.as_ref()?,
            medication: Some(medication),
        })
    }

    /// The dosage, whichever field holds it.
    pub fn dosages(&self) -> &[Dosage] {
        if self.dosage_instruction.is_empty() {
            &self.dosage
        } else {
            &self.dosage_instruction
        }
    }
}

/// An `Observation`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Observation {
    /// Id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `final`, `amended`, `preliminary`, `cancelled`, `entered-in-error`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// What was measured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<CodeableConcept>,
    /// The result.
    #[serde(
        default,
        rename = "valueQuantity",
        skip_serializing_if = "Option::is_none"
    )]
    pub value_quantity: Option<Quantity>,
    /// When.
    #[serde(
        default,
        rename = "effectiveDateTime",
        skip_serializing_if = "Option::is_none"
    )]
    pub effective: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// One resource, by `resourceType`; any other type is kept as it is.
///
/// A resource of a modelled type that does not fit its model is an error
/// naming the field (it is never read as "any other type").
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "resourceType")]
pub enum Resource {
    /// A patient.
    Patient(Patient),
    /// A condition.
    Condition(Condition),
    /// A medication request.
    MedicationRequest(MedicationUse),
    /// A medication statement.
    MedicationStatement(MedicationUse),
    /// An observation.
    Observation(Observation),
    /// A medication (the product a `medicationReference` names).
    Medication(Medication),
    /// A bundle.
    Bundle(Bundle),
    /// Any other resource type (not read).
    #[serde(untagged)]
    Other(Value),
}

/// A `Bundle` (a search result or the draft orders).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Bundle {
    /// Its entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entry: Vec<BundleEntry>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

/// A `Bundle.entry`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BundleEntry {
    /// The entry's absolute URL (`urn:uuid:...`, `https://.../Medication/1`).
    #[serde(default, rename = "fullUrl", skip_serializing_if = "Option::is_none")]
    pub full_url: Option<String>,
    /// The resource.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<Resource>,
    /// Everything else.
    #[serde(flatten)]
    pub other: Other,
}

impl Bundle {
    /// The resources of its entries.
    pub fn resources(&self) -> impl Iterator<Item = &Resource> {
        self.entry.iter().filter_map(|e| e.resource.as_ref())
    }
}

/// Separates the path parts of a nested resource error (see [`split_error`]).
pub(crate) const PATH_SEPARATOR: char = '\u{1f}';

impl<'de> Deserialize<'de> for Resource {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = Value::deserialize(deserializer)?;
        let kind = match value.get("resourceType") {
            Some(Value::String(kind)) => kind.clone(),
            Some(other) => {
                return Err(D::Error::custom(format!(
                "resourceType{PATH_SEPARATOR}`{other}` is not a resource type, expected a string"
            )))
            }
            None => return Err(D::Error::custom("missing field `resourceType`")),
        };
        fn typed<T: serde::de::DeserializeOwned, E: Error>(value: Value) -> Result<T, E> {
            serde_path_to_error::deserialize(value).map_err(|e| {
                let path = e.path().to_string();
                let inner = e.into_inner().to_string();
                if path == "." {
                    E::custom(inner)
                } else {
                    E::custom(format!("{path}{PATH_SEPARATOR}{inner}"))
                }
            })
        }
        let mut value = value;
        if let Value::Object(map) = &mut value {
            map.remove("resourceType");
        }
        Ok(match kind.as_str() {
            "Patient" => Resource::Patient(typed(value)?),
            "Condition" => Resource::Condition(typed(value)?),
            "MedicationRequest" => Resource::MedicationRequest(typed(value)?),
            "MedicationStatement" => Resource::MedicationStatement(typed(value)?),
            "Observation" => Resource::Observation(typed(value)?),
            "Medication" => Resource::Medication(typed(value)?),
            "Bundle" => Resource::Bundle(typed(value)?),
            _ => {
                if let Value::Object(map) = &mut value {
                    map.insert("resourceType".to_owned(), Value::String(kind));
                }
                Resource::Other(value)
            }
        })
    }
}

/// The path of a nested error: the outer `path` and the parts the message
/// carries, joined with `.`, and the message itself.
pub(crate) fn split_error(path: &str, message: &str) -> (String, String) {
    let mut parts: Vec<&str> = message.split(PATH_SEPARATOR).collect();
    let last = parts.pop().unwrap_or("").to_owned();
    let mut full = if path == "." {
        String::new()
    } else {
        path.to_owned()
    };
    for part in parts {
        if !full.is_empty() && !part.starts_with('[') {
            full.push('.');
        }
        full.push_str(part);
    }
    (full, last)
}
