//! The [`Workspace`]: every buffer of the forward and backward passes, sized once per
//! (batch, steps) shape and reused, so the time loops never allocate.
//!
//! Shapes use `rows = steps·batch` (time-major rows), `G·hidden` = a direction's gate width and
//! `dirs·hidden` = a layer's output width. "Per (layer, dir)" buffers are indexed `layer·dirs + dir`.

use super::layout::Dims;
use super::{HiddenPerturbation, RecurrentConfig};
use crate::cells::CellKind;
use crate::kernels::PackedB;

/// Per-shape buffers, reused across calls with the same (batch, steps).
#[derive(Default, Debug)]
pub(super) struct Workspace {
    /// Sequences per batch of the current shape.
    pub batch: usize,
    /// Time steps of the current shape.
    pub seq: usize,
    /// Layer inputs, time-major: `[0]` is the model input `[rows, input]`, `[k]` the (dropped-out)
    /// output of layer k−1 `[rows, dirs·hidden]`.
    pub layer_inputs: Vec<Vec<f32>>,
    /// Dropout masks (already scaled by `1/(1−p)`) for layers k ≥ 1, `[rows, dirs·hidden]`;
    /// empty without dropout.
    pub dropout_masks: Vec<Vec<f32>>,
    /// Layer outputs `[rows, dirs·hidden]`, both directions side by side in each row.
    pub layer_outputs: Vec<Vec<f32>>,
    /// Per (layer, dir): gate pre-activations → activated gates `[rows, G·hidden]` (training) or
    /// one step's `[batch, G·hidden]` (inference).
    pub gates: Vec<Vec<f32>>,
    /// Per (layer, dir): LSTM cell states `[rows, hidden]` (empty for other cells).
    pub cells: Vec<Vec<f32>>,
    /// Per (layer, dir): `tanh` of the LSTM cell states `[rows, hidden]` (empty for other cells).
    pub cells_tanh: Vec<Vec<f32>>,
    /// Per (layer, dir): GRU hidden projections `h·W_hhᵀ + b_hh`, shaped as `gates` (GRU only).
    pub hidden_proj: Vec<Vec<f32>>,
    /// Initial hidden states of the last forward, `[layers·dirs, batch, hidden]`.
    pub h0: Vec<f32>,
    /// Initial cell states of the last forward, `[layers·dirs, batch, hidden]` (zeros but for LSTM).
    pub c0: Vec<f32>,
    /// Backward: gradient w.r.t. the gate pre-activations of the input side, `[rows, G·hidden]`.
    pub d_gates: Vec<f32>,
    /// Backward: gradient w.r.t. the hidden projection, `[rows, G·hidden]` (GRU only; for the
    /// other cells it equals `d_gates`).
    pub d_gates_hidden: Vec<f32>,
    /// Backward: time-major copy of a batch-first output gradient, `[rows, dirs·hidden]`.
    pub d_output_scratch: Vec<f32>,
    /// Backward: gradient w.r.t. the model input, time-major `[rows, input]`.
    pub d_input: Vec<f32>,
    /// Backward: gradient w.r.t. the current step's `h`, `[batch, hidden]`.
    pub d_h: Vec<f32>,
    /// Backward: gradient w.r.t. the current step's `c` (LSTM), or the GRU's `z·dh` scratch,
    /// `[batch, hidden]`.
    pub d_c: Vec<f32>,
    /// `W_hhᵀ` packed for the forward steps' `h·W_hhᵀ` (re-packed per layer and direction).
    pub packed_whh_t: PackedB,
    /// `W_hh` packed for the backward steps' `dG·W_hh`.
    pub packed_whh: PackedB,
    /// `W_ihᵀ` packed for the forward steps' `x·W_ihᵀ` (layers with more than one input).
    pub packed_wih_t: PackedB,
    /// The bias row added to the gates before the products: `b_ih + b_hh` (`b_ih` for the GRU),
    /// `[G·hidden]`.
    pub bias_row: Vec<f32>,
    /// Whether the cached forward kept every step's activations (training, or a forward for
    /// inspection), so that a backward can run through it.
    pub trained_forward: bool,
    /// Whether the cached forward drew dropout masks (training with dropout > 0), which the
    /// backward then applies to the layer-input gradients.
    pub dropout_drawn: bool,
    /// Whether the next backwards record `∂/∂h_t` of every layer and direction into
    /// `recorded_d_h` (inspection only; off on the training path).
    pub record_d_h: bool,
    /// Per (layer, dir): the recorded total gradient w.r.t. each step's `h`, `[rows, hidden]`
    /// time-major (empty unless `record_d_h`).
    pub recorded_d_h: Vec<Vec<f32>>,
    /// A nudge added to one hidden value during the forward (finite-difference tests).
    pub perturbation: Option<HiddenPerturbation>,
    /// Whether the initial state of the last forward was all zeros (no state given).
    pub zero_h0: bool,
    /// Whether the last forward's input was token ids (then `input_ids` holds them and
    /// `layer_inputs[0]` is not used).
    pub token_input: bool,
    /// The token ids of the last token forward, time-major `[rows]`.
    pub input_ids: Vec<u32>,
    /// `W_ihᵀ` `[input, G·hidden]` of the first layer's current direction, for a token forward's
    /// column lookups.
    pub w_ih_t: Vec<f32>,
    /// Backward after a token forward: per-token sums of the gate gradients `[input, G·hidden]`.
    pub d_w_ih_t: Vec<f32>,
}

/// Grows `v` to at least `n` zeros-padded elements (never shrinks).
fn grow(v: &mut Vec<f32>, n: usize) {
    if v.len() < n {
        v.resize(n, 0.0);
    }
}

/// Makes `v` exactly `n` long, all zeros, when its length differs (keeps it as is otherwise).
pub(super) fn resize(v: &mut Vec<f32>, n: usize) {
    if v.len() != n {
        v.clear();
        v.resize(n, 0.0);
    }
}

impl Workspace {
    /// The sizes of a pass of `config` over the current shape.
    pub fn dims(&self, config: &RecurrentConfig) -> Dims {
        Dims::new(config, self.batch, self.seq)
    }

    /// Sizes every shape-dependent buffer for `batch` sequences of `seq` steps; a no-op when the
    /// shape is unchanged.
    pub fn ensure_shape(&mut self, config: &RecurrentConfig, batch: usize, seq: usize) {
        if self.batch == batch && self.seq == seq && !self.layer_outputs.is_empty() {
            return;
        }
        self.batch = batch;
        self.seq = seq;
        let (layers, layer_dirs) = (config.num_layers, config.layer_dirs());
        self.layer_inputs.resize_with(layers, Vec::new);
        self.dropout_masks.resize_with(layers, Vec::new);
        self.layer_outputs.resize_with(layers, Vec::new);
        self.gates.resize_with(layer_dirs, Vec::new);
        self.cells.resize_with(layer_dirs, Vec::new);
        self.cells_tanh.resize_with(layer_dirs, Vec::new);
        self.hidden_proj.resize_with(layer_dirs, Vec::new);
        self.size_layer_buffers(config);
        self.size_direction_buffers(config);
    }

    /// Sizes the per-layer buffers: inputs, dropout masks and outputs.
    fn size_layer_buffers(&mut self, config: &RecurrentConfig) {
        let rows = self.batch * self.seq;
        for layer in 0..config.num_layers {
            let input_size = config.layer_input_size(layer);
            resize(&mut self.layer_inputs[layer], rows * input_size);
            let has_mask = layer > 0 && config.dropout > 0.0;
            resize(
                &mut self.dropout_masks[layer],
                if has_mask { rows * input_size } else { 0 },
            );
            resize(&mut self.layer_outputs[layer], rows * config.output_size());
        }
    }

    /// Sizes the per-(layer, dir) LSTM cell buffers, the initial states and the backward's
    /// gate gradients (the gate buffers grow separately, see [`Workspace::ensure_gate_rows`]).
    fn size_direction_buffers(&mut self, config: &RecurrentConfig) {
        let hidden = config.hidden_size;
        let rows = self.batch * self.seq;
        let cell_len = if config.cell.has_cell_state() {
            rows * hidden
        } else {
            0
        };
        for layer_dir in 0..config.layer_dirs() {
            resize(&mut self.cells_tanh[layer_dir], cell_len);
            resize(&mut self.cells[layer_dir], cell_len);
        }
        let state_len = config.layer_dirs() * self.batch * hidden;
        resize(&mut self.h0, state_len);
        resize(&mut self.c0, state_len);
        let gate_width = config.gate_width();
        resize(&mut self.d_gates, rows * gate_width);
        let gru = config.cell == CellKind::Gru;
        resize(
            &mut self.d_gates_hidden,
            if gru { rows * gate_width } else { 0 },
        );
    }

    /// Makes the gate buffers (and the GRU's hidden projections) hold at least `rows` rows:
    /// every step's for a training forward, one step's for inference. They only grow.
    pub fn ensure_gate_rows(&mut self, config: &RecurrentConfig, rows: usize) {
        let gate_width = config.gate_width();
        let gru = config.cell == CellKind::Gru;
        for layer_dir in 0..self.gates.len() {
            grow(&mut self.gates[layer_dir], rows * gate_width);
            if gru {
                grow(&mut self.hidden_proj[layer_dir], rows * gate_width);
            }
        }
    }
}
