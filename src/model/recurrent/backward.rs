//! Backpropagation through time over the cached training forward: layers top-down, each
//! direction in reverse time order with the cached gates, then the weight gradients as GEMMs over
//! all steps at once and the gradient w.r.t. the layer input.
//!
//! Shapes use `rows = steps·batch` (time-major) and `G·hidden` = a direction's gate width.

use super::input;
use super::layout::{previous_time, time_at, Dims};
use super::weights::DirectionWeights;
use super::workspace::{resize, Workspace};
use super::{RecurrentConfig, State};
use crate::cells::{gru, lstm, rnn, CellKind};
use crate::kernels::{self, PackedB, Trans};
use crate::model::params::Params;
use std::ops::Range;

/// Which gradients besides the parameters' a backward computes.
#[derive(Clone, Copy)]
pub(super) struct Wanted {
    /// The gradient w.r.t. the initial state (one more `dG·W_hh` product).
    pub state_grad: bool,
    /// The gradient w.r.t. the model input (`dG·W_ih` of the first layer).
    pub input_grad: bool,
}

/// Backward through every layer, top-down. `d_output` is the gradient w.r.t. the top layer's
/// output, time-major `[rows, dirs·hidden]`; `d_state` the gradient w.r.t. the final state.
/// Adds the parameter gradients into `params.grads`, leaves the input gradient `[rows, input]` in
/// `work.d_input` (empty unless `wanted.input_grad`) and returns the gradient w.r.t. the initial
/// state when `wanted.state_grad`.
pub(super) fn backward_stack(
    config: &RecurrentConfig,
    weights: &[DirectionWeights],
    params: &mut Params,
    work: &mut Workspace,
    d_output: &[f32],
    d_state: Option<&State>,
    wanted: Wanted,
) -> Option<State> {
    let want_state_grad = wanted.state_grad;
    let dims = work.dims(config);
    let directions = config.dirs();
    super::capture::prepare_record(config, work);
    let mut d_initial = State::zeros(config, dims.batch);
    // `d_above` holds the gradient w.r.t. the current layer's output (below the top layer),
    // `d_below` receives the gradient w.r.t. its input.
    let mut d_above: Vec<f32> = std::mem::take(&mut work.d_input);
    let mut d_below = Vec::new();
    let top = config.num_layers - 1;
    for layer in (0..config.num_layers).rev() {
        let input_size = weights[layer * directions].input_size;
        let input_grad = layer > 0 || wanted.input_grad;
        if input_grad {
            resize(&mut d_below, dims.steps * dims.batch * input_size);
        } else {
            d_below.clear();
        }
        let d_layer_output: &[f32] = if layer == top { d_output } else { &d_above };
        for dir in 0..directions {
            let pass = DirectionPass {
                layer,
                dir,
                layer_dir: layer * directions + dir,
                want_state_grad,
                input_grad,
            };
            let block = dims.state_block(pass.layer_dir);
            let upstream = UpstreamGrad::new(d_layer_output, d_state, block.clone());
            let layer_weights = &weights[pass.layer_dir];
            backward_direction(
                config,
                layer_weights,
                params,
                work,
                pass,
                upstream,
                &mut d_below,
            );
            if want_state_grad {
                // After the first step, d_h (and the LSTM's d_c) is the initial state's gradient.
                d_initial.h[block.clone()].copy_from_slice(&work.d_h);
                if let Some(d_c0) = d_initial.c.as_mut() {
                    d_c0[block].copy_from_slice(&work.d_c);
                }
            }
        }
        if layer > 0 && work.dropout_drawn {
            // Through the dropout that fed this layer.
            for (g, m) in d_below.iter_mut().zip(&work.dropout_masks[layer]) {
                *g *= m;
            }
        }
        std::mem::swap(&mut d_above, &mut d_below);
    }
    work.d_input = d_above;
    want_state_grad.then_some(d_initial)
}

/// The gradients flowing into one (layer, direction) from above and from the future.
struct UpstreamGrad<'a> {
    /// Gradient w.r.t. the layer output, `[rows, dirs·hidden]` (both directions' columns).
    output: &'a [f32],
    /// Gradient w.r.t. this direction's final `h_n`, `[batch, hidden]` (none: zero).
    h_n: Option<&'a [f32]>,
    /// Gradient w.r.t. this direction's final `c_n` (LSTM), `[batch, hidden]` (none: zero).
    c_n: Option<&'a [f32]>,
}

impl<'a> UpstreamGrad<'a> {
    /// The layer output's gradient and block `block` of the final state's gradient (if any).
    fn new(output: &'a [f32], d_state: Option<&'a State>, block: Range<usize>) -> Self {
        UpstreamGrad {
            output,
            h_n: d_state.map(|s| &s.h[block.clone()]),
            c_n: d_state.and_then(|s| s.c.as_ref()).map(|c| &c[block]),
        }
    }
}

/// Which (layer, direction) a backward runs and whether it goes down to the initial state.
#[derive(Clone, Copy)]
struct DirectionPass {
    /// The layer.
    layer: usize,
    /// 0 forward in time, 1 reverse.
    dir: usize,
    /// `layer·dirs + dir`: the index of its state block and per-direction buffers.
    layer_dir: usize,
    /// Whether to propagate past the first step to the initial state (one more `dG·W_hh`).
    want_state_grad: bool,
    /// Whether to compute the gradient w.r.t. the layer input.
    input_grad: bool,
}

/// One layer in one direction: backward through time, then the weight gradients and (when
/// `pass.input_grad`) the input gradient, which is written (direction 0) or added (direction 1)
/// into `d_input` `[rows, input]`. Leaves the gradient w.r.t. the direction's initial state in `work.d_h` /
/// `work.d_c` when `pass.want_state_grad`.
fn backward_direction(
    config: &RecurrentConfig,
    layer_weights: &DirectionWeights,
    params: &mut Params,
    work: &mut Workspace,
    pass: DirectionPass,
    upstream: UpstreamGrad,
    d_input: &mut [f32],
) {
    let dims = work.dims(config);
    let w_hh = &params.values[layer_weights.w_hh.clone()];
    backward_through_time(config, pass, work, &upstream, w_hh);
    let rows = dims.steps * dims.batch;
    let mut d_w_ih_t = std::mem::take(&mut work.d_w_ih_t);
    let d_gates = &work.d_gates[..rows * dims.gate_width];
    let gate_grads = GateGrads {
        input: d_gates,
        hidden: if config.cell == CellKind::Gru {
            &work.d_gates_hidden[..rows * dims.gate_width]
        } else {
            d_gates
        },
    };
    add_weight_grads(
        dims,
        pass,
        layer_weights,
        &gate_grads,
        work,
        &mut d_w_ih_t,
        &mut params.grads,
    );
    if pass.input_grad {
        let w_ih = &params.values[layer_weights.w_ih.clone()];
        let input_size = layer_weights.input_size;
        add_input_grad(dims, pass.dir, input_size, &gate_grads, w_ih, d_input);
    }
    work.d_w_ih_t = d_w_ih_t;
}

/// The steps of one (layer, direction) in reverse order, from the final state's gradient:
/// fills `work.d_gates` (and the GRU's `work.d_gates_hidden`) for every step. `w_hh` is
/// `[G·hidden, hidden]`.
fn backward_through_time(
    config: &RecurrentConfig,
    pass: DirectionPass,
    work: &mut Workspace,
    upstream: &UpstreamGrad,
    w_hh: &[f32],
) {
    let dims = work.dims(config);
    seed_final_state_grad(work, dims, upstream);
    let (hidden, gate_width) = (dims.hidden, dims.gate_width);
    work.packed_whh
        .pack(Trans::No, gate_width, hidden, w_hh, hidden);
    let state = dims.state_block(pass.layer_dir);
    let inputs = StepInputs {
        cell: config.cell,
        dims,
        dir: pass.dir,
        d_output: upstream.output,
        h0: &work.h0[state.clone()],
        c0: &work.c0[state],
        output: &work.layer_outputs[pass.layer],
        gates: &work.gates[pass.layer_dir],
        hidden_proj: &work.hidden_proj[pass.layer_dir],
        cells: &work.cells[pass.layer_dir],
        cells_tanh: &work.cells_tanh[pass.layer_dir],
        packed_whh: &work.packed_whh,
    };
    let mut buffers = StepBuffers {
        d_h: &mut work.d_h,
        d_c: &mut work.d_c,
        d_gates: &mut work.d_gates,
        d_gates_hidden: &mut work.d_gates_hidden,
        recorded_d_h: work
            .recorded_d_h
            .get_mut(pass.layer_dir)
            .map(Vec::as_mut_slice),
    };
    for step in (0..dims.steps).rev() {
        let t = time_at(pass.dir, step, dims.steps);
        backward_step(&inputs, &mut buffers, step, t);
        if step == 0 && !pass.want_state_grad {
            break; // d_h_prev would be the initial state's gradient
        }
        propagate_to_previous_hidden(&inputs, &mut buffers, t);
    }
}

/// Starts `work.d_h` / `work.d_c` (`[batch, hidden]`) at the final state's gradient, or zero.
fn seed_final_state_grad(work: &mut Workspace, dims: Dims, upstream: &UpstreamGrad) {
    resize(&mut work.d_h, dims.batch * dims.hidden);
    resize(&mut work.d_c, dims.batch * dims.hidden);
    match upstream.h_n {
        Some(v) => work.d_h.copy_from_slice(v),
        None => work.d_h.fill(0.0),
    }
    match upstream.c_n {
        Some(v) => work.d_c.copy_from_slice(v),
        None => work.d_c.fill(0.0),
    }
}

/// What one (layer, direction)'s backward steps read: the cached forward and `W_hh` packed.
struct StepInputs<'a> {
    /// The cell type.
    cell: CellKind,
    /// The pass's sizes.
    dims: Dims,
    /// 0 forward in time, 1 reverse.
    dir: usize,
    /// Gradient w.r.t. the layer output, `[rows, dirs·hidden]`.
    d_output: &'a [f32],
    /// This direction's initial `h`, `[batch, hidden]`.
    h0: &'a [f32],
    /// This direction's initial `c`, `[batch, hidden]`.
    c0: &'a [f32],
    /// The layer output of the forward, `[rows, dirs·hidden]`.
    output: &'a [f32],
    /// The activated gates of every step, `[rows, G·hidden]`.
    gates: &'a [f32],
    /// The GRU's hidden projections, `[rows, G·hidden]` (empty for other cells).
    hidden_proj: &'a [f32],
    /// LSTM cell states, `[rows, hidden]` (empty for other cells).
    cells: &'a [f32],
    /// `tanh` of the LSTM cell states, `[rows, hidden]` (empty for other cells).
    cells_tanh: &'a [f32],
    /// `W_hh` packed, for `dG·W_hh`.
    packed_whh: &'a PackedB,
}

/// The workspace buffers the backward steps write.
struct StepBuffers<'a> {
    /// Gradient w.r.t. the current step's `h`, `[batch, hidden]`.
    d_h: &'a mut [f32],
    /// Gradient w.r.t. the current step's `c` (LSTM); the GRU's `z·dh` scratch. `[batch, hidden]`.
    d_c: &'a mut [f32],
    /// Gradient w.r.t. the input-side gate pre-activations, `[rows, G·hidden]`.
    d_gates: &'a mut [f32],
    /// Gradient w.r.t. the GRU's hidden projection, `[rows, G·hidden]` (empty for other cells).
    d_gates_hidden: &'a mut [f32],
    /// Where each step's total `d_h` is recorded, `[rows, hidden]` (inspection only).
    recorded_d_h: Option<&'a mut [f32]>,
}

/// Step `step` (at time `t`) backwards: adds the output's gradient to `d_h` (and records it when
/// inspecting), then the cell's backward step writes the step's gate gradients (and, for the
/// LSTM, carries `d_c` back).
fn backward_step(inputs: &StepInputs, buffers: &mut StepBuffers, step: usize, t: usize) {
    let dims = inputs.dims;
    let (batch, hidden, out_width) = (dims.batch, dims.hidden, dims.output_width);
    let t_prev = previous_time(inputs.dir, t);
    let gate_rows = dims.gate_rows(t);
    // d_h += gradient from this step's output.
    for b in 0..batch {
        let src = &inputs.d_output[(t * batch + b) * out_width + inputs.dir * hidden..][..hidden];
        kernels::axpy(1.0, src, &mut buffers.d_h[b * hidden..(b + 1) * hidden]);
    }
    if let Some(recorded) = buffers.recorded_d_h.as_deref_mut() {
        // d_h is now the total gradient w.r.t. h_t: its output, later steps, layers above.
        recorded[dims.hidden_rows(t)].copy_from_slice(buffers.d_h);
    }
    let (h_prev, h_prev_stride): (&[f32], usize) = if step == 0 {
        (inputs.h0, hidden)
    } else {
        let start = t_prev * batch * out_width + inputs.dir * hidden;
        (&inputs.output[start..], out_width)
    };
    let gates = &inputs.gates[gate_rows.clone()];
    let d_gates = &mut buffers.d_gates[gate_rows.clone()];
    match inputs.cell {
        CellKind::Lstm => {
            let c_prev = if step == 0 {
                inputs.c0
            } else {
                &inputs.cells[dims.hidden_rows(t_prev)]
            };
            let tanh_c = &inputs.cells_tanh[dims.hidden_rows(t)];
            let (d_h, d_c) = (&*buffers.d_h, &mut *buffers.d_c);
            lstm::backward_step(gates, c_prev, tanh_c, d_h, d_c, d_gates, batch, hidden);
        }
        CellKind::Gru => {
            gru::backward_step(
                gates,
                &inputs.hidden_proj[gate_rows.clone()],
                h_prev,
                h_prev_stride,
                buffers.d_h,
                d_gates,
                &mut buffers.d_gates_hidden[gate_rows],
                buffers.d_c, // scratch: the direct z·dh part
                batch,
                hidden,
            );
        }
        CellKind::RnnTanh | CellKind::RnnRelu => {
            let relu = inputs.cell == CellKind::RnnRelu;
            rnn::backward_step(gates, relu, buffers.d_h, d_gates);
        }
    }
}

/// `d_h_prev = (GRU: z·dh) + dG_h(t)·W_hh`: the gradient w.r.t. the hidden state before step `t`.
fn propagate_to_previous_hidden(inputs: &StepInputs, buffers: &mut StepBuffers, t: usize) {
    let dims = inputs.dims;
    let gate_rows = dims.gate_rows(t);
    let gru_cell = inputs.cell == CellKind::Gru;
    let d_gates_t: &[f32] = if gru_cell {
        &buffers.d_gates_hidden[gate_rows]
    } else {
        &buffers.d_gates[gate_rows]
    };
    if gru_cell {
        buffers.d_h.copy_from_slice(buffers.d_c);
    }
    let beta = if gru_cell { 1.0 } else { 0.0 };
    kernels::gemm_packed(
        Trans::No,
        dims.batch,
        1.0,
        d_gates_t,
        dims.gate_width,
        inputs.packed_whh,
        beta,
        buffers.d_h,
        dims.hidden,
    );
}

/// A direction's gate gradients over all steps, `[rows, G·hidden]` each.
struct GateGrads<'a> {
    /// W.r.t. the input-side pre-activations (`x·W_ihᵀ + b_ih`).
    input: &'a [f32],
    /// W.r.t. the hidden-side pre-activations (`h·W_hhᵀ + b_hh`); the same as `input` but for
    /// the GRU.
    hidden: &'a [f32],
}

/// Adds `dW_ih = dG_xᵀ·X`, `dW_hh = dG_hᵀ·H_prev` and the bias gradients (column sums) into
/// `grads`, reading the layer input `X` `[rows, input]` (for token ids, scattering `dG_x` into
/// their columns instead), the layer output (whose rows are the next step's `h_prev`) and the
/// initial state from the workspace. `d_w_ih_t` is the token scatter's scratch.
fn add_weight_grads(
    dims: Dims,
    pass: DirectionPass,
    layer_weights: &DirectionWeights,
    gate_grads: &GateGrads,
    work: &Workspace,
    d_w_ih_t: &mut Vec<f32>,
    grads: &mut [f32],
) {
    let rows = dims.steps * dims.batch;
    let (gate_width, input_size) = (dims.gate_width, layer_weights.input_size);
    if pass.layer == 0 && work.token_input {
        input::scatter_weight_grad(
            &work.input_ids,
            gate_grads.input,
            gate_width,
            input_size,
            d_w_ih_t,
            &mut grads[layer_weights.w_ih.clone()],
        );
    } else {
        kernels::gemm(
            Trans::Yes,
            Trans::No,
            gate_width,
            input_size,
            rows,
            1.0,
            gate_grads.input,
            gate_width,
            &work.layer_inputs[pass.layer],
            input_size,
            1.0,
            &mut grads[layer_weights.w_ih.clone()],
            input_size,
        );
    }
    let h0 = (!work.zero_h0).then(|| &work.h0[dims.state_block(pass.layer_dir)]);
    add_hidden_weight_grad(
        dims,
        pass.dir,
        gate_grads.hidden,
        &work.layer_outputs[pass.layer],
        h0,
        &mut grads[layer_weights.w_hh.clone()],
    );
    if let Some(b) = &layer_weights.b_ih {
        kernels::add_column_sums(gate_grads.input, rows, gate_width, &mut grads[b.clone()]);
    }
    if let Some(b) = &layer_weights.b_hh {
        kernels::add_column_sums(gate_grads.hidden, rows, gate_width, &mut grads[b.clone()]);
    }
}

/// `dW_hh += dG_hᵀ·H_prev` `[G·hidden, hidden]`: first over the steps whose `h_prev` is an output
/// row (forward t = 1..steps with prev t−1; reverse t = 0..steps−1 with prev t+1), then over the
/// first step with the initial state `h0` (skipped when zero).
fn add_hidden_weight_grad(
    dims: Dims,
    dir: usize,
    d_gates_hidden: &[f32],
    output: &[f32],
    h0: Option<&[f32]>,
    d_w_hh: &mut [f32],
) {
    let (batch, steps, hidden) = (dims.batch, dims.steps, dims.hidden);
    let (gate_width, out_width) = (dims.gate_width, dims.output_width);
    if steps > 1 {
        let n = (steps - 1) * batch;
        let (d_gate_rows, h_rows) = if dir == 0 {
            (
                &d_gates_hidden[batch * gate_width..],
                &output[dir * hidden..],
            )
        } else {
            (d_gates_hidden, &output[batch * out_width + dir * hidden..])
        };
        kernels::gemm(
            Trans::Yes,
            Trans::No,
            gate_width,
            hidden,
            n,
            1.0,
            d_gate_rows,
            gate_width,
            h_rows,
            out_width,
            1.0,
            d_w_hh,
            hidden,
        );
    }
    if let Some(h0) = h0 {
        let t0 = if dir == 0 { 0 } else { steps - 1 };
        kernels::gemm(
            Trans::Yes,
            Trans::No,
            gate_width,
            hidden,
            batch,
            1.0,
            &d_gates_hidden[t0 * batch * gate_width..],
            gate_width,
            h0,
            hidden,
            1.0,
            d_w_hh,
            hidden,
        );
    }
}

/// The input gradient `dX = dG_x·W_ih` `[rows, input]`: written by direction 0, added by
/// direction 1.
fn add_input_grad(
    dims: Dims,
    dir: usize,
    input_size: usize,
    gate_grads: &GateGrads,
    w_ih: &[f32],
    d_input: &mut [f32],
) {
    let rows = dims.steps * dims.batch;
    let beta = if dir == 0 { 0.0 } else { 1.0 };
    kernels::gemm(
        Trans::No,
        Trans::No,
        rows,
        input_size,
        dims.gate_width,
        1.0,
        gate_grads.input,
        dims.gate_width,
        w_ih,
        input_size,
        beta,
        d_input,
        input_size,
    );
}
