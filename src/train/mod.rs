//! Training, evaluation, forecasting and inspection over the pipeline's windows: the resumable
//! loop with schedules, clipping, early stopping and cancellation, the honest evaluation beside
//! the baselines, and one window seen from inside the network; `text`: the character language
//! model's truncated BPTT, bits per character and generation. Layer: above `model`, `pipeline` and `metrics`; knows nothing of the
//! configuration vocabulary or of files (the `app` layer joins them).

pub mod clock;
pub mod evaluate;
pub mod forecast_intervals;
pub mod freeze;
pub mod inspect;
pub mod schedule;
pub mod text;
pub mod trainer;

pub use evaluate::{EvalOptions, Metrics, Predictions};
pub use freeze::Freeze;
pub use inspect::{parse_split, Inspection};
pub use schedule::{LrSchedule, ScheduleKind};
pub use trainer::{
    predict_windows, window_loss, EpochRecord, Progress, StopReason, TrainOptions, Trainer,
};
