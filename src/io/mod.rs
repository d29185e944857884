//! Model files: a versioned JSON document and PyTorch-named safetensors, both written atomically
//! and validated on load (format, version, shapes, finiteness), naming the offending field.

pub mod atomic;
pub mod safetensors_file;
pub mod tensors;

pub use atomic::write_atomic;
pub use tensors::{InferredArchitecture, NamedTensor};
