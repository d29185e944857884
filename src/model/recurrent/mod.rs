//! Stacked, optionally bidirectional recurrent layers with full backpropagation through time.
//!
//! PyTorch's `nn.RNN` / `nn.LSTM` / `nn.GRU` with `batch_first=True`: input `[batch, seq, input]`,
//! output `[batch, seq, dirs·hidden]`, states `[layers·dirs, batch, hidden]` (state index
//! `layer·dirs + dir`; `dir` 1 runs from the last step to the first). Layer `k > 0` takes the
//! concatenated output of layer `k − 1`, through dropout when training.
//!
//! The hot path per layer and direction: each step fills its gate rows with the bias, adds
//! `x_t·W_ihᵀ` and `h·W_hhᵀ` (both weights packed once per call), and runs the cell's fused
//! epilogue while those rows are in cache (see `forward`). Backward runs in
//! reverse time with the cached gates and accumulates the weight gradients as one GEMM over all
//! steps. Internally everything is time-major (`[seq, batch, ·]`), and all buffers live in a
//! workspace sized once per (batch, seq) shape: no allocation inside the time loop.
//!
//! Files: this one holds [`Recurrent`] and its public API; `config` the [`RecurrentConfig`],
//! `state` the [`State`] and its way in and out of the workspace, `weights` where each
//! (layer, direction)'s tensors live, `workspace` the buffers, `layout` the shared index
//! arithmetic, `forward` and `backward` the two passes, `input` the input forms (dense features
//! or token ids, whose one-hot product is a column lookup of `W_ih`), `capture` what an
//! inspection reads out of them (every step's gates and states, the recorded `∂loss/∂h_t`).

mod backward;
mod capture;
mod config;
mod forward;
mod input;
mod layout;
mod state;
mod weights;
mod workspace;

pub use capture::{activation_names, Activation, HiddenPerturbation};
pub use config::RecurrentConfig;
pub use input::RecurrentInput;
pub use state::State;

use crate::model::params::Params;
use crate::rng::Rng;
use layout::{batch_first_to_time_major, time_major_to_batch_first};
use weights::DirectionWeights;
use workspace::{resize, Workspace};

/// A forward pass's input: `x` `[batch, seq, input]` (batch-first) or `[seq, batch, input]`
/// (token ids: `[batch, seq]` or `[seq, batch]`).
#[derive(Clone, Copy)]
struct ForwardInput<'a> {
    /// The input values or token ids.
    x: RecurrentInput<'a>,
    /// Sequences.
    batch: usize,
    /// Time steps.
    seq: usize,
    /// Whether `x` is batch-first.
    batch_first: bool,
}

/// A stack of recurrent layers whose parameters live in an external [`Params`].
#[derive(Debug)]
pub struct Recurrent {
    /// The architecture.
    config: RecurrentConfig,
    /// Where each (layer, direction)'s tensors live, indexed `layer·dirs + dir`.
    weights: Vec<DirectionWeights>,
    /// The buffers of the last pass, reused by the next one of the same shape.
    work: Workspace,
    /// A second set of buffers that [`Recurrent::swap_workspaces`] exchanges with `work` for an
    /// inspection (one window), so that the training shape's buffers stay as they are.
    spare_work: Workspace,
}

impl Recurrent {
    /// Registers the stack's tensors in `params` under `prefix` (e.g. `"lstm."`), in PyTorch's
    /// `state_dict` order, zero-filled. Call [`Recurrent::init_params`] to initialise them.
    pub fn new(config: RecurrentConfig, params: &mut Params, prefix: &str) -> Result<Self, String> {
        config.validate()?;
        let weights = weights::register_all(&config, params, prefix);
        Ok(Recurrent {
            config,
            weights,
            work: Workspace::default(),
            spare_work: Workspace::default(),
        })
    }

    /// PyTorch's initialisation: every weight and bias uniform in `±1/√hidden`.
    pub fn init_params(&self, params: &mut Params, rng: &mut Rng) {
        let k = 1.0 / (self.config.hidden_size as f32).sqrt();
        for tensor in self.weights.iter().flat_map(DirectionWeights::tensors) {
            params.values[tensor]
                .iter_mut()
                .for_each(|v| *v = rng.uniform(-k, k));
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
        train: Option<&mut Rng>,
        batch_first: bool,
    ) {
        let input = RecurrentInput::Dense(x);
        self.forward_input(params, input, batch, seq, state, train, batch_first);
    }

    /// [`Recurrent::forward_time_major_input`] for either input form: dense features
    /// (`[batch, seq, input]` or time-major) or token ids (`[batch, seq]` or `[seq, batch]`, each
    /// below `input_size`; panics on one that is not), which the first layer multiplies as a
    /// lookup of `W_ih`'s columns. After a token forward, [`Recurrent::backward_time_major`] skips
    /// the input gradient (nothing differentiates a one-hot row); [`Recurrent::backward`] still
    /// computes it.
    #[allow(clippy::too_many_arguments)]
    pub fn forward_input(
        &mut self,
        params: &Params,
        x: RecurrentInput,
        batch: usize,
        seq: usize,
        state: Option<&State>,
        train: Option<&mut Rng>,
        batch_first: bool,
    ) {
        let keep_all_steps = train.is_some();
        let input = ForwardInput {
            x,
            batch,
            seq,
            batch_first,
        };
        self.run_forward(params, input, state, train, keep_all_steps);
    }

    /// The forward pass behind every public one. `keep_all_steps` keeps every step's activations
    /// (for a backward); `train` draws dropout masks from its generator.
    fn run_forward(
        &mut self,
        params: &Params,
        input: ForwardInput,
        state: Option<&State>,
        train: Option<&mut Rng>,
        keep_all_steps: bool,
    ) {
        let ForwardInput {
            x,
            batch,
            seq,
            batch_first,
        } = input;
        assert!(
            batch > 0 && seq > 0,
            "recurrent input must have batch ≥ 1 and seq ≥ 1"
        );
        let config = &self.config;
        let work = &mut self.work;
        work.ensure_shape(config, batch, seq);
        work.ensure_gate_rows(config, if keep_all_steps { batch * seq } else { batch });
        let input_size = config.input_size;
        match x {
            RecurrentInput::Dense(x) => {
                assert_eq!(
                    x.len(),
                    batch * seq * input_size,
                    "recurrent input must be [batch, seq, input]"
                );
                let model_input = &mut work.layer_inputs[0];
                if batch_first {
                    batch_first_to_time_major(x, model_input, batch, seq, input_size);
                } else {
                    model_input.copy_from_slice(x);
                }
            }
            RecurrentInput::Tokens(ids) => {
                assert_eq!(
                    ids.len(),
                    batch * seq,
                    "recurrent token input must be [batch, seq] ids"
                );
                input::check_token_ids(ids, input_size);
                work.input_ids.clear();
                if batch_first {
                    let time_major = (0..seq).flat_map(|t| (0..batch).map(move |b| b * seq + t));
                    work.input_ids.extend(time_major.map(|i| ids[i]));
                } else {
                    work.input_ids.extend_from_slice(ids);
                }
            }
        }
        work.token_input = matches!(x, RecurrentInput::Tokens(_));
        state::load_initial_state(config, work, state);
        work.zero_h0 = state.is_none();
        work.trained_forward = keep_all_steps;
        work.dropout_drawn = train.is_some() && config.dropout > 0.0;
        forward::forward_stack(config, &self.weights, params, work, train);
    }

    /// The top layer's output of the last forward, time-major `[seq, batch, dirs·hidden]`.
    pub fn top_output_time_major(&self) -> &[f32] {
        &self.work.layer_outputs[self.config.num_layers - 1]
    }

    /// The top layer's output of the last forward, batch-first `[batch, seq, dirs·hidden]`.
    pub fn top_output_batch_first(&self) -> Vec<f32> {
        let (batch, seq) = (self.work.batch, self.work.seq);
        let width = self.config.output_size();
        let mut out = vec![0.0; batch * seq * width];
        time_major_to_batch_first(self.top_output_time_major(), &mut out, batch, seq, width);
        out
    }

    /// The final state `(h_n, c_n)` of the last forward, `[layers·dirs, batch, hidden]`.
    pub fn final_state(&self) -> State {
        state::final_state(&self.config, &self.work)
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
        let (batch, seq) = (self.work.batch, self.work.seq);
        let width = self.config.output_size();
        assert_eq!(
            d_output.len(),
            batch * seq * width,
            "d_output must be [batch, seq, dirs·hidden]"
        );
        let mut d_output_tm = std::mem::take(&mut self.work.d_output_scratch);
        resize(&mut d_output_tm, batch * seq * width);
        batch_first_to_time_major(d_output, &mut d_output_tm, batch, seq, width);
        assert!(
            self.work.seq > 0 && self.work.trained_forward,
            "backward needs a training forward first"
        );
        let d_state0 = backward::backward_stack(
            &self.config,
            &self.weights,
            params,
            &mut self.work,
            &d_output_tm,
            d_state,
            backward::Wanted {
                state_grad: true,
                input_grad: true,
            },
        )
        .expect("the initial-state gradient was requested");
        self.work.d_output_scratch = d_output_tm;
        let input_size = self.config.input_size;
        let mut d_input = vec![0.0; batch * seq * input_size];
        time_major_to_batch_first(&self.work.d_input, &mut d_input, batch, seq, input_size);
        (d_input, d_state0)
    }

    /// Backward pass with a time-major output gradient `[seq, batch, dirs·hidden]`, which is used
    /// as scratch. The input gradient is left time-major in the workspace (see
    /// [`Recurrent::input_grad_time_major`]; not computed, and empty, after a token forward).
    /// Returns the gradient w.r.t. the initial state when `want_state_grad` (skipping it saves
    /// the first step's `dG·W_hh` product).
    pub fn backward_time_major(
        &mut self,
        params: &mut Params,
        d_output: &mut [f32],
        d_state: Option<&State>,
        want_state_grad: bool,
    ) -> Option<State> {
        assert!(
            self.work.seq > 0 && self.work.trained_forward,
            "backward needs a training forward first"
        );
        let wanted = backward::Wanted {
            state_grad: want_state_grad,
            input_grad: !self.work.token_input,
        };
        backward::backward_stack(
            &self.config,
            &self.weights,
            params,
            &mut self.work,
            d_output,
            d_state,
            wanted,
        )
    }

    /// Gradient w.r.t. the model input from the last backward, time-major `[seq, batch, input]`
    /// (empty when a backward after a token forward skipped it).
    pub fn input_grad_time_major(&self) -> &[f32] {
        &self.work.d_input
    }
}
