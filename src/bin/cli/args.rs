//! The command-line surface (clap). Flag names are the shared vocabulary with `-` for `_`; other
//! tools rely on them. Every option is optional so it can override a base configuration (the
//! defaults for `train`, the saved model's training configuration for `fine-tune`).

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Args, Parser, Subcommand};
use rnn_playground::cells::CellKind;
use rnn_playground::config::PlaygroundConfig;
use rnn_playground::model::{LossKind, OptimizerKind};
use rnn_playground::pipeline::{BacktestWindow, MissingPolicy, ScalerKind, Transform};
use rnn_playground::train::{Freeze, ScheduleKind};
use rnn_playground::vocab::{self, Choice};
use std::ffi::OsStr;
use std::marker::PhantomData;
use std::path::PathBuf;

/// Parses a flag's value as one of a vocabulary choice's names or aliases; `--help` lists the
/// names from the same table.
#[derive(Clone)]
pub struct ChoiceParser<T>(PhantomData<T>);

/// The value parser of a choice flag.
pub fn choice<T>() -> ChoiceParser<T> {
    ChoiceParser(PhantomData)
}

impl<T: Choice + Send + Sync> TypedValueParser for ChoiceParser<T> {
    type Value = T;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        let flag = arg
            .and_then(|a| a.get_long())
            .map_or_else(|| T::KEY.replace('_', "-"), str::to_string);
        vocab::parse::<T>(&value.to_string_lossy()).map_err(|e| {
            clap::Error::raw(
                clap::error::ErrorKind::InvalidValue,
                format!("--{flag}: {e}\n"),
            )
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(T::ALL.iter().map(|c| {
            PossibleValue::new(c.name())
                .aliases(c.aliases().iter().copied())
                .help(c.label())
        })))
    }
}

/// Recurrent networks (RNN, LSTM, GRU) on time series, always beside a naive baseline.
#[derive(Parser, Debug)]
#[command(name = "rnn-playground", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Train a model (no flags: LSTM, hidden 50, 1 layer, window 10 on the S&P 500 series).
    Train(TrainArgs),
    /// Evaluate a saved model on its data (or other data) beside the baselines.
    Evaluate(EvaluateArgs),
    /// Print a recursive forecast of N values past the end of the series.
    Forecast(ForecastArgs),
    /// Continue training a saved model on a new series, optionally freezing layers.
    FineTune(FineTuneArgs),
    /// List the built-in datasets.
    Datasets,
    /// Print text sampled from a character language model (a `train --text` model file).
    Generate(crate::text_args::GenerateArgs),
}

/// Where the series comes from.
#[derive(Args, Debug, Default, Clone)]
pub struct DataArgs {
    /// CSV file (comma, semicolon or tab; header optional).
    #[arg(long, value_name = "PATH", conflicts_with = "dataset")]
    pub data: Option<PathBuf>,
    /// Built-in dataset (`rnn-playground datasets` lists them).
    #[arg(long, value_name = "NAME")]
    pub dataset: Option<String>,
    /// Column by header name (case-insensitive) or 0-based index.
    #[arg(long, value_name = "NAME|INDEX")]
    pub column: Option<String>,
    /// Symbol of the `stocks` dataset (e.g. AAPL).
    #[arg(long, value_name = "SYMBOL")]
    pub symbol: Option<String>,
    /// What to do with missing values.
    #[arg(long, value_name = "POLICY", value_parser = choice::<MissingPolicy>())]
    pub missing: Option<MissingPolicy>,
    /// Echo delay of the `memory` dataset (default 5; needs --window at least as long).
    #[arg(long, value_name = "N")]
    pub lag: Option<usize>,
    /// Covariates: extra input columns beside the target (header names or 0-based indices,
    /// comma-separated); the target column stays the output.
    #[arg(long, value_name = "COL[,COL…]", value_delimiter = ',')]
    pub features: Option<Vec<String>>,
}

/// How the series is prepared.
#[derive(Args, Debug, Default, Clone)]
pub struct PrepArgs {
    /// Transform applied before scaling.
    #[arg(long, value_name = "T", value_parser = choice::<Transform>())]
    pub transform: Option<Transform>,
    /// Scaler, fitted on the training split only.
    #[arg(long, value_name = "S", value_parser = choice::<ScalerKind>())]
    pub scaler: Option<ScalerKind>,
    /// Training fraction (default 0.7).
    #[arg(long, value_name = "F")]
    pub train_frac: Option<f64>,
    /// Validation fraction (default 0.15; test gets the rest).
    #[arg(long, value_name = "F")]
    pub val_frac: Option<f64>,
    /// Input window length (default 10).
    #[arg(long, value_name = "N")]
    pub window: Option<usize>,
    /// Forecast horizon: outputs per window (default 1).
    #[arg(long, value_name = "N")]
    pub horizon: Option<usize>,
    /// Step between windows (default 1).
    #[arg(long, value_name = "N")]
    pub stride: Option<usize>,
}

/// The architecture.
#[derive(Args, Debug, Default, Clone)]
pub struct ModelArgs {
    /// Recurrent cell (`rnn` = rnn_tanh).
    #[arg(long, value_name = "CELL", value_parser = choice::<CellKind>())]
    pub cell: Option<CellKind>,
    /// Hidden units per layer (default 50).
    #[arg(long, value_name = "N")]
    pub hidden: Option<usize>,
    /// Stacked layers (default 1).
    #[arg(long, value_name = "N")]
    pub layers: Option<usize>,
    /// Bidirectional recurrent layers.
    #[arg(long)]
    pub bidirectional: bool,
    /// Dropout between layers (default 0).
    #[arg(long, value_name = "P")]
    pub dropout: Option<f32>,
    /// LSTM forget-gate bias added to bias_ih after init (default 0 = PyTorch; 1 = Keras).
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub forget_bias: Option<f32>,
}

/// The training loop.
#[derive(Args, Debug, Default, Clone)]
pub struct FitArgs {
    /// Maximum epochs (default 50).
    #[arg(long, value_name = "N")]
    pub epochs: Option<usize>,
    /// Mini-batch size (default 32; clamped to the training windows).
    #[arg(long, value_name = "N")]
    pub batch: Option<usize>,
    /// Optimiser (PyTorch defaults).
    #[arg(long, value_name = "OPT", value_parser = choice::<OptimizerKind>())]
    pub optimizer: Option<OptimizerKind>,
    /// Learning rate (default 0.01).
    #[arg(long, value_name = "F", allow_negative_numbers = true)]
    pub lr: Option<f32>,
    /// Weight decay (default 0).
    #[arg(long, value_name = "F")]
    pub weight_decay: Option<f32>,
    /// Momentum for sgd/rmsprop (default 0).
    #[arg(long, value_name = "F")]
    pub momentum: Option<f32>,
    /// Learning-rate schedule, per epoch.
    #[arg(long, value_name = "S", value_parser = choice::<ScheduleKind>())]
    pub schedule: Option<ScheduleKind>,
    /// Gradient clipping by global norm (default 1.0; 0 = off).
    #[arg(long, value_name = "F")]
    pub clip: Option<f32>,
    /// Early-stopping patience in epochs (default 10; 0 = off).
    #[arg(long, value_name = "N")]
    pub patience: Option<usize>,
    /// Training loss.
    #[arg(long, value_name = "L", value_parser = choice::<LossKind>())]
    pub loss: Option<LossKind>,
    /// Shuffle training windows every epoch (seeded).
    #[arg(long)]
    pub shuffle: bool,
    /// Seed of every random choice (default 42).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
}

/// Outputs and reporting.
#[derive(Args, Debug, Default, Clone)]
pub struct OutArgs {
    /// Write the model here (`.safetensors` → PyTorch-named safetensors, else JSON).
    #[arg(long, value_name = "MODEL.json")]
    pub out: Option<PathBuf>,
    /// Write the metrics object here (JSON).
    #[arg(long, value_name = "METRICS.json")]
    pub metrics: Option<PathBuf>,
    /// Forecast values past the end of the series (default 10).
    #[arg(long, value_name = "N")]
    pub steps: Option<usize>,
    /// Season length of the seasonal-naive baseline (default: from the dataset).
    #[arg(long, value_name = "N")]
    pub period: Option<usize>,
    /// Conformal prediction intervals at this level, e.g. 0.9 (default 0: none).
    #[arg(long, value_name = "LEVEL")]
    pub interval: Option<f64>,
    /// Rolling-origin backtest with N folds over the test part (default 0: none).
    #[arg(long, value_name = "N")]
    pub backtest: Option<usize>,
    /// How the backtest folds' training data grows.
    #[arg(long, value_name = "W", value_parser = choice::<BacktestWindow>())]
    pub backtest_window: Option<BacktestWindow>,
    /// Start each backtest fold from the previous fold's weights (default: retrain from the seed).
    #[arg(long)]
    pub backtest_fine_tune: bool,
    /// No progress output.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `train`.
#[derive(Args, Debug)]
pub struct TrainArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub text: crate::text_args::TextSourceArgs,
    #[command(flatten)]
    pub text_model: crate::text_args::TextModelArgs,
    #[command(flatten)]
    pub text_fit: crate::text_args::TextFitArgs,
    #[command(flatten)]
    pub prep: PrepArgs,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub fit: FitArgs,
    #[command(flatten)]
    pub out: OutArgs,
}

/// `evaluate`.
#[derive(Args, Debug)]
pub struct EvaluateArgs {
    /// The model file (JSON or safetensors).
    #[arg(long, value_name = "MODEL.json")]
    pub model: PathBuf,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub text: crate::text_args::TextSourceArgs,
    /// Write the metrics object here (JSON).
    #[arg(long, value_name = "METRICS.json")]
    pub metrics: Option<PathBuf>,
    /// Forecast values past the end of the series (default 10).
    #[arg(long, value_name = "N")]
    pub steps: Option<usize>,
    /// Season length of the seasonal-naive baseline.
    #[arg(long, value_name = "N")]
    pub period: Option<usize>,
    /// Conformal prediction intervals at this level, e.g. 0.9.
    #[arg(long, value_name = "LEVEL")]
    pub interval: Option<f64>,
}

/// `forecast`.
#[derive(Args, Debug)]
pub struct ForecastArgs {
    /// The model file (JSON or safetensors).
    #[arg(long, value_name = "MODEL.json")]
    pub model: PathBuf,
    #[command(flatten)]
    pub data: DataArgs,
    /// How many values to forecast.
    #[arg(long, value_name = "N")]
    pub steps: usize,
}

/// `fine-tune`.
#[derive(Args, Debug)]
pub struct FineTuneArgs {
    /// The pretrained model file (JSON or safetensors).
    #[arg(long, value_name = "MODEL.json")]
    pub model: PathBuf,
    #[command(flatten)]
    pub data: DataArgs,
    #[command(flatten)]
    pub text: crate::text_args::TextSourceArgs,
    #[command(flatten)]
    pub text_fit: crate::text_args::TextFitArgs,
    /// none | recurrent (train the head only) | first:K (freeze the first K layers).
    #[arg(long, value_name = "SPEC", default_value = "none")]
    pub freeze: Freeze,
    /// Keep the pretrained scaler instead of refitting one on the new series.
    #[arg(long)]
    pub keep_scaler: bool,
    #[command(flatten)]
    pub fit: FitArgs,
    #[command(flatten)]
    pub out: OutArgs,
}

impl DataArgs {
    /// Applies the data flags to `c`.
    pub fn apply(&self, c: &mut PlaygroundConfig) {
        if let Some(d) = &self.dataset {
            c.dataset = d.clone();
        }
        if self.column.is_some() {
            c.column = self.column.clone();
        }
        if self.symbol.is_some() {
            c.symbol = self.symbol.clone();
        }
        if let Some(m) = self.missing {
            c.missing = m;
        }
        if let Some(f) = &self.features {
            c.features = f
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
        }
        set(&mut c.lag, self.lag);
    }
}

impl PrepArgs {
    /// Applies the preparation flags to `c`.
    pub fn apply(&self, c: &mut PlaygroundConfig) {
        set(&mut c.transform, self.transform);
        set(&mut c.scaler, self.scaler);
        set(&mut c.train_frac, self.train_frac);
        set(&mut c.val_frac, self.val_frac);
        set(&mut c.window, self.window);
        set(&mut c.horizon, self.horizon);
        set(&mut c.stride, self.stride);
    }
}

impl ModelArgs {
    /// Applies the architecture flags to `c`.
    pub fn apply(&self, c: &mut PlaygroundConfig) {
        set(&mut c.cell, self.cell);
        set(&mut c.hidden, self.hidden);
        set(&mut c.layers, self.layers);
        set(&mut c.dropout, self.dropout);
        set(&mut c.forget_bias, self.forget_bias);
        c.bidirectional |= self.bidirectional;
    }
}

impl FitArgs {
    /// Applies the training flags to `c`.
    pub fn apply(&self, c: &mut PlaygroundConfig) {
        set(&mut c.epochs, self.epochs);
        set(&mut c.batch, self.batch);
        set(&mut c.optimizer, self.optimizer);
        set(&mut c.lr, self.lr);
        set(&mut c.weight_decay, self.weight_decay);
        set(&mut c.momentum, self.momentum);
        set(&mut c.schedule, self.schedule);
        set(&mut c.clip, self.clip);
        set(&mut c.patience, self.patience);
        set(&mut c.loss, self.loss);
        set(&mut c.seed, self.seed);
        c.shuffle |= self.shuffle;
    }
}

impl OutArgs {
    /// Applies the reporting flags to `c`.
    pub fn apply(&self, c: &mut PlaygroundConfig) {
        set(&mut c.steps, self.steps);
        set(&mut c.period, self.period);
        set(&mut c.interval, self.interval);
        set(&mut c.backtest, self.backtest);
        set(&mut c.backtest_window, self.backtest_window);
        c.backtest_fine_tune |= self.backtest_fine_tune;
    }
}

fn set<T>(slot: &mut T, v: Option<T>) {
    if let Some(v) = v {
        *slot = v;
    }
}
