//! Same model, prime, options and seed → the same text in every build: natively (AVX2 or
//! scalar) and in WebAssembly (SIMD128, relaxed SIMD, scalar). The expected text was written by
//! the native build; a build whose kernels round differently enough to move a draw fails here.

use rnn_playground::app::text_experiment::generate_text;
use rnn_playground::cells::CellKind;
use rnn_playground::model::CharLmConfig;
use rnn_playground::pipeline::text::CharVocab;
use rnn_playground::train::text::SampleOptions;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

fn sample(cell: CellKind, temperature: f32, top_k: Option<usize>) -> String {
    let vocab = CharVocab::from_chars("abcdefgh \n".chars());
    let mut lm = CharLmConfig::new(cell, vocab.len(), 8, 16).init(7).unwrap();
    let opts = SampleOptions {
        length: 60,
        temperature,
        top_k,
        seed: 11,
    };
    generate_text(&mut lm, &vocab, false, "ab", &opts).unwrap()
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_same_seed_writes_the_same_text_in_every_build() {
    let got = [
        sample(CellKind::Lstm, 1.0, None),
        sample(CellKind::Gru, 0.7, Some(4)),
        sample(CellKind::RnnTanh, 0.0, None),
    ];
    if std::env::var("RNN_PRINT_SAMPLES").is_ok() {
        println!("{got:?}");
    }
    assert_eq!(got, EXPECTED);
}

/// Written by the native build (`RNN_PRINT_SAMPLES=1 cargo test --test charlm_determinism -- --nocapture`);
/// `\u{FFFD}` is `<unk>`, which an untrained model draws too.
const EXPECTED: [&str; 3] = [
    "a dc d\nfah  ghh dhff ffbehgfbgd ddbh ad\nc\u{FFFD}hfdbgehafbfhbf\ncfh",
    "b da d\u{FFFD}fbf beee dcec fbbdeecbfc dbbe bd b efbbecfbfaffbf bef",
    "a \u{FFFD}a \u{FFFD}a \u{FFFD}a \u{FFFD}a \u{FFFD}a \u{FFFD}a \u{FFFD}a \u{FFFD}a \u{FFFD}a \u{FFFD}a \u{FFFD}a \u{FFFD}a \u{FFFD}a \u{FFFD}a \u{FFFD}a \u{FFFD}a \u{FFFD}a \u{FFFD}a \u{FFFD}a \u{FFFD}",
];
