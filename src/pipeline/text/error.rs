//! The error type of text ingest: every variant names its source and where (byte offset and line,
//! split, list entry), and quotes at most a short prefix of anything the user gave.

use std::fmt;

use crate::pipeline::PipelineError;

/// Everything that can go wrong between text bytes and id vectors.
#[derive(Clone, Debug, PartialEq)]
pub enum TextError {
    /// More bytes than [`super::MAX_TEXT_BYTES`].
    TooLarge {
        /// Where the text came from (file name, `paste`, corpus).
        source: String,
        /// Size of the input in bytes.
        bytes: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// The bytes start with a UTF-16 byte-order mark.
    Utf16 {
        /// Where the text came from.
        source: String,
    },
    /// A NUL byte, or too many control characters: not a text file.
    Binary {
        /// Where the text came from.
        source: String,
        /// Byte offset (0-based, in the input as given) of the first offending byte.
        offset: usize,
        /// What was found (`a NUL byte`, `120 of 400 characters are control characters`).
        reason: String,
    },
    /// The bytes are not valid UTF-8.
    InvalidUtf8 {
        /// Where the text came from.
        source: String,
        /// Byte offset (0-based, in the input as given) of the first invalid byte.
        offset: usize,
        /// 1-based line of that byte.
        line: usize,
        /// The invalid byte, or `None` when the input ends inside a character.
        byte: Option<u8>,
    },
    /// No characters (after removing a byte-order mark), or only whitespace.
    Empty {
        /// Where the text came from.
        source: String,
        /// `true` when there were characters but all of them whitespace.
        whitespace_only: bool,
    },
    /// A split holds fewer characters than it needs.
    TooShort {
        /// Where the text came from.
        source: String,
        /// `train`, `val` or `test`.
        split: &'static str,
        /// Characters in that split.
        chars: usize,
        /// Characters it needs.
        needed: usize,
        /// Characters in the whole text.
        total: usize,
    },
    /// A vocabulary list (from a model file) is not `["<unk>", c1, c2, …]` with one character per
    /// entry in increasing code-point order.
    BadVocabulary {
        /// 0-based index of the offending entry.
        index: usize,
        /// What is wrong with it (quotes a short prefix).
        message: String,
    },
    /// `stream_rows` was given too few ids for its batch.
    TooFewForRows {
        /// Ids given.
        ids: usize,
        /// Rows asked for.
        batch: usize,
    },
    /// The corpus name is not in the catalogue.
    UnknownCorpus {
        /// The name given, shortened for quoting.
        name: String,
        /// The known names.
        known: Vec<String>,
    },
    /// A built-in corpus asked for in a build without its file and without its text.
    NotEmbedded {
        /// The corpus key.
        key: String,
        /// Its file name.
        file: String,
    },
    /// A bad option (`train_frac`, `val_frac`), as the series pipeline reports it.
    Config(PipelineError),
}

impl TextError {
    /// The configuration key this error is about (`train_frac`, `val_frac`, `corpus`), if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            TextError::Config(e) => e.field(),
            TextError::UnknownCorpus { .. } | TextError::NotEmbedded { .. } => Some("corpus"),
            _ => None,
        }
    }
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use TextError::*;
        match self {
            TooLarge { source, bytes, limit } => write!(
                f,
                "{source}: the text has {bytes} bytes, more than the limit of {limit} bytes ({} MB)",
                limit / (1024 * 1024)
            ),
            Utf16 { source } => write!(f, "{source}: the text is UTF-16 encoded; save it as UTF-8"),
            Binary { source, offset, reason } => write!(
                f,
                "{source}: this looks like a binary file, not text: {reason} (first at byte \
                 {offset})"
            ),
            InvalidUtf8 { source, offset, line, byte: Some(b) } => write!(
                f,
                "{source}: invalid UTF-8 at byte {offset} (line {line}, byte 0x{b:02X}); save \
                 the text as UTF-8"
            ),
            InvalidUtf8 { source, offset, line, byte: None } => write!(
                f,
                "{source}: invalid UTF-8 at byte {offset} (line {line}): the text ends inside a \
                 character; save the text as UTF-8"
            ),
            Empty { source, whitespace_only: false } => write!(f, "{source}: the text is empty"),
            Empty { source, whitespace_only: true } => {
                write!(f, "{source}: the text holds only whitespace")
            }
            TooShort { source, split, chars, needed, total } => write!(
                f,
                "{source}: the {} split has {chars} characters (of {total} in the text), fewer \
                 than the {needed} it needs; give a longer text{}",
                split_word(split),
                if *split == "train" { " or a shorter chunk" } else { " or a larger fraction" }
            ),
            BadVocabulary { index, message } => {
                write!(f, "vocabulary entry {index}: {message}")
            }
            TooFewForRows { ids, batch } => write!(
                f,
                "{ids} characters cannot fill {batch} rows of at least 2 characters each (need \
                 {}): use a smaller batch or a longer text",
                batch.saturating_mul(2)
            ),
            UnknownCorpus { name, known } => write!(
                f,
                "unknown corpus '{name}' (built-in corpora: {})",
                known.join(", ")
            ),
            NotEmbedded { key, file } => write!(
                f,
                "corpus '{key}' needs the text of its file {file}: this build does not include \
                 the built-in data (cargo feature builtin-datasets)"
            ),
            Config(e) => write!(f, "{e}"),
        }
    }
}

/// `training`, `validation`, `test` for messages.
fn split_word(split: &str) -> &str {
    match split {
        "train" => "training",
        "val" => "validation",
        other => other,
    }
}

impl std::error::Error for TextError {}

impl From<PipelineError> for TextError {
    fn from(e: PipelineError) -> Self {
        TextError::Config(e)
    }
}
