//! Stacked, optionally bidirectional recurrent layers with full backpropagation through time.
//!
//! PyTorch's `nn.RNN` / `nn.LSTM` / `nn.GRU` with `batch_first=True`: input `[batch, seq, input]`,
//! output `[batch, seq, dirs·hidden]`, states `[layers·dirs, batch, hidden]` (state index
//! `layer·dirs + dir`; `dir` 1 runs from the last step to the first). Layer `k > 0` takes the
//! concatenated output of layer `k − 1`, through dropout when training.
//!
//! The hot path per layer and direction: one GEMM projects the input of all steps at once
//! (`X·W_ihᵀ`), then each step adds `h·W_hhᵀ` and runs the cell's fused epilogue. Backward runs in
//! reverse time with the cached gates and accumulates the weight gradients as one GEMM over all
//! steps. Internally everything is time-major (`[seq, batch, ·]`), and all buffers live in a
//! workspace sized once per (batch, seq) shape: no allocation inside the time loop.

use crate::cells::{gru, lstm, rnn, CellKind};
use crate::kernels::{self, Trans};
use crate::model::params::Params;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Configuration of a recurrent stack (PyTorch's constructor arguments).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RecurrentConfig {
    /// Cell type.
    pub cell: CellKind,
    /// Features per time step of the input.
    pub input_size: usize,
    /// Units per layer and direction.
    pub hidden_size: usize,
    /// Stacked layers.
    pub num_layers: usize,
    /// Whether each layer also runs backwards in time.
    pub bidirectional: bool,
    /// Whether the layers have `bias_ih`/`bias_hh`.
    pub bias: bool,
    /// Dropout probability on the outputs of every layer but the last (training only).
    pub dropout: f32,
}

impl RecurrentConfig {
    /// One layer, one direction, with biases, no dropout.
    pub fn new(cell: CellKind, input_size: usize, hidden_size: usize) -> Self {
        RecurrentConfig {
            cell,
            input_size,
            hidden_size,
            num_layers: 1,
            bidirectional: false,
            bias: true,
            dropout: 0.0,
        }
    }

    /// Number of directions (1 or 2).
    pub fn dirs(&self) -> usize {
        if self.bidirectional {
            2
        } else {
            1
        }
    }

    /// Width of each layer's output: `dirs · hidden`.
    pub fn output_size(&self) -> usize {
        self.dirs() * self.hidden_size
    }

    /// Checks the sizes, naming the offending field.
    pub fn validate(&self) -> Result<(), String> {
        if self.input_size == 0 {
            return Err("input_size must be at least 1".into());
        }
        if self.hidden_size == 0 {
            return Err("hidden must be at least 1 (got 0)".into());
        }
        if self.num_layers == 0 {
            return Err("layers must be at least 1 (got 0)".into());
        }
        if self.hidden_size > 4096 || self.num_layers > 16 {
            return Err(format!(
                "hidden {} × layers {} is beyond what this engine trains (hidden ≤ 4096, layers ≤ 16)",
                self.hidden_size, self.num_layers
            ));
        }
        if !(0.0..1.0).contains(&self.dropout) {
            return Err(format!("dropout must be in [0, 1) (got {})", self.dropout));
        }
        Ok(())
    }
}

/// Recurrent state: `h` is `[layers·dirs, batch, hidden]`; `c` the same for LSTM, else `None`.
#[derive(Clone, Debug, PartialEq)]
pub struct State {
    /// Hidden states.
    pub h: Vec<f32>,
    /// Cell states (LSTM only).
    pub c: Option<Vec<f32>>,
}

impl State {
    /// All-zero state for `config` and `batch` sequences.
    pub fn zeros(config: &RecurrentConfig, batch: usize) -> Self {
        let n = config.num_layers * config.dirs() * batch * config.hidden_size;
        State {
            h: vec![0.0; n],
            c: config.cell.has_cell_state().then(|| vec![0.0; n]),
        }
    }
}

/// Where one (layer, direction)'s tensors live in the parameter buffer.
#[derive(Clone, Debug)]
struct Slots {
    w_ih: Range<usize>,
    w_hh: Range<usize>,
    b_ih: Option<Range<usize>>,
    b_hh: Option<Range<usize>>,
    input: usize,
}

/// Per-shape buffers, reused across calls with the same (batch, seq).
#[derive(Default, Debug)]
struct Workspace {
    batch: usize,
    seq: usize,
    /// Layer inputs, time-major: `[0]` is the model input, `[k]` the (dropped-out) output of layer k−1.
    inputs: Vec<Vec<f32>>,
    /// Dropout masks (already scaled by `1/(1−p)`) for layers k ≥ 1; empty when not training.
    masks: Vec<Vec<f32>>,
    /// Layer outputs `[seq·batch, dirs·hidden]`.
    outputs: Vec<Vec<f32>>,
    /// Per (layer, dir): gate pre-activations → activated gates `[seq·batch, G·hidden]`.
    gates: Vec<Vec<f32>>,
    /// Per (layer, dir): LSTM cell states `[seq·batch, hidden]`.
    cells: Vec<Vec<f32>>,
    /// Per (layer, dir): `tanh` of the LSTM cell states `[seq·batch, hidden]`.
    cells_tanh: Vec<Vec<f32>>,
    /// Per (layer, dir): GRU hidden projections `[seq·batch, 3·hidden]`.
    hproj: Vec<Vec<f32>>,
    /// Initial states used by the last forward (`[layers·dirs, batch, hidden]`).
    h0: Vec<f32>,
    c0: Vec<f32>,
    /// Backward scratch.
    dgx: Vec<f32>,
    dgh: Vec<f32>,
    dout: Vec<f32>,
    dinput: Vec<f32>,
    dh: Vec<f32>,
    dc: Vec<f32>,
    /// `W_hhᵀ` packed for the forward steps' `h·W_hhᵀ` (re-packed per layer and direction).
    packed_whh_t: kernels::PackedB,
    /// `W_hh` packed for the backward steps' `dG·W_hh`.
    packed_whh: kernels::PackedB,
    /// `W_ihᵀ` packed for the forward steps' `x·W_ihᵀ` (layers with more than one input).
    packed_wih_t: kernels::PackedB,
    /// The bias row added to the gates before the products: `b_ih + b_hh` (`b_ih` for the GRU).
    bias: Vec<f32>,
    /// Whether the cached forward was run in training mode (every step's activations kept).
    trained_forward: bool,
    /// Whether the initial state of the last forward was all zeros (no state given).
    zero_h0: bool,
}

/// A stack of recurrent layers whose parameters live in an external [`Params`].
#[derive(Debug)]
pub struct Recurrent {
    config: RecurrentConfig,
    slots: Vec<Slots>,
    ws: Workspace,
}

fn grow(v: &mut Vec<f32>, n: usize) {
    if v.len() < n {
        v.resize(n, 0.0);
    }
}

fn resize(v: &mut Vec<f32>, n: usize) {
    if v.len() != n {
        v.clear();
        v.resize(n, 0.0);
    }
}

impl Recurrent {
    /// Registers the stack's tensors in `params` under `prefix` (e.g. `"lstm."`), in PyTorch's
    /// `state_dict` order, zero-filled. Call [`Recurrent::init_params`] to initialise them.
    pub fn new(config: RecurrentConfig, params: &mut Params, prefix: &str) -> Result<Self, String> {
        config.validate()?;
        let g = config.cell.gates() * config.hidden_size;
        let hs = config.hidden_size;
        let mut slots = Vec::new();
        for layer in 0..config.num_layers {
            let input = if layer == 0 {
                config.input_size
            } else {
                config.output_size()
            };
            for dir in 0..config.dirs() {
                let sfx = if dir == 1 { "_reverse" } else { "" };
                let w_ih = params.register(format!("{prefix}weight_ih_l{layer}{sfx}"), &[g, input]);
                let w_hh = params.register(format!("{prefix}weight_hh_l{layer}{sfx}"), &[g, hs]);
                let (b_ih, b_hh) = if config.bias {
                    (
                        Some(params.register(format!("{prefix}bias_ih_l{layer}{sfx}"), &[g])),
                        Some(params.register(format!("{prefix}bias_hh_l{layer}{sfx}"), &[g])),
                    )
                } else {
                    (None, None)
                };
                slots.push(Slots {
                    w_ih,
                    w_hh,
                    b_ih,
                    b_hh,
                    input,
                });
            }
        }
        Ok(Recurrent {
            config,
            slots,
            ws: Workspace::default(),
        })
    }

    /// PyTorch's initialisation: every weight and bias uniform in `±1/√hidden`.
    pub fn init_params(&self, params: &mut Params, rng: &mut Rng) {
        let k = 1.0 / (self.config.hidden_size as f32).sqrt();
        for s in &self.slots {
            let ranges = [
                Some(s.w_ih.clone()),
                Some(s.w_hh.clone()),
                s.b_ih.clone(),
                s.b_hh.clone(),
            ];
            for r in ranges.into_iter().flatten() {
                params.values[r]
                    .iter_mut()
                    .for_each(|v| *v = rng.uniform(-k, k));
            }
        }
    }

    /// The configuration.
    pub fn config(&self) -> &RecurrentConfig {
        &self.config
    }

    /// Forward pass. `x`: `[batch, seq, input]`; returns the top layer's output
    /// `[batch, seq, dirs·hidden]` and the final state. `state` defaults to zeros.
    /// With `train`, dropout is applied between layers (drawing masks from `rng`) and the
    /// activations are kept for [`Recurrent::backward`].
    pub fn forward(
        &mut self,
        params: &Params,
        x: &[f32],
        batch: usize,
        seq: usize,
        state: Option<&State>,
        train: Option<&mut Rng>,
    ) -> (Vec<f32>, State) {
        self.forward_time_major_input(params, x, batch, seq, state, train, true);
        let out = self.top_output_batch_first();
        (out, self.final_state())
    }

    /// Forward pass that leaves its results in the workspace (read them with
    /// [`Recurrent::top_output_time_major`] and [`Recurrent::final_state`]).
    /// `x` is batch-first when `batch_first`, else time-major `[seq, batch, input]`.
    #[allow(clippy::too_many_arguments)]
    pub fn forward_time_major_input(
        &mut self,
        params: &Params,
        x: &[f32],
        batch: usize,
        seq: usize,
        state: Option<&State>,
        mut train: Option<&mut Rng>,
        batch_first: bool,
    ) {
        assert!(
            batch > 0 && seq > 0,
            "recurrent input must have batch ≥ 1 and seq ≥ 1"
        );
        self.ensure_workspace(batch, seq);
        self.ensure_gate_rows(if train.is_some() { batch * seq } else { batch });
        let cfg = &self.config;
        let (hs, d, l) = (cfg.hidden_size, cfg.dirs(), cfg.num_layers);
        let nin = cfg.input_size;
        assert_eq!(
            x.len(),
            batch * seq * nin,
            "recurrent input must be [batch, seq, input]"
        );
        let ws = &mut self.ws;
        // Model input, time-major.
        let x0 = &mut ws.inputs[0];
        if batch_first {
            for t in 0..seq {
                for b in 0..batch {
                    let src = &x[(b * seq + t) * nin..(b * seq + t + 1) * nin];
                    x0[(t * batch + b) * nin..(t * batch + b + 1) * nin].copy_from_slice(src);
                }
            }
        } else {
            x0.copy_from_slice(x);
        }
        // Initial state.
        let nstate = l * d * batch * hs;
        match state {
            Some(s) => {
                assert_eq!(s.h.len(), nstate, "h0 must be [layers·dirs, batch, hidden]");
                ws.h0.copy_from_slice(&s.h);
                match (&s.c, cfg.cell.has_cell_state()) {
                    (Some(c), true) => {
                        assert_eq!(c.len(), nstate, "c0 must be [layers·dirs, batch, hidden]");
                        ws.c0.copy_from_slice(c)
                    }
                    _ => ws.c0.fill(0.0),
                }
            }
            None => {
                ws.h0.fill(0.0);
                ws.c0.fill(0.0);
            }
        }
        ws.zero_h0 = state.is_none();
        ws.trained_forward = train.is_some();
        let keep = 1.0 - cfg.dropout;
        for layer in 0..l {
            if layer > 0 {
                // Input of this layer = previous output, through dropout when training.
                let (before, after) = ws.outputs.split_at(layer);
                let prev = &before[layer - 1];
                let _ = after;
                let inp = &mut ws.inputs[layer];
                inp.copy_from_slice(prev);
                if let (Some(rng), true) = (train.as_deref_mut(), cfg.dropout > 0.0) {
                    let mask = &mut ws.masks[layer];
                    for (m, v) in mask.iter_mut().zip(inp.iter_mut()) {
                        *m = if rng.next_f64() < keep as f64 {
                            1.0 / keep
                        } else {
                            0.0
                        };
                        *v *= *m;
                    }
                }
            }
            for dir in 0..d {
                Self::forward_layer_dir(cfg, &self.slots[layer * d + dir], params, ws, layer, dir);
            }
        }
    }

    /// One layer in one direction. Each step builds its gate pre-activations in place, right
    /// before the cell reads them, so they are in cache for the `h·W_hhᵀ` accumulation and the
    /// epilogue: bias row, `+ x_t·W_ihᵀ`, `+ h·W_hhᵀ`. A training forward keeps every step's
    /// gates for the backward pass; inference reuses the first step's block.
    fn forward_layer_dir(
        cfg: &RecurrentConfig,
        s: &Slots,
        params: &Params,
        ws: &mut Workspace,
        layer: usize,
        dir: usize,
    ) {
        let (batch, seq) = (ws.batch, ws.seq);
        let (hs, d) = (cfg.hidden_size, cfg.dirs());
        let hd = hs * d;
        let gw = cfg.cell.gates() * hs;
        let ld = layer * d + dir;
        let nin = s.input;
        let p = &params.values;
        let w_ih = &p[s.w_ih.clone()];
        let w_hh = &p[s.w_hh.clone()];
        let gru_cell = cfg.cell == CellKind::Gru;
        ws.packed_whh_t.pack(Trans::Yes, hs, gw, w_hh, hs);
        // One input feature: the projection is an axpy per row (the GEMM's vector path).
        let pack_wih = nin > 1;
        if pack_wih {
            ws.packed_wih_t.pack(Trans::Yes, nin, gw, w_ih, nin);
        }
        resize(&mut ws.bias, gw);
        match &s.b_ih {
            Some(b) => ws.bias.copy_from_slice(&p[b.clone()]),
            None => ws.bias.fill(0.0),
        }
        if let (Some(b), false) = (&s.b_hh, gru_cell) {
            kernels::axpy(1.0, &p[b.clone()], &mut ws.bias);
        }
        let has_bias = s.b_ih.is_some() || (s.b_hh.is_some() && !gru_cell);
        let keep = ws.trained_forward;
        let skip_first_hh = ws.zero_h0;
        let inp = &ws.inputs[layer];
        let gates = &mut ws.gates[ld];
        let out = &mut ws.outputs[layer];
        let h0 = &ws.h0[ld * batch * hs..(ld + 1) * batch * hs];
        let c0 = &ws.c0[ld * batch * hs..(ld + 1) * batch * hs];
        for step in 0..seq {
            let t = if dir == 0 { step } else { seq - 1 - step };
            let tp = if dir == 0 { t.wrapping_sub(1) } else { t + 1 };
            let slot = if keep { t } else { 0 };
            let g = slot * batch * gw..(slot + 1) * batch * gw;
            // Pre-activations: bias row, then + x_t·W_ihᵀ.
            let pre = &mut gates[g.clone()];
            if has_bias {
                for row in pre.chunks_exact_mut(gw) {
                    row.copy_from_slice(&ws.bias);
                }
            }
            let beta = if has_bias { 1.0 } else { 0.0 };
            let x_t = &inp[t * batch * nin..(t + 1) * batch * nin];
            if pack_wih {
                kernels::gemm_packed(
                    Trans::No,
                    batch,
                    1.0,
                    x_t,
                    nin,
                    &ws.packed_wih_t,
                    beta,
                    pre,
                    gw,
                );
            } else {
                kernels::gemm(
                    Trans::No,
                    Trans::Yes,
                    batch,
                    gw,
                    nin,
                    1.0,
                    x_t,
                    nin,
                    w_ih,
                    nin,
                    beta,
                    pre,
                    gw,
                );
            }
            // h_prev: the initial state or the previous step's output rows.
            let (out_prev, out_t) = split_rows(out, batch * hd, tp, t, step == 0);
            let (hprev, ldp): (&[f32], usize) = match out_prev {
                Some(o) => (&o[dir * hs..], hd),
                None => (h0, hs),
            };
            let hout = &mut out_t[dir * hs..];
            // The recurrent projection h·W_hhᵀ (zero from a zero initial state): into its own
            // buffer for the GRU (r multiplies part of it), added onto the gates otherwise.
            let zero_h = step == 0 && skip_first_hh;
            match cfg.cell {
                CellKind::Gru => {
                    let hp = &mut ws.hproj[ld][g.clone()];
                    if zero_h {
                        hp.fill(0.0);
                    } else {
                        kernels::gemm_packed(
                            Trans::No,
                            batch,
                            1.0,
                            hprev,
                            ldp,
                            &ws.packed_whh_t,
                            0.0,
                            hp,
                            gw,
                        );
                    }
                    if let Some(b) = &s.b_hh {
                        kernels::add_row_broadcast(hp, batch, gw, &p[b.clone()]);
                    }
                    gru::forward_step(&mut gates[g], hp, hprev, ldp, hout, hd, batch, hs);
                }
                _ => {
                    if !zero_h {
                        kernels::gemm_packed(
                            Trans::No,
                            batch,
                            1.0,
                            hprev,
                            ldp,
                            &ws.packed_whh_t,
                            1.0,
                            &mut gates[g.clone()],
                            gw,
                        );
                    }
                    if cfg.cell == CellKind::Lstm {
                        let (c_prev, c_t) =
                            split_rows(&mut ws.cells[ld], batch * hs, tp, t, step == 0);
                        let tc = &mut ws.cells_tanh[ld][t * batch * hs..(t + 1) * batch * hs];
                        lstm::forward_step(
                            &mut gates[g],
                            c_prev.unwrap_or(c0),
                            c_t,
                            tc,
                            hout,
                            hd,
                            batch,
                            hs,
                        );
                    } else {
                        let relu = cfg.cell == CellKind::RnnRelu;
                        rnn::forward_step(&mut gates[g], relu, hout, hd, batch, hs);
                    }
                }
            }
        }
    }

    /// The top layer's output of the last forward, time-major `[seq, batch, dirs·hidden]`.
    pub fn top_output_time_major(&self) -> &[f32] {
        &self.ws.outputs[self.config.num_layers - 1]
    }

    /// The top layer's output of the last forward, batch-first `[batch, seq, dirs·hidden]`.
    pub fn top_output_batch_first(&self) -> Vec<f32> {
        let (batch, seq, hd) = (self.ws.batch, self.ws.seq, self.config.output_size());
        let tm = self.top_output_time_major();
        let mut out = vec![0.0; batch * seq * hd];
        for t in 0..seq {
            for b in 0..batch {
                out[(b * seq + t) * hd..(b * seq + t + 1) * hd]
                    .copy_from_slice(&tm[(t * batch + b) * hd..(t * batch + b + 1) * hd]);
            }
        }
        out
    }

    /// The final state `(h_n, c_n)` of the last forward, `[layers·dirs, batch, hidden]`.
    pub fn final_state(&self) -> State {
        let cfg = &self.config;
        let (batch, seq, hs, d) = (self.ws.batch, self.ws.seq, cfg.hidden_size, cfg.dirs());
        let n = cfg.num_layers * d * batch * hs;
        let mut h = vec![0.0; n];
        let mut c = cfg.cell.has_cell_state().then(|| vec![0.0; n]);
        for layer in 0..cfg.num_layers {
            for dir in 0..d {
                let ld = layer * d + dir;
                let t = if dir == 0 { seq - 1 } else { 0 };
                let out = &self.ws.outputs[layer];
                for b in 0..batch {
                    let src = &out[(t * batch + b) * hs * d + dir * hs..][..hs];
                    h[(ld * batch + b) * hs..][..hs].copy_from_slice(src);
                    if let Some(c) = c.as_mut() {
                        let cs = &self.ws.cells[ld][(t * batch + b) * hs..][..hs];
                        c[(ld * batch + b) * hs..][..hs].copy_from_slice(cs);
                    }
                }
            }
        }
        State { h, c }
    }

    /// Backward pass through the last training forward (batch-first gradients).
    ///
    /// `d_output`: `[batch, seq, dirs·hidden]`; `d_state`: gradient w.r.t. the final state (or none).
    /// Adds the parameter gradients into `params.grads`; returns `(d_input [batch, seq, input], d_state0)`.
    pub fn backward(
        &mut self,
        params: &mut Params,
        d_output: &[f32],
        d_state: Option<&State>,
    ) -> (Vec<f32>, State) {
        let (batch, seq, hd) = (self.ws.batch, self.ws.seq, self.config.output_size());
        assert_eq!(
            d_output.len(),
            batch * seq * hd,
            "d_output must be [batch, seq, dirs·hidden]"
        );
        let mut tm = std::mem::take(&mut self.ws.dout);
        resize(&mut tm, batch * seq * hd);
        for t in 0..seq {
            for b in 0..batch {
                tm[(t * batch + b) * hd..(t * batch + b + 1) * hd]
                    .copy_from_slice(&d_output[(b * seq + t) * hd..(b * seq + t + 1) * hd]);
            }
        }
        let d0 = self
            .backward_time_major(params, &mut tm, d_state, true)
            .expect("the initial-state gradient was requested");
        self.ws.dout = tm;
        let nin = self.config.input_size;
        let di = &self.ws.dinput;
        let mut dx = vec![0.0; batch * seq * nin];
        for t in 0..seq {
            for b in 0..batch {
                dx[(b * seq + t) * nin..(b * seq + t + 1) * nin]
                    .copy_from_slice(&di[(t * batch + b) * nin..(t * batch + b + 1) * nin]);
            }
        }
        (dx, d0)
    }

    /// Backward pass with a time-major output gradient `[seq, batch, dirs·hidden]`, which is used
    /// as scratch. The input gradient is left time-major in the workspace (see
    /// [`Recurrent::input_grad_time_major`]). Returns the gradient w.r.t. the initial state when
    /// `want_state_grad` (skipping it saves the first step's `dG·W_hh` product).
    pub fn backward_time_major(
        &mut self,
        params: &mut Params,
        d_output: &mut [f32],
        d_state: Option<&State>,
        want_state_grad: bool,
    ) -> Option<State> {
        let cfg = &self.config;
        assert!(
            self.ws.seq > 0 && self.ws.trained_forward,
            "backward needs a training forward first"
        );
        let (batch, seq, hs, d, l) = (
            self.ws.batch,
            self.ws.seq,
            cfg.hidden_size,
            cfg.dirs(),
            cfg.num_layers,
        );
        let mut dh0 = vec![0.0; l * d * batch * hs];
        let mut dc0 = cfg
            .cell
            .has_cell_state()
            .then(|| vec![0.0; l * d * batch * hs]);
        // `dcur` holds the gradient w.r.t. the current layer's output; layers go top-down.
        let mut dcur: Vec<f32> = std::mem::take(&mut self.ws.dinput);
        let mut dnext = Vec::new();
        let mut first = true;
        for layer in (0..l).rev() {
            let nin = self.slots[layer * d].input;
            resize(&mut dnext, seq * batch * nin);
            let dlayer: &mut [f32] = if first { &mut *d_output } else { &mut dcur };
            for dir in 0..d {
                let ld = layer * d + dir;
                let dhn = d_state.map(|s| &s.h[ld * batch * hs..(ld + 1) * batch * hs]);
                let dcn = d_state
                    .and_then(|s| s.c.as_ref())
                    .map(|c| &c[ld * batch * hs..(ld + 1) * batch * hs]);
                let (dh_init, dc_init) = Self::backward_layer_dir(
                    cfg,
                    &self.slots[ld],
                    params,
                    &mut self.ws,
                    layer,
                    dir,
                    dlayer,
                    dhn,
                    dcn,
                    &mut dnext,
                    want_state_grad,
                );
                if want_state_grad {
                    dh0[ld * batch * hs..(ld + 1) * batch * hs].copy_from_slice(&dh_init);
                    if let (Some(dc0), Some(dc)) = (dc0.as_mut(), dc_init) {
                        dc0[ld * batch * hs..(ld + 1) * batch * hs].copy_from_slice(&dc);
                    }
                }
            }
            if layer > 0 && self.ws.trained_forward && cfg.dropout > 0.0 {
                for (g, m) in dnext.iter_mut().zip(&self.ws.masks[layer]) {
                    *g *= m;
                }
            }
            std::mem::swap(&mut dcur, &mut dnext);
            first = false;
        }
        self.ws.dinput = dcur;
        want_state_grad.then_some(State { h: dh0, c: dc0 })
    }

    /// Gradient w.r.t. the model input from the last backward, time-major `[seq, batch, input]`.
    pub fn input_grad_time_major(&self) -> &[f32] {
        &self.ws.dinput
    }

    #[allow(clippy::too_many_arguments)]
    fn backward_layer_dir(
        cfg: &RecurrentConfig,
        s: &Slots,
        params: &mut Params,
        ws: &mut Workspace,
        layer: usize,
        dir: usize,
        dout: &[f32],
        dhn: Option<&[f32]>,
        dcn: Option<&[f32]>,
        dinput: &mut [f32],
        want_state_grad: bool,
    ) -> (Vec<f32>, Option<Vec<f32>>) {
        let (batch, seq) = (ws.batch, ws.seq);
        let (hs, d) = (cfg.hidden_size, cfg.dirs());
        let hd = hs * d;
        let gw = cfg.cell.gates() * hs;
        let ld = layer * d + dir;
        let rows = seq * batch;
        let gru_cell = cfg.cell == CellKind::Gru;
        let w_hh = s.w_hh.clone();
        resize(&mut ws.dh, batch * hs);
        resize(&mut ws.dc, batch * hs);
        match dhn {
            Some(v) => ws.dh.copy_from_slice(v),
            None => ws.dh.fill(0.0),
        }
        match dcn {
            Some(v) => ws.dc.copy_from_slice(v),
            None => ws.dc.fill(0.0),
        }
        let h0 = &ws.h0[ld * batch * hs..(ld + 1) * batch * hs];
        let c0 = &ws.c0[ld * batch * hs..(ld + 1) * batch * hs];
        let out = &ws.outputs[layer];
        let gates = &ws.gates[ld];
        let pv = &params.values;
        ws.packed_whh.pack(Trans::No, gw, hs, &pv[w_hh.clone()], hs);
        for step in (0..seq).rev() {
            let t = if dir == 0 { step } else { seq - 1 - step };
            let tp = if dir == 0 { t.wrapping_sub(1) } else { t + 1 };
            let g = t * batch * gw..(t + 1) * batch * gw;
            // dh += gradient from this step's output.
            for b in 0..batch {
                let src = &dout[(t * batch + b) * hd + dir * hs..][..hs];
                kernels::axpy(1.0, src, &mut ws.dh[b * hs..(b + 1) * hs]);
            }
            let (hprev, ldp): (&[f32], usize) = if step == 0 {
                (h0, hs)
            } else {
                (&out[tp * batch * hd + dir * hs..], hd)
            };
            match cfg.cell {
                CellKind::Lstm => {
                    let cells = &ws.cells[ld];
                    let c_prev = if step == 0 {
                        c0
                    } else {
                        &cells[tp * batch * hs..(tp + 1) * batch * hs]
                    };
                    let tanh_c = &ws.cells_tanh[ld][t * batch * hs..(t + 1) * batch * hs];
                    lstm::backward_step(
                        &gates[g.clone()],
                        c_prev,
                        tanh_c,
                        &ws.dh,
                        &mut ws.dc,
                        &mut ws.dgx[g.clone()],
                        batch,
                        hs,
                    );
                }
                CellKind::Gru => {
                    gru::backward_step(
                        &gates[g.clone()],
                        &ws.hproj[ld][g.clone()],
                        hprev,
                        ldp,
                        &ws.dh,
                        &mut ws.dgx[g.clone()],
                        &mut ws.dgh[g.clone()],
                        &mut ws.dc, // scratch: the direct z·dh part
                        batch,
                        hs,
                    );
                }
                CellKind::RnnTanh | CellKind::RnnRelu => {
                    rnn::backward_step(
                        &gates[g.clone()],
                        cfg.cell == CellKind::RnnRelu,
                        &ws.dh,
                        &mut ws.dgx[g.clone()],
                    );
                }
            }
            if step == 0 && !want_state_grad {
                break; // dh_prev would be the initial state's gradient
            }
            // dh_prev = (GRU: z·dh) + dG_h · W_hh
            let dgh_t: &[f32] = if gru_cell {
                &ws.dgh[g.clone()]
            } else {
                &ws.dgx[g.clone()]
            };
            if gru_cell {
                ws.dh.copy_from_slice(&ws.dc);
            }
            let beta = if gru_cell { 1.0 } else { 0.0 };
            kernels::gemm_packed(
                Trans::No,
                batch,
                1.0,
                dgh_t,
                gw,
                &ws.packed_whh,
                beta,
                &mut ws.dh,
                hs,
            );
        }
        let (dh_init, dc_init) = if want_state_grad {
            (
                ws.dh.clone(),
                cfg.cell.has_cell_state().then(|| ws.dc.clone()),
            )
        } else {
            (Vec::new(), None)
        };

        // Weight gradients as GEMMs over all steps.
        let dgx = &ws.dgx[..rows * gw];
        let dgh: &[f32] = if gru_cell { &ws.dgh[..rows * gw] } else { dgx };
        let inp = &ws.inputs[layer];
        let grads = &mut params.grads;
        kernels::gemm(
            Trans::Yes,
            Trans::No,
            gw,
            s.input,
            rows,
            1.0,
            dgx,
            gw,
            inp,
            s.input,
            1.0,
            &mut grads[s.w_ih.clone()],
            s.input,
        );
        if seq > 1 {
            // Steps whose h_prev is an output row: forward t = 1..seq (prev t−1); reverse t = 0..seq−1 (prev t+1).
            let n = (seq - 1) * batch;
            let (dg_rows, h_rows) = if dir == 0 {
                (&dgh[batch * gw..], &out[dir * hs..])
            } else {
                (dgh, &out[batch * hd + dir * hs..])
            };
            kernels::gemm(
                Trans::Yes,
                Trans::No,
                gw,
                hs,
                n,
                1.0,
                dg_rows,
                gw,
                h_rows,
                hd,
                1.0,
                &mut grads[w_hh.clone()],
                hs,
            );
        }
        let t0 = if dir == 0 { 0 } else { seq - 1 };
        if !ws.zero_h0 {
            kernels::gemm(
                Trans::Yes,
                Trans::No,
                gw,
                hs,
                batch,
                1.0,
                &dgh[t0 * batch * gw..],
                gw,
                h0,
                hs,
                1.0,
                &mut grads[w_hh.clone()],
                hs,
            );
        }
        if let Some(b) = &s.b_ih {
            kernels::add_column_sums(dgx, rows, gw, &mut grads[b.clone()]);
        }
        if let Some(b) = &s.b_hh {
            kernels::add_column_sums(dgh, rows, gw, &mut grads[b.clone()]);
        }
        // Input gradient: dX = dG_x · W_ih (both directions add up).
        let beta = if dir == 0 { 0.0 } else { 1.0 };
        kernels::gemm(
            Trans::No,
            Trans::No,
            rows,
            s.input,
            gw,
            1.0,
            dgx,
            gw,
            &pv[s.w_ih.clone()],
            s.input,
            beta,
            dinput,
            s.input,
        );
        (dh_init, dc_init)
    }

    /// Makes the gate buffers (and the GRU's hidden projections) hold at least `rows` rows:
    /// every step's for a training forward, one step's for inference. They only grow.
    fn ensure_gate_rows(&mut self, rows: usize) {
        let gw = self.config.cell.gates() * self.config.hidden_size;
        let gru = self.config.cell == CellKind::Gru;
        for ld in 0..self.ws.gates.len() {
            grow(&mut self.ws.gates[ld], rows * gw);
            if gru {
                grow(&mut self.ws.hproj[ld], rows * gw);
            }
        }
    }

    fn ensure_workspace(&mut self, batch: usize, seq: usize) {
        let cfg = &self.config;
        let ws = &mut self.ws;
        let (hs, d, l) = (cfg.hidden_size, cfg.dirs(), cfg.num_layers);
        let gw = cfg.cell.gates() * hs;
        let rows = batch * seq;
        if ws.batch == batch && ws.seq == seq && !ws.outputs.is_empty() {
            return;
        }
        ws.batch = batch;
        ws.seq = seq;
        ws.inputs.resize_with(l, Vec::new);
        ws.masks.resize_with(l, Vec::new);
        ws.outputs.resize_with(l, Vec::new);
        ws.gates.resize_with(l * d, Vec::new);
        ws.cells.resize_with(l * d, Vec::new);
        ws.cells_tanh.resize_with(l * d, Vec::new);
        ws.hproj.resize_with(l * d, Vec::new);
        for k in 0..l {
            let nin = if k == 0 { cfg.input_size } else { d * hs };
            resize(&mut ws.inputs[k], rows * nin);
            resize(
                &mut ws.masks[k],
                if k > 0 && cfg.dropout > 0.0 {
                    rows * nin
                } else {
                    0
                },
            );
            resize(&mut ws.outputs[k], rows * d * hs);
        }
        let cell_rows = if cfg.cell.has_cell_state() {
            rows * hs
        } else {
            0
        };
        for ld in 0..l * d {
            resize(&mut ws.cells_tanh[ld], cell_rows);
            resize(
                &mut ws.cells[ld],
                if cfg.cell.has_cell_state() {
                    rows * hs
                } else {
                    0
                },
            );
        }
        resize(&mut ws.h0, l * d * batch * hs);
        resize(&mut ws.c0, l * d * batch * hs);
        resize(&mut ws.dgx, rows * gw);
        resize(
            &mut ws.dgh,
            if cfg.cell == CellKind::Gru {
                rows * gw
            } else {
                0
            },
        );
    }
}

/// Splits a time-major buffer into (row block `prev`, mutable row block `cur`), each `block` long;
/// `prev` is `None` at the first step.
fn split_rows(
    buf: &mut [f32],
    block: usize,
    prev: usize,
    cur: usize,
    first: bool,
) -> (Option<&[f32]>, &mut [f32]) {
    if first {
        return (None, &mut buf[cur * block..(cur + 1) * block]);
    }
    if prev < cur {
        let (a, b) = buf.split_at_mut(cur * block);
        (Some(&a[prev * block..(prev + 1) * block]), &mut b[..block])
    } else {
        let (a, b) = buf.split_at_mut(prev * block);
        (Some(&b[..block]), &mut a[cur * block..(cur + 1) * block])
    }
}
