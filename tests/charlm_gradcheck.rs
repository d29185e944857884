//! Finite-difference checks of the character language model's gradients: the softmax
//! cross-entropy on its own (in f64 terms), and the whole model (embedding scatter-add, every
//! recurrent tensor, the every-step head) for every cell, stacked, from a non-zero carried state.

use rnn_playground::cells::CellKind;
use rnn_playground::model::charlm::softmax_cross_entropy;
use rnn_playground::model::{CharLmConfig, State};
use rnn_playground::rng::Rng;

fn assert_close(what: &str, analytic: f64, numeric: f64, abs: f64, rel: f64) {
    let err = (analytic - numeric).abs();
    assert!(
        err <= abs + rel * numeric.abs(),
        "{what}: analytic {analytic} vs finite difference {numeric}"
    );
}

#[test]
fn cross_entropy_gradient_matches_finite_differences() {
    let mut rng = Rng::new(11);
    let (rows, classes) = (5, 7);
    let logits: Vec<f32> = (0..rows * classes)
        .map(|_| rng.uniform(-3.0, 3.0))
        .collect();
    let targets: Vec<u32> = (0..rows).map(|_| rng.below(classes) as u32).collect();
    let mut grad = vec![0.0f32; logits.len()];
    softmax_cross_entropy(&logits, classes, &targets, Some(&mut grad));
    let eps = 1e-2f32;
    for i in 0..logits.len() {
        let mut up = logits.clone();
        up[i] += eps;
        let mut down = logits.clone();
        down[i] -= eps;
        let lu = softmax_cross_entropy(&up, classes, &targets, None);
        let ld = softmax_cross_entropy(&down, classes, &targets, None);
        let numeric = (lu - ld) / (2.0 * eps as f64);
        assert_close(
            &format!("dlogits[{i}]"),
            grad[i] as f64,
            numeric,
            2e-5,
            2e-3,
        );
    }
}

fn check_model(cell: CellKind, layers: usize, seed: u64) {
    let (vocab, embed, hidden, batch, seq) = (6, 3, 4, 2, 5);
    let mut cfg = CharLmConfig::new(cell, vocab, embed, hidden);
    cfg.num_layers = layers;
    let mut lm = cfg.init(seed).unwrap();
    let mut rng = Rng::new(seed + 100);
    // Id 5 never occurs: its embedding row must get exactly zero gradient.
    let ids: Vec<u32> = (0..batch * seq)
        .map(|_| rng.below(vocab - 1) as u32)
        .collect();
    let targets: Vec<u32> = (0..batch * seq).map(|_| rng.below(vocab) as u32).collect();
    let mut state = lm.zero_state(batch);
    state.h.iter_mut().for_each(|v| *v = rng.uniform(-0.5, 0.5));
    if let Some(c) = state.c.as_mut() {
        c.iter_mut().for_each(|v| *v = rng.uniform(-0.5, 0.5));
    }
    let state: State = state;
    lm.compute_gradients(&ids, &targets, batch, seq, Some(&state));
    let grads = lm.params.grads.clone();
    let e = lm.params.find("embed.weight").unwrap().clone();
    for j in 0..embed {
        assert_eq!(
            grads[e.offset + 5 * embed + j],
            0.0,
            "{cell}: unused id's row"
        );
    }
    let eps = 1e-2f32;
    for t in lm.params.tensors.clone() {
        for i in t.range() {
            let keep = lm.params.values[i];
            lm.params.values[i] = keep + eps;
            let (lu, _) = lm.loss(&ids, &targets, batch, seq, Some(&state));
            lm.params.values[i] = keep - eps;
            let (ld, _) = lm.loss(&ids, &targets, batch, seq, Some(&state));
            lm.params.values[i] = keep;
            let numeric = (lu - ld) / (2.0 * eps as f64);
            let what = format!("{cell} L{layers} {}[{}]", t.name, i - t.offset);
            assert_close(&what, grads[i] as f64, numeric, 1e-4, 2e-2);
        }
    }
}

#[test]
fn model_gradients_match_finite_differences_for_every_cell() {
    for (k, cell) in [CellKind::RnnTanh, CellKind::Lstm, CellKind::Gru]
        .into_iter()
        .enumerate()
    {
        check_model(cell, 1, k as u64);
        check_model(cell, 2, 10 + k as u64);
    }
}
