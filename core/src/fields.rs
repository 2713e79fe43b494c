//! [`VerifiedFields`]: the fields of a verified message, as [`Outcome::fields`](crate::Outcome::fields)
//! holds them.
//!
//! A notification carries dozens of fields (a Lyra IPN sixty), and an `Outcome` keeps every one. Held as a
//! map of owned strings they cost two allocations each, more than verifying the message itself; here the
//! names and values share one text buffer and one index, two allocations for the whole message. To the
//! JSON operations, and so to every language, they are the same object of strings as before.

use schemars::JsonSchema;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// Field name → value, each name once, in byte order of the names.
///
/// Built from (name, value) pairs in any order with [`FromIterator`] (`collect`); a name given twice keeps
/// its last value, as a map's `insert` would.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct VerifiedFields {
    /// Every name and value, one after the other.
    text: String,
    /// Per field, in `text`: where its name starts, where its name ends (and its value starts), where its
    /// value ends.
    spans: Vec<(usize, usize, usize)>,
}

impl VerifiedFields {
    /// An empty set of fields.
    pub fn new() -> Self {
        Self::default()
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        let i = self.spans.binary_search_by(|&(start, end, _)| self.slice(start, end).cmp(name)).ok()?;
        Some(self.entry(i).1)
    }

    /// Whether `name` was received.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Every (name, value), by name.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + Clone + '_ {
        (0..self.spans.len()).map(|i| self.entry(i))
    }

    /// The number of fields.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether there is no field.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Set `name` to `value`, replacing its value if it is there.
    pub fn insert(&mut self, name: &str, value: &str) {
        let fields: Vec<(&str, &str)> = self.iter().chain([(name, value)]).collect();
        *self = Self::from_sorted(sorted_last_wins(fields));
    }

    /// `text[start..end]` (always on character boundaries: the spans are where strings were pushed).
    fn slice(&self, start: usize, end: usize) -> &str {
        self.text.get(start..end).unwrap_or_default()
    }

    /// The `i`th (name, value).
    fn entry(&self, i: usize) -> (&str, &str) {
        let (start, name_end, value_end) = self.spans[i];
        (self.slice(start, name_end), self.slice(name_end, value_end))
    }

    /// Fields already sorted by name, each name once (as a parser that sorted and checked them hands them
    /// over): built without comparing the names again.
    pub(crate) fn from_sorted<K: AsRef<str>, V: AsRef<str>>(pairs: Vec<(K, V)>) -> Self {
        debug_assert!(pairs.windows(2).all(|w| w[0].0.as_ref() < w[1].0.as_ref()), "names sorted, each once");
        let size = pairs.iter().map(|(k, v)| k.as_ref().len() + v.as_ref().len()).sum();
        let mut fields = VerifiedFields { text: String::with_capacity(size), spans: Vec::with_capacity(pairs.len()) };
        for (name, value) in &pairs {
            let start = fields.text.len();
            fields.text.push_str(name.as_ref());
            let name_end = fields.text.len();
            fields.text.push_str(value.as_ref());
            fields.spans.push((start, name_end, fields.text.len()));
        }
        fields
    }
}

/// `pairs` sorted by name, a repeated name keeping its last value, as a JSON object's or a map's `insert`
/// does (the stable sort keeps the copies in the order given; the last is moved into the place of the first,
/// which `dedup_by` keeps).
pub(crate) fn sorted_last_wins<K: AsRef<str>, V>(mut pairs: Vec<(K, V)>) -> Vec<(K, V)> {
    pairs.sort_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
    pairs.dedup_by(|later, kept| {
        let repeated = later.0.as_ref() == kept.0.as_ref();
        if repeated {
            std::mem::swap(later, kept);
        }
        repeated
    });
    pairs
}

impl<K: AsRef<str>, V: AsRef<str>> FromIterator<(K, V)> for VerifiedFields {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        Self::from_sorted(sorted_last_wins(pairs.into_iter().collect()))
    }
}

impl fmt::Debug for VerifiedFields {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for VerifiedFields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (name, value) in self.iter() {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for VerifiedFields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldsVisitor;
        impl<'de> Visitor<'de> for FieldsVisitor {
            type Value = VerifiedFields;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                // serde's own word for a map, so errors read as they did for a map of strings.
                f.write_str("a map")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<VerifiedFields, M::Error> {
                let mut pairs: Vec<(String, String)> = Vec::with_capacity(map.size_hint().unwrap_or(0).min(256));
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(pairs.into_iter().collect())
            }
        }
        deserializer.deserialize_map(FieldsVisitor)
    }
}

/// The JSON Schema of a map of strings, as before: the languages' types do not change.
impl JsonSchema for VerifiedFields {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <BTreeMap<String, String>>::schema_name()
    }

    fn inline_schema() -> bool {
        <BTreeMap<String, String>>::inline_schema()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<String, String>>::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_like_a_map() {
        let fields: VerifiedFields =
            [("vads_cust_name", "Renée Lefèvre"), ("", "vide"), ("b", "1"), ("a", ""), ("b", "2")]
                .into_iter()
                .collect();
        assert_eq!(
            fields.iter().collect::<Vec<_>>(),
            [("", "vide"), ("a", ""), ("b", "2"), ("vads_cust_name", "Renée Lefèvre")]
        );
        assert_eq!(fields.get("vads_cust_name"), Some("Renée Lefèvre"));
        assert_eq!(fields.get(""), Some("vide"));
        assert_eq!(fields.get("a"), Some(""));
        assert_eq!(fields.get("c"), None);
        assert!(fields.contains_key("b") && !fields.contains_key("vads"));
        assert_eq!(fields.len(), 4);
        assert!(VerifiedFields::new().is_empty() && VerifiedFields::new().get("").is_none());
    }

    #[test]
    fn insert_adds_or_replaces() {
        let mut fields: VerifiedFields = [("b", "1")].into_iter().collect();
        fields.insert("a", "0");
        fields.insert("b", "2");
        fields.insert("c", "3");
        assert_eq!(fields.iter().collect::<Vec<_>>(), [("a", "0"), ("b", "2"), ("c", "3")]);
    }

    #[test]
    fn json_is_an_object_of_strings() {
        let fields: VerifiedFields = [("vads_amount", "42850"), ("b", "a\"é")].into_iter().collect();
        let json = serde_json::to_string(&fields).unwrap();
        assert_eq!(json, r#"{"b":"a\"é","vads_amount":"42850"}"#);
        assert_eq!(serde_json::from_str::<VerifiedFields>(&json).unwrap(), fields);
        assert_eq!(serde_json::from_str::<VerifiedFields>(r#"{"a":"1","a":"2"}"#).unwrap().get("a"), Some("2"));
        assert!(serde_json::from_str::<VerifiedFields>(r#"{"a":1}"#).is_err());
        assert!(serde_json::from_str::<VerifiedFields>(r#"["a"]"#).is_err());
        let schema = serde_json::to_value(schemars::schema_for!(VerifiedFields)).unwrap();
        let map = serde_json::to_value(schemars::schema_for!(BTreeMap<String, String>)).unwrap();
        assert_eq!(schema, map);
    }

    proptest! {
        /// The same answers as a `BTreeMap` built from the same pairs, for any names (empty, accented,
        /// prefixes of one another) and repeats.
        #[test]
        fn agrees_with_a_btree_map(pairs in proptest::collection::vec(("[a-cé]{0,3}", ".{0,4}"), 0..40), probe in "[a-cé]{0,3}") {
            let fields: VerifiedFields = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let map: BTreeMap<&str, &str> = pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            prop_assert_eq!(fields.iter().collect::<Vec<_>>(), map.iter().map(|(k, v)| (*k, *v)).collect::<Vec<_>>());
            prop_assert_eq!(fields.get(&probe), map.get(probe.as_str()).copied());
            prop_assert_eq!(serde_json::to_string(&fields).unwrap(), serde_json::to_string(&map).unwrap());
        }
    }
}
