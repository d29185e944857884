//! The top of the library: an [`Experiment`] ties one series, its prepared windows, a network,
//! the trainer, the evaluation and the model files together behind the small API the CLI and
//! the browser session share. It is the only layer that sees all of `config`, `pipeline`,
//! `train` and `io`; a [`Backtest`] runs one per rolling-origin fold; a [`TextExperiment`] is
//! the same for the character language model on one text. The bindings and the CLI sit on it and nothing in the library imports it.

pub mod backtest;
pub mod experiment;
pub mod text_experiment;
pub mod text_units;

pub use backtest::{Backtest, BacktestProgress, BacktestReport};
pub use experiment::{season_for, ConfigSummary, Experiment};
pub use text_experiment::{TextExperiment, TextMetrics, TextSettings, TextSummary};
pub use text_units::UnitActivations;
