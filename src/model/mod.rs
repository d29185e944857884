//! The model layer: named parameters, recurrent stacks, the linear head, the forecasting
//! network, the character language model (embedding → stack → every-step head), losses,
//! optimisers and gradient clipping.

pub mod charlm;
pub mod clip;
pub mod embedding;
pub mod linear;
pub mod loss;
pub mod network;
pub mod optim;
pub mod params;
pub mod recurrent;

pub use charlm::{CharLm, CharLmConfig};
pub use clip::{clip_grad_norm, clip_grad_value};
pub use embedding::Embedding;
pub use linear::Linear;
pub use loss::{Loss, LossKind};
pub use network::{HeadKind, Inside, Network, NetworkConfig};
pub use optim::{Optimizer, OptimizerConfig, OptimizerKind};
pub use params::{Params, TensorInfo};
pub use recurrent::{
    activation_names, Activation, HiddenPerturbation, Recurrent, RecurrentConfig, RecurrentInput,
    State,
};
