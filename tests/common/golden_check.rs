//! Shared checks of the PyTorch golden files (`tests/golden/README.md`), used by the native test
//! (which reads the files from disk) and the wasm test (which embeds them).

use rnn_playground::cells::CellKind;
use rnn_playground::model::{
    activation_names, clip_grad_norm, Loss, NetworkConfig, Optimizer, OptimizerConfig, Params,
    Recurrent, RecurrentConfig, State,
};
use rnn_playground::rng::Rng;
use serde_json::Value;

#[path = "golden_charlm.rs"]
mod golden_charlm;

const ABS: f64 = 1e-5;
const REL: f64 = 1e-4;

/// A `{shape, data}` tensor as f32 (inputs are f32-exact) and its shape.
fn tensor(v: &Value, what: &str) -> (Vec<usize>, Vec<f64>) {
    let shape = v["shape"]
        .as_array()
        .unwrap_or_else(|| panic!("{what}: no shape"))
        .iter()
        .map(|d| d.as_u64().unwrap() as usize)
        .collect::<Vec<_>>();
    let data = v["data"]
        .as_array()
        .unwrap_or_else(|| panic!("{what}: no data"))
        .iter()
        .map(|d| d.as_f64().unwrap())
        .collect::<Vec<_>>();
    assert_eq!(
        shape.iter().product::<usize>(),
        data.len(),
        "{what}: shape/data mismatch"
    );
    (shape, data)
}

fn f32s(v: &Value, what: &str) -> Vec<f32> {
    tensor(v, what).1.into_iter().map(|x| x as f32).collect()
}

/// Compares every element; returns the number of elements checked.
fn check(file: &str, what: &str, ours: &[f32], golden: &Value) -> usize {
    let (_, want) = tensor(golden, what);
    assert_eq!(
        ours.len(),
        want.len(),
        "{file}: {what}: length {} vs golden {}",
        ours.len(),
        want.len()
    );
    for (i, (&o, &w)) in ours.iter().zip(&want).enumerate() {
        let err = (o as f64 - w).abs();
        assert!(
            err <= ABS + REL * w.abs(),
            "{file}: {what}[{i}]: ours {o} vs PyTorch {w} (|diff| {err:.3e})"
        );
    }
    want.len()
}

fn check_scalar(file: &str, what: &str, ours: f64, want: f64) {
    let err = (ours - want).abs();
    assert!(
        err <= ABS + REL * want.abs(),
        "{file}: {what}: ours {ours} vs PyTorch {want}"
    );
}

fn cell_of(v: &Value, file: &str) -> CellKind {
    match (v["module"].as_str(), v["nonlinearity"].as_str()) {
        (Some("LSTM"), _) => CellKind::Lstm,
        (Some("GRU"), _) => CellKind::Gru,
        (Some("RNN"), Some("tanh")) => CellKind::RnnTanh,
        (Some("RNN"), Some("relu")) => CellKind::RnnRelu,
        other => panic!("{file}: unknown module {other:?}"),
    }
}

/// `rnn-golden-v1`: forward, final states and every gradient of `sum(out·R) + sum(h_n·S)`.
pub fn check_cell_file(file: &str, v: &Value) -> usize {
    let cell = cell_of(v, file);
    let us = |k: &str| {
        v[k].as_u64()
            .unwrap_or_else(|| panic!("{file}: missing {k}")) as usize
    };
    let cfg = RecurrentConfig {
        cell,
        input_size: us("input_size"),
        hidden_size: us("hidden_size"),
        num_layers: us("num_layers"),
        bidirectional: v["bidirectional"].as_bool().unwrap(),
        bias: true,
        dropout: 0.0,
    };
    assert_eq!(
        v["batch_first"],
        Value::Bool(true),
        "{file}: expected batch_first"
    );
    let (batch, seq) = (us("batch"), us("seq_len"));
    let mut params = Params::new();
    let mut rnn = Recurrent::new(cfg.clone(), &mut params, "").unwrap();
    let order: Vec<&str> = v["param_order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let ours: Vec<&str> = params.tensors.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        ours, order,
        "{file}: parameter names/order differ from PyTorch's state_dict"
    );
    for t in params.tensors.clone() {
        let (shape, _) = tensor(&v["params"][&t.name], &t.name);
        assert_eq!(shape, t.shape, "{file}: shape of {}", t.name);
        let data = f32s(&v["params"][&t.name], &t.name);
        params.get_mut(&t.name).unwrap().copy_from_slice(&data);
    }
    let x = f32s(&v["x"], "x");
    let state = State {
        h: f32s(&v["h0"], "h0"),
        c: (cell == CellKind::Lstm).then(|| f32s(&v["c0"], "c0")),
    };
    let mut rng = Rng::new(0);
    let (out, fin) = rnn.forward(&params, &x, batch, seq, Some(&state), Some(&mut rng));
    let mut n = 0;
    n += check(file, "output", &out, &v["output"]);
    n += check(file, "h_n", &fin.h, &v["h_n"]);
    if cell == CellKind::Lstm {
        n += check(file, "c_n", fin.c.as_ref().unwrap(), &v["c_n"]);
    }
    let r = f32s(&v["R"], "R");
    let s = f32s(&v["S"], "S");
    let loss: f64 = out
        .iter()
        .zip(&r)
        .map(|(a, b)| (*a as f64) * (*b as f64))
        .sum::<f64>()
        + fin
            .h
            .iter()
            .zip(&s)
            .map(|(a, b)| (*a as f64) * (*b as f64))
            .sum::<f64>();
    check_scalar(file, "loss", loss, v["loss"].as_f64().unwrap());
    let d_state = State {
        h: s,
        c: (cell == CellKind::Lstm).then(|| vec![0.0; fin.h.len()]),
    };
    params.zero_grads();
    let (dx, d0) = rnn.backward(&mut params, &r, Some(&d_state));
    for t in &params.tensors {
        n += check(
            file,
            &format!("grad {}", t.name),
            &params.grads[t.range()],
            &v["grads"]["params"][&t.name],
        );
    }
    n += check(file, "grad x", &dx, &v["grads"]["x"]);
    n += check(file, "grad h0", &d0.h, &v["grads"]["h0"]);
    if cell == CellKind::Lstm {
        n += check(file, "grad c0", d0.c.as_ref().unwrap(), &v["grads"]["c0"]);
    }
    n
}

/// `train-step-golden-v1`: LSTM(1, 8) + Linear(8, 1) trained three steps with MSE,
/// `clip_grad_norm_(1.0)` and Adam; every prediction, gradient and parameter after each step.
pub fn check_train_file(file: &str, v: &Value) -> usize {
    let window = v["window"].as_u64().unwrap() as usize;
    let batch = v["batch_size"].as_u64().unwrap() as usize;
    let lr = v["lr"].as_f64().unwrap() as f32;
    let max_norm = v["max_norm"].as_f64().unwrap() as f32;
    let series = f32s(&v["series"], "series");
    let mut cfg = NetworkConfig::new(CellKind::Lstm, 0);
    cfg.hidden_size = tensor(&v["initial_params"]["fc.weight"], "fc.weight").0[1];
    let mut net = cfg.init(0).unwrap();
    let order: Vec<&str> = v["param_order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let ours: Vec<String> = net.params.tensors.iter().map(|t| t.name.clone()).collect();
    assert_eq!(
        ours, order,
        "{file}: parameter names/order differ from PyTorch's"
    );
    for name in &ours {
        let data = f32s(&v["initial_params"][name], name);
        net.params.get_mut(name).unwrap().copy_from_slice(&data);
    }
    let mut opt = Optimizer::new(OptimizerConfig::adam(lr), &net.params);
    let mut n = 0;
    for step in v["steps"].as_array().unwrap() {
        let k = step["step"].as_u64().unwrap();
        let idx: Vec<usize> = step["batch_indices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i.as_u64().unwrap() as usize)
            .collect();
        assert_eq!(idx.len(), batch);
        // The windows we cut from the series must be the ones PyTorch saw.
        let mut x = Vec::new();
        let mut y = Vec::new();
        for &i in &idx {
            x.extend_from_slice(&series[i..i + window]);
            y.push(series[i + window]);
        }
        n += check(file, &format!("step {k} x"), &x, &step["x"]);
        n += check(file, &format!("step {k} y"), &y, &step["y"]);
        let pred = net.predict(&x, batch, window);
        n += check(file, &format!("step {k} pred"), &pred, &step["pred"]);
        let loss = net.compute_gradients(&x, &y, batch, window, Loss::Mse);
        check_scalar(
            file,
            &format!("step {k} loss"),
            loss,
            step["loss"].as_f64().unwrap(),
        );
        for t in &net.params.tensors {
            let what = format!("step {k} grads_raw {}", t.name);
            n += check(
                file,
                &what,
                &net.params.grads[t.range()],
                &step["grads_raw"][&t.name],
            );
        }
        let (norm, coef) = clip_grad_norm(&mut net.params, max_norm);
        check_scalar(
            file,
            &format!("step {k} grad norm"),
            norm as f64,
            step["grad_norm_before_clip"].as_f64().unwrap(),
        );
        check_scalar(
            file,
            &format!("step {k} clip coef"),
            coef as f64,
            step["clip_coef"].as_f64().unwrap().min(1.0),
        );
        for t in &net.params.tensors {
            let what = format!("step {k} grads_clipped {}", t.name);
            n += check(
                file,
                &what,
                &net.params.grads[t.range()],
                &step["grads_clipped"][&t.name],
            );
        }
        opt.step(&mut net.params);
        for t in &net.params.tensors {
            let what = format!("step {k} params_after {}", t.name);
            n += check(
                file,
                &what,
                &net.params.values[t.range()],
                &step["params_after"][&t.name],
            );
        }
    }
    for t in &net.params.tensors {
        n += check(
            file,
            &format!("final {}", t.name),
            &net.params.values[t.range()],
            &v["final_params"][&t.name],
        );
    }
    n
}

/// Checks one golden file's text (any known format); returns how many values were compared.
/// Panics on a mismatch or on a format it cannot interpret.
pub fn check_golden_text(name: &str, text: &str) -> usize {
    let v: Value = serde_json::from_str(text).unwrap_or_else(|e| panic!("{name}: not JSON: {e}"));
    match v["format"].as_str() {
        Some("rnn-golden-v1") => check_cell_file(name, &v),
        Some("train-step-golden-v1") => check_train_file(name, &v),
        Some("minmax-golden-v1") => check_minmax_file(name, &v),
        Some("inspect-golden-v1") => check_inspect_file(name, &v),
        Some("charlm-golden-v1") => golden_charlm::check_charlm_file(name, &v),
        other => {
            panic!("{name}: unknown golden format {other:?}: this harness cannot interpret it")
        }
    }
}

/// `minmax-golden-v1`: the pipeline's min-max scaler against scikit-learn (fit on the first
/// `n_fit` points; every scaled value, its inverse and the inverse of `pred_scaled`). The bit-exact
/// version of this check is `tests/pipeline_golden.rs`.
pub fn check_minmax_file(file: &str, v: &Value) -> usize {
    let nums = |key: &str| -> Vec<f64> {
        v[key]
            .as_array()
            .unwrap_or_else(|| panic!("{file}: no {key}"))
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect()
    };
    let series = nums("series");
    let n_fit = v["n_fit"].as_u64().unwrap() as usize;
    let fr = nums("feature_range");
    let s = rnn_playground::pipeline::MinMaxScaler::fit(&series[..n_fit], (fr[0], fr[1]))
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    for (what, ours) in [
        ("data_min", s.data_min),
        ("data_max", s.data_max),
        ("data_range", s.data_range),
        ("scale_", s.scale_),
        ("min_", s.min_),
    ] {
        check_scalar(file, what, ours, v[what].as_f64().unwrap());
    }
    let (scaled, inverse) = (nums("scaled"), nums("inverse_of_scaled"));
    let (pred, pred_inv) = (nums("pred_scaled"), nums("pred_inverse"));
    for (i, &x) in series.iter().enumerate() {
        check_scalar(file, &format!("scaled[{i}]"), s.transform(x), scaled[i]);
        check_scalar(
            file,
            &format!("inverse_of_scaled[{i}]"),
            s.inverse(scaled[i]),
            inverse[i],
        );
    }
    for (i, (&p, &q)) in pred.iter().zip(&pred_inv).enumerate() {
        check_scalar(file, &format!("pred_inverse[{i}]"), s.inverse(p), q);
    }
    5 + 2 * series.len() + pred.len()
}

/// A plain JSON array of numbers (not a `{shape, data}` tensor).
fn numbers(v: &Value, what: &str) -> Vec<f64> {
    v.as_array()
        .unwrap_or_else(|| panic!("{what}: not an array"))
        .iter()
        .map(|x| x.as_f64().unwrap_or_else(|| panic!("{what}: not a number")))
        .collect()
}

/// Compares every element with a plain golden array; returns the number checked.
fn check_numbers(file: &str, what: &str, ours: &[f32], want: &[f64]) -> usize {
    assert_eq!(ours.len(), want.len(), "{file}: {what}: length");
    for (i, (&o, &w)) in ours.iter().zip(want).enumerate() {
        check_scalar(file, &format!("{what}[{i}]"), o as f64, w);
    }
    want.len()
}

/// `inspect-golden-v1`: looking inside a unidirectional stack + `Linear(H, 1)` on the last step
/// over one batch with the MSE: every gate and state, the total `∂loss/∂h_t` of every layer and
/// its per-step norm (batch mean), the prediction, the loss and the saliency `∂Σŷ/∂x`.
pub fn check_inspect_file(file: &str, v: &Value) -> usize {
    let cell = cell_of(v, file);
    let us = |k: &str| {
        v[k].as_u64()
            .unwrap_or_else(|| panic!("{file}: missing {k}")) as usize
    };
    let mut cfg = NetworkConfig::new(cell, us("hidden_size"));
    cfg.input_size = us("input_size");
    cfg.num_layers = us("num_layers");
    let (batch, seq, hidden, layers) =
        (us("batch"), us("seq_len"), cfg.hidden_size, cfg.num_layers);
    let mut net = cfg.init(0).unwrap();
    let prefix = format!("{}.", cell.module_name());
    for t in net.params.tensors.clone() {
        let golden = match t.name.strip_prefix(&prefix) {
            Some(name) => &v["params"][name],
            None => &v["fc"][t.name.strip_prefix("fc.").unwrap()],
        };
        let (shape, _) = tensor(golden, &t.name);
        assert_eq!(shape, t.shape, "{file}: shape of {}", t.name);
        let data = f32s(golden, &t.name);
        net.params.get_mut(&t.name).unwrap().copy_from_slice(&data);
    }
    let x = f32s(&v["x"], "x");
    let y = f32s(&v["y"], "y");
    let inside = net.inspect(&x, &y, batch, seq, Loss::Mse);
    let mut n = check(file, "prediction", &inside.prediction, &v["prediction"]);
    check_scalar(file, "loss", inside.loss, v["loss"].as_f64().unwrap());
    n += 1;
    let names = activation_names(cell);
    let block = batch * seq * hidden;
    for layer in 0..layers {
        let gates = v["gates"][layer]
            .as_object()
            .unwrap_or_else(|| panic!("{file}: gates[{layer}]"));
        let golden_names: Vec<&str> = gates.keys().map(String::as_str).collect();
        let mut sorted = names.to_vec();
        sorted.sort();
        let mut theirs = golden_names.clone();
        theirs.sort();
        assert_eq!(sorted, theirs, "{file}: gates[{layer}] names");
        for name in names {
            let ours = &inside.activation(name).unwrap().values[layer * block..][..block];
            n += check(file, &format!("gates[{layer}].{name}"), ours, &gates[*name]);
        }
        let ours = &inside.grad_h[layer * block..][..block];
        n += check(file, &format!("grad_h[{layer}]"), ours, &v["grad_h"][layer]);
        let norms = inside.grad_h_norm();
        let want = numbers(&v["grad_h_norm"][layer], "grad_h_norm");
        let what = format!("grad_h_norm[{layer}]");
        n += check_numbers(file, &what, &norms[layer * seq..][..seq], &want);
    }
    n += check(file, "saliency", &inside.saliency, &v["saliency"]);
    let abs_mean: Vec<f32> = (0..seq)
        .map(|t| {
            (0..batch)
                .map(|b| inside.saliency[b * seq + t].abs())
                .sum::<f32>()
                / batch as f32
        })
        .collect();
    let want = numbers(&v["saliency_abs_mean"], "saliency_abs_mean");
    n += check_numbers(file, "saliency_abs_mean", &abs_mean, &want);
    n
}
