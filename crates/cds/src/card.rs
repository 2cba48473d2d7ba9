//! The CDS Hooks 2.0 response: cards, suggestions, actions and links.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// What the service returns for one call.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CdsResponse {
    /// The cards, most urgent first.
    pub cards: Vec<Card>,
}

/// Which kind of card, for tests and logs (not sent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardKind {
    /// A contract condition: magnesium not advised.
    ContractCondition,
    /// Pregnancy: clinician first.
    Pregnancy,
    /// The plan asks for a clinician first.
    ClinicianFirst,
    /// The ordered dose passes what may be added.
    DoseAboveLimit,
    /// Magnesium is already taken.
    DoseAddsToTaken,
    /// The dose could not be read.
    DoseUnknown,
    /// Spacing from an interacting medicine.
    Spacing,
    /// A medicine that lowers magnesium.
    Depletion,
    /// No birth date.
    AgeUnknown,
    /// The patient-view card.
    PatientView,
}

/// One card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Card {
    /// Unique for this call.
    pub uuid: String,
    /// Under 140 characters.
    pub summary: String,
    /// Markdown.
    pub detail: String,
    /// `info`, `warning` or `critical`.
    pub indicator: &'static str,
    /// Who says so.
    pub source: Source,
    /// What the clinician can do.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suggestions: Vec<Suggestion>,
    /// How many suggestions may be chosen.
    #[serde(rename = "selectionBehavior", skip_serializing_if = "Option::is_none")]
    pub selection_behavior: Option<&'static str>,
    /// Evidence and the intake page.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// The kind (not sent).
    #[serde(skip)]
    pub kind: CardKind,
}

/// A card's source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// Its name.
    pub label: String,
    /// Where to read more.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One suggestion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// What it does.
    pub label: String,
    /// Unique for this call.
    pub uuid: String,
    /// Whether it is the recommended choice.
    #[serde(rename = "isRecommended")]
    pub is_recommended: bool,
    /// The changes.
    pub actions: Vec<Action>,
}

/// One change to the EHR's data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Action {
    /// `create`, `update` or `delete`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// What it changes.
    pub description: String,
    /// The new resource (`create`, `update`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<Value>,
    /// The resources to remove (`delete`), as `Type/id`.
    #[serde(rename = "resourceId", skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<Vec<String>>,
}

/// One link.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// What it is.
    pub label: String,
    /// Where.
    pub url: String,
    /// `absolute` (a page) here.
    #[serde(rename = "type")]
    pub kind: &'static str,
}

/// A UUID derived from the hook instance and a key: stable for the same
/// call (a repeated call gets the same cards) and distinct between calls.
/// Written as an RFC 9562 version 8 (custom) UUID.
pub fn uuid_for(hook_instance: &str, key: &str) -> String {
    let digest = Sha256::digest(format!("{hook_instance}\u{0}{key}").as_bytes());
    let mut bytes = [0u8; 16];
    for (b, d) in bytes.iter_mut().zip(digest.iter()) {
        *b = *d;
    }
    if let Some(b) = bytes.get_mut(6) {
        *b = (*b & 0x0f) | 0x80;
    }
    if let Some(b) = bytes.get_mut(8) {
        *b = (*b & 0x3f) | 0x80;
    }
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        hex.get(0..8).unwrap_or(""),
        hex.get(8..12).unwrap_or(""),
        hex.get(12..16).unwrap_or(""),
        hex.get(16..20).unwrap_or(""),
        hex.get(20..32).unwrap_or("")
    )
}

/// Cuts a summary to 139 characters (with an ellipsis), should a value be
/// longer than the load check assumed.
pub fn fit_summary(summary: String) -> String {
    let max = crampwise_content::cds::SUMMARY_MAX_CHARS;
    if summary.chars().count() <= max {
        return summary;
    }
    let mut cut: String = summary.chars().take(max - 1).collect();
    cut.push('…');
    cut
}
