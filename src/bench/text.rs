//! Our side of the text benchmark (`npm run bench -- --task text`): TF.js's lstm-text-generation
//! model and protocol (`bench/text-core.js`) on this crate's engine, with the caller's clock.
//!
//! Data: the character set of the whole text in code-point order (V); example `i` is the
//! 40-character window starting at `3·i`, fed as its 40 character ids: the stack's token input
//! ([`RecurrentInput::Tokens`]), whose first-layer product is a lookup of `W_ih`'s columns, the
//! same arithmetic as TF.js's GEMM on its one-hot `[40, V]` tensor; its target the next character.
//! Examples in text order. Model: LSTM(V → 128) → Linear(128 → V) on the last step, softmax
//! cross-entropy averaged over the batch, RMSprop with TF.js's constants (lr 0.01, decay α 0.9,
//! ε 1e-7; PyTorch's form, ε added after the root), batch 128, PyTorch's initialisation from
//! seed 42. Protocol: one warm-up batch, then `batches` timed
//! batches; `loss_after_n` is the mean cross-entropy (nats) over the last 512 windows of the text
//! after those `1 + batches` updates.

use serde::Serialize;

use super::workload::Stamp;
use crate::cells::CellKind;
use crate::model::{
    Linear, Optimizer, OptimizerConfig, Params, Recurrent, RecurrentConfig, RecurrentInput,
};
use crate::rng::Rng;

/// The configuration name in every result line.
pub const TEXT_CONFIG: &str = "charlm-h128-t40-b128";
/// Characters per example window.
pub const SAMPLE_LEN: usize = 40;
/// Characters between consecutive window starts.
pub const SAMPLE_STEP: usize = 3;
/// LSTM units.
pub const HIDDEN: usize = 128;
/// Examples per batch.
pub const TEXT_BATCH: usize = 128;
/// Windows at the end of the text on which the loss is measured.
pub const EVAL_EXAMPLES: usize = 512;

/// What one run measured.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextReport {
    /// Characters in the text's character set.
    pub vocab_size: usize,
    /// Timed batches.
    pub batches: usize,
    /// Training examples per wall-clock second over the timed batches.
    pub train_examples_per_s: f64,
    /// `train_examples_per_s · 40` input characters.
    pub train_chars_per_s: f64,
    /// Training examples per CPU second (NaN when the clock has no CPU time).
    pub train_examples_per_cpu_s: f64,
    /// Seconds of the warm-up batch.
    pub warmup_batch_s: f64,
    /// Mean cross-entropy (nats) over the evaluation windows after training.
    pub loss_after_n: f64,
    /// The training loss of every batch, warm-up first.
    pub batch_losses: Vec<f64>,
}

impl TextReport {
    /// The JSON result line, with the keys of `bench/text-core.js`.
    pub fn result_line(&self, engine: &str, env: &str, notes: &str) -> String {
        serde_json::json!({
            "engine": engine,
            "env": env,
            "task": "text",
            "config": TEXT_CONFIG,
            "vocab_size": self.vocab_size,
            "batches": self.batches,
            "train_examples_per_s": self.train_examples_per_s,
            "train_chars_per_s": self.train_chars_per_s,
            "train_examples_per_cpu_s": self.train_examples_per_cpu_s,
            "warmup_batch_s": self.warmup_batch_s,
            "loss_after_N": self.loss_after_n,
            "notes": notes,
        })
        .to_string()
    }
}

/// The model of the benchmark with its buffers.
struct TextModel {
    params: Params,
    recurrent: Recurrent,
    head: Linear,
    vocab: usize,
    x: Vec<u32>,
    logits: Vec<f32>,
    d_logits: Vec<f32>,
    d_top: Vec<f32>,
}

impl TextModel {
    fn new(vocab: usize, seed: u64) -> Result<Self, String> {
        let mut params = Params::new();
        let config = RecurrentConfig {
            cell: CellKind::Lstm,
            input_size: vocab,
            hidden_size: HIDDEN,
            num_layers: 1,
            bidirectional: false,
            bias: true,
            dropout: 0.0,
        };
        let recurrent = Recurrent::new(config, &mut params, "lstm.")?;
        let head = Linear::new(HIDDEN, vocab, &mut params, "fc.");
        let mut rng = Rng::new(seed);
        recurrent.init_params(&mut params, &mut rng);
        head.init_params(&mut params, &mut rng);
        Ok(TextModel {
            params,
            recurrent,
            head,
            vocab,
            x: Vec::new(),
            logits: Vec::new(),
            d_logits: Vec::new(),
            d_top: Vec::new(),
        })
    }

    /// Fills the time-major character ids `[40, n]` of windows `first..first + n`.
    fn window_ids(&mut self, ids: &[u32], first: usize, n: usize) {
        self.x.clear();
        self.x.resize(SAMPLE_LEN * n, 0);
        for k in 0..n {
            let start = (first + k) * SAMPLE_STEP;
            for t in 0..SAMPLE_LEN {
                self.x[t * n + k] = ids[start + t];
            }
        }
    }

    /// Forward over windows `first..first + n`: the last step's logits `[n, V]`.
    fn forward(&mut self, ids: &[u32], first: usize, n: usize, rng: Option<&mut Rng>) {
        self.window_ids(ids, first, n);
        self.recurrent.forward_input(
            &self.params,
            RecurrentInput::Tokens(&self.x),
            n,
            SAMPLE_LEN,
            None,
            rng,
            false,
        );
        let last = &self.recurrent.top_output_time_major()[(SAMPLE_LEN - 1) * n * HIDDEN..];
        self.logits.resize(n * self.vocab, 0.0);
        self.head
            .forward(&self.params, last, HIDDEN, n, &mut self.logits);
    }

    /// Mean cross-entropy of the targets of windows `first..first + n` in `self.logits`, with
    /// its gradient `(softmax − one-hot) / n` when `grad`.
    fn cross_entropy(&mut self, ids: &[u32], first: usize, n: usize, grad: bool) -> f64 {
        let v = self.vocab;
        self.d_logits.resize(n * v, 0.0);
        let mut total = 0.0;
        for k in 0..n {
            let target = ids[(first + k) * SAMPLE_STEP + SAMPLE_LEN] as usize;
            let row = &self.logits[k * v..(k + 1) * v];
            let max = row.iter().fold(f32::NEG_INFINITY, |m, &z| m.max(z)) as f64;
            let sum: f64 = row.iter().map(|&z| (z as f64 - max).exp()).sum();
            total += max + sum.ln() - row[target] as f64;
            if grad {
                let d = &mut self.d_logits[k * v..(k + 1) * v];
                for (j, (dz, &z)) in d.iter_mut().zip(row).enumerate() {
                    let p = (z as f64 - max).exp() / sum;
                    *dz = ((p - f64::from(u8::from(j == target))) / n as f64) as f32;
                }
            }
        }
        total / n as f64
    }

    /// One training step on windows `first..first + n`; returns its loss before the update.
    fn train_step(
        &mut self,
        ids: &[u32],
        first: usize,
        n: usize,
        opt: &mut Optimizer,
        rng: &mut Rng,
    ) -> f64 {
        self.params.zero_grads();
        self.forward(ids, first, n, Some(rng));
        let loss = self.cross_entropy(ids, first, n, true);
        self.d_top.clear();
        self.d_top.resize(SAMPLE_LEN * n * HIDDEN, 0.0);
        let last_start = (SAMPLE_LEN - 1) * n * HIDDEN;
        let last = &self.recurrent.top_output_time_major()[last_start..];
        self.head.backward(
            &mut self.params,
            last,
            HIDDEN,
            n,
            &self.d_logits,
            &mut self.d_top[last_start..],
            HIDDEN,
        );
        self.recurrent
            .backward_time_major(&mut self.params, &mut self.d_top, None, false);
        opt.step(&mut self.params);
        loss
    }
}

/// The ids of `text` over its character set in code-point order, and the set's size.
pub fn char_ids(text: &str) -> (Vec<u32>, usize) {
    let mut chars: Vec<char> = text.chars().collect();
    chars.sort_unstable();
    chars.dedup();
    let ids = text
        .chars()
        .map(|c| chars.binary_search(&c).unwrap_or(0) as u32)
        .collect();
    (ids, chars.len())
}

/// Runs the protocol of the module doc on `text` with `batches` timed batches.
pub fn run(
    text: &str,
    batches: usize,
    clock: &mut dyn FnMut() -> Stamp,
) -> Result<TextReport, String> {
    if batches == 0 {
        return Err("batches: at least 1 timed batch is needed".to_string());
    }
    let (ids, vocab) = char_ids(text);
    if vocab < 2 {
        return Err(format!(
            "the text has {vocab} distinct characters; at least 2 are needed"
        ));
    }
    let windows = (ids.len().saturating_sub(SAMPLE_LEN + 1)) / SAMPLE_STEP + 1;
    let n_train = (batches + 1) * TEXT_BATCH;
    if ids.len() <= SAMPLE_LEN || n_train + EVAL_EXAMPLES > windows {
        return Err(format!(
            "{batches} batches of {TEXT_BATCH} and {EVAL_EXAMPLES} evaluation windows need {} \
             windows; the text has {}",
            n_train + EVAL_EXAMPLES,
            if ids.len() <= SAMPLE_LEN { 0 } else { windows }
        ));
    }
    let mut model = TextModel::new(vocab, 42)?;
    let mut opt = Optimizer::new(
        OptimizerConfig::RmsProp {
            lr: 0.01,
            alpha: 0.9,
            eps: 1e-7,
            momentum: 0.0,
            centered: false,
            weight_decay: 0.0,
        },
        &model.params,
    );
    let mut rng = Rng::new(7);
    let mut batch_losses = Vec::with_capacity(batches + 1);
    let t0 = clock();
    batch_losses.push(model.train_step(&ids, 0, TEXT_BATCH, &mut opt, &mut rng));
    let t1 = clock();
    for b in 1..=batches {
        let loss = model.train_step(&ids, b * TEXT_BATCH, TEXT_BATCH, &mut opt, &mut rng);
        batch_losses.push(loss);
    }
    let t2 = clock();
    model.forward(&ids, windows - EVAL_EXAMPLES, EVAL_EXAMPLES, None);
    let loss_after_n = model.cross_entropy(&ids, windows - EVAL_EXAMPLES, EVAL_EXAMPLES, false);
    let examples = (batches * TEXT_BATCH) as f64;
    let per_s = examples / (t2.wall_s - t1.wall_s);
    Ok(TextReport {
        vocab_size: vocab,
        batches,
        train_examples_per_s: per_s,
        train_chars_per_s: per_s * SAMPLE_LEN as f64,
        train_examples_per_cpu_s: examples / (t2.cpu_s - t1.cpu_s),
        warmup_batch_s: t1.wall_s - t0.wall_s,
        loss_after_n,
        batch_losses,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_clock() -> impl FnMut() -> Stamp {
        let mut t = 0.0;
        move || {
            t += 1.0;
            Stamp {
                wall_s: t,
                cpu_s: t,
            }
        }
    }

    #[test]
    fn training_learns_an_alternating_text() {
        // "abab…": the next character is the one the window does not end with.
        let text = "ab".repeat(2000);
        let r = run(&text, 5, &mut fake_clock()).unwrap();
        assert_eq!(r.vocab_size, 2);
        assert_eq!(r.batch_losses.len(), 6);
        // Uniform over 2 characters is ln 2 ≈ 0.69 nats; the first batch starts near it.
        let ln2 = 2f64.ln();
        assert!(
            (r.batch_losses[0] - ln2).abs() < 0.2,
            "{:?}",
            r.batch_losses
        );
        assert!(
            r.loss_after_n < 0.25 * ln2,
            "{} {:?}",
            r.loss_after_n,
            r.batch_losses
        );
        assert_eq!(r.train_examples_per_s, 5.0 * 128.0);
        let line = r.result_line("x", "y", "");
        assert!(line.contains("\"loss_after_N\"") && line.contains(TEXT_CONFIG));
        assert!(run("ab", 1, &mut fake_clock())
            .unwrap_err()
            .contains("windows"));
    }
}
