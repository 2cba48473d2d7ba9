//! [`Content`]: the loaded, validated knowledge base and its accessors.

use std::path::Path;

use serde::Serialize;

use crate::collection::Collection;
use crate::error::ContentErrors;
use crate::index::Index;
use crate::model::{
    Check, Claim, Companion, Condition, Faq, Food, Form, Intakes, Measure, Mechanism, Medication,
    Note, RedFlag, Source,
};
use crate::{load, parse, validate, version};

/// The validated knowledge base. Cheap to share (`Send + Sync`); clone if you must own it.
#[derive(Debug, Clone, Serialize)]
pub struct Content {
    /// `"<semver>+<12 hex of sha256>"`.
    pub(crate) version: String,
    #[serde(skip)]
    pub(crate) semver: String,
    pub(crate) sources: Vec<Source>,
    pub(crate) claims: Vec<Claim>,
    pub(crate) forms: Vec<Form>,
    pub(crate) intakes: Intakes,
    pub(crate) foods: Vec<Food>,
    pub(crate) medications: Vec<Medication>,
    pub(crate) conditions: Vec<Condition>,
    pub(crate) red_flags: Vec<RedFlag>,
    pub(crate) notes: Vec<Note>,
    pub(crate) companions: Vec<Companion>,
    pub(crate) lifestyle: Vec<Measure>,
    pub(crate) mechanisms: Vec<Mechanism>,
    pub(crate) faq: Vec<Faq>,
    pub(crate) label_checklist: Vec<Check>,
    #[serde(skip)]
    pub(crate) index: Index,
}

macro_rules! lookup {
    ($(#[$doc:meta])* $fn:ident, $position:ident, $field:ident, $collection:ident, $ty:ty) => {
        $(#[$doc])*
        pub fn $fn(&self, id: &str) -> Option<&$ty> {
            self.$position(id).and_then(|i| self.$field.get(i))
        }

        #[doc = concat!("Where the item [`Content::", stringify!($fn), "`] finds is in `", stringify!($field), "()`.")]
        pub fn $position(&self, id: &str) -> Option<usize> {
            self.index.get(Collection::$collection, id)
        }
    };
}

impl Content {
    /// The collection names accepted by [`Content::collection_json`], in file order.
    pub const COLLECTIONS: &'static [&'static str] = &[
        "sources",
        "claims",
        "forms",
        "intakes",
        "foods",
        "medications",
        "conditions",
        "red_flags",
        "notes",
        "companions",
        "lifestyle",
        "mechanisms",
        "faq",
        "label_checklist",
    ];

    /// The content compiled into the crate, parsed and validated.
    ///
    /// # Errors
    ///
    /// Every parse error in the embedded files, or else every validation
    /// error; a build whose tests pass has none.
    pub fn embedded() -> Result<Content, ContentErrors> {
        Self::build(load::embedded())
    }

    /// Loads the same file names from `dir` instead of the embedded copies.
    ///
    /// A missing file, a file over 1 MiB or invalid TOML is an error naming the file.
    ///
    /// # Errors
    ///
    /// Every file that cannot be read; otherwise every parse error, or else
    /// every validation error (a broken reference, a duplicate id, a value
    /// out of range), each naming its file.
    pub fn from_dir(dir: impl AsRef<Path>) -> Result<Content, ContentErrors> {
        Self::build(load::from_dir(dir.as_ref()).map_err(ContentErrors)?)
    }

    fn build(files: Vec<load::RawFile>) -> Result<Content, ContentErrors> {
        let mut content = parse::parse(&files).map_err(ContentErrors)?;
        let mut errors = validate::validate(&content);
        if !errors.is_empty() {
            for e in errors.iter_mut().filter(|e| e.line == Some(0)) {
                e.line = files
                    .iter()
                    .find(|(name, _)| *name == e.file)
                    .and_then(|(_, text)| {
                        load::line_of(text, e.item.as_deref(), e.field.as_deref())
                    });
            }
            return Err(ContentErrors(errors));
        }
        content.version = version::version(&content.semver, &files);
        content.index = Index::build(&content);
        Ok(content)
    }

    /// An empty content, before parsing fills it.
    pub(crate) fn empty() -> Content {
        Content {
            version: String::new(),
            semver: String::new(),
            sources: Vec::new(),
            claims: Vec::new(),
            forms: Vec::new(),
            intakes: Intakes::default(),
            foods: Vec::new(),
            medications: Vec::new(),
            conditions: Vec::new(),
            red_flags: Vec::new(),
            notes: Vec::new(),
            companions: Vec::new(),
            lifestyle: Vec::new(),
            mechanisms: Vec::new(),
            faq: Vec::new(),
            label_checklist: Vec::new(),
            index: Index::default(),
        }
    }

    /// `"<semver from content.toml>+<first 12 hex digits of a sha256 over all files>"`.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Sources, in file order.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }
    /// Claims, in file order.
    pub fn claims(&self) -> &[Claim] {
        &self.claims
    }
    /// Magnesium forms, in file order.
    pub fn forms(&self) -> &[Form] {
        &self.forms
    }
    /// Foods, in file order.
    pub fn foods(&self) -> &[Food] {
        &self.foods
    }
    /// Medications, in file order.
    pub fn medications(&self) -> &[Medication] {
        &self.medications
    }
    /// Conditions, in file order.
    pub fn conditions(&self) -> &[Condition] {
        &self.conditions
    }
    /// Red flags, in file order.
    pub fn red_flags(&self) -> &[RedFlag] {
        &self.red_flags
    }
    /// Notes, in file order.
    pub fn notes(&self) -> &[Note] {
        &self.notes
    }
    /// Companion nutrients, in file order.
    pub fn companions(&self) -> &[Companion] {
        &self.companions
    }
    /// Lifestyle measures, in file order (not sorted by rank).
    pub fn lifestyle(&self) -> &[Measure] {
        &self.lifestyle
    }
    /// Mechanisms, in file order.
    pub fn mechanisms(&self) -> &[Mechanism] {
        &self.mechanisms
    }
    /// Frequently asked questions, in file order.
    pub fn faq(&self) -> &[Faq] {
        &self.faq
    }
    /// The label checklist, in file order.
    pub fn label_checklist(&self) -> &[Check] {
        &self.label_checklist
    }
    /// The RDA and upper limit tables.
    pub fn intakes(&self) -> &Intakes {
        &self.intakes
    }

    lookup!(/// The source with this id.
        source, source_position, sources, Sources, Source);
    lookup!(/// The claim with this id.
        claim, claim_position, claims, Claims, Claim);
    lookup!(/// The form with this id (see also [`Content::form_by_alias`]).
        form, form_position, forms, Forms, Form);
    lookup!(/// The food with this id.
        food, food_position, foods, Foods, Food);
    lookup!(/// The medication with this id.
        medication, medication_position, medications, Medications, Medication);
    lookup!(/// The condition with this id.
        condition, condition_position, conditions, Conditions, Condition);
    lookup!(/// The red flag with this id.
        red_flag, red_flag_position, red_flags, RedFlags, RedFlag);
    lookup!(/// The note with this id.
        note, note_position, notes, Notes, Note);
    lookup!(/// The companion nutrient with this id.
        companion, companion_position, companions, Companions, Companion);
    lookup!(/// The lifestyle measure with this id.
        measure, measure_position, lifestyle, Lifestyle, Measure);
    lookup!(/// The mechanism with this id.
        mechanism, mechanism_position, mechanisms, Mechanisms, Mechanism);
    lookup!(/// The FAQ item with this id.
        faq_item, faq_item_position, faq, Faq, Faq);
    lookup!(/// The label checklist point with this id.
        check, check_position, label_checklist, LabelChecklist, Check);

    /// The form whose id, name or alias is `text`, ignoring case and extra whitespace.
    pub fn form_by_alias(&self, text: &str) -> Option<&Form> {
        self.index
            .form_by_alias(text)
            .and_then(|i| self.forms.get(i))
    }

    /// A collection as a JSON array of its items (`intakes`: `{"rda": [...], "upper_limit": [...]}`),
    /// with the field names of the TOML files; `None` for an unknown name.
    pub fn collection_json(&self, name: &str) -> Option<serde_json::Value> {
        let collection = Collection::ALL.into_iter().find(|c| c.name() == name)?;
        let value = match collection {
            Collection::Sources => serde_json::to_value(&self.sources),
            Collection::Claims => serde_json::to_value(&self.claims),
            Collection::Forms => serde_json::to_value(&self.forms),
            Collection::Intakes => serde_json::to_value(&self.intakes),
            Collection::Foods => serde_json::to_value(&self.foods),
            Collection::Medications => serde_json::to_value(&self.medications),
            Collection::Conditions => serde_json::to_value(&self.conditions),
            Collection::RedFlags => serde_json::to_value(&self.red_flags),
            Collection::Notes => serde_json::to_value(&self.notes),
            Collection::Companions => serde_json::to_value(&self.companions),
            Collection::Lifestyle => serde_json::to_value(&self.lifestyle),
            Collection::Mechanisms => serde_json::to_value(&self.mechanisms),
            Collection::Faq => serde_json::to_value(&self.faq),
            Collection::LabelChecklist => serde_json::to_value(&self.label_checklist),
        };
        value.ok()
    }

    /// The collection name and JSON of the item with this id, in any collection.
    pub fn find_json(&self, id: &str) -> Option<(&'static str, serde_json::Value)> {
        let (collection, i) = self.index.find(id)?;
        fn json<T: Serialize>(items: &[T], i: usize) -> Option<serde_json::Value> {
            items
                .get(i)
                .and_then(|item| serde_json::to_value(item).ok())
        }
        let value = match collection {
            Collection::Sources => json(&self.sources, i),
            Collection::Claims => json(&self.claims, i),
            Collection::Forms => json(&self.forms, i),
            Collection::Intakes => None,
            Collection::Foods => json(&self.foods, i),
            Collection::Medications => json(&self.medications, i),
            Collection::Conditions => json(&self.conditions, i),
            Collection::RedFlags => json(&self.red_flags, i),
            Collection::Notes => json(&self.notes, i),
            Collection::Companions => json(&self.companions, i),
            Collection::Lifestyle => json(&self.lifestyle, i),
            Collection::Mechanisms => json(&self.mechanisms, i),
            Collection::Faq => json(&self.faq, i),
            Collection::LabelChecklist => json(&self.label_checklist, i),
        }?;
        Some((collection.name(), value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collections_match() {
        let names: Vec<&str> = Collection::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(names, Content::COLLECTIONS);
    }

    #[test]
    fn send_sync() {
        fn check<T: Send + Sync>() {}
        check::<Content>();
    }
}
