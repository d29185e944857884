//! The top of the library: an [`Experiment`] ties one series, its prepared windows, a network,
//! the trainer, the evaluation and the model files together behind the small API the CLI and
//! the browser session share. It is the only layer that sees all of `config`, `pipeline`,
//! `train` and `io`; the bindings and the CLI sit on it and nothing in the library imports it.

pub mod experiment;

pub use experiment::{season_for, ConfigSummary, Experiment};
