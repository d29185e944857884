//! Property tests of text ingest: any bytes with any options give a corpus or an error (never a
//! panic, never a long message); a corpus's splits, ids and `<unk>` counts agree with its text,
//! and encoding the training text then decoding it gives the text back.

use proptest::prelude::*;
use rnn_playground::pipeline::text::{read_text, TextCorpus, TextOptions, UNK_CHAR, UNK_ID};

const BOM: char = '\u{FEFF}';

/// Options with fractions that are sometimes invalid, and sometimes lower-casing.
fn options() -> impl Strategy<Value = (TextOptions, usize)> {
    (
        any::<bool>(),
        prop_oneof![4 => 0.05f64..1.0, 1 => -0.5f64..1.5],
        prop_oneof![4 => 0.0f64..0.5, 1 => -0.5f64..1.5],
        0usize..40,
    )
        .prop_map(|(lowercase, train_frac, val_frac, min_chars)| {
            (
                TextOptions {
                    source: "prop.txt".to_string(),
                    lowercase,
                    train_frac,
                    val_frac,
                },
                min_chars,
            )
        })
}

/// Text-like strings: ASCII, accented and wide characters, CR/LF mixes, a BOM, a few controls.
fn texty() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        prop::collection::vec(
            prop_oneof![
                8 => "[a-zA-Z ,.;!?']{1,12}",
                2 => prop_oneof![Just("\n"), Just("\r\n"), Just("\r"), Just("\t")].prop_map(str::to_string),
                1 => "[éÉßİΣσ漢字😀]{1,3}",
                1 => "[\u{1}-\u{8}]",
            ],
            0..60,
        ),
    )
        .prop_map(|(bom, parts)| {
            let body = parts.concat();
            if bom {
                format!("{BOM}{body}")
            } else {
                body
            }
        })
}

/// What every accepted corpus satisfies.
fn check_corpus(c: &TextCorpus, opts: &TextOptions, min_chars: usize) -> Result<(), TestCaseError> {
    prop_assert_eq!(c.train.len() + c.val.len() + c.test.len(), c.chars);
    prop_assert!(c.train.len() >= min_chars.max(2));
    let v = c.vocab.len() as u32;
    for split in [&c.train, &c.val, &c.test] {
        prop_assert!(split.iter().all(|&id| id < v));
    }
    let unk = |s: &[u32]| s.iter().filter(|&&id| id == UNK_ID).count();
    prop_assert_eq!(c.unknown, [unk(&c.train), unk(&c.val), unk(&c.test)]);
    prop_assert_eq!(
        c.unknown[0],
        0,
        "the vocabulary is built on the training split"
    );
    // … and only on it: every character of the vocabulary occurs in the training split.
    let mut in_train = vec![false; c.vocab.len()];
    for &id in &c.train {
        in_train[id as usize] = true;
    }
    prop_assert!(
        in_train[1..].iter().all(|&seen| seen),
        "a vocabulary character is not in training"
    );
    // The split points are ⌊train_frac·n⌋ and ⌊(train_frac + val_frac)·n⌋.
    let n = c.chars as f64;
    prop_assert!(c.train.len() as f64 <= opts.train_frac * n + 1e-6);
    prop_assert!(c.train.len() as f64 > opts.train_frac * n - 1.0);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_give_a_corpus_or_a_short_error(
        bytes in prop::collection::vec(any::<u8>(), 0..600),
        (opts, min_chars) in options(),
    ) {
        match TextCorpus::from_bytes(&bytes, &opts, min_chars) {
            Ok(c) => check_corpus(&c, &opts, min_chars)?,
            Err(e) => {
                let m = e.to_string();
                prop_assert!(!m.is_empty() && m.len() < 300, "{}", m);
            }
        }
    }

    #[test]
    fn text_round_trips_through_the_training_vocabulary(
        text in texty(),
        (opts, min_chars) in options(),
    ) {
        let corpus = TextCorpus::from_bytes(text.as_bytes(), &opts, min_chars);
        let Ok(c) = corpus else { return Ok(()) };
        check_corpus(&c, &opts, min_chars)?;
        let normalised = read_text(text.as_bytes(), &opts).unwrap().text;
        // BOM removed, every CRLF pair of the input → LF (a lone CR stays), then lower-cased.
        let body = text.strip_prefix(BOM).unwrap_or(&text).replace("\r\n", "\n");
        let expected = if opts.lowercase { body.to_lowercase() } else { body };
        prop_assert_eq!(&normalised, &expected);
        let train_text: String = normalised.chars().take(c.train.len()).collect();
        prop_assert_eq!(c.vocab.decode(&c.train), train_text.clone());
        let (ids, unknown) = c.vocab.encode(&train_text);
        prop_assert_eq!(unknown, 0);
        prop_assert_eq!(&ids, &c.train);
        // Validation and test decode to their text, with <unk> for unseen characters.
        let rest: String = normalised.chars().skip(c.train.len()).collect();
        let decoded: String = c.vocab.decode(&c.val) + &c.vocab.decode(&c.test);
        prop_assert_eq!(decoded.chars().count(), rest.chars().count());
        for (d, r) in decoded.chars().zip(rest.chars()) {
            let same = d == r || (d == UNK_CHAR && c.vocab.id_of(r).is_none());
            prop_assert!(same);
        }
    }
}
