//! The time-series pipeline: CSV ingest → clean → transform → split → scale → window, and the
//! way back from a scaled network output to the original scale. Plain Rust: no browser types,
//! so the same code runs natively and in wasm32.
//!
//! Entry points:
//! - [`SourceConfig`] (`dataset`, `symbol`, `column`, `missing`) loads a CSV ([`read_csv`]) or a
//!   built-in dataset ([`datasets::load`]) into a [`Series`].
//! - [`prepare()`] turns a [`Series`] and a [`DataConfig`] into a [`Prepared`]: windows for
//!   train/val/test, the [`Scaler`] fitted on the training split, the [`Transform`], warnings,
//!   and the way back from scaled outputs to levels.
//! - [`crate::metrics`] scores forecasts and the naive baselines on the original scale.
//! - For text: [`text`] turns bytes into checked, normalised text, contiguous splits, a
//!   [`CharVocab`] built on the training split and id vectors ([`TextCorpus`]), and cuts a stream
//!   into the rows truncated BPTT reads ([`text::stream_rows`]); [`corpora`] is the catalogue of
//!   built-in texts.

pub mod backtest;
pub mod corpora;
pub mod covariates;
pub mod datasets;
pub mod error;
pub mod ingest;
pub mod memory;
mod number;
pub mod prepare;
pub mod scaler;
pub mod series;
pub mod source;
pub mod synthetic;
pub mod text;
pub mod transform;
pub mod window;

pub use backtest::{BacktestWindow, Fold};
pub use covariates::FeatureScaling;
pub use error::{ColumnRef, PipelineError};
pub use ingest::{read_csv, read_csv_bytes, CsvOptions, MissingPolicy};
pub use prepare::{
    prepare, prepare_with_bounds, prepare_with_scaler, prepare_with_scalers, DataConfig, Prepared,
};
pub use scaler::{MinMaxScaler, Scaler, ScalerKind, StandardScaler};
pub use series::{Covariate, Series};
pub use source::SourceConfig;
pub use text::{CharVocab, TextCorpus, TextError, TextOptions};
pub use transform::Transform;
pub use window::{Split, SplitBounds, Windows};
