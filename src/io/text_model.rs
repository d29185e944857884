//! The text model file: a character language model with its vocabulary, as one versioned
//! JSON document or as PyTorch-named safetensors with the same header as metadata.
//!
//! JSON layout: `{format: "rnn-playground-text-model", version, config, vocabulary, lowercase,
//! training, weights: {name: {shape, data}}}`. `config` is the architecture
//! ([`CharLmConfig`]); `vocabulary` the id → token list (`"<unk>"` first, then one character
//! per id, [`CharVocab::to_list`]); `lowercase` whether text is lower-cased before encoding;
//! `training` how it was trained ([`TextTrainingRecord`]). The tensors are `embed.weight`,
//! `lstm.*`/`gru.*`/`rnn.*`, `fc.weight`, `fc.bias`; in safetensors the header is the
//! `__metadata__` entry `rnn_playground`, so `safetensors.torch.load_file` + `load_state_dict`
//! load the weights into the obvious PyTorch module and our reader gets everything back.

use super::model_file::{field, parse_json_tensor, METADATA_KEY, VERSION};
use super::safetensors_file;
use super::tensors::{self, load_into, NamedTensor};
use crate::model::{CharLm, CharLmConfig};
use crate::pipeline::text::CharVocab;
use crate::train::text::TextEpoch;
use crate::train::StopReason;
use crate::vocab::{short_quote, shorten_quotes};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The `format` value of every text model file.
pub const TEXT_FORMAT: &str = "rnn-playground-text-model";

/// How a text model was trained.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TextTrainingRecord {
    /// Where the text came from (a corpus name or a file path).
    pub source: String,
    /// The run's settings as the app layer writes them (architecture, training, split).
    pub settings: Value,
    /// Finished epochs.
    pub epochs_run: usize,
    /// The epoch whose weights were kept (best validation bits per character).
    pub best_epoch: Option<usize>,
    /// Why training ended.
    pub stop_reason: Option<StopReason>,
    /// Per-epoch bits per character.
    pub history: Vec<TextEpoch>,
    /// The metrics object at save time, if evaluated.
    pub metrics: Option<Value>,
}

/// A text model read from a file.
#[derive(Debug)]
pub struct SavedTextModel {
    /// The model with its weights.
    pub model: CharLm,
    /// Its vocabulary.
    pub vocab: CharVocab,
    /// Whether text is lower-cased before encoding.
    pub lowercase: bool,
    /// The training record.
    pub training: TextTrainingRecord,
}

fn header_value(lm: &CharLm, vocab: &CharVocab, lowercase: bool, t: &TextTrainingRecord) -> Value {
    json!({
        "format": TEXT_FORMAT,
        "version": VERSION,
        "config": lm.config,
        "vocabulary": vocab.to_list(),
        "lowercase": lowercase,
        "training": t,
    })
}

/// The JSON text model file.
pub fn to_json(lm: &CharLm, vocab: &CharVocab, lowercase: bool, t: &TextTrainingRecord) -> String {
    let mut v = header_value(lm, vocab, lowercase, t);
    let mut weights = Map::new();
    for t in tensors::from_params(&lm.params) {
        weights.insert(t.name, json!({"shape": t.shape, "data": t.data}));
    }
    v["weights"] = Value::Object(weights);
    serde_json::to_string(&v).expect("text model serialises")
}

/// The safetensors bytes (PyTorch names, F32), the header in the metadata.
pub fn to_safetensors(
    lm: &CharLm,
    vocab: &CharVocab,
    lowercase: bool,
    t: &TextTrainingRecord,
) -> Result<Vec<u8>, String> {
    let header = header_value(lm, vocab, lowercase, t).to_string();
    let meta = HashMap::from([
        ("format".to_string(), TEXT_FORMAT.to_string()),
        ("version".to_string(), VERSION.to_string()),
        (METADATA_KEY.to_string(), header),
    ]);
    safetensors_file::encode(&tensors::from_params(&lm.params), Some(meta))
}

/// Reads a text model from bytes, detecting safetensors or JSON.
pub fn from_bytes(bytes: &[u8]) -> Result<SavedTextModel, String> {
    if bytes.is_empty() {
        return Err("model file is empty".into());
    }
    if safetensors_file::looks_like_safetensors(bytes) {
        let (list, meta) = safetensors_file::decode(bytes)?;
        let text = meta.get(METADATA_KEY).ok_or(
            "safetensors without rnn-playground metadata has no vocabulary: a text model \
             needs the file this program wrote (or its JSON twin)",
        )?;
        let v: Value = serde_json::from_str(text).map_err(|e| {
            format!(
                "safetensors metadata `{METADATA_KEY}` is not valid JSON: {}",
                shorten_quotes(&e.to_string())
            )
        })?;
        let obj = v
            .as_object()
            .ok_or("safetensors metadata: expected a JSON object")?;
        return build(obj, &list, "safetensors");
    }
    let text = std::str::from_utf8(bytes)
        .map_err(|_| "model file is neither JSON nor safetensors (not UTF-8 text)".to_string())?;
    let v: Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "model file is not valid JSON: {}",
            shorten_quotes(&e.to_string())
        )
    })?;
    let obj = v.as_object().ok_or("model file: expected a JSON object")?;
    let weights = obj
        .get("weights")
        .ok_or("model file: missing field `weights`")?
        .as_object()
        .ok_or("model file field `weights`: expected an object {name: {shape, data}}")?;
    let mut list = Vec::with_capacity(weights.len());
    for (name, t) in weights {
        list.push(parse_json_tensor(name, t)?);
    }
    build(obj, &list, "weights")
}

/// Whether `bytes` hold a text model file (JSON or safetensors with our text header), as
/// opposed to a series model; cheap enough for a command to choose its path.
pub fn is_text_model(bytes: &[u8]) -> bool {
    if safetensors_file::looks_like_safetensors(bytes) {
        return safetensors_file::decode(bytes)
            .map(|(_, meta)| meta.get("format").map(String::as_str) == Some(TEXT_FORMAT))
            .unwrap_or(false);
    }
    serde_json::from_slice::<Value>(bytes)
        .map(|v| v.get("format").and_then(Value::as_str) == Some(TEXT_FORMAT))
        .unwrap_or(false)
}

fn build(
    obj: &Map<String, Value>,
    list: &[NamedTensor],
    source: &str,
) -> Result<SavedTextModel, String> {
    match obj.get("format").and_then(Value::as_str) {
        Some(TEXT_FORMAT) => {}
        Some(other) => {
            return Err(format!(
                "model file field `format`: `{}`, expected `{TEXT_FORMAT}` (a series model \
                 cannot read text; use forecast/evaluate without --text)",
                short_quote(other)
            ))
        }
        None => {
            return Err(format!(
                "model file: missing field `format` (expected `{TEXT_FORMAT}`)"
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
    let config: CharLmConfig = field(obj, "config")?;
    let names: Vec<String> = field(obj, "vocabulary")?;
    let vocab =
        CharVocab::from_list(&names).map_err(|e| format!("model file field `vocabulary`: {e}"))?;
    if vocab.len() != config.vocab_size {
        return Err(format!(
            "model file field `vocabulary`: {} entries, but `config.vocab_size` is {}",
            vocab.len(),
            config.vocab_size
        ));
    }
    let mut model = config
        .init(0)
        .map_err(|e| format!("model file field `config`: {e}"))?;
    load_into(&mut model.params, list, source)?;
    Ok(SavedTextModel {
        model,
        vocab,
        lowercase: field(obj, "lowercase")?,
        training: field(obj, "training")?,
    })
}
