//! Text for the character-level language model: bytes → checked UTF-8 → normalised text →
//! contiguous train / validation / test splits → a character vocabulary built on the training
//! split → id vectors → the B contiguous rows that truncated BPTT reads.
//!
//! The rules, in the order they are applied by [`read_text`] and [`TextCorpus::from_bytes`]:
//! - **Size**: more than [`MAX_TEXT_BYTES`] (50 MB, the page's CSV limit too) is refused before
//!   anything else is read.
//! - **Encoding**: a UTF-16 byte-order mark is refused ("save it as UTF-8"); a NUL byte means a
//!   binary file (the message names its byte offset); invalid UTF-8 is refused naming the byte
//!   offset, line and value of the first invalid byte. Offsets count from the first byte given,
//!   byte-order mark included.
//! - **Binary**: more than [`MAX_CONTROL_SHARE`] (5 %) of the characters being control
//!   characters other than tab, line feed, carriage return and form feed is refused as binary.
//! - **Byte-order mark**: a leading UTF-8 BOM (U+FEFF) is removed.
//! - **Line ends**: CRLF is normalised to LF (a file saved on Windows gives the same ids); a
//!   lone CR is kept as it is.
//! - **Lower-casing** ([`TextOptions::lowercase`]): Unicode's full lower-case mapping of the
//!   whole text (`str::to_lowercase`), before splitting.
//! - **Empty**: no characters, or whitespace only, is refused.
//! - **Splits**: by character, contiguous and never shuffled: `[0, ⌊train_frac·n⌋)` train,
//!   then validation to `⌊(train_frac + val_frac)·n⌋`, the rest test (the series pipeline's
//!   [`SplitBounds`]). The training split must hold at least `min_chars` characters (and 2); a
//!   validation or test split whose share is not 0 must hold at least 2 (one input, one target).
//! - **Vocabulary** ([`CharVocab`]): `<unk>` is id 0, then the training split's characters by
//!   code point; validation and test characters not seen in training become `<unk>` and are
//!   counted ([`TextCorpus::unknown`]).
//!
//! Messages quote at most a short prefix of any user text ([`crate::vocab::short_quote`]).

mod char_vocab;
mod error;

pub use char_vocab::{CharVocab, UNK_CHAR, UNK_ID, UNK_TOKEN};
pub use error::TextError;

use super::window::check_fractions;
use super::SplitBounds;

/// Largest text accepted, in bytes: 50 MB, the same as the page's CSV limit (`MAX_CSV_BYTES` in
/// `www/data-input.js`). Listed with the other limits in `docs/reliability.md`.
pub const MAX_TEXT_BYTES: usize = 50 * 1024 * 1024;

/// Largest share of control characters (other than tab, LF, CR, form feed) in a text; above it
/// the input is refused as binary.
pub const MAX_CONTROL_SHARE: f64 = 0.05;

/// How to read a text.
#[derive(Clone, Debug, PartialEq)]
pub struct TextOptions {
    /// Name used in messages (file name, `paste`, `corpus sonnets`).
    pub source: String,
    /// Lower-case the whole text before splitting (default `false`).
    pub lowercase: bool,
    /// Share of the characters in the training split, in (0, 1] (default 0.8).
    pub train_frac: f64,
    /// Share in the validation split, in [0, 1) (default 0.1); test gets the rest.
    pub val_frac: f64,
}

impl Default for TextOptions {
    fn default() -> Self {
        TextOptions {
            source: "text".to_string(),
            lowercase: false,
            train_frac: 0.8,
            val_frac: 0.1,
        }
    }
}

impl TextOptions {
    /// Default options with a source name for messages.
    pub fn new(source: &str) -> Self {
        TextOptions {
            source: source.to_string(),
            ..TextOptions::default()
        }
    }
}

/// A text after the encoding checks and normalisation of [`read_text`].
#[derive(Clone, Debug, PartialEq)]
pub struct DecodedText {
    /// The normalised text (BOM removed, CRLF → LF, lower-cased if asked).
    pub text: String,
    /// What was changed, one line each (`removed a UTF-8 byte-order mark`, …).
    pub notes: Vec<String>,
}

/// Checks and normalises text bytes (every rule of the module doc up to "Empty").
pub fn read_text(bytes: &[u8], opts: &TextOptions) -> Result<DecodedText, TextError> {
    let source = || opts.source.clone();
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(TextError::TooLarge {
            source: source(),
            bytes: bytes.len(),
            limit: MAX_TEXT_BYTES,
        });
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(TextError::Utf16 { source: source() });
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err(TextError::Binary {
            source: source(),
            offset,
            reason: "it holds a NUL byte (a UTF-16 file without a byte-order mark has them too)"
                .to_string(),
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        TextError::InvalidUtf8 {
            source: source(),
            offset,
            line: bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1,
            byte: e.error_len().map(|_| bytes[offset]),
        }
    })?;
    let mut notes = Vec::new();
    let (text, bom) = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => {
            notes.push("removed a UTF-8 byte-order mark".to_string());
            (rest, 3)
        }
        None => (text, 0),
    };
    check_control_share(text, bom, opts)?;
    let crlf = text.matches("\r\n").count();
    let mut text = if crlf > 0 {
        notes.push(format!("normalised {crlf} CRLF line ends to LF"));
        text.replace("\r\n", "\n")
    } else {
        text.to_string()
    };
    if opts.lowercase {
        text = text.to_lowercase();
        notes.push("lower-cased".to_string());
    }
    if text.is_empty() || text.chars().all(char::is_whitespace) {
        return Err(TextError::Empty {
            source: source(),
            whitespace_only: !text.is_empty(),
        });
    }
    Ok(DecodedText { text, notes })
}

/// A control character that a text file does not normally hold.
fn is_binary_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C')
}

/// Refuses a text in which more than [`MAX_CONTROL_SHARE`] of the characters are controls.
fn check_control_share(text: &str, bom: usize, opts: &TextOptions) -> Result<(), TextError> {
    let (mut total, mut control, mut first) = (0usize, 0usize, None);
    for (i, c) in text.char_indices() {
        total += 1;
        if is_binary_control(c) {
            control += 1;
            first.get_or_insert(i + bom);
        }
    }
    if total > 0 && control as f64 > MAX_CONTROL_SHARE * total as f64 {
        return Err(TextError::Binary {
            source: opts.source.clone(),
            offset: first.unwrap_or(0),
            reason: format!(
                "{control} of {total} characters are control characters (at most {}% may be)",
                MAX_CONTROL_SHARE * 100.0
            ),
        });
    }
    Ok(())
}

/// A text split into training, validation and test ids over one vocabulary.
#[derive(Clone, Debug, PartialEq)]
pub struct TextCorpus {
    /// Where the text came from (for messages).
    pub source: String,
    /// The vocabulary: built on the training split ([`TextCorpus::from_bytes`]) or given
    /// ([`TextCorpus::from_bytes_with_vocab`]).
    pub vocab: CharVocab,
    /// Ids of the training split, in text order.
    pub train: Vec<u32>,
    /// Ids of the validation split (follows the training split in the text).
    pub val: Vec<u32>,
    /// Ids of the test split (the end of the text).
    pub test: Vec<u32>,
    /// Characters mapped to `<unk>` in the train, val and test splits (train is always 0 when
    /// the vocabulary was built here).
    pub unknown: [usize; 3],
    /// Characters of the whole normalised text.
    pub chars: usize,
    /// What was done to the text, one line each (normalisation, split sizes, vocabulary).
    pub notes: Vec<String>,
}

impl TextCorpus {
    /// Reads `bytes` with `opts` and builds the vocabulary on the training split, which must
    /// hold at least `min_chars` characters (a trainer on chunks of T passes at least T + 1).
    pub fn from_bytes(
        bytes: &[u8],
        opts: &TextOptions,
        min_chars: usize,
    ) -> Result<TextCorpus, TextError> {
        build(bytes, opts, min_chars, None)
    }

    /// As [`TextCorpus::from_bytes`], but encodes every split with `vocab` (a pretrained
    /// model's, for fine-tuning): characters it lacks become `<unk>` in any split and are
    /// counted in [`TextCorpus::unknown`].
    pub fn from_bytes_with_vocab(
        bytes: &[u8],
        opts: &TextOptions,
        min_chars: usize,
        vocab: &CharVocab,
    ) -> Result<TextCorpus, TextError> {
        build(bytes, opts, min_chars, Some(vocab))
    }

    /// All characters mapped to `<unk>`, over the three splits.
    pub fn unknown_count(&self) -> usize {
        self.unknown.iter().sum()
    }
}

/// The ids of `text` under `vocab` and how many characters became `<unk>` (the text is taken as
/// it is; see [`CharVocab::encode`]).
pub fn encode_with(vocab: &CharVocab, text: &str) -> (Vec<u32>, usize) {
    vocab.encode(text)
}

fn build(
    bytes: &[u8],
    opts: &TextOptions,
    min_chars: usize,
    given: Option<&CharVocab>,
) -> Result<TextCorpus, TextError> {
    check_fractions(opts.train_frac, opts.val_frac)?;
    let DecodedText { text, mut notes } = read_text(bytes, opts)?;
    let chars: Vec<char> = text.chars().collect();
    drop(text);
    let n = chars.len();
    let b = SplitBounds::new(n, opts.train_frac, opts.val_frac);
    let parts = [
        &chars[..b.train_end],
        &chars[b.train_end..b.val_end],
        &chars[b.val_end..],
    ];
    let test_share = 1.0 - opts.train_frac - opts.val_frac;
    let needs = [
        min_chars.max(2),
        if opts.val_frac > 0.0 { 2 } else { 0 },
        if test_share > 1e-9 { 2 } else { 0 },
    ];
    for ((split, part), needed) in ["train", "val", "test"].into_iter().zip(parts).zip(needs) {
        if part.len() < needed {
            return Err(TextError::TooShort {
                source: opts.source.clone(),
                split,
                chars: part.len(),
                needed,
                total: n,
            });
        }
    }
    let vocab = match given {
        Some(v) => v.clone(),
        None => CharVocab::from_chars(parts[0].iter().copied()),
    };
    let mut ids: [Vec<u32>; 3] = Default::default();
    let mut unknown = [0usize; 3];
    for (k, part) in parts.iter().enumerate() {
        ids[k] = part
            .iter()
            .map(|&c| {
                vocab.id_of(c).unwrap_or_else(|| {
                    unknown[k] += 1;
                    UNK_ID
                })
            })
            .collect();
    }
    notes.push(format!(
        "split {}/{}/{} characters (train/val/test, contiguous)",
        parts[0].len(),
        parts[1].len(),
        parts[2].len()
    ));
    notes.push(format!(
        "vocabulary: {} characters and <unk> (id {UNK_ID}){}",
        vocab.len() - 1,
        if given.is_some() {
            ", from the model"
        } else {
            ", built on the training split"
        }
    ));
    if unknown.iter().any(|&u| u > 0) {
        notes.push(format!(
            "characters not in the vocabulary, read as <unk>: {} train, {} val, {} test",
            unknown[0], unknown[1], unknown[2]
        ));
    }
    let [train, val, test] = ids;
    Ok(TextCorpus {
        source: opts.source.clone(),
        vocab,
        train,
        val,
        test,
        unknown,
        chars: n,
        notes,
    })
}

/// Cuts a stream of ids into `batch` contiguous rows, the classic char-rnn layout: row `b` is
/// `ids[b·row_len .. (b+1)·row_len]` with `row_len = ⌊len / batch⌋` (the last `len mod batch`
/// ids are dropped). Returns the rows row-major, shape `(batch, row_len)`, and `row_len`.
/// Truncated BPTT step `k` with chunk `T` feeds `x = rows[:, kT..(k+1)T]` and targets
/// `y = rows[:, kT+1..(k+1)T+1]` ([`copy_chunk`]); there are [`chunk_count`] full steps.
/// Refused when a row would hold fewer than 2 ids (or `batch` is 0).
pub fn stream_rows(ids: &[u32], batch: usize) -> Result<(Vec<u32>, usize), TextError> {
    if batch == 0 || ids.len() / batch < 2 {
        return Err(TextError::TooFewForRows {
            ids: ids.len(),
            batch,
        });
    }
    let row_len = ids.len() / batch;
    Ok((ids[..batch * row_len].to_vec(), row_len))
}

/// Number of full chunks of `chunk` inputs (each with its next-id targets) in a row of
/// `row_len` ids: `⌊(row_len − 1) / chunk⌋` (0 when `chunk` is 0).
pub fn chunk_count(row_len: usize, chunk: usize) -> usize {
    row_len
        .saturating_sub(1)
        .checked_div(chunk)
        .unwrap_or_default()
}

/// Copies the inputs `x = rows[:, start..start+len]` and targets `y = rows[:, start+1..
/// start+len+1]` of every row into `x` and `y`, both `(batch, len)` row-major, where
/// `batch = rows.len() / row_len`. A last, shorter chunk is read by passing a smaller `len`.
///
/// # Panics
/// When `start + len + 1 > row_len`, `rows.len()` is not a multiple of `row_len`, or `x`/`y`
/// are not `batch·len` long: a caller's bug, never a property of the text.
pub fn copy_chunk(
    rows: &[u32],
    row_len: usize,
    start: usize,
    len: usize,
    x: &mut [u32],
    y: &mut [u32],
) {
    assert!(
        row_len > 0 && rows.len() % row_len == 0,
        "copy_chunk: {} ids are not rows of {row_len}",
        rows.len()
    );
    assert!(
        start + len < row_len,
        "copy_chunk: chunk {start}..{} and its targets do not fit in rows of {row_len}",
        start + len
    );
    let batch = rows.len() / row_len;
    assert!(
        x.len() == batch * len && y.len() == batch * len,
        "copy_chunk: x and y must hold {batch}·{len} ids"
    );
    for b in 0..batch {
        let row = &rows[b * row_len..(b + 1) * row_len];
        x[b * len..(b + 1) * len].copy_from_slice(&row[start..start + len]);
        y[b * len..(b + 1) * len].copy_from_slice(&row[start + 1..start + len + 1]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_chunks_follow_the_golden_layout() {
        let ids: Vec<u32> = (0..23).collect();
        let (rows, row_len) = stream_rows(&ids, 3).unwrap();
        assert_eq!(row_len, 7);
        assert_eq!(rows, (0..21).collect::<Vec<u32>>());
        assert_eq!(chunk_count(row_len, 3), 2);
        let (mut x, mut y) = (vec![0; 6], vec![0; 6]);
        copy_chunk(&rows, row_len, 3, 2, &mut x, &mut y);
        assert_eq!(x, [3, 4, 10, 11, 17, 18]);
        assert_eq!(y, [4, 5, 11, 12, 18, 19]);
        assert!(stream_rows(&ids, 12).is_err());
        assert!(stream_rows(&ids, 0).is_err());
        assert_eq!(stream_rows(&ids, 11).unwrap().1, 2);
    }

    #[test]
    #[should_panic(expected = "do not fit")]
    fn a_chunk_past_the_row_is_a_bug() {
        let (mut x, mut y) = (vec![0; 3], vec![0; 3]);
        copy_chunk(&[0; 9], 3, 0, 3, &mut x, &mut y);
    }
}
