//! Training, evaluation and forecasting over the pipeline's windows.

pub mod clock;
pub mod data;
pub mod schedule;
pub mod trainer;

pub use data::WindowSet;
pub use schedule::LrSchedule;
pub use trainer::{
    predict_windows, window_loss, EpochRecord, Progress, StopReason, TrainOptions, Trainer,
};
