//! The forward pass: layer by layer (dropout in between when training), each direction a loop
//! over the time steps.
//!
//! Each step builds its gate pre-activations in place, right before the cell reads them, so they
//! are in cache for the `h·W_hhᵀ` accumulation and the epilogue: bias row, `+ x_t·W_ihᵀ`,
//! `+ h·W_hhᵀ`. A training forward keeps every step's gates for the backward pass; inference
//! reuses the first step's block.

use super::input;
use super::layout::{previous_time, split_rows, time_at, Dims};
use super::weights::DirectionWeights;
use super::workspace::{resize, Workspace};
use super::RecurrentConfig;
use crate::cells::{gru, lstm, rnn, CellKind};
use crate::kernels::{self, PackedB, Trans};
use crate::model::params::Params;
use crate::rng::Rng;

/// Runs every layer on the time-major model input already in `work.layer_inputs[0]`, leaving
/// each layer's output `[steps·batch, dirs·hidden]` in `work.layer_outputs`. With `train`,
/// dropout masks for the layer inputs k ≥ 1 are drawn from it.
pub(super) fn forward_stack(
    config: &RecurrentConfig,
    weights: &[DirectionWeights],
    params: &Params,
    work: &mut Workspace,
    mut train: Option<&mut Rng>,
) {
    let directions = config.dirs();
    for layer in 0..config.num_layers {
        if layer > 0 {
            feed_next_layer(config, work, layer, train.as_deref_mut());
        }
        for dir in 0..directions {
            let layer_weights = &weights[layer * directions + dir];
            forward_direction(config, layer_weights, params, work, layer, dir);
        }
    }
}

/// Layer `layer`'s input = layer `layer − 1`'s output, through dropout when training: one draw
/// per element, in order, kept with probability `1 − p` and scaled by `1/(1 − p)`.
fn feed_next_layer(
    config: &RecurrentConfig,
    work: &mut Workspace,
    layer: usize,
    train: Option<&mut Rng>,
) {
    let input = &mut work.layer_inputs[layer];
    input.copy_from_slice(&work.layer_outputs[layer - 1]);
    let keep = 1.0 - config.dropout;
    if let (Some(rng), true) = (train, config.dropout > 0.0) {
        let mask = &mut work.dropout_masks[layer];
        for (m, v) in mask.iter_mut().zip(input.iter_mut()) {
            *m = if rng.next_f64() < keep as f64 {
                1.0 / keep
            } else {
                0.0
            };
            *v *= *m;
        }
    }
}

/// Layer `layer` in direction `dir`: prepares the weights, then runs the steps in the
/// direction's time order.
fn forward_direction(
    config: &RecurrentConfig,
    layer_weights: &DirectionWeights,
    params: &Params,
    work: &mut Workspace,
    layer: usize,
    dir: usize,
) {
    let lookup = layer == 0 && work.token_input;
    prepare_weights(config, layer_weights, params, work, lookup);
    let gru_cell = config.cell == CellKind::Gru;
    let has_bias_row = layer_weights.b_ih.is_some() || (layer_weights.b_hh.is_some() && !gru_cell);
    let dims = work.dims(config);
    let layer_dir = layer * config.dirs() + dir;
    let state = dims.state_block(layer_dir);
    let values = &params.values;
    let input_size = layer_weights.input_size;
    // The finite-difference tests' nudge of one hidden value, when it is for this direction.
    let nudge = work.perturbation.filter(|p| p.state == layer_dir);
    let x = &work.layer_inputs[layer];
    let projection = if lookup {
        InputProjection::Lookup {
            ids: &work.input_ids,
            w_ih_t: &work.w_ih_t,
        }
    } else if input_size > 1 {
        InputProjection::Packed {
            x,
            input_size,
            w_ih_t: &work.packed_wih_t,
        }
    } else {
        InputProjection::Single {
            x,
            input_size,
            w_ih: &values[layer_weights.w_ih.clone()],
        }
    };
    let inputs = StepInputs {
        cell: config.cell,
        dims,
        dir,
        keep_all_steps: work.trained_forward,
        zero_h0: work.zero_h0,
        projection,
        packed_whh_t: &work.packed_whh_t,
        bias_row: has_bias_row.then_some(&work.bias_row[..]),
        gru_b_hh: layer_weights.b_hh.clone().map(|b| &values[b]),
        h0: &work.h0[state.clone()],
        c0: &work.c0[state],
    };
    let mut buffers = StepBuffers {
        gates: &mut work.gates[layer_dir],
        output: &mut work.layer_outputs[layer],
        hidden_proj: &mut work.hidden_proj[layer_dir],
        cells: &mut work.cells[layer_dir],
        cells_tanh: &mut work.cells_tanh[layer_dir],
    };
    match nudge {
        None => (0..dims.steps).for_each(|step| forward_step(&inputs, &mut buffers, step)),
        Some(nudge) => {
            for step in 0..dims.steps {
                forward_step(&inputs, &mut buffers, step);
                nudge.apply(buffers.output, dims, dir, step);
            }
        }
    }
}

/// Packs `W_hhᵀ` (and `W_ihᵀ` when the layer has more than one input feature; for a token
/// input, `lookup`, copies `W_ihᵀ` as rows instead) into the workspace, and builds the bias row
/// `b_ih + b_hh` (`b_ih` alone for the GRU, whose `b_hh` sits inside `r ⊙ (…)`; zeros without
/// biases).
fn prepare_weights(
    config: &RecurrentConfig,
    layer_weights: &DirectionWeights,
    params: &Params,
    work: &mut Workspace,
    lookup: bool,
) {
    let values = &params.values;
    let (hidden, gate_width) = (config.hidden_size, config.gate_width());
    let input_size = layer_weights.input_size;
    let w_hh = &values[layer_weights.w_hh.clone()];
    work.packed_whh_t
        .pack(Trans::Yes, hidden, gate_width, w_hh, hidden);
    // One input feature: the projection is an axpy per row (the GEMM's vector path), unpacked.
    if lookup {
        let w_ih = &values[layer_weights.w_ih.clone()];
        resize(&mut work.w_ih_t, input_size * gate_width);
        input::transpose_w_ih(w_ih, gate_width, input_size, &mut work.w_ih_t);
    } else if input_size > 1 {
        let w_ih = &values[layer_weights.w_ih.clone()];
        work.packed_wih_t
            .pack(Trans::Yes, input_size, gate_width, w_ih, input_size);
    }
    resize(&mut work.bias_row, gate_width);
    match &layer_weights.b_ih {
        Some(b) => work.bias_row.copy_from_slice(&values[b.clone()]),
        None => work.bias_row.fill(0.0),
    }
    if let (Some(b), false) = (&layer_weights.b_hh, config.cell == CellKind::Gru) {
        kernels::axpy(1.0, &values[b.clone()], &mut work.bias_row);
    }
}

/// A layer's input rows and how a step multiplies them by `W_ihᵀ`.
enum InputProjection<'a> {
    /// Rows `x` `[steps·batch, input]` times `W_ihᵀ` packed (more than one input feature).
    Packed {
        /// The layer input, time-major.
        x: &'a [f32],
        /// Features per row.
        input_size: usize,
        /// `W_ihᵀ` packed.
        w_ih_t: &'a PackedB,
    },
    /// Rows `x` `[steps·batch, 1]` times `W_ih` as stored, `[G·hidden, 1]`: the GEMM's vector path.
    Single {
        /// The layer input, time-major.
        x: &'a [f32],
        /// Features per row (1).
        input_size: usize,
        /// `W_ih` as stored.
        w_ih: &'a [f32],
    },
    /// One-hot rows given by token ids `[steps·batch]`: column lookups in `W_ihᵀ`
    /// `[input, G·hidden]`.
    Lookup {
        /// The token ids, time-major.
        ids: &'a [u32],
        /// `W_ihᵀ`, one row per token.
        w_ih_t: &'a [f32],
    },
}

/// What one (layer, direction)'s forward steps read.
struct StepInputs<'a> {
    /// The cell type.
    cell: CellKind,
    /// The pass's sizes.
    dims: Dims,
    /// 0 forward in time, 1 reverse.
    dir: usize,
    /// Training: the gates of step t go to block t (inference reuses block 0).
    keep_all_steps: bool,
    /// No initial state was given: the first step's `h·W_hhᵀ` is zero and skipped.
    zero_h0: bool,
    /// The layer input and `W_ih` in the form its product needs.
    projection: InputProjection<'a>,
    /// `W_hhᵀ` packed.
    packed_whh_t: &'a PackedB,
    /// The bias row `[G·hidden]` that starts the pre-activations (none: they start at zero).
    bias_row: Option<&'a [f32]>,
    /// `b_hh` `[G·hidden]`, added to the GRU's hidden projection (unused by other cells).
    gru_b_hh: Option<&'a [f32]>,
    /// This direction's initial `h`, `[batch, hidden]`.
    h0: &'a [f32],
    /// This direction's initial `c`, `[batch, hidden]`.
    c0: &'a [f32],
}

/// The workspace buffers one (layer, direction)'s forward steps write.
struct StepBuffers<'a> {
    /// Gate blocks, `[steps·batch, G·hidden]` (training) or `[batch, G·hidden]`.
    gates: &'a mut [f32],
    /// The layer output `[steps·batch, dirs·hidden]`; this direction writes columns
    /// `dir·hidden..(dir+1)·hidden`.
    output: &'a mut [f32],
    /// GRU hidden projections, shaped as `gates` (empty for other cells).
    hidden_proj: &'a mut [f32],
    /// LSTM cell states `[steps·batch, hidden]` (empty for other cells).
    cells: &'a mut [f32],
    /// `tanh` of the LSTM cell states `[steps·batch, hidden]` (empty for other cells).
    cells_tanh: &'a mut [f32],
}

/// The direction's `step`-th step, at time `t = time_at(dir, step)`: pre-activations from the
/// input, then the cell's recurrent part writes `h_t` into the output rows.
fn forward_step(inputs: &StepInputs, buffers: &mut StepBuffers, step: usize) {
    let dims = inputs.dims;
    let t = time_at(inputs.dir, step, dims.steps);
    let t_prev = previous_time(inputs.dir, t);
    let gate_rows = dims.gate_rows(if inputs.keep_all_steps { t } else { 0 });
    project_input(inputs, t, &mut buffers.gates[gate_rows.clone()]);
    // h_prev: the initial state or the previous step's output rows.
    let first = step == 0;
    let row_block = dims.batch * dims.output_width;
    let (out_prev, out_t) = split_rows(buffers.output, row_block, t_prev, t, first);
    let (h_prev, h_prev_stride): (&[f32], usize) = match out_prev {
        Some(o) => (&o[inputs.dir * dims.hidden..], dims.output_width),
        None => (inputs.h0, dims.hidden),
    };
    let h = HiddenRows {
        prev: h_prev,
        prev_stride: h_prev_stride,
        skip_hh: first && inputs.zero_h0,
        out: &mut out_t[inputs.dir * dims.hidden..],
    };
    let gates = &mut buffers.gates[gate_rows.clone()];
    match inputs.cell {
        CellKind::Gru => {
            let proj = &mut buffers.hidden_proj[gate_rows];
            gru_recurrent(inputs, h, gates, proj);
        }
        CellKind::Lstm => {
            let (c_prev, c_t) =
                split_rows(buffers.cells, dims.batch * dims.hidden, t_prev, t, first);
            let tanh_c = &mut buffers.cells_tanh[dims.hidden_rows(t)];
            let c_prev = c_prev.unwrap_or(inputs.c0);
            lstm_recurrent(inputs, h, gates, c_prev, c_t, tanh_c);
        }
        CellKind::RnnTanh | CellKind::RnnRelu => rnn_recurrent(inputs, h, gates),
    }
}

/// Starts step `t`'s pre-activations `pre` `[batch, G·hidden]`: the bias row (if any), then
/// `+ x_t·W_ihᵀ` (for token ids, the bias row plus each token's column of `W_ih`, in one pass).
fn project_input(inputs: &StepInputs, t: usize, pre: &mut [f32]) {
    let (batch, gate_width) = (inputs.dims.batch, inputs.dims.gate_width);
    let step_rows = |width: usize| t * batch * width..(t + 1) * batch * width;
    match inputs.projection {
        InputProjection::Lookup { ids, w_ih_t } => {
            input::lookup_rows(&ids[step_rows(1)], w_ih_t, inputs.bias_row, pre);
        }
        InputProjection::Packed {
            x,
            input_size,
            w_ih_t,
        } => {
            let beta = start_with_bias(inputs.bias_row, pre, gate_width);
            kernels::gemm_packed(
                Trans::No,
                batch,
                1.0,
                &x[step_rows(input_size)],
                input_size,
                w_ih_t,
                beta,
                pre,
                gate_width,
            );
        }
        InputProjection::Single {
            x,
            input_size,
            w_ih,
        } => {
            let beta = start_with_bias(inputs.bias_row, pre, gate_width);
            kernels::gemm(
                Trans::No,
                Trans::Yes,
                batch,
                gate_width,
                input_size,
                1.0,
                &x[step_rows(input_size)],
                input_size,
                w_ih,
                input_size,
                beta,
                pre,
                gate_width,
            );
        }
    }
}

/// Copies `bias` (if any) into every `gate_width` row of `pre`; returns the `beta` with which a
/// GEMM then adds onto it (1, or 0 to overwrite when there is no bias).
fn start_with_bias(bias: Option<&[f32]>, pre: &mut [f32], gate_width: usize) -> f32 {
    match bias {
        Some(bias) => {
            for row in pre.chunks_exact_mut(gate_width) {
                row.copy_from_slice(bias);
            }
            1.0
        }
        None => 0.0,
    }
}

/// A step's hidden states: the previous one it reads and the output rows it writes.
struct HiddenRows<'a> {
    /// `h_{t−1}`, `[batch, hidden]` with row stride `prev_stride`.
    prev: &'a [f32],
    /// Row stride of `prev`: `hidden` for the initial state, `dirs·hidden` for output rows.
    prev_stride: usize,
    /// `h_{t−1}` is a zero initial state: `h·W_hhᵀ` is zero and skipped.
    skip_hh: bool,
    /// Where `h_t` goes: the output rows from this direction's column, row stride `dirs·hidden`.
    out: &'a mut [f32],
}

/// GRU: the hidden projection `h·W_hhᵀ + b_hh` into `proj` (`r` multiplies it), then the
/// epilogue.
fn gru_recurrent(inputs: &StepInputs, h: HiddenRows, gates: &mut [f32], proj: &mut [f32]) {
    let dims = inputs.dims;
    if h.skip_hh {
        proj.fill(0.0);
    } else {
        multiply_whh(inputs, &h, 0.0, proj);
    }
    if let Some(b) = inputs.gru_b_hh {
        kernels::add_row_broadcast(proj, dims.batch, dims.gate_width, b);
    }
    gru::forward_step(
        gates,
        proj,
        h.prev,
        h.prev_stride,
        h.out,
        dims.output_width,
        dims.batch,
        dims.hidden,
    );
}

/// LSTM: `+ h·W_hhᵀ` onto the gates, then the epilogue (writes `c_t`, `tanh(c_t)`, `h_t`).
/// Kept out of line: inlined into the time loop, LLVM compiles the epilogue's loops about 120
/// instructions per step longer (callgrind, LSTM h50 batch 32).
#[inline(never)]
fn lstm_recurrent(
    inputs: &StepInputs,
    h: HiddenRows,
    gates: &mut [f32],
    c_prev: &[f32],
    c_t: &mut [f32],
    tanh_c: &mut [f32],
) {
    let dims = inputs.dims;
    if !h.skip_hh {
        multiply_whh(inputs, &h, 1.0, gates);
    }
    lstm::forward_step(
        gates,
        c_prev,
        c_t,
        tanh_c,
        h.out,
        dims.output_width,
        dims.batch,
        dims.hidden,
    );
}

/// Elman RNN: `+ h·W_hhᵀ` onto the pre-activations, then tanh or ReLU into `h_t`.
fn rnn_recurrent(inputs: &StepInputs, h: HiddenRows, gates: &mut [f32]) {
    let dims = inputs.dims;
    if !h.skip_hh {
        multiply_whh(inputs, &h, 1.0, gates);
    }
    let relu = inputs.cell == CellKind::RnnRelu;
    rnn::forward_step(
        gates,
        relu,
        h.out,
        dims.output_width,
        dims.batch,
        dims.hidden,
    );
}

/// `dst = h_prev·W_hhᵀ + beta·dst`, `dst` `[batch, G·hidden]`.
fn multiply_whh(inputs: &StepInputs, h: &HiddenRows, beta: f32, dst: &mut [f32]) {
    kernels::gemm_packed(
        Trans::No,
        inputs.dims.batch,
        1.0,
        h.prev,
        h.prev_stride,
        inputs.packed_whh_t,
        beta,
        dst,
        inputs.dims.gate_width,
    );
}
