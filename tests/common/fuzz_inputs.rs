//! How the `csv_ingest` and `text_ingest` fuzz targets read their input, shared by the targets
//! (`fuzz/fuzz_targets/`) and the replay of saved inputs (`tests/fuzz_regressions.rs`) so that a
//! saved input means the same options in both. (Each target uses only its own part.)
#![allow(dead_code)]

use rnn_playground::metrics::ngram::{Ngram, Unigram, MAX_ORDER};
use rnn_playground::pipeline::text::{stream_rows, CharVocab, TextCorpus, TextOptions, UNK_ID};
use rnn_playground::pipeline::{CsvOptions, MissingPolicy};

/// Splits a fuzz input into its two option bytes and the file (inputs shorter than two bytes
/// are a file with option bytes 0).
pub fn split_option_bytes(data: &[u8]) -> (u8, u8, &[u8]) {
    match data {
        [a, b, rest @ ..] => (*a, *b, rest),
        _ => (0, 0, data),
    }
}

/// The CSV options the two bytes choose: delimiter, header and missing policy from `a`; value
/// column and row filter from `b`.
pub fn csv_options(a: u8, b: u8) -> CsvOptions {
    let mut opts = CsvOptions::new("fuzz.csv");
    opts.delimiter = [None, Some(b','), Some(b';'), Some(b'\t')][(a & 3) as usize];
    opts.has_header = [None, Some(true), Some(false), None][((a >> 2) & 3) as usize];
    opts.missing = [
        MissingPolicy::Error,
        MissingPolicy::Drop,
        MissingPolicy::Ffill,
        MissingPolicy::Error,
    ][((a >> 4) & 3) as usize];
    opts.column = match b & 0x0F {
        0 => None,
        9 => Some("close".to_string()),
        10 => Some("Value".to_string()),
        n => Some((n - 1).to_string()),
    };
    if b & 0x80 != 0 {
        opts.filter = Some((((b >> 4) & 3).to_string(), "a".to_string()));
    }
    opts
}

/// The text options byte `a` chooses: lower-casing (bit 0), the split fractions (bits 1–2:
/// 0.8/0.1, 0.6/0.2, 1/0, 0.9/0.1) and the training split's minimum (bits 3–7, times 4).
pub fn text_options(a: u8) -> (TextOptions, usize) {
    let (train_frac, val_frac) =
        [(0.8, 0.1), (0.6, 0.2), (1.0, 0.0), (0.9, 0.1)][((a >> 1) & 3) as usize];
    let opts = TextOptions {
        source: "fuzz.txt".to_string(),
        lowercase: a & 1 == 1,
        train_frac,
        val_frac,
    };
    (opts, (a >> 3) as usize * 4)
}

/// The `text_ingest` target: reads `text` with the options of `a`, and on success checks the
/// corpus (splits, ids, `<unk>` counts, vocabulary list round trip, decode), cuts the training ids
/// into `(b & 15) + 1` rows and fits both baselines (n-gram order `b >> 4` mod 7 + 1), whose bits
/// per character must be finite. Panics on a broken invariant; returns a refusal's message.
pub fn text_ingest(a: u8, b: u8, text: &[u8]) -> Result<(), String> {
    let (opts, min_chars) = text_options(a);
    let c = TextCorpus::from_bytes(text, &opts, min_chars).map_err(|e| e.to_string())?;
    assert_eq!(c.train.len() + c.val.len() + c.test.len(), c.chars);
    assert!(c.train.len() >= min_chars.max(2));
    let v = c.vocab.len();
    let unk = |s: &[u32]| s.iter().filter(|&&id| id == UNK_ID).count();
    assert_eq!(c.unknown, [0, unk(&c.val), unk(&c.test)]);
    for split in [&c.train, &c.val, &c.test] {
        assert!(split.iter().all(|&id| (id as usize) < v));
    }
    assert_eq!(
        CharVocab::from_list(&c.vocab.to_list()).as_ref(),
        Ok(&c.vocab)
    );
    let decoded = c.vocab.decode(&c.train);
    assert_eq!(c.vocab.encode(&decoded), (c.train.clone(), 0));
    let batch = (b & 15) as usize + 1;
    if let Ok((rows, row_len)) = stream_rows(&c.train, batch) {
        assert_eq!(rows.len(), batch * row_len);
        assert_eq!(rows[..], c.train[..rows.len()]);
    }
    let order = (b >> 4) as usize % MAX_ORDER + 1;
    let ngram = Ngram::fit(&c.train, v, order).expect("n-gram fit on valid ids");
    let unigram = Unigram::fit(&c.train, v).expect("unigram fit on valid ids");
    for split in [&c.train, &c.val, &c.test] {
        if split.len() >= 2 {
            let bpc = ngram.bits_per_char(order, split).expect("n-gram bpc");
            assert!(bpc.is_finite() && bpc >= 0.0, "n-gram {bpc}");
            let bpc = unigram.bits_per_char(split).expect("unigram bpc");
            assert!(bpc.is_finite() && bpc >= 0.0, "unigram {bpc}");
        }
    }
    Ok(())
}
