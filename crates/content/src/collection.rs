//! The collections: their names, files and TOML table keys.

/// One collection of the knowledge base.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Collection {
    Sources,
    Claims,
    Forms,
    Intakes,
    Foods,
    Medications,
    Conditions,
    RedFlags,
    Notes,
    Companions,
    Lifestyle,
    Mechanisms,
    Faq,
    LabelChecklist,
}

impl Collection {
    /// Every collection, in the order of `Content::COLLECTIONS`.
    pub(crate) const ALL: [Collection; 14] = [
        Collection::Sources,
        Collection::Claims,
        Collection::Forms,
        Collection::Intakes,
        Collection::Foods,
        Collection::Medications,
        Collection::Conditions,
        Collection::RedFlags,
        Collection::Notes,
        Collection::Companions,
        Collection::Lifestyle,
        Collection::Mechanisms,
        Collection::Faq,
        Collection::LabelChecklist,
    ];

    /// The collection name, as in `Content::COLLECTIONS`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Collection::Sources => "sources",
            Collection::Claims => "claims",
            Collection::Forms => "forms",
            Collection::Intakes => "intakes",
            Collection::Foods => "foods",
            Collection::Medications => "medications",
            Collection::Conditions => "conditions",
            Collection::RedFlags => "red_flags",
            Collection::Notes => "notes",
            Collection::Companions => "companions",
            Collection::Lifestyle => "lifestyle",
            Collection::Mechanisms => "mechanisms",
            Collection::Faq => "faq",
            Collection::LabelChecklist => "label_checklist",
        }
    }

    /// The data file holding the collection.
    pub(crate) fn file(self) -> &'static str {
        match self {
            Collection::Sources => "sources.toml",
            Collection::Claims => "claims.toml",
            Collection::Forms => "forms.toml",
            Collection::Intakes => "intakes.toml",
            Collection::Foods => "foods.toml",
            Collection::Medications => "medications.toml",
            Collection::Conditions => "conditions.toml",
            Collection::RedFlags => "red_flags.toml",
            Collection::Notes => "notes.toml",
            Collection::Companions => "companions.toml",
            Collection::Lifestyle => "lifestyle.toml",
            Collection::Mechanisms => "mechanisms.toml",
            Collection::Faq => "faq.toml",
            Collection::LabelChecklist => "label_checklist.toml",
        }
    }

    /// The `[[key]]` of the array of tables holding the items (intakes has two: `rda`, `upper_limit`).
    pub(crate) fn key(self) -> &'static str {
        match self {
            Collection::Sources => "source",
            Collection::Claims => "claim",
            Collection::Forms => "form",
            Collection::Intakes => "rda",
            Collection::Foods => "food",
            Collection::Medications => "medication",
            Collection::Conditions => "condition",
            Collection::RedFlags => "red_flag",
            Collection::Notes => "note",
            Collection::Companions => "companion",
            Collection::Lifestyle => "measure",
            Collection::Mechanisms => "mechanism",
            Collection::Faq => "faq",
            Collection::LabelChecklist => "check",
        }
    }
}
