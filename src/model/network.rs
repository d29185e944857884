//! The forecasting model: a recurrent stack followed by a linear head.
//!
//! Parameter names are those of a PyTorch `nn.Module` with members `rnn`/`lstm`/`gru` and `fc`
//! (`lstm.weight_ih_l0`, …, `fc.weight`, `fc.bias`), so a `state_dict` moves between the two.

use crate::cells::CellKind;
use crate::model::linear::Linear;
use crate::model::loss::Loss;
use crate::model::params::Params;
use crate::model::recurrent::{Recurrent, RecurrentConfig, State};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

mod inspect;
pub use inspect::Inside;

/// Where the linear head reads the recurrent output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeadKind {
    /// On the last time step only: sequence → `output_size` values (one-step or direct multi-step).
    LastStep,
    /// On every time step: sequence → sequence.
    EveryStep,
}

/// Architecture of a [`Network`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NetworkConfig {
    /// Cell type.
    pub cell: CellKind,
    /// Features per time step (1 for a univariate series).
    pub input_size: usize,
    /// Units per layer and direction.
    pub hidden_size: usize,
    /// Stacked recurrent layers.
    pub num_layers: usize,
    /// Whether each layer also runs backwards in time.
    pub bidirectional: bool,
    /// Dropout between recurrent layers (training only).
    pub dropout: f32,
    /// Whether the recurrent layers have biases.
    pub bias: bool,
    /// Outputs of the head per position (the forecast horizon for direct multi-step).
    pub output_size: usize,
    /// Where the head reads.
    pub head: HeadKind,
}

impl NetworkConfig {
    /// One-layer, unidirectional, univariate, one output on the last step.
    pub fn new(cell: CellKind, hidden_size: usize) -> Self {
        NetworkConfig {
            cell,
            input_size: 1,
            hidden_size,
            num_layers: 1,
            bidirectional: false,
            dropout: 0.0,
            bias: true,
            output_size: 1,
            head: HeadKind::LastStep,
        }
    }

    /// The recurrent part's configuration.
    pub fn recurrent(&self) -> RecurrentConfig {
        RecurrentConfig {
            cell: self.cell,
            input_size: self.input_size,
            hidden_size: self.hidden_size,
            num_layers: self.num_layers,
            bidirectional: self.bidirectional,
            bias: self.bias,
            dropout: self.dropout,
        }
    }

    /// Checks the sizes, naming the offending field.
    pub fn validate(&self) -> Result<(), String> {
        self.recurrent().validate()?;
        if self.output_size == 0 {
            return Err("horizon (output_size) must be at least 1 (got 0)".into());
        }
        Ok(())
    }

    /// Builds the network with parameters initialised as PyTorch does, from `seed`.
    pub fn init(&self, seed: u64) -> Result<Network, String> {
        self.validate()?;
        let mut params = Params::new();
        let prefix = format!("{}.", self.cell.module_name());
        let recurrent = Recurrent::new(self.recurrent(), &mut params, &prefix)?;
        let head = Linear::new(
            self.recurrent().output_size(),
            self.output_size,
            &mut params,
            "fc.",
        );
        let mut rng = Rng::new(seed);
        recurrent.init_params(&mut params, &mut rng);
        head.init_params(&mut params, &mut rng);
        Ok(Network {
            config: self.clone(),
            params,
            recurrent,
            head,
            dropout_rng: rng.fork(),
            pred: Vec::new(),
            dpred: Vec::new(),
            dtop: Vec::new(),
        })
    }
}

/// Recurrent stack + linear head, with its parameters and reusable buffers.
#[derive(Debug)]
pub struct Network {
    /// The architecture.
    pub config: NetworkConfig,
    /// All parameters and their gradients, PyTorch-named.
    pub params: Params,
    recurrent: Recurrent,
    head: Linear,
    dropout_rng: Rng,
    pred: Vec<f32>,
    dpred: Vec<f32>,
    dtop: Vec<f32>,
}

impl Network {
    /// Predictions in inference mode (no dropout). `x`: `[batch, seq, input]`;
    /// returns `[batch, output]` (last-step head) or `[batch, seq, output]` (every-step head).
    pub fn predict(&mut self, x: &[f32], batch: usize, seq: usize) -> Vec<f32> {
        self.forward_with_state(x, batch, seq, None).0
    }

    /// Like [`Network::predict`] from a given recurrent state, also returning the final state
    /// (feed it back to continue a sequence one chunk at a time).
    pub fn forward_with_state(
        &mut self,
        x: &[f32],
        batch: usize,
        seq: usize,
        state: Option<&State>,
    ) -> (Vec<f32>, State) {
        self.forward(x, batch, seq, state, false);
        let out = self.pred_batch_first(batch, seq);
        (out, self.recurrent.final_state())
    }

    /// Forward in training mode, loss against `y`, backward into fresh gradients.
    /// `y` has the shape of the predictions. Returns the loss value.
    pub fn compute_gradients(
        &mut self,
        x: &[f32],
        y: &[f32],
        batch: usize,
        seq: usize,
        loss: Loss,
    ) -> f64 {
        self.params.zero_grads();
        self.forward(x, batch, seq, None, true);
        let pred = self.pred_batch_first(batch, seq);
        assert_eq!(
            pred.len(),
            y.len(),
            "targets must have the predictions' shape"
        );
        let mut dpred = std::mem::take(&mut self.dpred);
        dpred.clear();
        dpred.resize(pred.len(), 0.0);
        let value = loss.value_and_grad(&pred, y, &mut dpred);
        self.backward(&dpred, batch, seq);
        self.dpred = dpred;
        value
    }

    /// The recurrent part (for introspection).
    pub fn recurrent(&self) -> &Recurrent {
        &self.recurrent
    }

    fn forward(&mut self, x: &[f32], batch: usize, seq: usize, state: Option<&State>, train: bool) {
        let cfg = &self.config;
        assert_eq!(
            x.len(),
            batch * seq * cfg.input_size,
            "input must be [batch, seq, input_size]"
        );
        let rng = if train {
            Some(&mut self.dropout_rng)
        } else {
            None
        };
        self.recurrent
            .forward_time_major_input(&self.params, x, batch, seq, state, rng, true);
        self.head_forward(batch, seq);
    }

    /// The head on the recurrent output of the last forward, into `pred`.
    fn head_forward(&mut self, batch: usize, seq: usize) {
        let cfg = &self.config;
        let hd = self.recurrent.config().output_size();
        let top = self.recurrent.top_output_time_major();
        let (rows, src): (usize, &[f32]) = match cfg.head {
            HeadKind::LastStep => (batch, &top[(seq - 1) * batch * hd..]),
            HeadKind::EveryStep => (seq * batch, top),
        };
        self.pred.resize(rows * cfg.output_size, 0.0);
        self.head
            .forward(&self.params, src, hd, rows, &mut self.pred);
    }

    /// The head's output, batch-first (`pred` is time-major for the every-step head).
    fn pred_batch_first(&self, batch: usize, seq: usize) -> Vec<f32> {
        let o = self.config.output_size;
        match self.config.head {
            HeadKind::LastStep => self.pred.clone(),
            HeadKind::EveryStep => {
                let mut out = vec![0.0; self.pred.len()];
                for t in 0..seq {
                    for b in 0..batch {
                        out[(b * seq + t) * o..][..o]
                            .copy_from_slice(&self.pred[(t * batch + b) * o..][..o]);
                    }
                }
                out
            }
        }
    }

    fn backward(&mut self, dpred_bf: &[f32], batch: usize, seq: usize) {
        let o = self.config.output_size;
        let hd = self.recurrent.config().output_size();
        let mut dtop = std::mem::take(&mut self.dtop);
        dtop.clear();
        dtop.resize(seq * batch * hd, 0.0);
        let top = self.recurrent.top_output_time_major();
        match self.config.head {
            HeadKind::LastStep => {
                let off = (seq - 1) * batch * hd;
                self.head.backward(
                    &mut self.params,
                    &top[off..],
                    hd,
                    batch,
                    dpred_bf,
                    &mut dtop[off..],
                    hd,
                );
            }
            HeadKind::EveryStep => {
                let mut dtm = vec![0.0; dpred_bf.len()];
                for t in 0..seq {
                    for b in 0..batch {
                        dtm[(t * batch + b) * o..][..o]
                            .copy_from_slice(&dpred_bf[(b * seq + t) * o..][..o]);
                    }
                }
                self.head
                    .backward(&mut self.params, top, hd, seq * batch, &dtm, &mut dtop, hd);
            }
        }
        self.recurrent
            .backward_time_major(&mut self.params, &mut dtop, None, false);
        self.dtop = dtop;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pytorch_names_and_counts() {
        let net = NetworkConfig::new(CellKind::Lstm, 50).init(1).unwrap();
        let names: Vec<_> = net.params.tensors.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "lstm.weight_ih_l0",
                "lstm.weight_hh_l0",
                "lstm.bias_ih_l0",
                "lstm.bias_hh_l0",
                "fc.weight",
                "fc.bias"
            ]
        );
        // 4H·(1 + H) weights + two 4H bias vectors (PyTorch keeps both) + the head's H + 1.
        assert_eq!(net.params.count(), 200 * 51 + 400 + 51);
        let k = 1.0 / 50f32.sqrt();
        assert!(net.params.values.iter().all(|v| v.abs() <= k));
    }

    #[test]
    fn same_seed_same_bits() {
        let mut cfg = NetworkConfig::new(CellKind::Gru, 8);
        cfg.num_layers = 2;
        cfg.dropout = 0.3;
        let mut a = cfg.init(9).unwrap();
        let mut b = cfg.init(9).unwrap();
        let x: Vec<f32> = (0..2 * 5).map(|i| (i as f32 * 0.37).sin()).collect();
        let y = vec![0.1, -0.2];
        let la = a.compute_gradients(&x, &y, 2, 5, Loss::Mse);
        let lb = b.compute_gradients(&x, &y, 2, 5, Loss::Mse);
        assert_eq!(la.to_bits(), lb.to_bits());
        assert_eq!(a.params.grads, b.params.grads);
        assert_ne!(cfg.init(10).unwrap().params.values, a.params.values);
    }

    #[test]
    fn streaming_in_chunks_equals_one_pass() {
        // Feeding a sequence in two chunks, passing the state along, gives the same last-step
        // prediction as one pass over the whole sequence (every cell, two layers).
        for cell in [CellKind::RnnTanh, CellKind::Lstm, CellKind::Gru] {
            let mut cfg = NetworkConfig::new(cell, 6);
            cfg.num_layers = 2;
            let mut net = cfg.init(3).unwrap();
            let x: Vec<f32> = (0..8).map(|i| (i as f32 * 0.7).cos()).collect();
            let whole = net.predict(&x, 1, 8);
            let (_, state) = net.forward_with_state(&x[..5], 1, 5, None);
            let (tail, _) = net.forward_with_state(&x[5..], 1, 3, Some(&state));
            assert!(
                (whole[0] - tail[0]).abs() < 1e-6,
                "{cell}: {} vs {}",
                whole[0],
                tail[0]
            );
        }
    }

    #[test]
    fn dropout_only_while_training() {
        let mut cfg = NetworkConfig::new(CellKind::Lstm, 16);
        cfg.num_layers = 2;
        cfg.dropout = 0.5;
        let mut net = cfg.init(4).unwrap();
        let x: Vec<f32> = (0..10).map(|i| i as f32 * 0.1).collect();
        let a = net.predict(&x, 1, 10);
        let b = net.predict(&x, 1, 10);
        assert_eq!(a, b, "inference must be deterministic (no dropout)");
        let y = [0.0];
        let l1 = net.compute_gradients(&x, &y, 1, 10, Loss::Mse);
        let l2 = net.compute_gradients(&x, &y, 1, 10, Loss::Mse);
        assert_ne!(l1, l2, "fresh dropout masks on every training pass");
    }

    #[test]
    fn rejects_zero_sizes_naming_the_field() {
        assert!(NetworkConfig::new(CellKind::Lstm, 0)
            .init(0)
            .unwrap_err()
            .contains("hidden"));
        let mut c = NetworkConfig::new(CellKind::Lstm, 4);
        c.num_layers = 0;
        assert!(c.init(0).unwrap_err().contains("layers"));
        c.num_layers = 1;
        c.output_size = 0;
        assert!(c.init(0).unwrap_err().contains("horizon"));
    }
}
