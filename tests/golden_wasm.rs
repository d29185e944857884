//! The PyTorch parity checks compiled into the test binary, so they also run in WebAssembly
//! (Node and headless Chromium) where the SIMD128 kernels are in use. One file per cell family
//! and shape class, the training-step file, the three inspection files and the three
//! character-language-model files.

#[path = "common/golden_check.rs"]
mod golden_check;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

macro_rules! golden {
    ($test:ident, $file:literal) => {
        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn $test() {
            let n = golden_check::check_golden_text($file, include_str!(concat!("golden/", $file)));
            assert!(n > 100, "{}: only {n} values checked", $file);
        }
    };
}

golden!(rnn_tanh_stacked, "rnn_tanh_i3_h5_l2.json");
golden!(rnn_relu_bidirectional, "rnn_relu_i2_h3_l1_bi.json");
golden!(lstm_single, "lstm_i1_h4_l1.json");
golden!(lstm_stacked, "lstm_i3_h5_l2.json");
golden!(lstm_bidirectional, "lstm_i2_h3_l1_bi.json");
golden!(gru_stacked, "gru_i3_h5_l2.json");
golden!(gru_bidirectional, "gru_i2_h3_l1_bi.json");
golden!(lstm_adam_training_steps, "train_lstm1x8_adam3.json");
golden!(inspect_lstm_stacked, "inspect_lstm_h6_l2_t9.json");
golden!(inspect_gru, "inspect_gru_h5_l1_t12.json");
golden!(inspect_rnn_stacked, "inspect_rnn_h7_l2_t10.json");
golden!(charlm_lstm_rmsprop, "charlm_lstm_v11_e5_h8_l1.json");
golden!(charlm_gru_stacked_adam, "charlm_gru_v9_e4_h6_l2.json");
golden!(charlm_rnn_rmsprop_clipped, "charlm_rnn_v7_e3_h5_l1.json");
