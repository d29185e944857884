//! The model file: one versioned JSON document, or safetensors with the same header as metadata.
//!
//! JSON layout: `{format: "rnn-playground-model", version, config, scaler, transform, training,
//! features, weights: {name: {shape, data}}}`. `config` is the architecture ([`NetworkConfig`]),
//! `scaler` and `transform` undo the preparation, `features` lists the covariates in input order
//! with each one's transform and scaler (`[]`, or absent in older files, for a univariate
//! model; `config.input_size` is `1 + features`), `training` records how it was trained (the shared
//! vocabulary config, data source, history). safetensors files carry the tensors under PyTorch's
//! `state_dict` names and the rest of the header as the `__metadata__` entry `rnn_playground`;
//! a plain PyTorch file without it is accepted too (architecture inferred from names and shapes,
//! no scaler: the caller refits one on its data).

use super::safetensors_file;
use super::tensors::{self, infer_architecture, load_into, NamedTensor};
use crate::cells::CellKind;
use crate::config::PlaygroundConfig;
use crate::model::{HeadKind, Network, NetworkConfig};
use crate::pipeline::{FeatureScaling, Scaler, Transform};
use crate::train::{EpochRecord, StopReason};
use crate::vocab::{short_quote, shorten_quotes};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap};

/// The `format` value of every model file.
pub const FORMAT: &str = "rnn-playground-model";
/// The version this build writes and reads.
pub const VERSION: u64 = 1;
/// The safetensors `__metadata__` key holding the JSON header.
pub const METADATA_KEY: &str = "rnn_playground";

/// How a model was trained: enough to reproduce the run and to evaluate it on its own data again.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrainingRecord {
    /// The shared-vocabulary configuration of the run.
    pub config: PlaygroundConfig,
    /// Where the data came from: a built-in dataset name or a CSV path.
    pub source: String,
    /// The column modelled.
    pub column: String,
    /// Finished epochs.
    pub epochs_run: usize,
    /// Why training ended.
    pub stop_reason: Option<StopReason>,
    /// Per-epoch losses.
    pub history: Vec<EpochRecord>,
    /// Test-set metrics at save time (the metrics object), if evaluated.
    pub metrics: Option<Value>,
}

/// A model read from a file.
#[derive(Debug)]
pub struct SavedModel {
    /// The network with its weights.
    pub network: Network,
    /// The scaler fitted at training time (`None` for a bare PyTorch safetensors file).
    pub scaler: Option<Scaler>,
    /// The transform applied before scaling.
    pub transform: Transform,
    /// The covariates in input order, each with its transform and fitted scaler.
    pub features: Vec<FeatureScaling>,
    /// The training record.
    pub training: TrainingRecord,
    /// What the reader had to assume (bare safetensors), for the user.
    pub notes: Vec<String>,
}

/// What a file needs besides the weights.
#[derive(Clone, Copy, Debug)]
pub struct Header<'a> {
    /// The fitted scaler.
    pub scaler: Option<&'a Scaler>,
    /// The transform.
    pub transform: Transform,
    /// The covariates (empty for a univariate model).
    pub features: &'a [FeatureScaling],
    /// The training record.
    pub training: &'a TrainingRecord,
}

fn header_value(net: &Network, h: &Header) -> Value {
    json!({
        "format": FORMAT,
        "version": VERSION,
        "config": net.config,
        "scaler": h.scaler,
        "transform": h.transform,
        "features": h.features,
        "training": h.training,
    })
}

/// The JSON model file text.
pub fn to_json(net: &Network, header: &Header) -> String {
    let mut v = header_value(net, header);
    let mut weights = Map::new();
    for t in tensors::from_params(&net.params) {
        weights.insert(t.name, json!({"shape": t.shape, "data": t.data}));
    }
    v["weights"] = Value::Object(weights);
    serde_json::to_string(&v).expect("model serialises")
}

/// The safetensors bytes (PyTorch names, F32), header in the metadata.
pub fn to_safetensors(net: &Network, header: &Header) -> Result<Vec<u8>, String> {
    let meta = HashMap::from([
        ("format".to_string(), FORMAT.to_string()),
        ("version".to_string(), VERSION.to_string()),
        (
            METADATA_KEY.to_string(),
            header_value(net, header).to_string(),
        ),
    ]);
    safetensors_file::encode(&tensors::from_params(&net.params), Some(meta))
}

/// Reads a model from bytes, detecting safetensors or JSON.
pub fn from_bytes(bytes: &[u8]) -> Result<SavedModel, String> {
    if bytes.is_empty() {
        return Err("model file is empty".into());
    }
    if safetensors_file::looks_like_safetensors(bytes) {
        return from_safetensors(bytes);
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "model file is neither JSON nor safetensors (not UTF-8 text)".to_string())?;
    from_json(text)
}

/// Reads a JSON model file, validating format, version, config, shapes and finiteness.
pub fn from_json(text: &str) -> Result<SavedModel, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "model file is not valid JSON: {}",
            shorten_quotes(&e.to_string())
        )
    })?;
    let obj = v.as_object().ok_or("model file: expected a JSON object")?;
    let header = parse_header(obj)?;
    let weights = obj
        .get("weights")
        .ok_or("model file: missing field `weights`")?
        .as_object()
        .ok_or("model file field `weights`: expected an object {name: {shape, data}}")?;
    let mut list = Vec::with_capacity(weights.len());
    for (name, t) in weights {
        list.push(parse_json_tensor(name, t)?);
    }
    build(header, &list, Vec::new())
}

/// Reads safetensors: with our header, or bare PyTorch tensors (architecture inferred).
pub fn from_safetensors(bytes: &[u8]) -> Result<SavedModel, String> {
    let (list, meta) = safetensors_file::decode(bytes)?;
    if let Some(text) = meta.get(METADATA_KEY) {
        let v: Value = serde_json::from_str(text).map_err(|e| {
            format!(
                "safetensors metadata `{METADATA_KEY}` is not valid JSON: {}",
                shorten_quotes(&e.to_string())
            )
        })?;
        let obj = v
            .as_object()
            .ok_or("safetensors metadata: expected a JSON object")?;
        return build(parse_header(obj)?, &list, Vec::new());
    }
    let arch = infer_architecture(&list)?;
    let cell = match arch.module.as_str() {
        "lstm" => CellKind::Lstm,
        "gru" => CellKind::Gru,
        _ => CellKind::RnnTanh,
    };
    let mut notes = vec![format!(
        "safetensors without rnn-playground metadata: read as {} (input {}, hidden {}, layers {}{}), head outputs {}; no scaler stored, one is fitted on the current data",
        cell.name(),
        arch.input_size,
        arch.hidden_size,
        arch.num_layers,
        if arch.bidirectional { ", bidirectional" } else { "" },
        arch.output_size
    )];
    if arch.module == "rnn" {
        notes.push("`rnn` tensors are read as rnn_tanh (PyTorch's default nonlinearity)".into());
    }
    let config = NetworkConfig {
        cell,
        input_size: arch.input_size,
        hidden_size: arch.hidden_size,
        num_layers: arch.num_layers,
        bidirectional: arch.bidirectional,
        dropout: 0.0,
        bias: arch.bias,
        output_size: arch.output_size,
        head: HeadKind::LastStep,
        forget_bias: 0.0,
    };
    let mut training = TrainingRecord::default();
    training.config.cell = cell;
    training.config.hidden = arch.hidden_size;
    training.config.layers = arch.num_layers;
    training.config.bidirectional = arch.bidirectional;
    training.config.horizon = arch.output_size;
    let header = ParsedHeader {
        config,
        scaler: None,
        transform: Transform::None,
        features: Vec::new(),
        training,
    };
    build(header, &list, notes)
}

struct ParsedHeader {
    config: NetworkConfig,
    scaler: Option<Scaler>,
    transform: Transform,
    features: Vec<FeatureScaling>,
    training: TrainingRecord,
}

/// Field `key` of a header object, deserialised, the error naming it.
pub(super) fn field<T: serde::de::DeserializeOwned>(
    obj: &Map<String, Value>,
    key: &str,
) -> Result<T, String> {
    let v = obj
        .get(key)
        .ok_or_else(|| format!("model file: missing field `{key}`"))?;
    serde_json::from_value(v.clone()).map_err(|e| {
        format!(
            "model file field `{key}`: {}",
            shorten_quotes(&e.to_string())
        )
    })
}

/// The top-level fields of a model file (the safetensors metadata has the same but `weights`).
const TOP_LEVEL_FIELDS: [&str; 8] = [
    "format",
    "version",
    "config",
    "scaler",
    "transform",
    "features",
    "training",
    "weights",
];

fn parse_header(obj: &Map<String, Value>) -> Result<ParsedHeader, String> {
    match obj.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(format!(
                "model file field `format`: `{}`, expected `{FORMAT}`",
                short_quote(other)
            ))
        }
        None => {
            return Err(format!(
                "model file: missing field `format` (expected `{FORMAT}`)"
            ))
        }
    }
    match obj.get("version").and_then(Value::as_u64) {
        Some(VERSION) => {}
        Some(v) => {
            return Err(format!(
            "model file field `version`: {v} is not supported (this build reads version {VERSION})"
        ))
        }
        None => return Err("model file: missing or non-integer field `version`".into()),
    }
    // A field this version does not know would be dropped without a word: a file edited by
    // hand, or written by another program, is refused instead, naming the field.
    if let Some(unknown) = obj.keys().find(|k| !TOP_LEVEL_FIELDS.contains(&k.as_str())) {
        return Err(format!(
            "model file: unknown field `{}` (a version {VERSION} file has {})",
            short_quote(unknown),
            TOP_LEVEL_FIELDS.join(", ")
        ));
    }
    let config: NetworkConfig = field(obj, "config")?;
    config
        .validate()
        .map_err(|e| format!("model file field `config`: {e}"))?;
    // Files written before covariates existed have no `features`: univariate.
    let features: Vec<FeatureScaling> = match obj.get("features") {
        None => Vec::new(),
        Some(_) => field(obj, "features")?,
    };
    if config.input_size != 1 + features.len() {
        return Err(format!(
            "model file field `config.input_size`: {} does not match the {} feature(s) listed \
             in `features` (input_size must be 1 + features)",
            config.input_size,
            features.len()
        ));
    }
    for (i, f) in features.iter().enumerate() {
        f.scaler.validate().map_err(|e| {
            format!(
                "model file field `features[{i}].scaler` ('{}'): {e}",
                short_quote(&f.name)
            )
        })?;
    }
    let scaler: Option<Scaler> = field(obj, "scaler")?;
    if let Some(s) = &scaler {
        s.validate()
            .map_err(|e| format!("model file field `scaler`: {e}"))?;
    }
    let mut training: TrainingRecord = field(obj, "training")?;
    // The features the weights read are those of `features`, whatever the record says.
    training.config.features = features.iter().map(|f| f.name.clone()).collect();
    Ok(ParsedHeader {
        config,
        scaler,
        transform: field(obj, "transform")?,
        features,
        training,
    })
}

/// One `{shape, data}` entry of a JSON file's `weights`, checked (finite, length = shape).
pub(super) fn parse_json_tensor(name: &str, t: &Value) -> Result<NamedTensor, String> {
    let at = format!("weights.{}", short_quote(name));
    let shape: Vec<usize> = serde_json::from_value(
        t.get("shape")
            .ok_or_else(|| format!("{at}: missing `shape`"))?
            .clone(),
    )
    .map_err(|e| format!("{at}.shape: {}", shorten_quotes(&e.to_string())))?;
    let data = t
        .get("data")
        .and_then(Value::as_array)
        .ok_or_else(|| format!("{at}: missing `data` array"))?;
    let mut values = Vec::with_capacity(data.len());
    for (i, d) in data.iter().enumerate() {
        match d.as_f64() {
            Some(x) if x.is_finite() && (x as f32).is_finite() => values.push(x as f32),
            _ => {
                let d = short_quote(&d.to_string());
                return Err(format!("{at}.data[{i}]: not a finite number ({d})"));
            }
        }
    }
    let t = NamedTensor {
        name: name.to_string(),
        shape,
        data: values,
    };
    tensors::check_tensor(&t, &at)?;
    Ok(t)
}

fn build(h: ParsedHeader, list: &[NamedTensor], notes: Vec<String>) -> Result<SavedModel, String> {
    let mut network = h
        .config
        .init(0)
        .map_err(|e| format!("model file field `config`: {e}"))?;
    let source = if notes.is_empty() {
        "weights"
    } else {
        "safetensors"
    };
    load_into(&mut network.params, list, source)?;
    Ok(SavedModel {
        network,
        scaler: h.scaler,
        transform: h.transform,
        features: h.features,
        training: h.training,
        notes,
    })
}

/// Sorted `name → shape` of a model's tensors (for summaries).
pub fn shapes(net: &Network) -> BTreeMap<String, Vec<usize>> {
    net.params
        .tensors
        .iter()
        .map(|t| (t.name.clone(), t.shape.clone()))
        .collect()
}
