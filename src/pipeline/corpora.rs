//! Built-in text corpora for the character-level language model: public-domain Shakespeare
//! (`data/corpora/`, see `data/README.md`), the way [`super::datasets`] catalogues series.
//!
//! The catalogue ([`list`]) always lives here. The text files are compiled in only with the
//! `builtin-datasets` feature (the CLI and native tests); the browser build leaves them out, and
//! its page fetches the file named by [`CorpusInfo::file`] and hands the bytes to [`load`], which
//! reads them exactly as it reads the compiled-in copy.

use serde::Serialize;

use super::text::{TextCorpus, TextError, TextOptions};
use crate::vocab::short_quote;

/// What the user can know about a built-in corpus before loading it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CorpusInfo {
    /// The `corpus` key (`sonnets`, `hamlet`).
    pub key: &'static str,
    /// A short name for people (a menu entry).
    pub label: &'static str,
    /// One-line description.
    pub description: &'static str,
    /// Characters in the file (every one ASCII, so also its size in bytes).
    pub chars: usize,
    /// Where the text comes from and under which terms.
    pub licence: &'static str,
    /// The file name in `data/corpora/`.
    pub file: &'static str,
}

const SHAKESPEARE: &str = "public domain (William Shakespeare; text from Project Gutenberg via \
                           the Open Shakespeare package `shakespeare` 0.6, MIT)";

/// Every built-in corpus, in display order.
pub fn list() -> Vec<CorpusInfo> {
    vec![
        CorpusInfo {
            key: "sonnets",
            label: "Shakespeare: the Sonnets",
            description: "Shakespeare's 154 sonnets, 96 KB of verse",
            chars: 95_728,
            licence: SHAKESPEARE,
            file: "shakespeare-sonnets.txt",
        },
        CorpusInfo {
            key: "hamlet",
            label: "Shakespeare: Hamlet",
            description: "Hamlet, Prince of Denmark, the whole play, 174 KB",
            chars: 173_942,
            licence: SHAKESPEARE,
            file: "shakespeare-hamlet.txt",
        },
    ]
}

/// The catalogue entry of `key` (trimmed, any case).
pub fn info(key: &str) -> Result<CorpusInfo, TextError> {
    let k = key.trim().to_ascii_lowercase();
    list()
        .into_iter()
        .find(|c| c.key == k)
        .ok_or_else(|| TextError::UnknownCorpus {
            name: short_quote(key.trim()),
            known: list().iter().map(|c| c.key.to_string()).collect(),
        })
}

/// The bytes of a corpus file when this build has it compiled in.
#[cfg(feature = "builtin-datasets")]
pub fn embedded_bytes(file: &str) -> Option<&'static [u8]> {
    Some(match file {
        "shakespeare-sonnets.txt" => include_bytes!("../../data/corpora/shakespeare-sonnets.txt"),
        "shakespeare-hamlet.txt" => include_bytes!("../../data/corpora/shakespeare-hamlet.txt"),
        _ => return None,
    })
}

/// The bytes of a corpus file when this build has it compiled in (this build has none: the
/// `builtin-datasets` feature is off).
#[cfg(not(feature = "builtin-datasets"))]
pub fn embedded_bytes(_file: &str) -> Option<&'static [u8]> {
    None
}

/// Loads the corpus `key` as [`TextCorpus::from_bytes`] does, from `bytes` (the file as the page
/// fetched it) or, when `None`, the compiled-in copy. Messages name it `corpus KEY` whatever
/// `opts.source` says.
pub fn load(
    key: &str,
    bytes: Option<&[u8]>,
    opts: &TextOptions,
    min_chars: usize,
) -> Result<TextCorpus, TextError> {
    let info = info(key)?;
    let bytes =
        bytes
            .or_else(|| embedded_bytes(info.file))
            .ok_or_else(|| TextError::NotEmbedded {
                key: info.key.to_string(),
                file: info.file.to_string(),
            })?;
    let opts = TextOptions {
        source: format!("corpus {}", info.key),
        ..opts.clone()
    };
    let mut corpus = TextCorpus::from_bytes(bytes, &opts, min_chars)?;
    corpus.notes.insert(
        0,
        format!("{}: {} ({})", info.key, info.description, info.licence),
    );
    Ok(corpus)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_names_list_the_known_ones() {
        let e = info("macbeth").unwrap_err();
        assert_eq!(e.field(), Some("corpus"));
        let m = e.to_string();
        assert!(
            m.contains("'macbeth'") && m.contains("sonnets, hamlet"),
            "{m}"
        );
        assert_eq!(info(" Sonnets ").unwrap().key, "sonnets");
        let m = info(&"y".repeat(5000)).unwrap_err().to_string();
        assert!(m.len() < 150, "{m}");
    }

    #[test]
    fn given_bytes_load_without_the_compiled_in_copy() {
        let c = load(
            "hamlet",
            Some(b"To be, or not to be"),
            &TextOptions::default(),
            4,
        )
        .unwrap();
        assert_eq!(c.source, "corpus hamlet");
        assert_eq!(c.chars, 19);
        let e = TextError::NotEmbedded {
            key: "sonnets".into(),
            file: "shakespeare-sonnets.txt".into(),
        }
        .to_string();
        assert!(e.contains("shakespeare-sonnets.txt") && e.contains("builtin-datasets"));
    }

    #[cfg(feature = "builtin-datasets")]
    #[test]
    fn every_corpus_loads_with_its_listed_length() {
        for c in list() {
            let bytes = embedded_bytes(c.file).unwrap();
            assert_eq!(bytes.len(), c.chars, "{}", c.key);
            let corpus = load(c.key, None, &TextOptions::default(), 65).unwrap();
            assert_eq!(corpus.chars, c.chars, "{}", c.key);
            assert!(corpus.notes[0].contains("public domain"));
        }
    }
}
