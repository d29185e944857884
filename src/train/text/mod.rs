//! Training, evaluation and sampling of the character language model
//! ([`crate::model::CharLm`]) over the text pipeline's ids: truncated BPTT over B contiguous
//! rows with the detached state carried chunk to chunk (`tbptt`), bits per character of a
//! split (`evaluate`), seeded generation from a prime (`generate`), one layer's hidden states
//! over a passage (`activations`, the page's unit view).

pub mod activations;
pub mod evaluate;
pub mod generate;
pub mod tbptt;

pub use activations::{hidden_states, MAX_PASSAGE_CHARS};
pub use evaluate::{eval_rows, split_loss, SplitLoss, EVAL_ROWS};
pub use generate::{generate, SampleOptions};
pub use tbptt::{TbpttOptions, TextEpoch, TextProgress, TextTrainer};
