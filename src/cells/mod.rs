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

crate::choice_enum! {
    /// Which recurrent cell a layer uses (the `cell` key).
    pub enum CellKind for "cell" {
        /// Long short-term memory.
        Lstm = "lstm", "LSTM";
        /// Gated recurrent unit.
        Gru = "gru", "GRU";
        /// Elman RNN, `h' = tanh(W_ih x + b_ih + W_hh h + b_hh)` (`rnn`, as `torch.nn.RNN`'s default).
        RnnTanh = "rnn_tanh", "RNN (tanh)", alias "rnn", alias "rnn-tanh", alias "tanh";
        /// Elman RNN with ReLU instead of tanh.
        RnnRelu = "rnn_relu", "RNN (ReLU)", alias "rnn-relu", alias "relu";
    }
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
}
