//! The id index (every id of every collection) and the form alias index, built at load.

// Keys are the content's own ids, looked up for every plan: a fast hash
// matters more here than resistance to chosen keys.
use rustc_hash::FxHashMap as HashMap;

use crate::collection::Collection;
use crate::content::Content;

/// Where each id lives, and which form each alias names.
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    ids: HashMap<String, (Collection, usize)>,
    aliases: HashMap<String, usize>,
}

impl Index {
    /// Indexes validated content (ids unique; the first alias holder wins otherwise).
    pub(crate) fn build(content: &Content) -> Index {
        let mut index = Index::default();
        for collection in Collection::ALL {
            for (i, id) in ids(content, collection).into_iter().enumerate() {
                index.ids.entry(id.to_owned()).or_insert((collection, i));
            }
        }
        for (i, form) in content.forms.iter().enumerate() {
            for name in form_names(form) {
                index.aliases.entry(normalize(name)).or_insert(i);
            }
        }
        index
    }

    /// The position of `id` in `collection`.
    pub(crate) fn get(&self, collection: Collection, id: &str) -> Option<usize> {
        match self.ids.get(id) {
            Some(&(c, i)) if c == collection => Some(i),
            _ => None,
        }
    }

    /// The collection and position of `id`.
    pub(crate) fn find(&self, id: &str) -> Option<(Collection, usize)> {
        self.ids.get(id).copied()
    }

    /// The position of the form named `text`.
    pub(crate) fn form_by_alias(&self, text: &str) -> Option<usize> {
        self.aliases.get(&normalize(text)).copied()
    }
}

/// The ids of a collection's items, in file order (none for intakes).
pub(crate) fn ids(content: &Content, collection: Collection) -> Vec<&str> {
    fn of<T>(items: &[T], id: fn(&T) -> &str) -> Vec<&str> {
        items.iter().map(id).collect()
    }
    match collection {
        Collection::Sources => of(&content.sources, |x| &x.id),
        Collection::Claims => of(&content.claims, |x| &x.id),
        Collection::Forms => of(&content.forms, |x| &x.id),
        Collection::Intakes => Vec::new(),
        Collection::Foods => of(&content.foods, |x| &x.id),
        Collection::Medications => of(&content.medications, |x| &x.id),
        Collection::Conditions => of(&content.conditions, |x| &x.id),
        Collection::RedFlags => of(&content.red_flags, |x| &x.id),
        Collection::Notes => of(&content.notes, |x| &x.id),
        Collection::Companions => of(&content.companions, |x| &x.id),
        Collection::Lifestyle => of(&content.lifestyle, |x| &x.id),
        Collection::Mechanisms => of(&content.mechanisms, |x| &x.id),
        Collection::Faq => of(&content.faq, |x| &x.id),
        Collection::LabelChecklist => of(&content.label_checklist, |x| &x.id),
    }
}

/// The id, name and aliases of a form.
pub(crate) fn form_names(form: &crate::model::Form) -> impl Iterator<Item = &str> {
    [form.id.as_str(), form.name.as_str()]
        .into_iter()
        .chain(form.aliases.iter().map(String::as_str))
}

/// Lowercase, `-` and `_` as spaces, whitespace collapsed.
pub(crate) fn normalize(text: &str) -> String {
    text.to_lowercase()
        .replace(['-', '_'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes() {
        assert_eq!(
            normalize("  Magnesium  L-Threonate "),
            "magnesium l threonate"
        );
        assert_eq!(normalize("l_threonate"), "l threonate");
    }
}
