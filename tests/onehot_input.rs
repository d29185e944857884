//! The recurrent stack's token input ([`RecurrentInput::Tokens`], a column lookup of `W_ih`)
//! against the dense one-hot input it stands for, for every cell kind, natively and in
//! WebAssembly (where the SIMD128 kernels do the dense GEMMs).
//!
//! Outputs, final states, the initial-state gradient and every parameter gradient are the same
//! bits. The one exception is `W_ih`'s gradient when the batch has more than 256 time-major rows:
//! the dense GEMM then sums the rows in k blocks of 256 and adds the block sums one by one, the
//! lookup sums all of a token's rows and adds once, so the two differ by rounding only (checked
//! to 1e-6 of the tensor's largest gradient; see `src/model/recurrent/input.rs`).

use rnn_playground::cells::CellKind;
use rnn_playground::model::{Params, Recurrent, RecurrentConfig, RecurrentInput, State};
use rnn_playground::rng::Rng;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

const CELLS: [CellKind; 4] = [
    CellKind::Lstm,
    CellKind::Gru,
    CellKind::RnnTanh,
    CellKind::RnnRelu,
];

/// One comparison: the architecture and the pass's shape.
struct Case {
    config: RecurrentConfig,
    batch: usize,
    seq: usize,
    with_state: bool,
}

/// Everything a training pass produces, for one input form.
struct Pass {
    inference_output: Vec<f32>,
    output: Vec<f32>,
    final_state: State,
    grads: Params,
    d_state0: State,
    d_input: Vec<f32>,
    time_major_input_grad_len: usize,
}

fn random(rng: &mut Rng, n: usize) -> Vec<f32> {
    (0..n).map(|_| rng.uniform(-1.0, 1.0)).collect()
}

fn random_state(config: &RecurrentConfig, batch: usize, rng: &mut Rng) -> State {
    let mut s = State::zeros(config, batch);
    s.h = random(rng, s.h.len());
    if let Some(c) = s.c.as_mut() {
        *c = random(rng, c.len());
    }
    s
}

/// Runs `case` on batch-first token ids `ids` `[batch, seq]`, given as tokens or as their
/// one-hot rows: an inference forward, a training forward (dropout from a fixed seed), a
/// time-major backward onto pre-filled gradients, then a batch-first backward for the input
/// gradient.
fn run(case: &Case, ids: &[u32], tokens: bool) -> Pass {
    let cfg = &case.config;
    let (batch, seq, vocab) = (case.batch, case.seq, cfg.input_size);
    let mut params = Params::new();
    let mut net = Recurrent::new(cfg.clone(), &mut params, "rnn.").unwrap();
    let mut rng = Rng::new(11);
    net.init_params(&mut params, &mut rng);
    params.grads = random(&mut rng, params.grads.len());
    let state = case.with_state.then(|| random_state(cfg, batch, &mut rng));
    let width = cfg.output_size();
    let mut d_output = random(&mut rng, seq * batch * width);
    let d_final = random_state(cfg, batch, &mut rng);
    let mut one_hot = vec![0.0; batch * seq * vocab];
    for (row, &id) in one_hot.chunks_exact_mut(vocab).zip(ids) {
        row[id as usize] = 1.0;
    }
    let input = if tokens {
        RecurrentInput::Tokens(ids)
    } else {
        RecurrentInput::Dense(&one_hot)
    };
    net.forward_input(&params, input, batch, seq, state.as_ref(), None, true);
    let inference_output = net.top_output_time_major().to_vec();
    let mut dropout = Rng::new(5);
    let train = Some(&mut dropout);
    net.forward_input(&params, input, batch, seq, state.as_ref(), train, true);
    let output = net.top_output_time_major().to_vec();
    let final_state = net.final_state();
    let d_state0 = net
        .backward_time_major(&mut params, &mut d_output, Some(&d_final), true)
        .unwrap();
    let time_major_input_grad_len = net.input_grad_time_major().len();
    let grads = params.clone();
    let d_output_bf = random(&mut Rng::new(3), batch * seq * width);
    let (d_input, _) = net.backward(&mut params, &d_output_bf, None);
    Pass {
        inference_output,
        output,
        final_state,
        grads,
        d_state0,
        d_input,
        time_major_input_grad_len,
    }
}

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}

fn same_state(a: &State, b: &State, what: &str) {
    assert_eq!(bits(&a.h), bits(&b.h), "{what}: h");
    let (ac, bc) = (a.c.as_deref().unwrap_or(&[]), b.c.as_deref().unwrap_or(&[]));
    assert_eq!(bits(ac), bits(bc), "{what}: c");
}

/// Compares the two forms of `case`; `w_ih_tolerance` is `None` for bit-identical `W_ih`
/// gradients, else the allowed difference relative to the tensor's largest gradient.
fn compare(case: &Case, w_ih_tolerance: Option<f32>) {
    let cfg = &case.config;
    let label = format!(
        "{} layers {} bi {} bias {} state {} batch {} seq {}",
        cfg.cell,
        cfg.num_layers,
        cfg.bidirectional,
        cfg.bias,
        case.with_state,
        case.batch,
        case.seq
    );
    let mut rng = Rng::new(17);
    let ids: Vec<u32> = (0..case.batch * case.seq)
        .map(|_| rng.below(cfg.input_size) as u32)
        .collect();
    let dense = run(case, &ids, false);
    let lookup = run(case, &ids, true);
    assert_eq!(
        bits(&dense.inference_output),
        bits(&lookup.inference_output),
        "{label}: inference output"
    );
    assert_eq!(bits(&dense.output), bits(&lookup.output), "{label}: output");
    same_state(&dense.final_state, &lookup.final_state, &label);
    same_state(&dense.d_state0, &lookup.d_state0, &label);
    for t in &dense.grads.tensors {
        let (a, b) = (
            &dense.grads.grads[t.range()],
            &lookup.grads.grads[t.range()],
        );
        match w_ih_tolerance {
            Some(tol) if t.name.starts_with("rnn.weight_ih_l0") => {
                let scale = a.iter().fold(0f32, |m, v| m.max(v.abs()));
                for (i, (x, y)) in a.iter().zip(b).enumerate() {
                    assert!(
                        (x - y).abs() <= tol * scale,
                        "{label}: {}[{i}] {x} vs {y} (scale {scale})",
                        t.name
                    );
                }
            }
            _ => assert_eq!(bits(a), bits(b), "{label}: gradient of {}", t.name),
        }
    }
    assert_eq!(
        bits(&dense.d_input),
        bits(&lookup.d_input),
        "{label}: input gradient"
    );
    assert_eq!(dense.time_major_input_grad_len, ids.len() * cfg.input_size);
    assert_eq!(
        lookup.time_major_input_grad_len, 0,
        "{label}: the time-major backward skips the one-hot input's gradient"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn lookup_gives_the_one_hot_bits_for_every_cell() {
    for cell in CELLS {
        for (layers, bidirectional, bias, with_state) in [
            (1, false, true, false),
            (1, false, false, true),
            (2, true, true, true),
        ] {
            let mut config = RecurrentConfig::new(cell, 9, 5);
            config.num_layers = layers;
            config.bidirectional = bidirectional;
            config.bias = bias;
            config.dropout = if layers > 1 { 0.3 } else { 0.0 };
            let case = Case {
                config,
                batch: 3,
                seq: 7,
                with_state,
            };
            compare(&case, None);
        }
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn lookup_matches_one_hot_over_several_gemm_blocks() {
    // 40 × 16 = 640 time-major rows: the dense dW_ih GEMM runs three k blocks.
    for cell in CELLS {
        let mut config = RecurrentConfig::new(cell, 62, 16);
        config.bidirectional = cell == CellKind::Gru;
        let case = Case {
            config,
            batch: 16,
            seq: 40,
            with_state: false,
        };
        compare(&case, Some(1e-6));
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
#[should_panic(expected = "token id 9 at input position 4 is outside the input size 9")]
fn a_token_id_beyond_the_input_size_is_named() {
    let config = RecurrentConfig::new(CellKind::Lstm, 9, 4);
    let mut params = Params::new();
    let mut net = Recurrent::new(config, &mut params, "lstm.").unwrap();
    let ids = [0, 1, 2, 8, 9, 3];
    net.forward_input(
        &params,
        RecurrentInput::Tokens(&ids),
        2,
        3,
        None,
        None,
        false,
    );
}
