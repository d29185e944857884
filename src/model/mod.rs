//! The model layer: named parameters, recurrent stacks, heads, losses, optimisers.

pub mod params;
pub mod recurrent;

pub use params::{Params, TensorInfo};
pub use recurrent::{Recurrent, RecurrentConfig, State};
