//! Training, evaluation and forecasting over the pipeline's windows: the resumable loop with
//! schedules, clipping, early stopping and cancellation, and the honest evaluation beside the
//! baselines. Layer: above `model`, `pipeline` and `metrics`; knows nothing of the
//! configuration vocabulary or of files (the `app` layer joins them).

pub mod clock;
pub mod evaluate;
pub mod forecast_intervals;
pub mod freeze;
pub mod schedule;
pub mod trainer;

pub use evaluate::{EvalOptions, Metrics, Predictions};
pub use freeze::Freeze;
pub use schedule::{LrSchedule, ScheduleKind};
pub use trainer::{
    predict_windows, window_loss, EpochRecord, Progress, StopReason, TrainOptions, Trainer,
};
