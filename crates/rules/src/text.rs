//! [`Text`]: a plan's strings. Text from the loaded content is shared by
//! every plan and JSON-escaped once at load; text made for one plan (a
//! summary line, an explanation) is owned and escaped when written.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A string in a plan: reads as a `&str` (it derefs to one), serialises as
/// a JSON string, compares by its characters whatever its origin.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    Owned(String),
    /// Shared text JSON writes as it is, held as its JSON string: the text
    /// is what the quotes enclose (one allocation for both).
    Plain(Arc<str>),
    /// Shared text with characters JSON escapes.
    Escaped(Arc<Escaped>),
}

struct Escaped {
    text: Box<str>,
    /// `text` as a JSON string, quotes included.
    json: Box<str>,
}

impl Text {
    /// Text to be shared by many plans; its JSON form is made now, once.
    pub fn shared(text: &str) -> Text {
        let mut json = String::with_capacity(text.len() + 2);
        write_json_str(&mut json, text);
        // Every escape adds bytes: only the quotes were added, nothing escaped.
        if json.len() == text.len() + 2 {
            Text(Repr::Plain(Arc::from(json)))
        } else {
            Text(Repr::Escaped(Arc::new(Escaped {
                text: text.into(),
                json: json.into_boxed_str(),
            })))
        }
    }

    /// The characters.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Owned(s) => s,
            // The quotes are one byte each.
            Repr::Plain(json) => json
                .get(1..json.len().saturating_sub(1))
                .unwrap_or_default(),
            Repr::Escaped(s) => &s.text,
        }
    }

    /// Appends the text as a JSON string, byte for byte as `serde_json` writes it.
    pub(crate) fn write_json(&self, out: &mut String) {
        match &self.0 {
            Repr::Owned(s) => write_json_str(out, s),
            Repr::Plain(json) => out.push_str(json),
            Repr::Escaped(s) => out.push_str(&s.json),
        }
    }
}

/// Appends `s` as a JSON string with `serde_json`'s escapes (see
/// [`crampwise_expr::write_json_escaped`]).
pub(crate) fn write_json_str(out: &mut String, s: &str) {
    out.push('"');
    crampwise_expr::write_json_escaped(out, s);
    out.push('"');
}

impl Default for Text {
    fn default() -> Text {
        Text(Repr::Owned(String::new()))
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Repr::Owned(s))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(Repr::Owned(s.to_owned()))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        match t.0 {
            Repr::Owned(s) => s,
            _ => t.as_str().to_owned(),
        }
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

macro_rules! eq_with {
    ($($other:ty),+) => {$(
        impl PartialEq<$other> for Text {
            fn eq(&self, other: &$other) -> bool {
                self.as_str() == AsRef::<str>::as_ref(other)
            }
        }
        impl PartialEq<Text> for $other {
            fn eq(&self, other: &Text) -> bool {
                AsRef::<str>::as_ref(self) == other.as_str()
            }
        }
    )+};
}
eq_with!(str, &str, String);

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        String::deserialize(deserializer).map(Text::from)
    }
}

impl schemars::JsonSchema for Text {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        String::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        String::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

/// A list of [`Text`] shared by every plan that quotes it (a claim's
/// sources): reads as a slice, serialises as a JSON array of strings.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TextList(Arc<[Text]>);

impl TextList {
    /// The texts.
    pub fn as_slice(&self) -> &[Text] {
        &self.0
    }
}

impl Deref for TextList {
    type Target = [Text];
    fn deref(&self) -> &[Text] {
        &self.0
    }
}

impl From<Vec<Text>> for TextList {
    fn from(items: Vec<Text>) -> TextList {
        TextList(items.into())
    }
}

impl<'a> IntoIterator for &'a TextList {
    type Item = &'a Text;
    type IntoIter = std::slice::Iter<'a, Text>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Debug for TextList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.iter()).finish()
    }
}

impl Serialize for TextList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter())
    }
}

impl<'de> Deserialize<'de> for TextList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<TextList, D::Error> {
        Vec::<Text>::deserialize(deserializer).map(TextList::from)
    }
}

impl schemars::JsonSchema for TextList {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        Vec::<String>::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        Vec::<String>::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Vec::<String>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        /// Long runs of plain text between escapes exercise the eight-byte scan.
        #[test]
        fn json_form_is_serde_jsons(s in "(\\PC{0,20}|[\\x00-\\x1f\"\\\\\\x7f]){0,24}") {
            let expected = serde_json::to_string(&s).unwrap();
            let mut owned = String::new();
            Text::from(s.as_str()).write_json(&mut owned);
            let mut shared = String::new();
            let text = Text::shared(&s);
            text.write_json(&mut shared);
            prop_assert_eq!(&owned, &expected);
            prop_assert_eq!(&shared, &expected);
            prop_assert_eq!(text.as_str(), s.as_str());
        }
    }

    #[test]
    fn shared_and_owned_text_compare_by_their_characters() {
        let shared = Text::shared("a \"b\"\n");
        assert_eq!(shared, Text::from("a \"b\"\n"));
        assert_eq!(shared, "a \"b\"\n");
        assert_eq!(String::from(shared.clone()), "a \"b\"\n");
        assert_eq!(serde_json::to_string(&shared).unwrap(), r#""a \"b\"\n""#);
        assert_ne!(shared, "a");
        let plain = Text::shared("plain é text");
        assert_eq!(plain.as_str(), "plain é text");
        assert_eq!(String::from(plain.clone()), "plain é text");
        assert_eq!(Text::shared("").as_str(), "");
    }
}
