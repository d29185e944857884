//! The shared configuration vocabulary: one flat set of keys used by the Rust API, CLI flags
//! (`-` for `_`), URL hash keys, `<rnn-playground>` attributes and the model file's training record.
//!
//! Missing keys take the defaults of the classic tutorial configuration (LSTM, hidden 50, one
//! layer, window 10, on the S&P 500 series). [`PlaygroundConfig::validate`] and
//! [`PlaygroundConfig::from_json_value`] reject bad values with a message naming the field.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Declares a string-valued choice: serde in snake_case, `FromStr` naming the accepted values.
macro_rules! choice {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal $(| $alias:literal)*),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text $(, alias = $alias)*)] $variant),+
        }

        impl $name {
            /// Every accepted spelling (canonical names first).
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The canonical name, as written in files and URLs.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                let lower = s.trim().to_ascii_lowercase();
                match lower.as_str() {
                    $($text $(| $alias)* => Ok($name::$variant),)+
                    _ => Err(format!("`{s}` is not one of {}", Self::NAMES.join(" | "))),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

choice! {
    /// Recurrent cell type.
    Cell {
        /// Long short-term memory.
        Lstm => "lstm",
        /// Gated recurrent unit.
        Gru => "gru",
        /// Elman RNN with tanh (`rnn` is accepted as an alias, as in `torch.nn.RNN`'s default).
        RnnTanh => "rnn_tanh" | "rnn" | "rnn-tanh",
        /// Elman RNN with ReLU.
        RnnRelu => "rnn_relu" | "rnn-relu",
    }
}

choice! {
    /// What to do with empty cells in the chosen column.
    Missing {
        /// Stop with a message naming the row.
        Error => "error",
        /// Drop the rows.
        Drop => "drop",
        /// Carry the previous value forward.
        Ffill => "ffill",
    }
}

choice! {
    /// A transform with an exact inverse, applied before scaling.
    Transform {
        /// The raw series.
        None => "none",
        /// First differences `x[t] - x[t-1]`.
        Diff => "diff",
        /// Log returns `ln(x[t] / x[t-1])`.
        Logret => "logret",
    }
}

choice! {
    /// Scaler fitted on the training split only.
    Scaler {
        /// Into `[0, 1]`.
        Minmax => "minmax",
        /// Zero mean, unit variance.
        Zscore => "zscore",
    }
}

choice! {
    /// Optimiser (PyTorch semantics).
    Optimizer {
        /// Adam.
        Adam => "adam",
        /// Adam with decoupled weight decay.
        Adamw => "adamw",
        /// Stochastic gradient descent with optional momentum.
        Sgd => "sgd",
        /// RMSprop.
        Rmsprop => "rmsprop",
    }
}

choice! {
    /// Learning-rate schedule, applied per epoch.
    Schedule {
        /// Constant.
        None => "none",
        /// Multiply by 0.5 every 10 epochs.
        Step => "step",
        /// Multiply by 0.95 every epoch.
        Exp => "exp",
        /// Cosine annealing to zero over `epochs`.
        Cosine => "cosine",
        /// Halve after 5 epochs without validation improvement.
        Plateau => "plateau",
    }
}

choice! {
    /// Training loss.
    LossKind {
        /// Mean squared error.
        Mse => "mse",
        /// Mean absolute error.
        Mae => "mae",
        /// Huber loss with delta 1.
        Huber => "huber",
    }
}

/// The built-in dataset names, in display order.
pub const DATASETS: &[&str] = &[
    "sp500",
    "co2",
    "seattle",
    "stocks",
    "sine",
    "random_walk",
    "ramp",
];

/// Every key of the vocabulary, in declaration order.
pub const FIELDS: &[&str] = &[
    "dataset",
    "symbol",
    "column",
    "missing",
    "transform",
    "scaler",
    "train_frac",
    "val_frac",
    "window",
    "horizon",
    "stride",
    "cell",
    "layers",
    "hidden",
    "bidirectional",
    "dropout",
    "epochs",
    "batch",
    "optimizer",
    "lr",
    "weight_decay",
    "momentum",
    "schedule",
    "clip",
    "patience",
    "loss",
    "shuffle",
    "seed",
    "steps",
    "period",
];

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
    /// Missing-value policy.
    pub missing: Missing,
    /// Transform applied before scaling.
    pub transform: Transform,
    /// Scaler kind.
    pub scaler: Scaler,
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
    pub cell: Cell,
    /// Stacked recurrent layers.
    pub layers: usize,
    /// Hidden units per layer and direction.
    pub hidden: usize,
    /// Bidirectional recurrent layers.
    pub bidirectional: bool,
    /// Dropout between recurrent layers (training only).
    pub dropout: f32,
    // ---- training
    /// Maximum number of epochs.
    pub epochs: usize,
    /// Mini-batch size.
    pub batch: usize,
    /// Optimiser.
    pub optimizer: Optimizer,
    /// Learning rate.
    pub lr: f32,
    /// Weight decay (L2 for adam/sgd/rmsprop, decoupled for adamw).
    pub weight_decay: f32,
    /// Momentum (sgd, rmsprop).
    pub momentum: f32,
    /// Learning-rate schedule.
    pub schedule: Schedule,
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
}

impl Default for PlaygroundConfig {
    fn default() -> Self {
        PlaygroundConfig {
            dataset: "sp500".into(),
            symbol: None,
            column: None,
            missing: Missing::Error,
            transform: Transform::None,
            scaler: Scaler::Minmax,
            train_frac: 0.7,
            val_frac: 0.15,
            window: 10,
            horizon: 1,
            stride: 1,
            cell: Cell::Lstm,
            layers: 1,
            hidden: 50,
            bidirectional: false,
            dropout: 0.0,
            epochs: 50,
            batch: 32,
            optimizer: Optimizer::Adam,
            lr: 0.01,
            weight_decay: 0.0,
            momentum: 0.0,
            schedule: Schedule::None,
            clip: 1.0,
            patience: 10,
            loss: LossKind::Mse,
            shuffle: false,
            seed: 42,
            steps: 10,
            period: 0,
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
                return Err(format!("unknown config field `{key}`"));
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

    /// Checks ranges and combinations; the error names the field (`window`, `lr`, ...).
    pub fn validate(&self) -> Result<(), String> {
        fn bad(field: &str, why: String) -> Result<(), String> {
            Err(format!("config field `{field}`: {why}"))
        }
        if self.window == 0 {
            return bad("window", "must be at least 1, got 0".into());
        }
        if self.horizon == 0 {
            return bad("horizon", "must be at least 1, got 0".into());
        }
        if self.stride == 0 {
            return bad("stride", "must be at least 1, got 0".into());
        }
        if self.hidden == 0 {
            return bad("hidden", "must be at least 1, got 0".into());
        }
        if self.layers == 0 {
            return bad("layers", "must be at least 1, got 0".into());
        }
        if self.batch == 0 {
            return bad("batch", "must be at least 1, got 0".into());
        }
        if !(self.lr.is_finite() && self.lr > 0.0) {
            return bad("lr", format!("must be a positive number, got {}", self.lr));
        }
        if !(self.train_frac.is_finite() && self.train_frac > 0.0 && self.train_frac < 1.0) {
            return bad(
                "train_frac",
                format!("must be in (0, 1), got {}", self.train_frac),
            );
        }
        if !(self.val_frac.is_finite() && self.val_frac >= 0.0 && self.val_frac < 1.0) {
            return bad(
                "val_frac",
                format!("must be in [0, 1), got {}", self.val_frac),
            );
        }
        if self.train_frac + self.val_frac >= 1.0 {
            return bad(
                "val_frac",
                format!(
                    "train_frac + val_frac must leave a test split, got {} + {}",
                    self.train_frac, self.val_frac
                ),
            );
        }
        if !(self.dropout.is_finite() && (0.0..1.0).contains(&self.dropout)) {
            return bad(
                "dropout",
                format!("must be in [0, 1), got {}", self.dropout),
            );
        }
        if !(self.weight_decay.is_finite() && self.weight_decay >= 0.0) {
            return bad(
                "weight_decay",
                format!("must be ≥ 0, got {}", self.weight_decay),
            );
        }
        if !(self.momentum.is_finite() && (0.0..1.0).contains(&self.momentum)) {
            return bad(
                "momentum",
                format!("must be in [0, 1), got {}", self.momentum),
            );
        }
        if !(self.clip.is_finite() && self.clip >= 0.0) {
            return bad("clip", format!("must be ≥ 0 (0 = off), got {}", self.clip));
        }
        if self.epochs > 100_000 {
            return bad(
                "epochs",
                format!("must be at most 100000, got {}", self.epochs),
            );
        }
        if self.window > 100_000 {
            return bad(
                "window",
                format!("must be at most 100000, got {}", self.window),
            );
        }
        if self.hidden > 4096 {
            return bad(
                "hidden",
                format!("must be at most 4096, got {}", self.hidden),
            );
        }
        if self.layers > 16 {
            return bad("layers", format!("must be at most 16, got {}", self.layers));
        }
        if self.steps > 100_000 {
            return bad(
                "steps",
                format!("must be at most 100000, got {}", self.steps),
            );
        }
        if !DATASETS.contains(&self.dataset.as_str()) {
            return bad(
                "dataset",
                format!(
                    "unknown dataset `{}` (known: {})",
                    self.dataset,
                    DATASETS.join(", ")
                ),
            );
        }
        Ok(())
    }
}

impl Cell {
    /// The core's cell kind.
    pub fn kind(self) -> crate::cells::CellKind {
        use crate::cells::CellKind;
        match self {
            Cell::Lstm => CellKind::Lstm,
            Cell::Gru => CellKind::Gru,
            Cell::RnnTanh => CellKind::RnnTanh,
            Cell::RnnRelu => CellKind::RnnRelu,
        }
    }

    /// The config choice for a core cell kind.
    pub fn from_kind(kind: crate::cells::CellKind) -> Self {
        use crate::cells::CellKind;
        match kind {
            CellKind::Lstm => Cell::Lstm,
            CellKind::Gru => Cell::Gru,
            CellKind::RnnTanh => Cell::RnnTanh,
            CellKind::RnnRelu => Cell::RnnRelu,
        }
    }
}

impl From<Transform> for crate::pipeline::Transform {
    fn from(t: Transform) -> Self {
        match t {
            Transform::None => crate::pipeline::Transform::None,
            Transform::Diff => crate::pipeline::Transform::Diff,
            Transform::Logret => crate::pipeline::Transform::LogRet,
        }
    }
}

impl From<crate::pipeline::Transform> for Transform {
    fn from(t: crate::pipeline::Transform) -> Self {
        match t {
            crate::pipeline::Transform::None => Transform::None,
            crate::pipeline::Transform::Diff => Transform::Diff,
            crate::pipeline::Transform::LogRet => Transform::Logret,
        }
    }
}

impl From<Scaler> for crate::pipeline::ScalerKind {
    fn from(s: Scaler) -> Self {
        match s {
            Scaler::Minmax => crate::pipeline::ScalerKind::MinMax,
            Scaler::Zscore => crate::pipeline::ScalerKind::ZScore,
        }
    }
}

impl LossKind {
    /// The core's loss (Huber with PyTorch's default delta 1).
    pub fn loss(self) -> crate::model::Loss {
        match self {
            LossKind::Mse => crate::model::Loss::Mse,
            LossKind::Mae => crate::model::Loss::Mae,
            LossKind::Huber => crate::model::Loss::Huber { delta: 1.0 },
        }
    }
}

impl PlaygroundConfig {
    /// The architecture: univariate input, `horizon` outputs read on the last step.
    pub fn network_config(&self) -> crate::model::NetworkConfig {
        crate::model::NetworkConfig {
            cell: self.cell.kind(),
            input_size: 1,
            hidden_size: self.hidden,
            num_layers: self.layers,
            bidirectional: self.bidirectional,
            dropout: self.dropout,
            bias: true,
            output_size: self.horizon,
            head: crate::model::HeadKind::LastStep,
        }
    }

    /// The optimiser with PyTorch's defaults for everything the vocabulary does not name.
    pub fn optimizer_config(&self) -> Result<crate::model::OptimizerConfig, String> {
        crate::model::OptimizerConfig::from_name(
            self.optimizer.as_str(),
            self.lr,
            self.momentum,
            self.weight_decay,
        )
        .map_err(|e| format!("config field `optimizer`: {e}"))
    }

    /// The training loop's options.
    pub fn train_options(&self) -> crate::train::TrainOptions {
        crate::train::TrainOptions {
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
        assert_eq!(c.cell, Cell::Gru);
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
        let e = PlaygroundConfig::from_json_value(&json!({"dataset": "nasdaq"})).unwrap_err();
        assert!(e.contains("`dataset`") && e.contains("nasdaq"), "{e}");
    }

    #[test]
    fn fields_lists_every_key() {
        let v = serde_json::to_value(PlaygroundConfig::default()).unwrap();
        let mut keys: Vec<&str> = v.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        let mut fields = FIELDS.to_vec();
        keys.sort();
        fields.sort();
        assert_eq!(keys, fields);
    }

    #[test]
    fn choices_parse_aliases_and_round_trip() {
        assert_eq!("rnn".parse::<Cell>().unwrap(), Cell::RnnTanh);
        assert_eq!("RNN_RELU".parse::<Cell>().unwrap(), Cell::RnnRelu);
        assert!("x"
            .parse::<Transform>()
            .unwrap_err()
            .contains("none | diff | logret"));
        let c = PlaygroundConfig {
            cell: Cell::RnnRelu,
            ..Default::default()
        };
        let back: PlaygroundConfig =
            serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
    }
}
