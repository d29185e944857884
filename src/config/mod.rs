//! The shared configuration vocabulary: one flat set of keys used by the Rust API, CLI flags
//! (`-` for `_`), URL hash keys, `<rnn-playground>` attributes and the model file's training record.
//!
//! Values are the domain's own types ([`CellKind`], [`Transform`], [`ScalerKind`], …, each named
//! once where it is defined, see [`crate::vocab`]); [`fields`] is the table of keys, labels and
//! bounds. Missing keys take the defaults of the classic tutorial configuration (LSTM, hidden 50,
//! one layer, window 10, on the S&P 500 series). [`PlaygroundConfig::validate`] and
//! [`PlaygroundConfig::from_json_value`] reject bad values with a message naming the field.
//!
//! Layer: above `train` (whose options it builds) and below `io` (whose files record it).

pub mod fields;

pub use fields::{fields, keys, vocabulary, Field, Group, Kind};

use crate::cells::CellKind;
use crate::model::{HeadKind, LossKind, NetworkConfig, OptimizerConfig, OptimizerKind};
use crate::pipeline::{BacktestWindow, DataConfig, MissingPolicy, ScalerKind, Transform};
use crate::train::{ScheduleKind, TrainOptions};
use serde::{Deserialize, Serialize};

/// Largest CSV file the page reads, in bytes (it refuses a larger file before reading it). The
/// CLI reads a file of any size; this is the page's, defined here so that it is listed with the
/// core's limits in [`limits`].
pub const MAX_CSV_BYTES: usize = 50 * 1024 * 1024;

/// One size limit as the page and the docs see it ([`limits`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limit {
    /// Its name in `LIMITS` of `www/vocabulary.generated.js` (snake case).
    pub key: &'static str,
    /// The Rust constant that defines it.
    pub constant: &'static str,
    /// The limit.
    pub value: u64,
    /// What `value` counts (`bytes`, `points`).
    pub unit: &'static str,
    /// Where it applies (`page`, `cli and page`).
    pub applies_to: &'static str,
    /// One line on what it bounds.
    pub description: &'static str,
}

/// The size limits of input, in one table: the Rust constants they come from, exported to the page
/// by [`vocabulary_module`] (`LIMITS`), which uses them instead of copies (`docs/reliability.md`,
/// "Size limits").
pub fn limits() -> Vec<Limit> {
    vec![
        Limit {
            key: "max_csv_bytes",
            constant: "config::MAX_CSV_BYTES",
            value: MAX_CSV_BYTES as u64,
            unit: "bytes",
            applies_to: "page",
            description: "largest CSV file the page reads (checked before reading it)",
        },
        Limit {
            key: "max_text_bytes",
            constant: "pipeline::text::MAX_TEXT_BYTES",
            value: crate::pipeline::text::MAX_TEXT_BYTES as u64,
            unit: "bytes",
            applies_to: "cli and page",
            description: "largest text for the language model (checked before decoding)",
        },
        Limit {
            key: "max_points",
            constant: "pipeline::window::MAX_POINTS",
            value: crate::pipeline::window::MAX_POINTS as u64,
            unit: "points",
            applies_to: "cli and page",
            description: "largest window and horizon",
        },
    ]
}

/// The vocabulary (keys, choices, datasets: [`fields::vocabulary_module`]) and the size limits
/// ([`limits`], as `LIMITS`) as the ES module `www/vocabulary.generated.js` (see
/// `tests/vocabulary.rs`).
pub fn vocabulary_module() -> String {
    let table: serde_json::Map<String, serde_json::Value> = limits()
        .into_iter()
        .map(|l| {
            let entry = serde_json::json!({
                "value": l.value,
                "unit": l.unit,
                "applies_to": l.applies_to,
                "constant": l.constant,
                "description": l.description,
            });
            (l.key.to_string(), entry)
        })
        .collect();
    let body = serde_json::to_string_pretty(&table).expect("the limits serialise");
    format!(
        "{}\n// The size limits of input (rnn_playground::config::limits), one definition for the CLI,\n\
         // the page and docs/reliability.md.\n\
         export const LIMITS = {body};\n",
        fields::vocabulary_module()
    )
}

/// Every option of a run, with the shared vocabulary's names and defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlaygroundConfig {
    // ---- data
    /// Built-in dataset name (ignored when data comes from a CSV).
    pub dataset: String,
    /// Symbol of the `stocks` dataset (e.g. `AAPL`).
    pub symbol: Option<String>,
    /// Column by header name (case-insensitive) or 0-based index; `None` picks automatically.
    #[serde(deserialize_with = "de_column")]
    pub column: Option<String>,
    /// Missing-value policy (the value column and every feature column).
    pub missing: MissingPolicy,
    /// Covariates: extra input columns (header names or 0-based indices) beside the target.
    /// Read from a list, or from one comma-separated string (URL hash, attribute).
    #[serde(deserialize_with = "de_features")]
    pub features: Vec<String>,
    /// Echo delay of the `memory` dataset (ignored by the others).
    pub lag: usize,
    /// Transform applied before scaling (default `diff`: first differences work on every series,
    /// where raw levels lose to persistence on prices and trends).
    pub transform: Transform,
    /// Scaler kind.
    pub scaler: ScalerKind,
    /// Fraction of the series used for training.
    pub train_frac: f64,
    /// Fraction used for validation (test = the rest).
    pub val_frac: f64,
    /// Input window length.
    pub window: usize,
    /// Forecast horizon (outputs per window).
    pub horizon: usize,
    /// Step between consecutive windows.
    pub stride: usize,
    // ---- model
    /// Recurrent cell.
    pub cell: CellKind,
    /// Stacked recurrent layers.
    pub layers: usize,
    /// Hidden units per layer and direction.
    pub hidden: usize,
    /// Bidirectional recurrent layers.
    pub bidirectional: bool,
    /// Dropout between recurrent layers (training only).
    pub dropout: f32,
    /// LSTM forget-gate bias added to `bias_ih` after init (0 = PyTorch; ignored by GRU/RNN).
    pub forget_bias: f32,
    // ---- training
    /// Maximum number of epochs.
    pub epochs: usize,
    /// Mini-batch size.
    pub batch: usize,
    /// Optimiser.
    pub optimizer: OptimizerKind,
    /// Learning rate.
    pub lr: f32,
    /// Weight decay (L2 for adam/sgd/rmsprop, decoupled for adamw).
    pub weight_decay: f32,
    /// Momentum (sgd, rmsprop).
    pub momentum: f32,
    /// Learning-rate schedule.
    pub schedule: ScheduleKind,
    /// Gradient clipping by global norm (0 = off).
    pub clip: f32,
    /// Early-stopping patience in epochs (0 = off).
    pub patience: usize,
    /// Training loss.
    pub loss: LossKind,
    /// Shuffle the training windows each epoch (seeded).
    pub shuffle: bool,
    /// Seed of every random choice (initialisation, shuffling, dropout, synthetic data).
    pub seed: u64,
    // ---- evaluation
    /// Recursive forecast steps past the end of the series (the metrics' `forecast` array).
    pub steps: usize,
    /// Season length of the seasonal-naive baseline (0 = pick from the data's frequency).
    pub period: usize,
    /// Prediction-interval level, e.g. 0.9 (0 = no intervals).
    pub interval: f64,
    /// Rolling-origin backtest folds (0 = none).
    pub backtest: usize,
    /// How the backtest folds' training data grows.
    pub backtest_window: BacktestWindow,
    /// Start each backtest fold from the previous fold's weights instead of the seed's.
    pub backtest_fine_tune: bool,
}

impl Default for PlaygroundConfig {
    fn default() -> Self {
        PlaygroundConfig {
            dataset: crate::pipeline::datasets::DEFAULT_DATASET.into(),
            symbol: None,
            column: None,
            missing: MissingPolicy::Error,
            features: Vec::new(),
            lag: crate::pipeline::memory::DEFAULT_LAG,
            transform: Transform::Diff,
            scaler: ScalerKind::MinMax,
            train_frac: 0.7,
            val_frac: 0.15,
            window: 10,
            horizon: 1,
            stride: 1,
            cell: CellKind::Lstm,
            layers: 1,
            hidden: 50,
            bidirectional: false,
            dropout: 0.0,
            forget_bias: 0.0,
            epochs: 50,
            batch: 32,
            optimizer: OptimizerKind::Adam,
            lr: 0.01,
            weight_decay: 0.0,
            momentum: 0.0,
            schedule: ScheduleKind::None,
            clip: 1.0,
            patience: 10,
            loss: LossKind::Mse,
            shuffle: false,
            seed: 42,
            steps: 10,
            period: 0,
            interval: 0.0,
            backtest: 0,
            backtest_window: BacktestWindow::Expanding,
            backtest_fine_tune: false,
        }
    }
}

fn de_column<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Col {
        Index(u64),
        Name(String),
    }
    Ok(match Option::<Col>::deserialize(d)? {
        None => None,
        Some(Col::Index(i)) => Some(i.to_string()),
        Some(Col::Name(s)) if s.trim().is_empty() => None,
        Some(Col::Name(s)) => Some(s),
    })
}

fn de_features<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Item {
        Index(u64),
        Name(String),
    }
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Features {
        List(Vec<Item>),
        Joined(String),
    }
    let names: Vec<String> = match Option::<Features>::deserialize(d)? {
        None => Vec::new(),
        Some(Features::Joined(s)) => s.split(',').map(str::to_string).collect(),
        Some(Features::List(items)) => items
            .into_iter()
            .map(|i| match i {
                Item::Index(i) => i.to_string(),
                Item::Name(s) => s,
            })
            .collect(),
    };
    Ok(names
        .into_iter()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect())
}

impl PlaygroundConfig {
    /// Builds a configuration from a JSON object of shared-vocabulary keys (missing keys take the
    /// defaults), then validates it. Errors name the offending key: `config field `lr`: ...`.
    pub fn from_json_value(value: &serde_json::Value) -> Result<Self, String> {
        let user = match value {
            serde_json::Value::Null => return Ok(Self::default()),
            serde_json::Value::Object(m) => m,
            other => {
                return Err(format!(
                    "config must be an object, got {}",
                    json_kind(other)
                ))
            }
        };
        let defaults = serde_json::to_value(Self::default()).expect("config serialises");
        let serde_json::Value::Object(base) = defaults else {
            unreachable!("struct is an object")
        };
        let mut merged = base.clone();
        for (key, v) in user {
            if !base.contains_key(key) {
                return Err(format!(
                    "unknown config field `{}`",
                    crate::vocab::short_quote(key)
                ));
            }
            // Check this key alone on top of the defaults, so the error names it.
            let mut one = base.clone();
            one.insert(key.clone(), v.clone());
            if let Err(e) = serde_json::from_value::<Self>(serde_json::Value::Object(one)) {
                return Err(format!(
                    "config field `{key}`: {}",
                    clean_serde_error(&e.to_string())
                ));
            }
            merged.insert(key.clone(), v.clone());
        }
        let cfg: Self = serde_json::from_value(serde_json::Value::Object(merged))
            .map_err(|e| format!("config: {}", clean_serde_error(&e.to_string())))?;
        cfg.validate()?;
        Ok(cfg)
    }

    /// The configuration as a JSON object, `f32` values written as their shortest decimal (`0.01`,
    /// not `0.009999999776482582`).
    pub fn to_json_value(&self) -> serde_json::Value {
        let text = serde_json::to_string(self).expect("config serialises");
        serde_json::from_str(&text).expect("config text parses")
    }

    /// Checks every key against its bounds in [`fields`], then the combinations; the error
    /// names the field (`config field `window`: must be at least 1, got 0`).
    pub fn validate(&self) -> Result<(), String> {
        let values = self.to_json_value();
        for field in fields() {
            field
                .check(&values[field.key])
                .map_err(|why| format!("config field `{}`: {why}", field.key))?;
        }
        if self.train_frac + self.val_frac >= 1.0 {
            return Err(format!(
                "config field `val_frac`: train_frac + val_frac must leave a test split, got {} + {}",
                self.train_frac, self.val_frac
            ));
        }
        check_features(&self.features, self.column.as_deref())?;
        if self.dataset == "memory" && self.window < self.lag {
            return Err(format!(
                "config field `window`: the memory dataset's next value depends on the value lag = \
                 {} steps back, so the window must be at least {} (got {})",
                self.lag, self.lag, self.window
            ));
        }
        Ok(())
    }

    /// The architecture: `1 + features` inputs per step, `horizon` outputs read on the last step.
    pub fn network_config(&self) -> NetworkConfig {
        NetworkConfig {
            cell: self.cell,
            input_size: 1 + self.features.len(),
            hidden_size: self.hidden,
            num_layers: self.layers,
            bidirectional: self.bidirectional,
            dropout: self.dropout,
            bias: true,
            output_size: self.horizon,
            head: HeadKind::LastStep,
            forget_bias: self.forget_bias,
        }
    }

    /// The optimiser with PyTorch's defaults for everything the vocabulary does not name.
    pub fn optimizer_config(&self) -> Result<OptimizerConfig, String> {
        OptimizerConfig::from_kind(self.optimizer, self.lr, self.momentum, self.weight_decay)
            .map_err(|e| format!("config field `optimizer`: {e}"))
    }

    /// The training loop's options.
    pub fn train_options(&self) -> TrainOptions {
        TrainOptions {
            epochs: self.epochs,
            batch: self.batch,
            loss: self.loss.loss(),
            clip: self.clip,
            patience: self.patience,
            schedule: self.schedule,
            shuffle: self.shuffle,
            seed: self.seed,
        }
    }

    /// The pipeline settings (training windows are shuffled per epoch by the trainer, not once
    /// by the pipeline).
    pub fn data_config(&self) -> DataConfig {
        DataConfig {
            transform: self.transform,
            scaler: self.scaler,
            feature_range: (0.0, 1.0),
            train_frac: self.train_frac,
            val_frac: self.val_frac,
            window: self.window,
            horizon: self.horizon,
            stride: self.stride,
            shuffle: false,
            seed: self.seed,
        }
    }
}

/// The `features` list: no empty name, no name twice, not the value column itself.
fn check_features(features: &[String], column: Option<&str>) -> Result<(), String> {
    let q = crate::vocab::short_quote;
    for (i, f) in features.iter().enumerate() {
        let name = f.trim();
        if name.is_empty() {
            return Err(format!(
                "config field `features`: entry {} is empty (give a column name or index)",
                i + 1
            ));
        }
        if features[..i]
            .iter()
            .any(|g| g.trim().eq_ignore_ascii_case(name))
        {
            return Err(format!(
                "config field `features`: '{}' is listed twice",
                q(name)
            ));
        }
        if column.is_some_and(|c| c.trim().eq_ignore_ascii_case(name)) {
            return Err(format!(
                "config field `features`: '{}' is the value column (`column`); a feature must be \
                 another column",
                q(name)
            ));
        }
    }
    Ok(())
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Drops serde_json's "at line 1 column 40" suffix, meaningless for a value built in memory.
fn clean_serde_error(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn missing_keys_take_the_classic_defaults() {
        let c = PlaygroundConfig::from_json_value(&json!({"cell": "gru", "column": 3})).unwrap();
        assert_eq!(c.cell, CellKind::Gru);
        assert_eq!(c.column.as_deref(), Some("3"));
        assert_eq!((c.hidden, c.layers, c.window, c.epochs), (50, 1, 10, 50));
        assert_eq!(c.dataset, "sp500");
    }

    #[test]
    fn errors_name_the_field() {
        let e = PlaygroundConfig::from_json_value(&json!({"window": 0})).unwrap_err();
        assert!(e.contains("`window`"), "{e}");
        let e = PlaygroundConfig::from_json_value(&json!({"lr": -0.1})).unwrap_err();
        assert!(e.contains("`lr`"), "{e}");
        let e = PlaygroundConfig::from_json_value(&json!({"cell": "transformer"})).unwrap_err();
        assert!(e.contains("`cell`") && e.contains("lstm"), "{e}");
        let e = PlaygroundConfig::from_json_value(&json!({"hidden": "many"})).unwrap_err();
        assert!(e.contains("`hidden`"), "{e}");
        let e = PlaygroundConfig::from_json_value(&json!({"hiden": 3})).unwrap_err();
        assert!(e.contains("unknown config field `hiden`"), "{e}");
        let long_key = "k".repeat(100_000);
        let e = PlaygroundConfig::from_json_value(&json!({ long_key: 3 })).unwrap_err();
        assert!(
            e.len() < 200,
            "an unknown key is quoted whole: {} bytes",
            e.len()
        );
        let e = PlaygroundConfig::from_json_value(&json!({"dataset": "nasdaq"})).unwrap_err();
        assert!(e.contains("`dataset`") && e.contains("nasdaq"), "{e}");
    }

    #[test]
    fn fields_lists_every_key() {
        let v = serde_json::to_value(PlaygroundConfig::default()).unwrap();
        let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        let mut fields = super::keys();
        keys.sort();
        fields.sort();
        assert_eq!(keys, fields);
    }

    #[test]
    fn choices_parse_aliases_and_round_trip() {
        assert_eq!("rnn".parse::<CellKind>().unwrap(), CellKind::RnnTanh);
        assert_eq!("RNN_RELU".parse::<CellKind>().unwrap(), CellKind::RnnRelu);
        assert!("x"
            .parse::<Transform>()
            .unwrap_err()
            .to_string()
            .contains("none | diff | logret"));
        let c = PlaygroundConfig {
            cell: CellKind::RnnRelu,
            ..Default::default()
        };
        let back: PlaygroundConfig =
            serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
    }
}
