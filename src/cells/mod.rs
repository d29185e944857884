//! Recurrent cells, exactly as PyTorch's `nn.RNN`, `nn.LSTM` and `nn.GRU` define them.
//!
//! Each cell module holds the per-time-step *epilogue* of its forward pass (gate activations and
//! state update, applied after the gate pre-activations have been produced by GEMMs) and the matching
//! backward step. The time loop, the GEMMs and the weight gradients live in
//! [`crate::model::recurrent`], shared by all cells.
//!
//! Gate blocks are stored in PyTorch's order inside `weight_ih`/`weight_hh`/biases:
//! LSTM `i, f, g, o`; GRU `r, z, n`.

pub mod gru;
pub mod lstm;
pub mod rnn;

use serde::{Deserialize, Serialize};

/// Which recurrent cell a layer uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CellKind {
    /// Elman RNN, `h' = tanh(W_ih x + b_ih + W_hh h + b_hh)`.
    RnnTanh,
    /// Elman RNN with ReLU instead of tanh.
    RnnRelu,
    /// Long short-term memory.
    Lstm,
    /// Gated recurrent unit.
    Gru,
}

impl CellKind {
    /// Number of gate blocks stacked in the weight matrices (1, 4 or 3).
    pub fn gates(self) -> usize {
        match self {
            CellKind::RnnTanh | CellKind::RnnRelu => 1,
            CellKind::Lstm => 4,
            CellKind::Gru => 3,
        }
    }

    /// Whether the cell carries a cell state `c` besides `h` (LSTM only).
    pub fn has_cell_state(self) -> bool {
        self == CellKind::Lstm
    }

    /// The PyTorch module member name used as parameter prefix: `rnn`, `lstm` or `gru`.
    pub fn module_name(self) -> &'static str {
        match self {
            CellKind::RnnTanh | CellKind::RnnRelu => "rnn",
            CellKind::Lstm => "lstm",
            CellKind::Gru => "gru",
        }
    }

    /// The name used in configs, URLs and CLI flags (`rnn_tanh`, `rnn_relu`, `lstm`, `gru`).
    pub fn as_str(self) -> &'static str {
        match self {
            CellKind::RnnTanh => "rnn_tanh",
            CellKind::RnnRelu => "rnn_relu",
            CellKind::Lstm => "lstm",
            CellKind::Gru => "gru",
        }
    }
}

impl std::str::FromStr for CellKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "rnn_tanh" | "rnn" | "tanh" => Ok(CellKind::RnnTanh),
            "rnn_relu" | "relu" => Ok(CellKind::RnnRelu),
            "lstm" => Ok(CellKind::Lstm),
            "gru" => Ok(CellKind::Gru),
            other => Err(format!(
                "unknown cell `{other}` (expected lstm, gru, rnn_tanh or rnn_relu)"
            )),
        }
    }
}

impl std::fmt::Display for CellKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
