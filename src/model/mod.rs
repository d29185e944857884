//! The model layer: named parameters, recurrent stacks, heads, losses, optimisers.

pub mod params;

pub use params::{Params, TensorInfo};
