//! Model files: a versioned JSON document and PyTorch-named safetensors, both written atomically
//! and validated on load (format, version, shapes, finiteness), naming the offending field;
//! `text_model`: the character language model's file, carrying its vocabulary.

pub mod atomic;
pub mod safetensors_file;
pub mod tensors;

pub use atomic::write_atomic;
pub use tensors::{InferredArchitecture, NamedTensor};
pub mod model_file;
pub mod text_model;

pub use model_file::{Header, SavedModel, TrainingRecord};
pub use text_model::{SavedTextModel, TextTrainingRecord};

/// Reads a model file from disk (JSON or safetensors, detected), naming the file on error.
#[cfg(not(target_arch = "wasm32"))]
pub fn load_model(path: &std::path::Path) -> Result<SavedModel, String> {
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read model {}: {e}", path.display()))?;
    model_file::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}
