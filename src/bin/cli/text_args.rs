//! The text task's flags (the character language model): where the text comes from, the two
//! text-only sizes, and `generate`. The model and training flags are the series ones
//! (`ModelArgs`, `FitArgs`), read into [`TextSettings`] by [`apply_shared`].

use crate::args::{DataArgs, FitArgs, ModelArgs, OutArgs, PrepArgs};
use clap::Args;
use rnn_playground::app::TextSettings;
use std::path::PathBuf;

/// Where the text comes from.
#[derive(Args, Debug, Default, Clone)]
pub struct TextSourceArgs {
    /// Train a character language model on this UTF-8 text file.
    #[arg(long, value_name = "PATH", conflicts_with_all = ["corpus", "data", "dataset"])]
    pub text: Option<PathBuf>,
    /// Train a character language model on a built-in corpus (sonnets, hamlet).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["data", "dataset"])]
    pub corpus: Option<String>,
}

impl TextSourceArgs {
    /// Whether a text was named (the command then runs the text task).
    pub fn is_set(&self) -> bool {
        self.text.is_some() || self.corpus.is_some()
    }
}

/// Text-only training sizes.
#[derive(Args, Debug, Default, Clone)]
pub struct TextFitArgs {
    /// Text: truncated-BPTT length in characters (default 64).
    #[arg(long, value_name = "N")]
    pub chunk: Option<usize>,
    /// Text: stop at the first epoch end after this many seconds of training (default 0: none).
    #[arg(long, value_name = "S")]
    pub time_limit: Option<f64>,
}

/// Text-only architecture and reading.
#[derive(Args, Debug, Default, Clone)]
pub struct TextModelArgs {
    /// Text: embedding width (default 32).
    #[arg(long, value_name = "N")]
    pub embed: Option<usize>,
    /// Text: lower-case the text before building the vocabulary.
    #[arg(long)]
    pub lowercase: bool,
}

/// `generate`.
#[derive(Args, Debug)]
pub struct GenerateArgs {
    /// The text model file (JSON or safetensors).
    #[arg(long, value_name = "MODEL.json")]
    pub model: PathBuf,
    /// Text to start from (default: a newline).
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub prime: String,
    /// Characters to generate.
    #[arg(long, value_name = "N", default_value_t = 500)]
    pub length: usize,
    /// Softmax temperature (0 = always the most likely character).
    #[arg(
        long,
        value_name = "F",
        default_value_t = 1.0,
        allow_negative_numbers = true
    )]
    pub temperature: f32,
    /// Sample among the K most likely characters only.
    #[arg(long, value_name = "K")]
    pub top_k: Option<usize>,
    /// Seed of the sampling (same seed, same text).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,
}

/// The series flags that mean the same for text, into `s`. Refuses the ones a language model
/// cannot honour, naming the flag.
pub fn apply_shared(
    s: &mut TextSettings,
    model: Option<&ModelArgs>,
    fit: &FitArgs,
    prep: Option<&PrepArgs>,
) -> Result<(), String> {
    if let Some(m) = model {
        if m.bidirectional {
            return Err("--bidirectional: a language model reads only the past (it predicts the next character)".into());
        }
        set(&mut s.cell, m.cell);
        set(&mut s.hidden, m.hidden);
        set(&mut s.layers, m.layers);
        set(&mut s.dropout, m.dropout);
        set(&mut s.forget_bias, m.forget_bias);
    }
    if fit.shuffle {
        return Err(
            "--shuffle: truncated BPTT reads the text in order (the state is carried)".into(),
        );
    }
    if let Some(l) = fit.loss {
        return Err(format!(
            "--loss {l}: the text model's loss is always the softmax cross-entropy"
        ));
    }
    set(&mut s.epochs, fit.epochs);
    set(&mut s.batch, fit.batch);
    set(&mut s.optimizer, fit.optimizer);
    set(&mut s.lr, fit.lr);
    set(&mut s.weight_decay, fit.weight_decay);
    set(&mut s.momentum, fit.momentum);
    set(&mut s.schedule, fit.schedule);
    set(&mut s.clip, fit.clip);
    set(&mut s.patience, fit.patience);
    set(&mut s.seed, fit.seed);
    if let Some(p) = prep {
        set(&mut s.train_frac, p.train_frac);
        set(&mut s.val_frac, p.val_frac);
    }
    Ok(())
}

/// Refuses the series-only flags of `train`, naming the first one given (a text run would
/// otherwise ignore it silently).
pub fn refuse_series_flags(data: &DataArgs, prep: &PrepArgs, out: &OutArgs) -> Result<(), String> {
    let given = [
        ("--column", data.column.is_some()),
        ("--symbol", data.symbol.is_some()),
        ("--missing", data.missing.is_some()),
        ("--lag", data.lag.is_some()),
        ("--transform", prep.transform.is_some()),
        ("--scaler", prep.scaler.is_some()),
        ("--window", prep.window.is_some()),
        ("--horizon", prep.horizon.is_some()),
        ("--stride", prep.stride.is_some()),
        ("--steps", out.steps.is_some()),
        ("--period", out.period.is_some()),
        ("--interval", out.interval.is_some()),
        ("--backtest", out.backtest.is_some()),
        ("--backtest-window", out.backtest_window.is_some()),
        ("--backtest-fine-tune", out.backtest_fine_tune),
    ];
    match given.iter().find(|(_, set)| *set) {
        Some((flag, _)) => Err(format!(
            "{flag}: a series flag; the text task reads chunks of characters (see --chunk, --embed)"
        )),
        None => Ok(()),
    }
}

impl TextFitArgs {
    /// Applies the flags to `s`.
    pub fn apply(&self, s: &mut TextSettings) {
        set(&mut s.chunk, self.chunk);
        set(&mut s.time_limit_s, self.time_limit);
    }
}

impl TextModelArgs {
    /// Applies the flags to `s`.
    pub fn apply(&self, s: &mut TextSettings) {
        set(&mut s.embed, self.embed);
        s.lowercase |= self.lowercase;
    }
}

fn set<T>(slot: &mut T, v: Option<T>) {
    if let Some(v) = v {
        *slot = v;
    }
}
