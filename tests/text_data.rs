//! Text ingest for the character-level language model: split rules, the vocabulary, lower-casing,
//! normalisation, every bad-input class with its message, and the built-in corpora.

use rnn_playground::pipeline::corpora;
use rnn_playground::pipeline::text::{
    read_text, stream_rows, CharVocab, TextCorpus, TextError, TextOptions, MAX_TEXT_BYTES, UNK_ID,
};

fn opts() -> TextOptions {
    TextOptions::new("poem.txt")
}

fn err(bytes: &[u8], min_chars: usize) -> (TextError, String) {
    let e = TextCorpus::from_bytes(bytes, &opts(), min_chars).unwrap_err();
    let m = e.to_string();
    (e, m)
}

#[test]
fn splits_are_contiguous_in_text_order_by_fraction() {
    // 100 characters: 80 train, 10 val, 10 test, in text order (never shuffled).
    let text: String = "the quick brown fox jumps over a lazy dog. "
        .chars()
        .cycle()
        .take(100)
        .collect();
    let c = TextCorpus::from_bytes(text.as_bytes(), &opts(), 10).unwrap();
    assert_eq!((c.train.len(), c.val.len(), c.test.len()), (80, 10, 10));
    assert_eq!(c.chars, 100);
    assert_eq!(c.vocab.decode(&c.train), text[..80]);
    assert_eq!(c.vocab.decode(&c.val), text[80..90]);
    assert_eq!(c.vocab.decode(&c.test), text[90..]);
    assert_eq!(c.unknown, [0, 0, 0]);

    // Other fractions: ⌊0.6·n⌋ and ⌊0.85·n⌋ (0.85·20 stays 17, not 16).
    let o = TextOptions {
        train_frac: 0.6,
        val_frac: 0.25,
        ..opts()
    };
    let c = TextCorpus::from_bytes(&text.as_bytes()[..20], &o, 2).unwrap();
    assert_eq!((c.train.len(), c.val.len(), c.test.len()), (12, 5, 3));
    // No test split when train + val = 1; no validation split when val_frac = 0.
    let o = TextOptions {
        train_frac: 0.9,
        val_frac: 0.1,
        ..opts()
    };
    let c = TextCorpus::from_bytes(text.as_bytes(), &o, 2).unwrap();
    assert_eq!((c.train.len(), c.val.len(), c.test.len()), (90, 10, 0));
    let o = TextOptions {
        train_frac: 0.9,
        val_frac: 0.0,
        ..opts()
    };
    let c = TextCorpus::from_bytes(text.as_bytes(), &o, 2).unwrap();
    assert_eq!((c.train.len(), c.val.len(), c.test.len()), (90, 0, 10));
}

#[test]
fn the_vocabulary_is_built_on_the_training_split_only() {
    // Train "abcabcabcabcabca" (16), val "cZ", test "Q!": Z, Q and ! are unseen in training.
    let c = TextCorpus::from_bytes(b"abcabcabcabcabcacZQ!", &opts(), 4).unwrap();
    assert_eq!(c.vocab.chars(), &['a', 'b', 'c']);
    assert_eq!(c.vocab.len(), 4);
    assert_eq!(c.vocab.id_of('Z'), None);
    assert_eq!(c.val, [3, UNK_ID]);
    assert_eq!(c.test, [UNK_ID, UNK_ID]);
    assert_eq!(c.unknown, [0, 1, 2]);
    assert_eq!(c.unknown_count(), 3);
    assert!(
        c.notes.iter().any(|n| n.contains("0 train, 1 val, 2 test")),
        "{:?}",
        c.notes
    );
    // Ids follow code points after <unk> = 0.
    assert_eq!(c.train[..3], [1, 2, 3]);
}

#[test]
fn a_given_vocabulary_counts_unknown_characters_in_every_split() {
    let vocab = CharVocab::from_chars("ab".chars());
    let text = format!("abxa{}ybab", "ab".repeat(6));
    let c = TextCorpus::from_bytes_with_vocab(text.as_bytes(), &opts(), 2, &vocab).unwrap();
    assert_eq!(c.vocab, vocab);
    assert_eq!(c.unknown, [1, 1, 0]);
    assert_eq!(c.train[2], UNK_ID);
    assert!(c.notes.iter().any(|n| n.contains("from the model")));
    let (ids, unknown) = rnn_playground::pipeline::text::encode_with(&vocab, "abc");
    assert_eq!((ids, unknown), (vec![1, 2, UNK_ID], 1));
}

#[test]
fn lowercasing_is_optional_and_applies_before_the_split() {
    let text = b"ABab ABab ABab ABab XY";
    let c = TextCorpus::from_bytes(text, &opts(), 2).unwrap();
    assert!(c.vocab.id_of('A').is_some());
    let lower = TextOptions {
        lowercase: true,
        ..opts()
    };
    let c = TextCorpus::from_bytes(text, &lower, 2).unwrap();
    assert_eq!(c.vocab.chars(), &[' ', 'a', 'b']);
    assert_eq!(c.vocab.decode(&c.test), " \u{FFFD}\u{FFFD}");
    assert!(c.notes.iter().any(|n| n == "lower-cased"));
}

#[test]
fn bom_is_removed_crlf_becomes_lf_and_a_lone_cr_stays() {
    let d = read_text(b"\xEF\xBB\xBFone\r\ntwo\rthree\r\n", &opts()).unwrap();
    assert_eq!(d.text, "one\ntwo\rthree\n");
    assert!(d.notes.iter().any(|n| n.contains("byte-order mark")));
    assert!(d.notes.iter().any(|n| n.contains("2 CRLF")));
}

#[test]
fn empty_bom_only_and_whitespace_only_texts_are_refused() {
    for bytes in [&b""[..], b"\xEF\xBB\xBF"] {
        let (e, m) = err(bytes, 2);
        assert!(matches!(e, TextError::Empty { .. }), "{m}");
        assert_eq!(m, "poem.txt: the text is empty");
    }
    let (_, m) = err(b" \n\t\r\n ", 2);
    assert_eq!(m, "poem.txt: the text holds only whitespace");
}

#[test]
fn invalid_utf8_names_the_byte_offset_and_line() {
    // Latin-1 "été" on line 2: the first é (0xE9) is byte 7.
    let (e, m) = err(b"hello\n\xE9t\xE9\n", 2);
    assert!(
        matches!(
            e,
            TextError::InvalidUtf8 {
                offset: 6,
                line: 2,
                byte: Some(0xE9),
                ..
            }
        ),
        "{m}"
    );
    assert!(
        m.contains("poem.txt")
            && m.contains("invalid UTF-8 at byte 6")
            && m.contains("line 2")
            && m.contains("0xE9"),
        "{m}"
    );
    // Offsets count the BOM; a text cut inside a character says so.
    let (_, m) = err(b"\xEF\xBB\xBFab\xC3", 2);
    assert!(
        m.contains("at byte 5") && m.contains("ends inside a character"),
        "{m}"
    );
    let (e, m) = err(b"\xFF\xFEa\0b\0", 2);
    assert!(
        matches!(e, TextError::Utf16 { .. }) && m.contains("UTF-16"),
        "{m}"
    );
}

#[test]
fn binary_input_is_refused_naming_where() {
    let (e, m) = err(b"abc\0def", 2);
    assert!(matches!(e, TextError::Binary { offset: 3, .. }), "{m}");
    assert!(
        m.contains("binary") && m.contains("NUL") && m.contains("byte 3"),
        "{m}"
    );
    // UTF-16 without a byte-order mark is full of NULs.
    let (_, m) = err(b"h\0i\0", 2);
    assert!(m.contains("byte 1") && m.contains("UTF-16"), "{m}");
    // Control characters: 10 of 100 (10 %) is binary, 5 of 100 is still text.
    let mut bytes = vec![b'a'; 90];
    bytes.splice(40..40, [0x01u8; 10]);
    let (e, m) = err(&bytes, 2);
    assert!(matches!(e, TextError::Binary { offset: 40, .. }), "{m}");
    assert!(
        m.contains("10 of 100 characters are control characters"),
        "{m}"
    );
    let mut bytes = vec![b'a'; 95];
    bytes.splice(0..0, [0x1Bu8; 5]);
    assert!(TextCorpus::from_bytes(&bytes, &opts(), 2).is_ok());
    // Tabs, line ends and form feeds are text.
    let tabs = b"\t\t\x0c\n\r\ta\tb\tc\td".repeat(2);
    assert!(TextCorpus::from_bytes(&tabs, &opts(), 2).is_ok());
}

#[test]
fn a_text_shorter_than_one_chunk_is_refused_with_the_numbers() {
    // 50 characters → 40 train, which is fewer than a chunk of 64 + 1.
    let text = "x".repeat(50);
    let (e, m) = err(text.as_bytes(), 65);
    assert!(
        matches!(
            e,
            TextError::TooShort {
                split: "train",
                chars: 40,
                needed: 65,
                total: 50,
                ..
            }
        ),
        "{m}"
    );
    assert_eq!(
        m,
        "poem.txt: the training split has 40 characters (of 50 in the text), fewer than the 65 \
         it needs; give a longer text or a shorter chunk"
    );
    assert!(TextCorpus::from_bytes(text.as_bytes(), &opts(), 40).is_ok());
    // 10 characters: validation and test get 1 each, fewer than one input and one target.
    let (_, m) = err(b"abcdefghij", 2);
    assert!(m.contains("validation split has 1 characters"), "{m}");
    // 20 characters with val 0.19: train 16, validation 3, test 1.
    let o = TextOptions {
        val_frac: 0.19,
        ..opts()
    };
    let e = TextCorpus::from_bytes(b"abcdefghijklmnopqrst", &o, 2).unwrap_err();
    assert!(matches!(
        e,
        TextError::TooShort {
            split: "test",
            chars: 1,
            needed: 2,
            ..
        }
    ));
    assert!(e.to_string().contains("test split has 1 characters"), "{e}");
}

#[test]
fn too_large_texts_and_bad_fractions_are_refused() {
    let big = vec![b'a'; MAX_TEXT_BYTES + 1];
    let (e, m) = err(&big, 2);
    assert!(matches!(e, TextError::TooLarge { .. }), "{m}");
    assert!(
        m.contains(&format!("{} bytes", MAX_TEXT_BYTES + 1)) && m.contains("50 MB"),
        "{m}"
    );
    let o = TextOptions {
        train_frac: 0.8,
        val_frac: 0.3,
        ..opts()
    };
    let e = TextCorpus::from_bytes(b"abcdefghijkl", &o, 2).unwrap_err();
    assert_eq!(e.field(), Some("val_frac"));
    let o = TextOptions {
        train_frac: 0.0,
        ..opts()
    };
    let e = TextCorpus::from_bytes(b"abcdefghijkl", &o, 2).unwrap_err();
    assert_eq!(e.field(), Some("train_frac"));
}

#[test]
fn stream_rows_cut_the_training_ids_into_contiguous_rows() {
    let c = TextCorpus::from_bytes(b"abcdefghijklmnopqrstuvwxyz0123", &opts(), 2).unwrap();
    let (rows, row_len) = stream_rows(&c.train, 4).unwrap();
    assert_eq!(row_len, 6);
    assert_eq!(c.vocab.decode(&rows[6..12]), "ghijkl");
    let m = stream_rows(&c.train, 13).unwrap_err().to_string();
    assert!(m.contains("24 characters cannot fill 13 rows"), "{m}");
}

#[test]
fn the_shipped_corpora_load_split_0_8_0_1_0_1() {
    let names: Vec<&str> = corpora::list().iter().map(|c| c.key).collect();
    assert_eq!(names, ["sonnets", "hamlet"]);
    let s = corpora::load("sonnets", None, &TextOptions::default(), 65).unwrap();
    assert_eq!(
        (s.train.len(), s.val.len(), s.test.len()),
        (76_582, 9_573, 9_573)
    );
    assert_eq!(s.source, "corpus sonnets");
    let h = corpora::load("Hamlet", None, &TextOptions::default(), 65).unwrap();
    assert_eq!(h.chars, 173_942);
    // Every character of both texts is ASCII; the vocabulary holds what training saw.
    assert!(s.vocab.chars().iter().all(char::is_ascii));
    assert!(h.vocab.len() > 50 && s.vocab.len() > 50);
    let e = corpora::load("macbeth", None, &TextOptions::default(), 65).unwrap_err();
    assert!(e.to_string().contains("sonnets, hamlet"));
}

#[test]
fn on_the_shipped_corpora_the_n_gram_beats_the_unigram_by_far() {
    use rnn_playground::metrics::ngram::{TextBaselines, MAX_ORDER};
    for key in ["sonnets", "hamlet"] {
        let c = corpora::load(key, None, &TextOptions::default(), 65).unwrap();
        let b = TextBaselines::fit(&c.train, &c.val, &c.test, c.vocab.len(), MAX_ORDER).unwrap();
        println!(
            "{key}: V {} unknown {:?}; unigram val {:.3} test {:.3}; n-gram order {} val {:.3} \
             test {:.3}; val by order {:?}",
            c.vocab.len(),
            c.unknown,
            b.unigram_val_bpc,
            b.unigram_test_bpc.unwrap(),
            b.ngram_order,
            b.ngram_val_bpc,
            b.ngram_test_bpc.unwrap(),
            b.ngram_val_bpc_by_order
                .iter()
                .map(|x| (x * 1000.0).round() / 1000.0)
                .collect::<Vec<_>>()
        );
        // A unigram over ~60 characters of English is about 4.5 bits; a character n-gram of a
        // few orders is below 3 (PyTorch-side reference on the Sonnets: 4.53 and 2.53).
        let uni = b.unigram_test_bpc.unwrap();
        assert!((4.2..4.9).contains(&uni), "{key} unigram {uni}");
        let ng = b.ngram_test_bpc.unwrap();
        assert!(ng < 3.0 && ng > 1.5, "{key} n-gram {ng}");
        assert!(b.ngram_order >= 3, "{key} order {}", b.ngram_order);
        assert_eq!(b.ngram_train_chars, c.train.len());
        // The order-1 n-gram is a unigram too, so it lands near the add-one unigram.
        assert!((b.ngram_val_bpc_by_order[0] - b.unigram_val_bpc).abs() < 0.05);
    }
}
