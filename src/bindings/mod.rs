//! The `#[wasm_bindgen]` façade the browser worker drives: one [`Session`] owns the data, the
//! model, the optimiser and the training state. Objects cross as plain JS objects with the shared
//! vocabulary's snake_case keys; series and predictions as typed arrays. Errors are thrown as JS
//! `Error`s carrying the pipeline's message, and a failed call leaves the session as it was.

use crate::app::{Backtest, Experiment};
use crate::config::PlaygroundConfig;
use crate::io::model_file;
use crate::pipeline::{datasets, ingest, memory, Series};
use crate::train::Freeze;
use js_sys::{Float32Array, Int32Array, Object, Reflect, Uint8Array};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

#[cfg(feature = "bench")]
mod bench;
#[cfg(feature = "fault-injection")]
mod faults;
mod inspection;
mod text;
mod types;

pub use text::{corpora, TextSession};

/// Serialises like a plain JS object literal: maps as objects, `None` as `null`.
fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsError> {
    let s = serde_wasm_bindgen::Serializer::new()
        .serialize_missing_as_null(true)
        .serialize_maps_as_objects(true);
    v.serialize(&s)
        .map_err(|e| JsError::new(&format!("cannot convert result: {e}")))
}

/// Reads a plain JS object (or undefined/null) as JSON, keeping integers integral.
fn from_js(v: &JsValue, what: &str) -> Result<Value, JsError> {
    if v.is_undefined() || v.is_null() {
        return Ok(Value::Null);
    }
    let text = js_sys::JSON::stringify(v)
        .map_err(|_| JsError::new(&format!("{what}: not a plain object")))?
        .as_string()
        .unwrap_or_default();
    serde_json::from_str(&text).map_err(|e| JsError::new(&format!("{what}: {e}")))
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    // A fresh plain object takes any property. (Not `expect`: that would bring `JsValue`'s
    // `Debug` formatting and its JS glue into the module.)
    if Reflect::set(obj, &JsValue::from_str(key), value).is_err() {
        unreachable!("setting a property on a fresh object");
    }
}

fn f32s(values: &[f64]) -> Float32Array {
    let v: Vec<f32> = values.iter().map(|&x| x as f32).collect();
    Float32Array::from(&v[..])
}

fn js_err(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// The instruction set the kernels were compiled for: `"relaxed-simd"`, `"simd128"` or `"scalar"`.
#[wasm_bindgen]
pub fn backend() -> String {
    crate::kernels::backend_name().to_string()
}

/// The built-in datasets: `{name, description, length, license, frequency, season, file,
/// embedded}[]`. A real series whose CSV file is not `embedded` in this build is loaded by
/// fetching `file` and passing its text to `loadDataset` (`options.text`).
#[wasm_bindgen(unchecked_return_type = "DatasetInfo[]")]
pub fn datasets() -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Item {
        name: &'static str,
        description: &'static str,
        length: usize,
        license: &'static str,
        frequency: &'static str,
        season: Option<usize>,
        file: Option<&'static str>,
        embedded: bool,
    }
    let items: Vec<Item> = datasets::list()
        .into_iter()
        .map(|d| Item {
            name: d.key,
            description: d.description,
            length: d.length,
            license: d.licence,
            frequency: d.frequency,
            season: d.season,
            file: d.file,
            embedded: d.file.is_some_and(|f| datasets::embedded_text(f).is_some()),
        })
        .collect();
    to_js(&items)
}

/// The loaded data, as shown in the data panel.
/// The `features` load option: a list of column names or indices, or one comma-separated string.
fn features_option(o: &Value) -> Result<Vec<String>, JsError> {
    let names: Vec<String> = match o.get("features") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(s)) => s.split(',').map(str::to_string).collect(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                other => Err(JsError::new(&format!(
                    "load option `features`: expected column names, got {}",
                    crate::vocab::short_quote(&other.to_string())
                ))),
            })
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err(JsError::new(&format!(
                "load option `features`: expected a list of column names, got {}",
                crate::vocab::short_quote(&other.to_string())
            )))
        }
    };
    Ok(names
        .into_iter()
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect())
}

fn data_summary(s: &Series) -> Result<JsValue, JsError> {
    #[derive(Serialize)]
    struct Summary<'a> {
        source: &'a str,
        column: &'a str,
        /// Column names offered by the picker (the series carries only its own column).
        columns: Vec<&'a str>,
        /// The source's numeric columns (what the feature picker offers).
        numeric_columns: &'a [String],
        /// The covariate columns loaded beside the target.
        features: Vec<String>,
        rows: usize,
        missing_count: usize,
        notes: &'a [String],
        warnings: &'a [String],
        dates: Option<&'a [String]>,
    }
    let obj = to_js(&Summary {
        source: &s.source,
        column: &s.column,
        columns: vec![s.column.as_str()],
        numeric_columns: &s.numeric_columns,
        features: s.feature_names(),
        rows: s.values.len(),
        missing_count: s.missing,
        notes: &s.notes,
        warnings: &s.warnings,
        dates: s.dates.as_deref(),
    })?;
    set(obj.unchecked_ref(), "values", &f32s(&s.values));
    Ok(obj)
}

/// One playground: data, model, optimiser and training state.
#[wasm_bindgen]
pub struct Session {
    series: Option<Series>,
    config: Option<PlaygroundConfig>,
    experiment: Option<Experiment>,
    backtest: Option<Backtest>,
}

impl Default for Session {
    fn default() -> Self {
        Self::new()
    }
}

#[wasm_bindgen]
impl Session {
    /// An empty session (also installs the panic hook, so a panic becomes a console error).
    #[wasm_bindgen(constructor)]
    pub fn new() -> Session {
        console_error_panic_hook::set_once();
        Session {
            series: None,
            config: None,
            experiment: None,
            backtest: None,
        }
    }

    /// Loads CSV text. `options`: `{column?: string|number, missing?: "error"|"drop"|"ffill",
    /// source?: string}`. Returns the data summary; on error the previous data stays.
    #[wasm_bindgen(js_name = loadCsv, unchecked_return_type = "DataSummary")]
    pub fn load_csv(
        &mut self,
        text: &str,
        #[wasm_bindgen(unchecked_param_type = "CsvLoadOptions | undefined")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let o = from_js(&options, "loadCsv options")?;
        let mut opts = ingest::CsvOptions::new(
            o.get("source")
                .and_then(Value::as_str)
                .unwrap_or("uploaded CSV"),
        );
        opts.column = match o.get("column") {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        if let Some(m) = o.get("missing").and_then(Value::as_str) {
            opts.missing = ingest::MissingPolicy::parse(m).map_err(js_err)?;
        }
        opts.features = features_option(&o)?;
        let series = ingest::read_csv(text, &opts).map_err(js_err)?;
        let summary = data_summary(&series)?;
        self.replace_data(series);
        Ok(summary)
    }

    /// Loads a built-in dataset. `options`: `{symbol?: string, seed?: number, column?: string,
    /// lag?: number, text?: string}` (`lag`: the `memory` dataset's echo delay); `text` is the content of the dataset's CSV file (see [`datasets()`]),
    /// needed for a real series when this build does not embed it.
    #[wasm_bindgen(js_name = loadDataset, unchecked_return_type = "DataSummary")]
    pub fn load_dataset(
        &mut self,
        name: &str,
        #[wasm_bindgen(unchecked_param_type = "DatasetLoadOptions | undefined")] options: JsValue,
    ) -> Result<JsValue, JsError> {
        let o = from_js(&options, "loadDataset options")?;
        let opts = datasets::DatasetOptions {
            symbol: o.get("symbol").and_then(Value::as_str).map(str::to_string),
            column: o.get("column").and_then(Value::as_str).map(str::to_string),
            seed: o.get("seed").and_then(Value::as_u64).unwrap_or(42),
            lag: o
                .get("lag")
                .and_then(Value::as_u64)
                .map_or(memory::DEFAULT_LAG, |l| {
                    usize::try_from(l).unwrap_or(usize::MAX)
                }),
            features: features_option(&o)?,
            ..Default::default()
        };
        let text = o.get("text").and_then(Value::as_str);
        let series = datasets::load_text(name, text, &opts).map_err(js_err)?;
        let summary = data_summary(&series)?;
        self.replace_data(series);
        Ok(summary)
    }

    fn replace_data(&mut self, series: Series) {
        self.series = Some(series);
        self.experiment = None;
        self.backtest = None;
    }

    fn series(&self) -> Result<&Series, JsError> {
        self.series
            .as_ref()
            .ok_or_else(|| JsError::new("no data loaded: call loadDataset or loadCsv first"))
    }

    fn experiment(&mut self) -> Result<&mut Experiment, JsError> {
        self.experiment
            .as_mut()
            .ok_or_else(|| JsError::new("no model configured: call configure first"))
    }

    /// Builds the pipeline, a fresh seeded model and optimiser on the loaded data from a
    /// shared-vocabulary config object (missing keys = defaults). Throws naming the bad field.
    #[wasm_bindgen(unchecked_return_type = "ConfigSummary")]
    pub fn configure(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Record<string, unknown>")] config: JsValue,
    ) -> Result<JsValue, JsError> {
        let value = from_js(&config, "config")?;
        let cfg = PlaygroundConfig::from_json_value(&value).map_err(js_err)?;
        let series = self.series()?.clone();
        let ex = Experiment::new(series, cfg.clone()).map_err(js_err)?;
        let summary = to_js(&ex.summary())?;
        self.config = Some(cfg);
        self.experiment = Some(ex);
        self.backtest = None;
        Ok(summary)
    }

    /// Plans a rolling-origin backtest of the configured run (`backtest` folds, at least 1) on
    /// the loaded data; returns the folds `{index, start, origin, end}[]`. Replaces any earlier
    /// backtest; the configured model is not touched.
    #[wasm_bindgen(js_name = startBacktest)]
    pub fn start_backtest(&mut self) -> Result<JsValue, JsError> {
        let mut cfg = self
            .config
            .clone()
            .ok_or_else(|| JsError::new("no model configured: call configure first"))?;
        cfg.backtest = cfg.backtest.max(1);
        let b = Backtest::new(self.series()?.clone(), cfg).map_err(js_err)?;
        let folds = to_js(&b.folds())?;
        self.backtest = Some(b);
        Ok(folds)
    }

    /// Trains the backtest's current fold for up to `max_batches` batches: `{fold, folds,
    /// progress, done}`. A finished fold is scored before the next one starts.
    #[wasm_bindgen(js_name = backtestBatches)]
    pub fn backtest_batches(&mut self, max_batches: u32) -> Result<JsValue, JsError> {
        let b = self
            .backtest
            .as_mut()
            .ok_or_else(|| JsError::new("no backtest: call startBacktest first"))?;
        to_js(
            &b.advance(max_batches.max(1) as usize, None)
                .map_err(js_err)?,
        )
    }

    /// Ends the backtest; the finished folds stay in its report.
    #[wasm_bindgen(js_name = stopBacktest)]
    pub fn stop_backtest(&mut self) {
        if let Some(b) = self.backtest.as_mut() {
            b.stop();
        }
    }

    /// The backtest report so far: `{planned, window, complete, folds, mean}`.
    #[wasm_bindgen(js_name = backtestReport)]
    pub fn backtest_report(&self) -> Result<JsValue, JsError> {
        let b = self
            .backtest
            .as_ref()
            .ok_or_else(|| JsError::new("no backtest: call startBacktest first"))?;
        to_js(&b.report())
    }

    /// Trains up to `max_batches` mini-batches (stopping at an epoch end) and reports progress.
    #[wasm_bindgen(js_name = trainBatches, unchecked_return_type = "Progress")]
    pub fn train_batches(&mut self, max_batches: u32) -> Result<JsValue, JsError> {
        let p = self
            .experiment()?
            .train_batches(max_batches.max(1) as usize, None);
        to_js(&p)
    }

    /// Ends training (restores the best weights when early stopping tracked them).
    pub fn stop(&mut self) {
        if let Some(ex) = self.experiment.as_mut() {
            ex.stop();
        }
    }

    /// One-step predictions over every split (original scale) and the forecast past the end.
    #[wasm_bindgen(unchecked_return_type = "Predictions")]
    pub fn predictions(&mut self) -> Result<JsValue, JsError> {
        let p = self.experiment()?.predictions().map_err(js_err)?;
        let obj = Object::new();
        set(&obj, "target_index", &Int32Array::from(&p.target_index[..]));
        set(&obj, "predicted", &f32s(&p.predicted));
        set(&obj, "split", &Uint8Array::from(&p.split[..]));
        set(&obj, "forecast", &f32s(&p.forecast));
        set(
            &obj,
            "forecast_start",
            &JsValue::from_f64(p.forecast_start as f64),
        );
        Ok(obj.into())
    }

    /// The metrics object (same keys as the CLI's metrics file).
    #[wasm_bindgen(unchecked_return_type = "Metrics")]
    pub fn evaluate(&mut self) -> Result<JsValue, JsError> {
        let m = self.experiment()?.evaluate().map_err(js_err)?;
        to_js(&m)
    }

    /// Recursive forecast of `steps` values past the end of the series, original scale.
    pub fn forecast(&mut self, steps: u32) -> Result<Float32Array, JsError> {
        let v = self
            .experiment()?
            .forecast(steps as usize)
            .map_err(js_err)?;
        Ok(f32s(&v))
    }

    /// The versioned JSON model file.
    #[wasm_bindgen(js_name = exportJson)]
    pub fn export_json(&mut self) -> Result<String, JsError> {
        Ok(self.experiment()?.export_json(None))
    }

    /// The safetensors model file (PyTorch `state_dict` names).
    #[wasm_bindgen(js_name = exportSafetensors)]
    pub fn export_safetensors(&mut self) -> Result<Vec<u8>, JsError> {
        self.experiment()?.export_safetensors(None).map_err(js_err)
    }

    /// Loads a model file (JSON or safetensors, detected) onto the loaded data, keeping its scaler
    /// when it has one. Returns `{config, params, notes}`; on error the old model stays.
    #[wasm_bindgen(js_name = importModel, unchecked_return_type = "ImportedModel")]
    pub fn import_model(&mut self, bytes: &[u8]) -> Result<JsValue, JsError> {
        let saved = model_file::from_bytes(bytes).map_err(js_err)?;
        let series = self.series()?.clone();
        let base = self
            .config
            .clone()
            .unwrap_or_else(|| saved.training.config.clone());
        let ex = Experiment::from_model(series, base, saved, true, Freeze::None).map_err(js_err)?;
        #[derive(Serialize)]
        struct Imported<'a> {
            config: &'a PlaygroundConfig,
            params: usize,
            notes: &'a [String],
            warnings: &'a [String],
        }
        let out = to_js(&Imported {
            config: &ex.config,
            params: ex.network.params.count(),
            notes: &ex.notes,
            warnings: &ex.warnings,
        })?;
        self.config = Some(ex.config.clone());
        self.experiment = Some(ex);
        Ok(out)
    }

    /// Window `index` of `split` (`"train"`, `"val"` or `"test"`; in time order, −1 = the
    /// last) seen from inside the network: gates and states, gradient flow `‖∂loss/∂h_t‖₂`,
    /// saliency `∂ŷ/∂x_t`, packed as flat `Float32Array`s with their `shape`. Throws naming the
    /// split and its window count when the index is out of range. Training is not disturbed.
    #[wasm_bindgen(unchecked_return_type = "InspectionPacked")]
    pub fn inspect(&mut self, split: &str, index: i32) -> Result<JsValue, JsError> {
        let ins = self
            .experiment()?
            .inspect(split, index as i64)
            .map_err(js_err)?;
        Ok(inspection::packed(&ins))
    }

    /// Freezes parameters for fine-tuning: `"none"`, `"recurrent"` or `"first:K"`.
    pub fn freeze(&mut self, spec: &str) -> Result<(), JsError> {
        let f: Freeze = spec.parse().map_err(js_err)?;
        self.experiment()?.set_freeze(f).map_err(js_err)?;
        Ok(())
    }
}
