//! `charlm-golden-v1`: the character language model (`Embedding` → RNN/LSTM/GRU → `Linear` on
//! every step, mean cross-entropy) trained three truncated-BPTT steps, the state carried
//! (detached) from one chunk to the next: logits, loss, `h_n`/`c_n`, the gradient norm and clip
//! coefficient, raw and clipped gradients and the parameters after each optimiser step.

use super::{cell_of, check, check_scalar, f32s, tensor};
use rnn_playground::model::{clip_grad_norm, CharLmConfig, Optimizer, OptimizerConfig, State};
use rnn_playground::train::text::{TbpttOptions, TextTrainer};
use serde_json::Value;

/// A nested list of ids (`[[…], …]`) flattened row-major, with its row count.
fn id_rows(v: &Value, what: &str) -> (usize, Vec<u32>) {
    let rows = v
        .as_array()
        .unwrap_or_else(|| panic!("{what}: not a list of rows"));
    let ids = rows
        .iter()
        .flat_map(|r| r.as_array().unwrap_or_else(|| panic!("{what}: not a row")))
        .map(|i| i.as_u64().unwrap_or_else(|| panic!("{what}: not an id")) as u32)
        .collect();
    (rows.len(), ids)
}

/// Checks one `charlm-golden-v1` file; returns the number of values compared.
pub fn check_charlm_file(file: &str, v: &Value) -> usize {
    let us = |k: &str| {
        v[k].as_u64()
            .unwrap_or_else(|| panic!("{file}: missing {k}")) as usize
    };
    let mut cfg = CharLmConfig::new(
        cell_of(v, file),
        us("vocab_size"),
        us("embed_size"),
        us("hidden_size"),
    );
    cfg.num_layers = us("num_layers");
    let (batch, chunk) = (us("batch"), us("chunk_len"));
    let mut lm = cfg.init(0).unwrap();
    let order: Vec<&str> = v["param_order"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let names: Vec<String> = lm.params.tensors.iter().map(|t| t.name.clone()).collect();
    assert_eq!(
        names, order,
        "{file}: names/order differ from PyTorch's state_dict"
    );
    for name in &names {
        let (shape, _) = tensor(&v["initial_params"][name], name);
        assert_eq!(
            shape,
            lm.params.find(name).unwrap().shape,
            "{file}: shape of {name}"
        );
        let data = f32s(&v["initial_params"][name], name);
        lm.params.get_mut(name).unwrap().copy_from_slice(&data);
    }
    let lr = v["lr"].as_f64().unwrap() as f32;
    let max_norm = v["max_norm"].as_f64().unwrap() as f32;
    let kind = v["optimizer"].as_str().unwrap();
    let mut opt = Optimizer::new(
        OptimizerConfig::from_name(kind, lr, 0.0, 0.0).unwrap(),
        &lm.params,
    );
    let (rows, stream) = id_rows(&v["stream_rows"], "stream_rows");
    assert_eq!(
        rows, batch,
        "{file}: stream_rows has {rows} rows, batch {batch}"
    );
    let row_len = stream.len() / rows;
    let mut state: Option<State> = None;
    let mut n = 0;
    for (k, step) in v["steps_data"].as_array().unwrap().iter().enumerate() {
        let (_, x) = id_rows(&step["x"], "x");
        let (_, y) = id_rows(&step["y"], "y");
        // The chunk is the k-th slice of each row, the targets shifted by one.
        for b in 0..batch {
            let row = &stream[b * row_len..][..row_len];
            assert_eq!(
                &x[b * chunk..][..chunk],
                &row[k * chunk..][..chunk],
                "{file}: x {k}"
            );
            assert_eq!(
                &y[b * chunk..][..chunk],
                &row[k * chunk + 1..][..chunk],
                "{file}: y {k}"
            );
        }
        let (logits, _) = lm.forward(&x, batch, chunk, state.as_ref());
        n += check(file, &format!("step {k} logits"), &logits, &step["logits"]);
        let (loss, next) = lm.compute_gradients(&x, &y, batch, chunk, state.as_ref());
        check_scalar(
            file,
            &format!("step {k} loss"),
            loss,
            step["loss"].as_f64().unwrap(),
        );
        n += check(file, &format!("step {k} h_n"), &next.h, &step["h_n"]);
        match (&next.c, step["c_n"].is_null()) {
            (Some(c), false) => n += check(file, &format!("step {k} c_n"), c, &step["c_n"]),
            (None, true) => {}
            _ => panic!("{file}: step {k}: c_n present on one side only"),
        }
        for t in &lm.params.tensors {
            let what = format!("step {k} grads_raw {}", t.name);
            n += check(
                file,
                &what,
                &lm.params.grads[t.range()],
                &step["grads_raw"][&t.name],
            );
        }
        let (norm, coef) = clip_grad_norm(&mut lm.params, max_norm);
        let want_norm = step["grad_norm_before_clip"].as_f64().unwrap();
        check_scalar(file, &format!("step {k} grad norm"), norm as f64, want_norm);
        let want_coef = step["clip_coef"].as_f64().unwrap().min(1.0);
        check_scalar(file, &format!("step {k} clip coef"), coef as f64, want_coef);
        for t in &lm.params.tensors {
            let what = format!("step {k} grads_clipped {}", t.name);
            let want = &step["grads_clipped"][&t.name];
            n += check(file, &what, &lm.params.grads[t.range()], want);
        }
        opt.step(&mut lm.params);
        for t in &lm.params.tensors {
            let what = format!("step {k} params_after {}", t.name);
            let want = &step["params_after"][&t.name];
            n += check(file, &what, &lm.params.values[t.range()], want);
        }
        state = Some(next);
    }
    // The same three steps through the trainer: one epoch over the stream, every chunk.
    let mut lm = cfg.init(0).unwrap();
    for name in &names {
        let data = f32s(&v["initial_params"][name], name);
        lm.params.get_mut(name).unwrap().copy_from_slice(&data);
    }
    let opts = TbpttOptions {
        epochs: 1,
        batch,
        chunk,
        clip: max_norm,
        ..TbpttOptions::default()
    };
    let optimizer = OptimizerConfig::from_name(kind, lr, 0.0, 0.0).unwrap();
    let mut trainer = TextTrainer::new(&lm, optimizer, opts, &stream).unwrap();
    let steps = v["steps_data"].as_array().unwrap();
    assert_eq!(
        trainer.batches_per_epoch(),
        steps.len(),
        "{file}: chunks per epoch"
    );
    let progress = trainer.advance(&mut lm, &[], usize::MAX, None);
    assert!(progress.done, "{file}: one epoch must end the run");
    let last = &steps[steps.len() - 1]["params_after"];
    for t in &lm.params.tensors {
        let what = format!("trainer params_after {}", t.name);
        n += check(file, &what, &lm.params.values[t.range()], &last[&t.name]);
    }
    n
}
