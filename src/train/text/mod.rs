//! Training, evaluation and sampling of the character language model
//! ([`crate::model::CharLm`]) over the text pipeline's ids: truncated BPTT over B contiguous
//! rows with the detached state carried chunk to chunk (`tbptt`), bits per character of a
//! split (`evaluate`), seeded generation from a prime (`generate`).

pub mod evaluate;
pub mod generate;
pub mod tbptt;

pub use evaluate::{eval_rows, split_loss, SplitLoss, EVAL_ROWS};
pub use generate::{generate, SampleOptions};
pub use tbptt::{TbpttOptions, TextEpoch, TextProgress, TextTrainer};
