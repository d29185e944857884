//! Training, evaluation and forecasting over the pipeline's windows, and the [`Experiment`] that
//! ties data, model and trainer together for the CLI and the browser.

pub mod clock;
pub mod evaluate;
pub mod experiment;
pub mod freeze;
pub mod schedule;
pub mod trainer;

pub use evaluate::{Metrics, Predictions};
pub use experiment::{ConfigSummary, Experiment};
pub use freeze::Freeze;
pub use schedule::LrSchedule;
pub use trainer::{
    predict_windows, window_loss, EpochRecord, Progress, StopReason, TrainOptions, Trainer,
};
