//! The table of every configuration key: its group, label, help line, type, accepted values and
//! bounds. It is the one place these are written: [`super::PlaygroundConfig::validate`] checks
//! against it, the CLI's flags are its keys with `-` for `_` (`tests/cli_interface.rs` checks that
//! every key has one), and the page's controls, URL hash and element
//! attributes are built from its export ([`vocabulary`], written to `www/vocabulary.generated.js`
//! and checked by `tests/vocabulary.rs`). Defaults come from [`super::PlaygroundConfig::default`].
//! A page-only key (`task`: series or text) lives in the table and the page's URL hash and
//! attributes but in no configuration, and has no CLI flag ([`keys`] leaves it out).

use crate::cells::CellKind;
use crate::model::{LossKind, OptimizerKind};
use crate::pipeline::{datasets, memory, BacktestWindow, MissingPolicy, ScalerKind, Transform};
use crate::train::ScheduleKind;
use crate::vocab::{self, Choice};
use serde::Serialize;
use serde_json::{json, Value};

/// Which panel of the page a key belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// The series and how it is prepared.
    Data,
    /// The network's architecture.
    Model,
    /// The training loop and the evaluation.
    Training,
}

/// One accepted value of a choice key.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChoiceOption {
    /// The canonical name.
    pub name: &'static str,
    /// The label shown to people.
    pub label: &'static str,
    /// Other accepted spellings.
    pub aliases: &'static [&'static str],
}

/// The type of a key's value, with what it accepts.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Kind {
    /// One of a closed set of names.
    Choice {
        /// The accepted values, in display order.
        options: Vec<ChoiceOption>,
    },
    /// A whole number in `min..=max`.
    Int {
        /// Smallest accepted value.
        min: u64,
        /// Largest accepted value.
        max: u64,
    },
    /// A real number between `min` and `max`, each end included unless marked open.
    Float {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
        /// The lower bound itself is refused.
        min_open: bool,
        /// The upper bound itself is refused.
        max_open: bool,
    },
    /// True or false.
    Bool,
    /// Free text (empty = not set).
    Text,
    /// A list of names (column names here); written comma-separated on the CLI and in the URL.
    List,
}

/// One configuration key.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Field {
    /// The key (snake_case; CLI flag `--key-name`, URL key and element attribute as is).
    pub key: &'static str,
    /// Its panel.
    pub group: Group,
    /// A short label for its control.
    pub label: &'static str,
    /// One line of explanation, if the label is not enough.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<&'static str>,
    /// A change of this key means loading the data again (not only a new model).
    pub reloads_data: bool,
    /// A key of the page only (URL hash and element attribute), never part of a run's
    /// configuration: the CLI picks the same thing by its subcommands and flags.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub page_only: bool,
    /// The step of its numeric control, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<f64>,
    /// Its type and bounds.
    #[serde(flatten)]
    pub kind: Kind,
}

/// The largest seed the page can carry exactly (JavaScript's `Number.MAX_SAFE_INTEGER`).
pub const MAX_SEED: u64 = (1 << 53) - 1;

fn choice<T: Choice>() -> Kind {
    Kind::Choice {
        options: T::ALL
            .iter()
            .map(|c| ChoiceOption {
                name: c.name(),
                label: c.label(),
                aliases: c.aliases(),
            })
            .collect(),
    }
}

fn dataset_choice() -> Kind {
    Kind::Choice {
        options: datasets::list()
            .into_iter()
            .map(|d| ChoiceOption {
                name: d.key,
                label: d.label,
                aliases: &[],
            })
            .collect(),
    }
}

fn int(min: u64, max: u64) -> Kind {
    Kind::Int { min, max }
}

fn closed(min: f64, max: f64) -> Kind {
    Kind::Float {
        min,
        max,
        min_open: false,
        max_open: false,
    }
}

fn half_open(min: f64, max: f64) -> Kind {
    Kind::Float {
        min,
        max,
        min_open: false,
        max_open: true,
    }
}

fn field(key: &'static str, group: Group, label: &'static str, kind: Kind) -> Field {
    let step = match kind {
        Kind::Int { .. } => Some(1.0),
        _ => None,
    };
    Field {
        key,
        group,
        label,
        help: None,
        reloads_data: false,
        page_only: false,
        step,
        kind,
    }
}

impl Field {
    fn help(mut self, text: &'static str) -> Self {
        self.help = Some(text);
        self
    }

    fn step(mut self, step: f64) -> Self {
        self.step = Some(step);
        self
    }

    fn reloads_data(mut self) -> Self {
        self.reloads_data = true;
        self
    }

    fn page_only(mut self) -> Self {
        self.page_only = true;
        self
    }
}

/// The tasks the page's element runs: forecasting a series, or a character language model
/// (`<rnn-playground task="text">`, `#task=text`). The CLI picks the text task by
/// `train --text`/`--corpus` and its `generate`, `fine-tune` and `evaluate` subcommands.
fn task_choice() -> Kind {
    Kind::Choice {
        options: vec![
            ChoiceOption {
                name: "series",
                label: "Forecast a series",
                aliases: &["forecast"],
            },
            ChoiceOption {
                name: "text",
                label: "Character language model",
                aliases: &["charlm"],
            },
        ],
    }
}

/// Every key, in the order the page shows them.
pub fn fields() -> Vec<Field> {
    use Group::{Data, Model, Training};
    vec![
        field("task", Data, "Task", task_choice())
            .help("What the playground does: forecast a series, or learn to write text")
            .page_only(),
        field("dataset", Data, "Dataset", dataset_choice()).reloads_data(),
        field("symbol", Data, "Symbol", Kind::Text)
            .help("Ticker for the stocks dataset")
            .reloads_data(),
        field("lag", Data, "Memory lag", int(1, memory::MAX_LAG as u64))
            .help("memory dataset only: the next value echoes the one lag steps back; window ≥ lag")
            .reloads_data(),
        field("column", Data, "Column", Kind::Text)
            .help("Value column of the data (empty: the first numeric column)")
            .reloads_data(),
        field("missing", Data, "Missing values", choice::<MissingPolicy>()).reloads_data(),
        field("features", Data, "Features", Kind::List)
            .help("Extra input columns (covariates) beside the target; the target stays the output")
            .reloads_data(),
        field("transform", Data, "Transform", choice::<Transform>()),
        field("scaler", Data, "Scaler", choice::<ScalerKind>()),
        field(
            "train_frac",
            Data,
            "Train fraction",
            Kind::Float {
                min: 0.0,
                max: 1.0,
                min_open: true,
                max_open: true,
            },
        )
        .step(0.05),
        field("val_frac", Data, "Validation fraction", half_open(0.0, 1.0)).step(0.05),
        field("window", Data, "Window", int(1, 100_000)).help("Past steps the model sees"),
        field("horizon", Data, "Horizon", int(1, 10_000)).help("Steps ahead to predict"),
        field("stride", Data, "Stride", int(1, 10_000)),
        field("period", Data, "Season length", int(0, 100_000))
            .help("For the seasonal-naive baseline; 0 = from the data"),
        field("cell", Model, "Cell", choice::<CellKind>()),
        field("layers", Model, "Layers", int(1, 16)),
        field("hidden", Model, "Hidden size", int(1, 4096)),
        field("bidirectional", Model, "Bidirectional", Kind::Bool),
        field("dropout", Model, "Dropout", half_open(0.0, 1.0))
            .step(0.05)
            .help("Between stacked layers"),
        field(
            "forget_bias",
            Model,
            "Forget-gate bias",
            closed(-10.0, 10.0),
        )
        .step(0.5)
        .help(
            "LSTM only (ignored by GRU/RNN): added to bias_ih's forget slice after init, so \
                 b_ih_f + b_hh_f is centred on it; 0 = PyTorch, 1 = Keras unit_forget_bias",
        ),
        field("epochs", Training, "Epochs", int(1, 100_000)),
        field("batch", Training, "Batch size", int(1, 65_536)),
        field(
            "optimizer",
            Training,
            "Optimizer",
            choice::<OptimizerKind>(),
        ),
        field(
            "lr",
            Training,
            "Learning rate",
            Kind::Float {
                min: 0.0,
                max: f32::MAX as f64,
                min_open: true,
                max_open: false,
            },
        )
        .step(0.0001),
        field("weight_decay", Training, "Weight decay", closed(0.0, 1.0)).step(0.0001),
        field("momentum", Training, "Momentum", half_open(0.0, 1.0)).step(0.05),
        field(
            "schedule",
            Training,
            "LR schedule",
            choice::<ScheduleKind>(),
        ),
        field("clip", Training, "Gradient clip", closed(0.0, 1000.0))
            .step(0.1)
            .help("Global norm; 0 = off"),
        field(
            "patience",
            Training,
            "Early stopping patience",
            int(0, 100_000),
        )
        .help("Epochs without validation improvement; 0 = off"),
        field("loss", Training, "Loss", choice::<LossKind>()),
        field("shuffle", Training, "Shuffle training windows", Kind::Bool),
        field("seed", Training, "Seed", int(0, MAX_SEED)),
        field("steps", Training, "Forecast steps", int(1, 100_000))
            .help("Recursive forecast past the end of the series"),
        field("interval", Training, "Interval level", half_open(0.0, 1.0))
            .step(0.05)
            .help("Conformal prediction interval, e.g. 0.9; 0 = none"),
        field("backtest", Training, "Backtest folds", int(0, 1000))
            .help("Rolling-origin folds over the test part; 0 = none"),
        field(
            "backtest_window",
            Training,
            "Backtest window",
            choice::<BacktestWindow>(),
        ),
        field(
            "backtest_fine_tune",
            Training,
            "Fine-tune folds",
            Kind::Bool,
        )
        .help("Start each fold from the previous fold's weights"),
    ]
}

/// Every key of a run's configuration (a CLI `train` flag each), in the order of [`fields`];
/// the page-only keys are left out.
pub fn keys() -> Vec<&'static str> {
    fields()
        .iter()
        .filter(|f| !f.page_only)
        .map(|f| f.key)
        .collect()
}

/// Writes an interval as `[a, b)`.
fn interval(min: f64, max: f64, min_open: bool, max_open: bool) -> String {
    format!(
        "{}{min}, {max}{}",
        if min_open { '(' } else { '[' },
        if max_open { ')' } else { ']' }
    )
}

impl Field {
    /// Checks one value (as the configuration serialises it) against this key's bounds; the
    /// message does not name the key (the caller does).
    pub fn check(&self, value: &Value) -> Result<(), String> {
        match &self.kind {
            Kind::Int { min, max } => {
                let v = value.as_u64().unwrap_or(0);
                if v < *min {
                    return Err(format!("must be at least {min}, got {v}"));
                }
                if v > *max {
                    return Err(format!("must be at most {max}, got {v}"));
                }
            }
            Kind::Float {
                min,
                max,
                min_open,
                max_open,
            } => {
                // A non-finite number serialises as null.
                let v = value.as_f64().unwrap_or(f64::NAN);
                let below = v < *min || (*min_open && v == *min);
                let above = v > *max || (*max_open && v == *max);
                if v.is_nan() || below || above {
                    let range = interval(*min, *max, *min_open, *max_open);
                    let shown = if v.is_nan() {
                        "NaN".into()
                    } else {
                        v.to_string()
                    };
                    return Err(format!("must be in {range}, got {shown}"));
                }
            }
            Kind::Choice { options } => {
                if let Some(text) = value.as_str() {
                    if !options.iter().any(|o| o.name == text) {
                        let names: Vec<_> = options.iter().map(|o| o.name).collect();
                        return Err(format!(
                            "unknown {} `{}` (known: {})",
                            self.key,
                            vocab::short_quote(text),
                            names.join(", ")
                        ));
                    }
                }
            }
            Kind::List => {
                let items = value.as_array().map(Vec::as_slice).unwrap_or_default();
                if let Some(bad) = items.iter().find(|v| !v.is_string()) {
                    let shown = vocab::short_quote(&bad.to_string());
                    return Err(format!("must be a list of names, got {shown}"));
                }
            }
            Kind::Bool | Kind::Text => {}
        }
        Ok(())
    }
}

/// What the page needs of the vocabulary: every field with its default, and the dataset
/// catalogue (name, label, file, season).
pub fn vocabulary() -> Value {
    let defaults = super::PlaygroundConfig::default().to_json_value();
    let fields: Vec<Value> = fields()
        .into_iter()
        .map(|f| {
            let mut v = serde_json::to_value(&f).expect("a field serialises");
            let default = match (&f.kind, &defaults[f.key]) {
                (Kind::Text, Value::Null) => json!(""),
                // a page-only choice (the task) is not in the configuration: its first option
                (Kind::Choice { options }, Value::Null) if f.page_only => json!(options[0].name),
                // the page carries a list as one comma-separated string (URL, attribute, control)
                (Kind::List, Value::Array(items)) => json!(items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join(",")),
                (_, d) => d.clone(),
            };
            v["default"] = default;
            v
        })
        .collect();
    let datasets: Vec<Value> = datasets::list()
        .into_iter()
        .map(|d| {
            json!({
                "name": d.key,
                "label": d.label,
                "description": d.description,
                "file": d.file,
                "season": d.season,
                "frequency": d.frequency,
                "column": d.default_column,
                "columns": d.columns,
            })
        })
        .collect();
    json!({ "fields": fields, "datasets": datasets })
}

/// The vocabulary as the ES module `www/vocabulary.generated.js` (see `tests/vocabulary.rs`).
pub fn vocabulary_module() -> String {
    let body = serde_json::to_string_pretty(&vocabulary()).expect("the vocabulary serialises");
    format!(
        "// Generated from the Rust crate (rnn_playground::config::fields::vocabulary_module);\n\
         // do not edit. `RNN_WRITE_VOCABULARY=1 cargo test --test vocabulary` rewrites it, and\n\
         // the same test fails while it differs from the crate. It is long (one pretty-printed\n\
         // entry per key, choice and dataset) because it is data, not code: splitting it would\n\
         // only scatter the one table.\n\
         /** @type {{import('./config.js').Vocabulary}} */\n\
         export const VOCABULARY = {body};\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_check_with_open_and_closed_ends() {
        let lr = fields().into_iter().find(|f| f.key == "lr").unwrap();
        assert!(lr.check(&json!(0.0)).unwrap_err().contains("(0, "));
        assert!(lr.check(&json!(1e30)).is_ok());
        let dropout = fields().into_iter().find(|f| f.key == "dropout").unwrap();
        assert!(dropout.check(&json!(1.0)).unwrap_err().contains("[0, 1)"));
        assert!(lr.check(&Value::Null).unwrap_err().contains("NaN"));
        let window = fields().into_iter().find(|f| f.key == "window").unwrap();
        assert_eq!(
            window.check(&json!(0)).unwrap_err(),
            "must be at least 1, got 0"
        );
    }

    #[test]
    fn every_key_is_exported_with_its_default() {
        let v = vocabulary();
        let exported = v["fields"].as_array().unwrap();
        assert_eq!(exported.len(), fields().len());
        let task = exported.iter().find(|f| f["key"] == "task").unwrap();
        assert_eq!(task["default"], "series");
        assert_eq!(task["page_only"], true);
        assert!(
            !keys().contains(&"task"),
            "the task is no configuration key"
        );
        let cell = exported.iter().find(|f| f["key"] == "cell").unwrap();
        assert_eq!(cell["default"], "lstm");
        assert_eq!(cell["type"], "choice");
        assert_eq!(cell["options"][2]["aliases"][0], "rnn");
        let symbol = exported.iter().find(|f| f["key"] == "symbol").unwrap();
        assert_eq!(symbol["default"], "");
    }
}
