//! [`RecurrentConfig`]: the constructor arguments of a recurrent stack and the sizes they imply.

use crate::cells::CellKind;
use serde::{Deserialize, Serialize};

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

    /// Width of the stacked gate blocks of one direction: `G · hidden` (G = 1, 4 or 3).
    pub(super) fn gate_width(&self) -> usize {
        self.cell.gates() * self.hidden_size
    }

    /// Features per time step entering `layer`: the model input for layer 0, else the previous
    /// layer's output (`dirs · hidden`).
    pub(super) fn layer_input_size(&self, layer: usize) -> usize {
        if layer == 0 {
            self.input_size
        } else {
            self.output_size()
        }
    }

    /// Number of (layer, direction) pairs, the length of a state's leading dimension.
    pub(super) fn layer_dirs(&self) -> usize {
        self.num_layers * self.dirs()
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
