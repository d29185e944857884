//! The character-level language model: `Embedding(V, E)` → the recurrent stack (RNN, LSTM or
//! GRU, stacked, dropout between layers) → `Linear(H, V)` on every step, trained with the
//! softmax cross-entropy averaged over the `B·T` positions of a chunk.
//!
//! Parameter names are those of a PyTorch module with members `embed`, `lstm`/`gru`/`rnn` and
//! `fc` (`embed.weight`, `lstm.weight_ih_l0`, …, `fc.weight`, `fc.bias`), in `state_dict`
//! order, so a safetensors file loads with `load_state_dict`.
//!
//! Shapes: token ids are batch-first `[batch, seq]`, logits `[batch, seq, V]`, states
//! `[layers, batch, hidden]` as PyTorch's `h_n`/`c_n`. Internally every step is time-major
//! (`[seq, batch, ·]`), as the recurrent stack is.

mod cross_entropy;

pub use cross_entropy::{row_nats, softmax_cross_entropy};

use crate::cells::CellKind;
use crate::model::embedding::Embedding;
use crate::model::linear::Linear;
use crate::model::params::Params;
use crate::model::recurrent::{Recurrent, RecurrentConfig, State};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Architecture of a [`CharLm`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CharLmConfig {
    /// Cell type.
    pub cell: CellKind,
    /// Vocabulary size V (characters and `<unk>`).
    pub vocab_size: usize,
    /// Embedding width E.
    pub embed_size: usize,
    /// Units per recurrent layer H.
    pub hidden_size: usize,
    /// Stacked recurrent layers.
    pub num_layers: usize,
    /// Dropout between recurrent layers (training only).
    pub dropout: f32,
    /// LSTM only: added to the forget-gate slice of every `bias_ih` after the init (0 = PyTorch).
    #[serde(default)]
    pub forget_bias: f32,
}

impl CharLmConfig {
    /// One layer, no dropout, PyTorch's init.
    pub fn new(cell: CellKind, vocab_size: usize, embed_size: usize, hidden_size: usize) -> Self {
        CharLmConfig {
            cell,
            vocab_size,
            embed_size,
            hidden_size,
            num_layers: 1,
            dropout: 0.0,
            forget_bias: 0.0,
        }
    }

    /// The recurrent stack's configuration (input = the embedding width, unidirectional: a
    /// language model must not read the characters it predicts).
    pub fn recurrent(&self) -> RecurrentConfig {
        RecurrentConfig {
            cell: self.cell,
            input_size: self.embed_size,
            hidden_size: self.hidden_size,
            num_layers: self.num_layers,
            bidirectional: false,
            bias: true,
            dropout: self.dropout,
        }
    }

    /// Checks the sizes, naming the offending field.
    pub fn validate(&self) -> Result<(), String> {
        if self.vocab_size < 2 {
            return Err(format!(
                "the vocabulary must have at least 2 symbols (got {})",
                self.vocab_size
            ));
        }
        if self.embed_size == 0 || self.embed_size > 4096 {
            return Err(format!(
                "embed must be in 1..=4096 (got {})",
                self.embed_size
            ));
        }
        if !self.forget_bias.is_finite() {
            return Err(format!(
                "forget_bias must be a finite number (got {})",
                self.forget_bias
            ));
        }
        self.recurrent().validate()
    }

    /// Builds the model with PyTorch's initialisation from `seed`: the embedding `N(0, 1)`,
    /// the recurrent weights uniform in `±1/√H`, the head uniform in `±1/√H`.
    pub fn init(&self, seed: u64) -> Result<CharLm, String> {
        self.validate()?;
        let mut params = Params::new();
        let embed = Embedding::new(self.vocab_size, self.embed_size, &mut params, "embed.");
        let prefix = format!("{}.", self.cell.module_name());
        let recurrent = Recurrent::new(self.recurrent(), &mut params, &prefix)?;
        let head = Linear::new(self.hidden_size, self.vocab_size, &mut params, "fc.");
        let mut rng = Rng::new(seed);
        embed.init_params(&mut params, &mut rng);
        recurrent.init_params(&mut params, &mut rng);
        self.shift_forget_bias(&mut params, &prefix);
        head.init_params(&mut params, &mut rng);
        Ok(CharLm {
            config: self.clone(),
            params,
            embed,
            recurrent,
            head,
            dropout_rng: rng.fork(),
            ids_tm: Vec::new(),
            targets_tm: Vec::new(),
            embedded: Vec::new(),
            logits: Vec::new(),
            d_logits: Vec::new(),
            d_top: Vec::new(),
        })
    }

    /// Adds `forget_bias` to rows `H..2H` (gate f) of each LSTM `bias_ih_l{k}`.
    fn shift_forget_bias(&self, params: &mut Params, prefix: &str) {
        if self.cell != CellKind::Lstm || self.forget_bias == 0.0 {
            return;
        }
        let h = self.hidden_size;
        for layer in 0..self.num_layers {
            if let Some(bias) = params.get_mut(&format!("{prefix}bias_ih_l{layer}")) {
                bias[h..2 * h]
                    .iter_mut()
                    .for_each(|b| *b += self.forget_bias);
            }
        }
    }
}

/// Embedding → recurrent stack → every-step linear head, with its parameters and buffers.
#[derive(Debug)]
pub struct CharLm {
    /// The architecture.
    pub config: CharLmConfig,
    /// All parameters and their gradients, PyTorch-named.
    pub params: Params,
    embed: Embedding,
    recurrent: Recurrent,
    head: Linear,
    dropout_rng: Rng,
    ids_tm: Vec<u32>,
    targets_tm: Vec<u32>,
    embedded: Vec<f32>,
    logits: Vec<f32>,
    d_logits: Vec<f32>,
    d_top: Vec<f32>,
}

impl CharLm {
    /// Inference forward (no dropout). `ids`: `[batch, seq]`; `state`: `[layers, batch, H]`
    /// (zeros when `None`). Returns the logits `[batch, seq, V]` and the final state.
    pub fn forward(
        &mut self,
        ids: &[u32],
        batch: usize,
        seq: usize,
        state: Option<&State>,
    ) -> (Vec<f32>, State) {
        self.run_forward(ids, batch, seq, state, false);
        let v = self.config.vocab_size;
        let mut out = vec![0.0; self.logits.len()];
        for t in 0..seq {
            for b in 0..batch {
                out[(b * seq + t) * v..][..v]
                    .copy_from_slice(&self.logits[(t * batch + b) * v..][..v]);
            }
        }
        (out, self.recurrent.final_state())
    }

    /// Mean cross-entropy (nats) of `targets` `[batch, seq]` after `ids` `[batch, seq]`, in
    /// inference mode, and the final state: one evaluation chunk of a stream.
    pub fn loss(
        &mut self,
        ids: &[u32],
        targets: &[u32],
        batch: usize,
        seq: usize,
        state: Option<&State>,
    ) -> (f64, State) {
        self.run_forward(ids, batch, seq, state, false);
        self.fill_targets(targets, batch, seq);
        let v = self.config.vocab_size;
        let loss = softmax_cross_entropy(&self.logits, v, &self.targets_tm, None);
        (loss, self.recurrent.final_state())
    }

    /// One truncated-BPTT step's gradients: zeroes the gradients, runs a training forward from
    /// `state` (treated as a constant: no gradient flows into it, i.e. detached), the mean
    /// cross-entropy against `targets`, and the backward. Returns the loss (nats) and the final
    /// state, which the next chunk starts from.
    pub fn compute_gradients(
        &mut self,
        ids: &[u32],
        targets: &[u32],
        batch: usize,
        seq: usize,
        state: Option<&State>,
    ) -> (f64, State) {
        self.params.zero_grads();
        self.run_forward(ids, batch, seq, state, true);
        self.fill_targets(targets, batch, seq);
        let v = self.config.vocab_size;
        let mut d_logits = std::mem::take(&mut self.d_logits);
        d_logits.resize(self.logits.len(), 0.0);
        let loss = softmax_cross_entropy(&self.logits, v, &self.targets_tm, Some(&mut d_logits));
        let final_state = self.recurrent.final_state();
        let h = self.config.hidden_size;
        let rows = batch * seq;
        let mut d_top = std::mem::take(&mut self.d_top);
        d_top.resize(rows * h, 0.0);
        let top = self.recurrent.top_output_time_major();
        self.head
            .backward(&mut self.params, top, h, rows, &d_logits, &mut d_top, h);
        self.recurrent
            .backward_time_major(&mut self.params, &mut d_top, None, false);
        let d_embedded = self.recurrent.input_grad_time_major();
        self.embed
            .backward(&mut self.params, &self.ids_tm, d_embedded);
        self.d_logits = d_logits;
        self.d_top = d_top;
        (loss, final_state)
    }

    /// The time-major logits `[seq, batch, V]` of the last forward.
    pub fn logits_time_major(&self) -> &[f32] {
        &self.logits
    }

    /// An all-zero state for `batch` rows.
    pub fn zero_state(&self, batch: usize) -> State {
        State::zeros(&self.config.recurrent(), batch)
    }

    /// Gathers the embeddings of `ids` (batch-first) time-major, runs the stack and the head.
    fn run_forward(
        &mut self,
        ids: &[u32],
        batch: usize,
        seq: usize,
        state: Option<&State>,
        train: bool,
    ) {
        assert_eq!(ids.len(), batch * seq, "ids must be [batch, seq]");
        transpose_ids(ids, batch, seq, &mut self.ids_tm);
        let e = self.config.embed_size;
        self.embedded.resize(batch * seq * e, 0.0);
        self.embed
            .forward(&self.params, &self.ids_tm, &mut self.embedded);
        let rng = train.then_some(&mut self.dropout_rng);
        self.recurrent.forward_time_major_input(
            &self.params,
            &self.embedded,
            batch,
            seq,
            state,
            rng,
            false,
        );
        let (h, v) = (self.config.hidden_size, self.config.vocab_size);
        self.logits.resize(batch * seq * v, 0.0);
        let top = self.recurrent.top_output_time_major();
        self.head
            .forward(&self.params, top, h, batch * seq, &mut self.logits);
    }

    fn fill_targets(&mut self, targets: &[u32], batch: usize, seq: usize) {
        assert_eq!(targets.len(), batch * seq, "targets must be [batch, seq]");
        transpose_ids(targets, batch, seq, &mut self.targets_tm);
    }
}

/// `[batch, seq]` → `[seq, batch]`.
fn transpose_ids(ids: &[u32], batch: usize, seq: usize, out: &mut Vec<u32>) {
    out.clear();
    out.extend((0..seq * batch).map(|k| ids[(k % batch) * seq + k / batch]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pytorch_names_in_state_dict_order() {
        let mut cfg = CharLmConfig::new(CellKind::Gru, 7, 3, 4);
        cfg.num_layers = 2;
        let lm = cfg.init(1).unwrap();
        let names: Vec<_> = lm.params.tensors.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names[0], "embed.weight");
        assert_eq!(names[1], "gru.weight_ih_l0");
        assert_eq!(names[5], "gru.weight_ih_l1");
        assert_eq!(&names[9..], ["fc.weight", "fc.bias"]);
        assert_eq!(lm.params.find("embed.weight").unwrap().shape, [7, 3]);
        assert_eq!(lm.params.find("fc.weight").unwrap().shape, [7, 4]);
    }

    #[test]
    fn chunks_with_carried_state_equal_one_pass() {
        let cfg = CharLmConfig::new(CellKind::Lstm, 5, 3, 6);
        let mut lm = cfg.init(2).unwrap();
        let ids: Vec<u32> = (0..2 * 8).map(|i| (i * 7 % 5) as u32).collect();
        let (whole, _) = lm.forward(&ids, 2, 8, None);
        let first: Vec<u32> = (0..2)
            .flat_map(|b| ids[b * 8..b * 8 + 5].to_vec())
            .collect();
        let rest: Vec<u32> = (0..2)
            .flat_map(|b| ids[b * 8 + 5..b * 8 + 8].to_vec())
            .collect();
        let (_, state) = lm.forward(&first, 2, 5, None);
        let (tail, _) = lm.forward(&rest, 2, 3, Some(&state));
        for b in 0..2 {
            for k in 0..3 * 5 {
                let a = whole[(b * 8 + 5) * 5 + k];
                let c = tail[b * 3 * 5 + k];
                assert!((a - c).abs() < 1e-6, "{a} vs {c}");
            }
        }
    }

    #[test]
    fn refuses_a_one_symbol_vocabulary() {
        let err = CharLmConfig::new(CellKind::Lstm, 1, 3, 4)
            .init(0)
            .unwrap_err();
        assert!(err.contains("vocabulary"), "{err}");
    }
}
