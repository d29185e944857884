//! The character vocabulary of a text model: `<unk>` is id 0, then every character of the
//! training split in increasing code-point order (ids 1, 2, …). Serialised as that id → token
//! list (`["<unk>", "\n", " ", "!", …]`), which is what model files store.

use serde::{Deserialize, Serialize};

use super::TextError;
use crate::vocab::short_quote;

/// The id of `<unk>`, the token for any character the vocabulary does not hold.
pub const UNK_ID: u32 = 0;
/// How `<unk>` is written in the vocabulary list.
pub const UNK_TOKEN: &str = "<unk>";
/// What [`CharVocab::decode`] writes for `<unk>` (and for ids out of range): U+FFFD.
pub const UNK_CHAR: char = '\u{FFFD}';

/// A character vocabulary: `<unk>` (id [`UNK_ID`] = 0) and characters with ids 1.. in
/// increasing code-point order. Build it with [`CharVocab::from_chars`] (the training split) or
/// read it from a model file's list ([`CharVocab::from_list`]; serde uses the same list).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<String>", into = "Vec<String>")]
pub struct CharVocab {
    /// The characters, strictly increasing; character `chars[i]` has id `i + 1`.
    chars: Vec<char>,
}

impl CharVocab {
    /// The vocabulary of every distinct character in `chars`, ordered by code point.
    pub fn from_chars(chars: impl IntoIterator<Item = char>) -> Self {
        let mut v: Vec<char> = chars.into_iter().collect();
        v.sort_unstable();
        v.dedup();
        CharVocab { chars: v }
    }

    /// Number of ids, `<unk>` included (the embedding's and the output layer's size `V`).
    pub fn len(&self) -> usize {
        self.chars.len() + 1
    }

    /// `true` when the vocabulary holds no character (only `<unk>`).
    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    /// The characters in id order (ids 1..; `<unk>` not included).
    pub fn chars(&self) -> &[char] {
        &self.chars
    }

    /// The id of `c`, or `None` when it is not in the vocabulary (it encodes as [`UNK_ID`]).
    pub fn id_of(&self, c: char) -> Option<u32> {
        self.chars.binary_search(&c).ok().map(|i| i as u32 + 1)
    }

    /// The character of `id`; `None` for `<unk>` and for ids out of range.
    pub fn char_of(&self, id: u32) -> Option<char> {
        (id as usize)
            .checked_sub(1)
            .and_then(|i| self.chars.get(i))
            .copied()
    }

    /// The ids of `text`'s characters, and how many of them were mapped to `<unk>`. The text
    /// is taken as it is: apply the corpus's options (lower-casing, line ends) first, e.g. with
    /// [`super::read_text`].
    pub fn encode(&self, text: &str) -> (Vec<u32>, usize) {
        let mut unknown = 0;
        let ids = text
            .chars()
            .map(|c| {
                self.id_of(c).unwrap_or_else(|| {
                    unknown += 1;
                    UNK_ID
                })
            })
            .collect();
        (ids, unknown)
    }

    /// The text of `ids`; `<unk>` and ids out of range are written as [`UNK_CHAR`] (U+FFFD).
    pub fn decode(&self, ids: &[u32]) -> String {
        ids.iter()
            .map(|&id| self.char_of(id).unwrap_or(UNK_CHAR))
            .collect()
    }

    /// The id → token list stored in model files: `"<unk>"`, then one single-character string
    /// per id.
    pub fn to_list(&self) -> Vec<String> {
        std::iter::once(UNK_TOKEN.to_string())
            .chain(self.chars.iter().map(|c| c.to_string()))
            .collect()
    }

    /// Reads a list written by [`CharVocab::to_list`]: `"<unk>"` first, then single characters in
    /// strictly increasing code-point order. Anything else is an error naming the entry.
    pub fn from_list(list: &[String]) -> Result<Self, TextError> {
        let bad = |index: usize, message: String| TextError::BadVocabulary { index, message };
        match list.first() {
            None => {
                return Err(bad(
                    0,
                    format!("the list is empty; it must start with {UNK_TOKEN}"),
                ))
            }
            Some(first) if first != UNK_TOKEN => {
                return Err(bad(
                    0,
                    format!("'{}' must be {UNK_TOKEN}", short_quote(first)),
                ))
            }
            Some(_) => {}
        }
        let mut chars: Vec<char> = Vec::with_capacity(list.len() - 1);
        for (index, entry) in list.iter().enumerate().skip(1) {
            let mut it = entry.chars();
            let (Some(c), None) = (it.next(), it.next()) else {
                return Err(bad(
                    index,
                    format!(
                        "'{}' is not one character ({} characters)",
                        short_quote(entry),
                        entry.chars().count()
                    ),
                ));
            };
            if let Some(&prev) = chars.last() {
                if c <= prev {
                    return Err(bad(
                        index,
                        format!(
                            "{c:?} (U+{:04X}) does not come after {prev:?} (U+{:04X}): entries \
                             must be distinct, in increasing code-point order",
                            c as u32, prev as u32
                        ),
                    ));
                }
            }
            chars.push(c);
        }
        Ok(CharVocab { chars })
    }
}

impl TryFrom<Vec<String>> for CharVocab {
    type Error = TextError;
    fn try_from(list: Vec<String>) -> Result<Self, TextError> {
        CharVocab::from_list(&list)
    }
}

impl From<CharVocab> for Vec<String> {
    fn from(v: CharVocab) -> Self {
        v.to_list()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_code_points_after_unk() {
        let v = CharVocab::from_chars("banana\n".chars());
        assert_eq!(v.chars(), &['\n', 'a', 'b', 'n']);
        assert_eq!(v.len(), 5);
        assert_eq!(v.id_of('\n'), Some(1));
        assert_eq!(v.id_of('n'), Some(4));
        assert_eq!(v.id_of('z'), None);
        assert_eq!(v.char_of(UNK_ID), None);
        assert_eq!(v.char_of(2), Some('a'));
        assert_eq!(v.char_of(5), None);
        let (ids, unk) = v.encode("nab?");
        assert_eq!((ids.as_slice(), unk), ([4, 2, 3, 0].as_slice(), 1));
        assert_eq!(v.decode(&ids), "nab\u{FFFD}");
        assert_eq!(v.decode(&[99]), "\u{FFFD}");
    }

    #[test]
    fn list_round_trip_and_serde() {
        let v = CharVocab::from_chars("héllo".chars());
        let list = v.to_list();
        assert_eq!(list, ["<unk>", "h", "l", "o", "é"]);
        assert_eq!(CharVocab::from_list(&list).unwrap(), v);
        let json = serde_json::to_string(&v).unwrap();
        assert_eq!(json, r#"["<unk>","h","l","o","é"]"#);
        assert_eq!(serde_json::from_str::<CharVocab>(&json).unwrap(), v);
    }

    #[test]
    fn bad_lists_name_the_entry() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let e = CharVocab::from_list(&[]).unwrap_err().to_string();
        assert!(e.contains("entry 0") && e.contains("empty"), "{e}");
        let e = CharVocab::from_list(&s(&["a"])).unwrap_err().to_string();
        assert!(e.contains("entry 0") && e.contains("must be <unk>"), "{e}");
        let e = CharVocab::from_list(&s(&["<unk>", "a", "bc"]))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("entry 2") && e.contains("not one character"),
            "{e}"
        );
        let e = CharVocab::from_list(&s(&["<unk>", "b", "a"]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("entry 2") && e.contains("increasing"), "{e}");
        let e = CharVocab::from_list(&s(&["<unk>", "a", "a"]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("entry 2") && e.contains("distinct"), "{e}");
        let long = "x".repeat(10_000);
        let e = CharVocab::from_list(&s(&["<unk>", &long]))
            .unwrap_err()
            .to_string();
        assert!(e.len() < 200, "{e}");
        assert!(serde_json::from_str::<CharVocab>(r#"["a"]"#).is_err());
    }
}
