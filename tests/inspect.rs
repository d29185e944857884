//! Looking inside the network: finite-difference checks of the total `∂loss/∂h_t` (by nudging
//! `h_t` inside the forward pass) and of the saliency `∂ȳ/∂x` for every cell, the shapes of an
//! inspection for stacked and bidirectional models, and `Experiment::inspect` on real windows
//! (index rules, scales, errors, and training left bit for bit as it was).

use rnn_playground::app::Experiment;
use rnn_playground::cells::CellKind;
use rnn_playground::config::PlaygroundConfig;
use rnn_playground::model::{
    activation_names, HiddenPerturbation, Inside, Loss, Network, NetworkConfig,
};
use rnn_playground::pipeline::synthetic::sine;
use rnn_playground::pipeline::Transform;
use rnn_playground::rng::Rng;

const CELLS: [CellKind; 4] = [
    CellKind::RnnTanh,
    CellKind::RnnRelu,
    CellKind::Lstm,
    CellKind::Gru,
];

/// A small random network of `cell`: 2 layers, bidirectional, 2 input features, dropout (which
/// an inspection must not apply), `horizon` outputs.
fn small_network(cell: CellKind, horizon: usize, seed: u64) -> Network {
    let mut cfg = NetworkConfig::new(cell, 3);
    cfg.num_layers = 2;
    cfg.bidirectional = true;
    cfg.input_size = 2;
    cfg.dropout = 0.3;
    cfg.output_size = horizon;
    let mut net = cfg.init(seed).unwrap();
    // Larger weights than PyTorch's init, so that every path carries a visible gradient.
    let mut rng = Rng::new(seed ^ 0xF00D);
    for v in net.params.values.iter_mut() {
        *v += rng.uniform(-0.4, 0.4);
    }
    net
}

fn loss_of(net: &mut Network, x: &[f32], y: &[f32], batch: usize, seq: usize, loss: Loss) -> f64 {
    let pred = net.predict(x, batch, seq);
    loss.value(&pred, y)
}

fn assert_close(what: &str, analytic: f32, numeric: f64, scale: f64) {
    let err = (analytic as f64 - numeric).abs();
    assert!(
        err <= 2e-3 * scale + 2e-2 * numeric.abs(),
        "{what}: analytic {analytic} vs finite difference {numeric} (largest |value| {scale})"
    );
}

/// Whether the two one-sided differences disagree: the nudge crossed a ReLU's kink, where a
/// central difference means nothing.
fn crosses_a_kink(up: f64, mid: f64, down: f64, eps: f32) -> bool {
    let (right, left) = ((up - mid) / eps as f64, (mid - down) / eps as f64);
    (right - left).abs() > 0.05 * right.abs().max(left.abs()).max(1e-3)
}

fn largest(values: &[f32]) -> f64 {
    values.iter().fold(0.0f64, |m, v| m.max(v.abs() as f64))
}

/// Checks every element of `grad_h` and `saliency` of one inspection by central differences.
fn check_by_finite_differences(cell: CellKind, horizon: usize, loss: Loss, seed: u64) {
    let (batch, seq, input) = (2, 5, 2);
    let mut net = small_network(cell, horizon, seed);
    let mut rng = Rng::new(seed);
    let x: Vec<f32> = (0..batch * seq * input)
        .map(|_| rng.uniform(-1.0, 1.0))
        .collect();
    // Targets far from the predictions: the loss is in its smooth (or linear) part.
    let y: Vec<f32> = (0..batch * horizon).map(|i| 3.0 + i as f32 * 0.1).collect();
    let inside = net.inspect(&x, &y, batch, seq, loss);
    assert_eq!(inside.prediction, net.predict(&x, batch, seq), "{cell}");
    let eps = 1e-2f32;
    let (states, hidden) = (inside.states, inside.hidden);
    let scale = largest(&inside.grad_h);
    assert!(scale > 1e-2, "{cell}: the gradients are too small to test");
    let mut skipped = 0;
    for state in 0..states {
        for b in 0..batch {
            for t in 0..seq {
                for unit in 0..hidden {
                    let mut at = |delta: f32| {
                        let nudge = HiddenPerturbation {
                            state,
                            t,
                            row: b,
                            unit,
                            delta,
                        };
                        net.recurrent_mut().set_perturbation(Some(nudge));
                        loss_of(&mut net, &x, &y, batch, seq, loss)
                    };
                    let (up, mid, down) = (at(eps), at(0.0), at(-eps));
                    if cell == CellKind::RnnRelu && crosses_a_kink(up, mid, down, eps) {
                        skipped += 1;
                        continue;
                    }
                    let numeric = (up - down) / (2.0 * eps as f64);
                    let k = ((state * batch + b) * seq + t) * hidden + unit;
                    let what = format!(
                        "{cell} h{horizon} dloss/dh state {state} row {b} t {t} unit {unit}"
                    );
                    assert_close(&what, inside.grad_h[k], numeric, scale);
                }
            }
        }
    }
    net.recurrent_mut().set_perturbation(None);
    let total = states * batch * seq * hidden;
    assert!(
        skipped * 10 <= total,
        "{cell}: {skipped} of {total} nudges crossed a ReLU kink"
    );
    let scale = largest(&inside.saliency);
    let mean_output = |net: &mut Network, x: &[f32], b: usize| {
        let pred = net.predict(x, batch, seq);
        pred[b * horizon..(b + 1) * horizon]
            .iter()
            .map(|&p| p as f64)
            .sum::<f64>()
            / horizon as f64
    };
    for (k, &analytic) in inside.saliency.iter().enumerate() {
        let b = k / (seq * input);
        let mut xp = x.clone();
        xp[k] += eps;
        let up = mean_output(&mut net, &xp, b);
        xp[k] -= 2.0 * eps;
        let down = mean_output(&mut net, &xp, b);
        let numeric = (up - down) / (2.0 * eps as f64);
        assert_close(
            &format!("{cell} h{horizon} saliency[{k}]"),
            analytic,
            numeric,
            scale,
        );
    }
}

#[test]
fn total_hidden_gradient_and_saliency_match_finite_differences_one_output() {
    for (i, cell) in CELLS.into_iter().enumerate() {
        check_by_finite_differences(cell, 1, Loss::Mse, 11 + i as u64);
    }
}

#[test]
fn total_hidden_gradient_and_saliency_match_finite_differences_two_outputs() {
    for (i, cell) in CELLS.into_iter().enumerate() {
        check_by_finite_differences(cell, 2, Loss::Huber { delta: 1.0 }, 21 + i as u64);
    }
}

fn inspect_random(net: &mut Network, batch: usize, seq: usize, seed: u64) -> Inside {
    let mut rng = Rng::new(seed);
    let n = batch * seq * net.config.input_size;
    let x: Vec<f32> = (0..n).map(|_| rng.uniform(-1.0, 1.0)).collect();
    let y = vec![0.5; batch * net.config.output_size];
    net.inspect(&x, &y, batch, seq, Loss::Mse)
}

#[test]
fn shapes_for_stacked_and_bidirectional_models() {
    for cell in CELLS {
        for (layers, bidirectional) in [(1, false), (3, false), (1, true), (2, true)] {
            let mut cfg = NetworkConfig::new(cell, 4);
            cfg.num_layers = layers;
            cfg.bidirectional = bidirectional;
            cfg.input_size = 3;
            let mut net = cfg.init(5).unwrap();
            let (batch, seq) = (2, 7);
            let inside = inspect_random(&mut net, batch, seq, 8);
            let states = layers * if bidirectional { 2 } else { 1 };
            let what = format!("{cell} l{layers} bi {bidirectional}");
            assert_eq!(
                (inside.states, inside.steps, inside.hidden),
                (states, seq, 4),
                "{what}"
            );
            let names: Vec<&str> = inside.activations.iter().map(|a| a.name).collect();
            assert_eq!(names, activation_names(cell), "{what}");
            for a in &inside.activations {
                assert_eq!(
                    a.values.len(),
                    states * batch * seq * 4,
                    "{what} {}",
                    a.name
                );
            }
            assert_eq!(inside.grad_h.len(), states * batch * seq * 4, "{what}");
            assert_eq!(inside.grad_h_norm().len(), states * seq, "{what}");
            assert_eq!(inside.saliency.len(), batch * seq * 3, "{what}");
            // The `h` of the top layer is the recurrent output the head reads.
            let h = &inside.activation("h").unwrap().values;
            let dirs = states / layers;
            let block = batch * seq * 4;
            let mut probe = cfg.init(5).unwrap();
            let x: Vec<f32> = {
                let mut rng = Rng::new(8);
                (0..batch * seq * 3)
                    .map(|_| rng.uniform(-1.0, 1.0))
                    .collect()
            };
            let params = probe.params.clone();
            let (top, _) = probe
                .recurrent_mut()
                .forward(&params, &x, batch, seq, None, None);
            for dir in 0..dirs {
                let state = (layers - 1) * dirs + dir;
                for b in 0..batch {
                    for t in 0..seq {
                        for u in 0..4 {
                            let ours = h[state * block + (b * seq + t) * 4 + u];
                            let want = top[(b * seq + t) * dirs * 4 + dir * 4 + u];
                            assert_eq!(ours, want, "{what}: h of state {state}");
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn the_backward_direction_gets_its_gradient_from_later_inputs_only() {
    // In a one-layer bidirectional model whose head reads the last step, the reverse direction
    // reaches the head at t = T−1 first: its ∂loss/∂h_t at t = T−1 is direct, and earlier steps
    // matter to it only through later ones (the reverse direction runs backwards in time, so
    // its h_t depends on x_t..x_{T−1}). Its gradient therefore lives at the last step alone.
    let mut cfg = NetworkConfig::new(CellKind::Gru, 3);
    cfg.bidirectional = true;
    let mut net = cfg.init(2).unwrap();
    let inside = inspect_random(&mut net, 1, 6, 3);
    let norms = inside.grad_h_norm();
    let reverse = &norms[6..12];
    assert!(reverse[5] > 0.0);
    assert!(reverse[..5].iter().all(|&g| g == 0.0), "{reverse:?}");
    let forward = &norms[..6];
    assert!(forward.iter().all(|&g| g > 0.0), "{forward:?}");
}

fn experiment(cell: CellKind, dropout: f32) -> Experiment {
    let cfg = PlaygroundConfig {
        dataset: "sine".into(),
        cell,
        hidden: 5,
        window: 8,
        layers: 2,
        dropout,
        epochs: 3,
        batch: 16,
        transform: Transform::Diff,
        ..Default::default()
    };
    Experiment::new(sine(200, 3).unwrap(), cfg).unwrap()
}

#[test]
fn experiment_inspects_a_window_on_the_original_scale() {
    let mut ex = experiment(CellKind::Lstm, 0.0);
    ex.train_batches(5, None);
    let ins = ex.inspect("test", -1).unwrap();
    let test = ex.prepared.test.clone();
    assert_eq!(ins.windows, test.len);
    assert_eq!(ins.index, test.len - 1);
    assert_eq!(ins.target_row, *test.target_index.iter().max().unwrap());
    assert_eq!(ins.cell, CellKind::Lstm);
    assert_eq!(
        (ins.layers, ins.directions, ins.hidden, ins.window),
        (2, 1, 5, 8)
    );
    let levels = ex.prepared.levels.clone();
    let row = ins.target_row;
    assert_eq!(ins.input, levels[row - 8..row].to_vec());
    assert_eq!(ins.target, vec![levels[row]]);
    assert_eq!(ins.input_scaled, test.inputs(test.len - 1).to_vec());
    // The prediction is the evaluation's, on the original scale.
    let p = ex.predictions().unwrap();
    let k = p
        .target_index
        .iter()
        .position(|&t| t as usize == row)
        .unwrap();
    assert!((ins.prediction[0] - p.predicted[k]).abs() <= 1e-6 * p.predicted[k].abs().max(1.0));
    assert_eq!(ins.gate_names, ["i", "f", "g", "o", "c", "h"]);
    assert!(ins.gates.iter().all(|g| g.len() == 2 * 8 * 5));
    assert_eq!((ins.grad_h_norm.len(), ins.saliency.len()), (2 * 8, 8));
    assert_eq!((ins.epoch, ins.batch), (1, 5));
    assert!(ins.loss.is_finite() && ins.loss > 0.0);
    // Index 0 is the first window in time.
    let first = ex.inspect("TEST", 0).unwrap();
    assert_eq!(first.target_row, *test.target_index.iter().min().unwrap());
    assert_eq!(
        ex.inspect("val", -2).unwrap().index,
        ex.prepared.val.len - 2
    );
}

#[test]
fn experiment_inspect_names_the_split_and_its_window_count() {
    let mut ex = experiment(CellKind::Gru, 0.0);
    let n = ex.prepared.test.len;
    let e = ex.inspect("test", n as i64).unwrap_err();
    assert!(e.contains(&format!("test split has {n} windows")), "{e}");
    let e = ex.inspect("test", -(n as i64) - 1).unwrap_err();
    assert!(e.contains("out of range"), "{e}");
    let e = ex.inspect("holdout", 0).unwrap_err();
    assert!(
        e.contains("\"holdout\"") && e.contains("train, val, test"),
        "{e}"
    );
}

#[test]
fn inspecting_between_batches_leaves_training_bit_for_bit() {
    for cell in CELLS {
        let mut plain = experiment(cell, 0.25);
        let mut inspected = experiment(cell, 0.25);
        for chunk in 0..6 {
            let a = plain.train_batches(3, None);
            let split = ["train", "val", "test"][chunk % 3];
            inspected.inspect(split, chunk as i64 - 2).unwrap();
            let b = inspected.train_batches(3, None);
            assert_eq!(
                a.train_loss.to_bits(),
                b.train_loss.to_bits(),
                "{cell} chunk {chunk}"
            );
        }
        assert_eq!(
            plain.network.params.values, inspected.network.params.values,
            "{cell}"
        );
        assert_eq!(
            plain.network.params.grads, inspected.network.params.grads,
            "{cell}"
        );
    }
}
