//! [`Network::inspect`]: one batch seen from inside the network, computed by the same forward
//! and backward code as training (see `recurrent/capture.rs`), leaving the parameters, their
//! gradients and the dropout stream as they were.

use super::Network;
use crate::model::loss::Loss;
use crate::model::recurrent::{Activation, Recurrent};

/// One batch seen from inside the network (see [`Network::inspect`]). Per-state arrays are
/// `[layers·dirs, batch, steps, hidden]`, state index `layer·dirs + dir` as in PyTorch.
#[derive(Clone, Debug, PartialEq)]
pub struct Inside {
    /// Sequences in the batch.
    pub batch: usize,
    /// Time steps.
    pub steps: usize,
    /// Recurrent states: `layers·dirs`.
    pub states: usize,
    /// Units per layer and direction.
    pub hidden: usize,
    /// The predictions, shaped as [`Network::predict`]'s (inference mode: no dropout).
    pub prediction: Vec<f32>,
    /// The loss of the predictions against the targets.
    pub loss: f64,
    /// Every step's gates and states, in the order of
    /// [`activation_names`](crate::model::recurrent::activation_names).
    pub activations: Vec<Activation>,
    /// `∂loss/∂h_t`, the total derivative over every path (this step's output, later steps of
    /// the layer, the layers above), `[layers·dirs, batch, steps, hidden]`.
    pub grad_h: Vec<f32>,
    /// Saliency `∂ȳ/∂x`, `[batch, steps, input]`, where `ȳ` is the mean of a row's outputs (its
    /// prediction when there is one output): each row's sensitivity to its own inputs.
    pub saliency: Vec<f32>,
}

impl Inside {
    /// `‖∂loss/∂h_t‖₂` per state and step, averaged over the batch rows: `[layers·dirs, steps]`
    /// (one row: its norm).
    pub fn grad_h_norm(&self) -> Vec<f32> {
        let (batch, steps, hidden) = (self.batch, self.steps, self.hidden);
        let mut out = vec![0.0; self.states * steps];
        for state in 0..self.states {
            for t in 0..steps {
                let mut sum = 0.0f64;
                for b in 0..batch {
                    let at = ((state * batch + b) * steps + t) * hidden;
                    let sq: f64 = self.grad_h[at..at + hidden]
                        .iter()
                        .map(|&g| (g as f64) * (g as f64))
                        .sum();
                    sum += sq.sqrt();
                }
                out[state * steps + t] = (sum / batch as f64) as f32;
            }
        }
        out
    }

    /// The activation named `name`, if the cell has one.
    pub fn activation(&self, name: &str) -> Option<&Activation> {
        self.activations.iter().find(|a| a.name == name)
    }
}

impl Network {
    /// Looks inside the network on one batch: `x` `[batch, seq, input]`, targets `y` shaped as
    /// the predictions. One forward (no dropout, zero initial state, every step kept) and one
    /// backward, seeded with `∂ȳ/∂ŷ` for the saliency and recording `∂/∂h_t`; with one output
    /// per row `∂loss/∂h_t` is that record times the row's `∂loss/∂ŷ` (the loss depends on a
    /// row's states only through its one prediction), otherwise a second backward seeded with
    /// `∂loss/∂ŷ` records it. The weights, their gradients, the dropout stream and the training
    /// buffers are left as they were (the passes run on the recurrent stack's second set of
    /// buffers), so training goes on bit for bit, and at its speed, as without the inspection.
    pub fn inspect(
        &mut self,
        x: &[f32],
        y: &[f32],
        batch: usize,
        seq: usize,
        loss: Loss,
    ) -> Inside {
        let input_size = self.config.input_size;
        assert_eq!(
            x.len(),
            batch * seq * input_size,
            "input must be [batch, seq, input_size]"
        );
        self.recurrent.swap_workspaces();
        self.recurrent
            .forward_keeping_steps(&self.params, x, batch, seq);
        self.head_forward(batch, seq);
        let prediction = self.pred_batch_first(batch, seq);
        assert_eq!(
            prediction.len(),
            y.len(),
            "targets must have the predictions' shape"
        );
        let mut d_loss = vec![0.0; prediction.len()];
        let value = loss.value_and_grad(&prediction, y, &mut d_loss);
        let per_row = prediction.len() / batch;
        let seed = vec![1.0 / per_row as f32; prediction.len()];
        let zeros = vec![0.0; self.params.grads.len()];
        let kept_grads = std::mem::replace(&mut self.params.grads, zeros);
        self.recurrent.record_hidden_grads(true);
        self.backward(&seed, batch, seq);
        let saliency = batch_first_input_grad(&self.recurrent, batch, seq, input_size);
        let mut grad_h = self.recurrent.hidden_grads();
        if per_row == 1 {
            let row_block = seq * self.config.hidden_size;
            for (block, g) in grad_h.chunks_exact_mut(row_block).enumerate() {
                let scale = d_loss[block % batch];
                g.iter_mut().for_each(|v| *v *= scale);
            }
        } else {
            self.backward(&d_loss, batch, seq);
            grad_h = self.recurrent.hidden_grads();
        }
        self.recurrent.record_hidden_grads(false);
        self.params.grads = kept_grads;
        let activations = self.recurrent.activations();
        self.recurrent.swap_workspaces();
        let recurrent = self.recurrent.config();
        Inside {
            batch,
            steps: seq,
            states: recurrent.num_layers * recurrent.dirs(),
            hidden: recurrent.hidden_size,
            prediction,
            loss: value,
            activations,
            grad_h,
            saliency,
        }
    }

    /// The recurrent part, mutable: for [`Recurrent::set_perturbation`] in finite-difference
    /// tests.
    pub fn recurrent_mut(&mut self) -> &mut Recurrent {
        &mut self.recurrent
    }
}

/// The last backward's gradient w.r.t. the model input, batch-first `[batch, seq, input]`.
fn batch_first_input_grad(
    recurrent: &Recurrent,
    batch: usize,
    seq: usize,
    input_size: usize,
) -> Vec<f32> {
    let time_major = recurrent.input_grad_time_major();
    let mut out = vec![0.0; batch * seq * input_size];
    for t in 0..seq {
        for b in 0..batch {
            out[(b * seq + t) * input_size..][..input_size]
                .copy_from_slice(&time_major[(t * batch + b) * input_size..][..input_size]);
        }
    }
    out
}
