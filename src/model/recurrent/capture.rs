//! What an inspection reads out of the two passes, with no second implementation of either: a
//! forward that keeps every step (as training does) but draws no dropout, every step's gates
//! and states read from the workspace afterwards, and the total gradient `∂loss/∂h_t` that the
//! backward accumulates at each step, recorded when asked. Also a test hook that nudges one
//! hidden value inside the forward, so that `∂loss/∂h_t` can be checked by finite differences.
//!
//! Read-outs are batch-first per state: `[layers·dirs, batch, steps, hidden]`, state index
//! `layer·dirs + dir` as in PyTorch.

use super::layout::{time_at, Dims};
use super::workspace::resize;
use super::{ForwardInput, Recurrent, RecurrentInput};
use crate::cells::CellKind;
use crate::model::params::Params;

/// A nudge `delta` added to the hidden value `h_t[row, unit]` of state `layer·dirs + dir` right
/// after the forward computes it, so that every later use (the next step, the layer above, the
/// head) sees the nudged value. For finite-difference checks of `∂loss/∂h_t`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HiddenPerturbation {
    /// The state index `layer·dirs + dir`.
    pub state: usize,
    /// The time step.
    pub t: usize,
    /// The batch row.
    pub row: usize,
    /// The hidden unit.
    pub unit: usize,
    /// What is added.
    pub delta: f32,
}

impl HiddenPerturbation {
    /// Adds `delta` to `output` (a layer output `[steps·batch, dirs·hidden]`) when this nudge is
    /// for direction `dir`'s `step`-th step (the caller has matched the state).
    pub(super) fn apply(&self, output: &mut [f32], dims: Dims, dir: usize, step: usize) {
        if time_at(dir, step, dims.steps) == self.t {
            let row = self.t * dims.batch + self.row;
            output[row * dims.output_width + dir * dims.hidden + self.unit] += self.delta;
        }
    }
}

/// One kind of activation of every state, step and unit: `values` is
/// `[layers·dirs, batch, steps, hidden]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Activation {
    /// The name: one of [`activation_names`].
    pub name: &'static str,
    /// The values, `[layers·dirs, batch, steps, hidden]`.
    pub values: Vec<f32>,
}

/// The activations an inspection shows for `cell`, in this fixed order: LSTM `i, f, g, o` (after
/// their sigmoid/tanh), the cell state `c` and `h`; GRU `r, z, n, h`; RNN `h`.
pub fn activation_names(cell: CellKind) -> &'static [&'static str] {
    match cell {
        CellKind::Lstm => &["i", "f", "g", "o", "c", "h"],
        CellKind::Gru => &["r", "z", "n", "h"],
        CellKind::RnnTanh | CellKind::RnnRelu => &["h"],
    }
}

/// Copies `hidden` columns from `col` of the time-major `src` (`[steps·batch, width]`) into
/// batch-first `dst` (`[batch, steps, hidden]`).
fn gather(src: &[f32], width: usize, col: usize, dims: Dims, dst: &mut [f32]) {
    let (batch, steps, hidden) = (dims.batch, dims.steps, dims.hidden);
    for t in 0..steps {
        for b in 0..batch {
            let from = (t * batch + b) * width + col;
            dst[(b * steps + t) * hidden..][..hidden].copy_from_slice(&src[from..][..hidden]);
        }
    }
}

impl Recurrent {
    /// Forward pass for an inspection: batch-first `x` `[batch, seq, input]`, zero initial
    /// state, no dropout (as inference), every step's activations kept (as training), so that
    /// [`Recurrent::activations`] can read them and a backward can run through it.
    pub fn forward_keeping_steps(&mut self, params: &Params, x: &[f32], batch: usize, seq: usize) {
        let input = ForwardInput {
            x: RecurrentInput::Dense(x),
            batch,
            seq,
            batch_first: true,
        };
        self.run_forward(params, input, None, None, true);
    }

    /// Whether the following backwards record `∂/∂h_t` of every state and step (read them with
    /// [`Recurrent::hidden_grads`]). Off by default; the training path never turns it on.
    pub fn record_hidden_grads(&mut self, on: bool) {
        self.work.record_d_h = on;
    }

    /// The gradient w.r.t. each step's `h` that the last recording backward accumulated, before
    /// pushing it through the step: the **total** derivative (this step's output, later steps
    /// of the layer, the layers above). `[layers·dirs, batch, steps, hidden]`.
    ///
    /// Panics when the last backward did not record (see [`Recurrent::record_hidden_grads`]).
    pub fn hidden_grads(&self) -> Vec<f32> {
        let dims = self.work.dims(&self.config);
        let block = dims.batch * dims.steps * dims.hidden;
        let recorded = &self.work.recorded_d_h;
        assert!(
            recorded.len() == self.config.layer_dirs() && recorded.iter().all(|r| r.len() == block),
            "hidden_grads: the last backward did not record them (record_hidden_grads(true) first)"
        );
        let mut out = vec![0.0; recorded.len() * block];
        for (state, src) in recorded.iter().enumerate() {
            gather(
                src,
                dims.hidden,
                0,
                dims,
                &mut out[state * block..][..block],
            );
        }
        out
    }

    /// Every step's activations of the last forward that kept its steps, in the order of
    /// [`activation_names`]. Panics after an inference forward (which keeps one step only).
    pub fn activations(&self) -> Vec<Activation> {
        let work = &self.work;
        assert!(
            work.trained_forward,
            "activations: the last forward did not keep its steps"
        );
        let config = &self.config;
        let dims = work.dims(config);
        let (hidden, directions) = (dims.hidden, config.dirs());
        let block = dims.batch * dims.steps * hidden;
        let names = activation_names(config.cell);
        let gate_count = match config.cell {
            CellKind::Lstm => 4,
            CellKind::Gru => 3,
            CellKind::RnnTanh | CellKind::RnnRelu => 0,
        };
        let mut out: Vec<Activation> = names
            .iter()
            .map(|&name| Activation {
                name,
                values: vec![0.0; config.layer_dirs() * block],
            })
            .collect();
        for layer in 0..config.num_layers {
            for dir in 0..directions {
                let state = layer * directions + dir;
                let dst = state * block..(state + 1) * block;
                for (k, activation) in out.iter_mut().enumerate() {
                    let values = &mut activation.values[dst.clone()];
                    if k < gate_count {
                        let gates = &work.gates[state];
                        gather(gates, dims.gate_width, k * hidden, dims, values);
                    } else if activation.name == "c" {
                        gather(&work.cells[state], hidden, 0, dims, values);
                    } else {
                        let output = &work.layer_outputs[layer];
                        gather(output, dims.output_width, dir * hidden, dims, values);
                    }
                }
            }
        }
        out
    }

    /// Exchanges the buffers of the passes with a second set, kept for inspections: call it
    /// before and after one, so that an inspection of one window between two training batches
    /// neither resizes the training batch's buffers nor touches what they hold. Everything that
    /// lives in the buffers (the last pass, the recording flag, the nudge) goes with them.
    pub fn swap_workspaces(&mut self) {
        std::mem::swap(&mut self.work, &mut self.spare_work);
    }

    /// Sets (or clears) the nudge the following forwards add to one hidden value.
    pub fn set_perturbation(&mut self, perturbation: Option<HiddenPerturbation>) {
        self.work.perturbation = perturbation;
    }
}

/// Sizes the record of `∂/∂h_t` (one `[steps·batch, hidden]` buffer per state) when the
/// workspace records, and drops it when it does not.
pub(super) fn prepare_record(config: &super::RecurrentConfig, work: &mut super::Workspace) {
    if !work.record_d_h {
        work.recorded_d_h.clear();
        return;
    }
    let dims = work.dims(config);
    work.recorded_d_h.resize_with(config.layer_dirs(), Vec::new);
    for buffer in &mut work.recorded_d_h {
        resize(buffer, dims.steps * dims.batch * dims.hidden);
    }
}
