//! The unit view's hidden states (`train::text::hidden_states`, `TextExperiment::unit_activations`)
//! against a forward pass written out by hand from the parameters: embedding row → PyTorch's
//! LSTM / GRU / tanh-RNN equations, two stacked layers, from a zero state.

use rnn_playground::app::{TextExperiment, TextSettings};
use rnn_playground::cells::CellKind;
use rnn_playground::model::{CharLm, CharLmConfig};
use rnn_playground::train::text::hidden_states;

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// `W x` for `W` `[rows, x.len()]` row-major.
fn matvec(w: &[f32], x: &[f64]) -> Vec<f64> {
    w.chunks(x.len())
        .map(|row| row.iter().zip(x).map(|(&a, &b)| a as f64 * b).sum())
        .collect()
}

/// Every layer's `h` after each id, by hand: `[layers][steps][hidden]`.
fn by_hand(lm: &CharLm, ids: &[u32]) -> Vec<Vec<Vec<f64>>> {
    let c = &lm.config;
    let (e, h) = (c.embed_size, c.hidden_size);
    let p = |name: &str| lm.params.get(name).unwrap_or_else(|| panic!("{name}"));
    let module = c.cell.module_name();
    let embed = p("embed.weight");
    let mut hs = vec![vec![0.0f64; h]; c.num_layers];
    let mut cs = vec![vec![0.0f64; h]; c.num_layers];
    let mut out = vec![Vec::new(); c.num_layers];
    for &id in ids {
        let mut x: Vec<f64> = embed[id as usize * e..][..e]
            .iter()
            .map(|&v| v as f64)
            .collect();
        for l in 0..c.num_layers {
            let gi = matvec(p(&format!("{module}.weight_ih_l{l}")), &x);
            let gh = matvec(p(&format!("{module}.weight_hh_l{l}")), &hs[l]);
            let bi = p(&format!("{module}.bias_ih_l{l}"));
            let bh = p(&format!("{module}.bias_hh_l{l}"));
            let pre = |k: usize| gi[k] + bi[k] as f64 + gh[k] + bh[k] as f64;
            let mut next = vec![0.0; h];
            for u in 0..h {
                next[u] = match c.cell {
                    CellKind::Lstm => {
                        let (i, f) = (sigmoid(pre(u)), sigmoid(pre(h + u)));
                        let (g, o) = (pre(2 * h + u).tanh(), sigmoid(pre(3 * h + u)));
                        cs[l][u] = f * cs[l][u] + i * g;
                        o * cs[l][u].tanh()
                    }
                    CellKind::Gru => {
                        let r = sigmoid(pre(u));
                        let z = sigmoid(pre(h + u));
                        let n = (gi[2 * h + u]
                            + bi[2 * h + u] as f64
                            + r * (gh[2 * h + u] + bh[2 * h + u] as f64))
                            .tanh();
                        (1.0 - z) * n + z * hs[l][u]
                    }
                    _ => pre(u).tanh(),
                };
            }
            hs[l] = next.clone();
            out[l].push(next.clone());
            x = next;
        }
    }
    out
}

#[test]
fn hidden_states_match_a_forward_pass_by_hand() {
    let ids = [3u32, 1, 4, 1, 5, 0, 2, 6, 5, 3];
    for cell in [CellKind::Lstm, CellKind::Gru, CellKind::RnnTanh] {
        let mut cfg = CharLmConfig::new(cell, 7, 5, 6);
        cfg.num_layers = 2;
        let mut lm = cfg.init(9).unwrap();
        let expected = by_hand(&lm, &ids);
        for (layer, want) in expected.iter().enumerate() {
            let got = hidden_states(&mut lm, &ids, layer).unwrap();
            assert_eq!(got.len(), ids.len() * 6);
            for (t, row) in want.iter().enumerate() {
                for (u, &w) in row.iter().enumerate() {
                    let g = got[t * 6 + u] as f64;
                    assert!(
                        (g - w).abs() < 1e-5,
                        "{cell:?} layer {layer} step {t} unit {u}: {g} vs {w}"
                    );
                }
            }
        }
    }
}

#[test]
fn bad_layers_and_passages_are_refused_by_name() {
    let mut lm = CharLmConfig::new(CellKind::Lstm, 5, 3, 4).init(1).unwrap();
    let e = hidden_states(&mut lm, &[1, 2], 1).unwrap_err();
    assert!(e.contains("layer 1") && e.contains("1 layer"), "{e}");
    assert!(hidden_states(&mut lm, &[], 0)
        .unwrap_err()
        .contains("empty"));
    assert!(hidden_states(&mut lm, &[9], 0)
        .unwrap_err()
        .contains("id 9"));
    let long = vec![1u32; 5_001];
    assert!(hidden_states(&mut lm, &long, 0)
        .unwrap_err()
        .contains("5001"));
}

#[test]
fn unit_view_reads_the_passage_without_disturbing_training() {
    let text = "the quick brown fox\njumps over the lazy dog.\n".repeat(40);
    let settings = TextSettings {
        hidden: 8,
        embed: 4,
        batch: 4,
        chunk: 16,
        epochs: 2,
        ..TextSettings::default()
    };
    let run = |inspect: bool| {
        let mut ex = TextExperiment::new(text.as_bytes(), "fox", settings.clone()).unwrap();
        ex.train_batches(3, None);
        if inspect {
            let u = ex.unit_activations("The fox\r\nZ", 0).unwrap();
            // "\r\n" is one newline; 'T' and 'Z' are not in the training text.
            assert_eq!(u.chars.len(), 9);
            assert_eq!(u.chars[7], "\n");
            assert_eq!(u.chars[0], "\u{FFFD}");
            assert_eq!((u.unknown, u.hidden, u.values.len()), (2, 8, 9 * 8));
        }
        ex.train_batches(5, None);
        ex.model.params.values.clone()
    };
    assert_eq!(run(false), run(true));
}
