//! Where each (layer, direction)'s tensors live in the flat [`Params`] buffer, registered under
//! PyTorch's `state_dict` names and in its order.

use super::RecurrentConfig;
use crate::model::params::Params;
use std::ops::Range;

/// The parameter ranges of one layer in one direction (`G` = gates of the cell).
#[derive(Clone, Debug)]
pub(super) struct DirectionWeights {
    /// `weight_ih_l{k}`, `[G·hidden, input]`.
    pub w_ih: Range<usize>,
    /// `weight_hh_l{k}`, `[G·hidden, hidden]`.
    pub w_hh: Range<usize>,
    /// `bias_ih_l{k}`, `[G·hidden]` (none without biases).
    pub b_ih: Option<Range<usize>>,
    /// `bias_hh_l{k}`, `[G·hidden]` (none without biases).
    pub b_hh: Option<Range<usize>>,
    /// Features per time step entering the layer (`input`).
    pub input_size: usize,
}

impl DirectionWeights {
    /// Registers layer `layer`'s tensors for direction `dir` (`_reverse` names for 1) in `params`
    /// under `prefix`, zero-filled.
    fn register(
        config: &RecurrentConfig,
        params: &mut Params,
        prefix: &str,
        layer: usize,
        dir: usize,
    ) -> Self {
        let gate_width = config.gate_width();
        let hidden = config.hidden_size;
        let input_size = config.layer_input_size(layer);
        let suffix = if dir == 1 { "_reverse" } else { "" };
        let mut add = |kind: &str, shape: &[usize]| {
            params.register(format!("{prefix}{kind}_l{layer}{suffix}"), shape)
        };
        let w_ih = add("weight_ih", &[gate_width, input_size]);
        let w_hh = add("weight_hh", &[gate_width, hidden]);
        let (b_ih, b_hh) = if config.bias {
            (
                Some(add("bias_ih", &[gate_width])),
                Some(add("bias_hh", &[gate_width])),
            )
        } else {
            (None, None)
        };
        DirectionWeights {
            w_ih,
            w_hh,
            b_ih,
            b_hh,
            input_size,
        }
    }

    /// The ranges of the tensors that exist, in registration order (`w_ih`, `w_hh`, `b_ih`, `b_hh`).
    pub fn tensors(&self) -> impl Iterator<Item = Range<usize>> {
        [
            Some(self.w_ih.clone()),
            Some(self.w_hh.clone()),
            self.b_ih.clone(),
            self.b_hh.clone(),
        ]
        .into_iter()
        .flatten()
    }
}

/// Registers every (layer, direction)'s tensors, layer by layer, forward direction first; the
/// result is indexed `layer·dirs + dir`.
pub(super) fn register_all(
    config: &RecurrentConfig,
    params: &mut Params,
    prefix: &str,
) -> Vec<DirectionWeights> {
    let mut all = Vec::with_capacity(config.layer_dirs());
    for layer in 0..config.num_layers {
        for dir in 0..config.dirs() {
            all.push(DirectionWeights::register(
                config, params, prefix, layer, dir,
            ));
        }
    }
    all
}
