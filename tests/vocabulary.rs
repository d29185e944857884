//! The page's copy of the configuration vocabulary (`www/vocabulary.generated.js`) is exactly
//! what the crate exports: one table of keys, labels, choices, defaults and bounds, written in
//! Rust (`src/config/fields.rs`). `RNN_WRITE_VOCABULARY=1 cargo test --test vocabulary` rewrites
//! the file after a change in Rust; without it this test fails while the two disagree.

use std::path::Path;

#[test]
fn the_page_vocabulary_is_the_crates() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/vocabulary.generated.js");
    let expected = rnn_playground::config::vocabulary_module();
    if std::env::var_os("RNN_WRITE_VOCABULARY").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{} differs from the crate's vocabulary: run `RNN_WRITE_VOCABULARY=1 cargo test --test vocabulary` and commit the file",
        path.display()
    );
}
