//! Loading the series named by the data flags (or the one a saved model was trained on).

use crate::args::DataArgs;
use rnn_playground::config::PlaygroundConfig;
use rnn_playground::io::TrainingRecord;
use rnn_playground::pipeline::{synthetic, Series};

/// One built-in dataset for `datasets`.
pub struct DatasetInfo {
    pub name: String,
    pub length: usize,
    pub description: String,
    pub license: String,
}

/// The built-in datasets.
pub fn list() -> Vec<DatasetInfo> {
    Vec::new()
}

/// The series of `--data`/`--dataset`, else the one recorded in `fallback`, else the default.
pub fn load_series(
    data: &DataArgs,
    cfg: &PlaygroundConfig,
    fallback: Option<&TrainingRecord>,
) -> Result<Series, String> {
    if let Some(path) = &data.data {
        return read_csv(&path.to_string_lossy(), cfg);
    }
    if let Some(rec) = fallback {
        if !rec.source.is_empty() && !rec.source.starts_with("dataset ") {
            return read_csv(&rec.source, cfg).map_err(|e| {
                format!("{e} (the model was trained on this file; pass --data or --dataset)")
            });
        }
    }
    builtin(cfg)
}

fn read_csv(path: &str, cfg: &PlaygroundConfig) -> Result<Series, String> {
    let _text = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let _ = cfg;
    Err(format!("{path}: CSV ingest is not available yet"))
}

fn builtin(cfg: &PlaygroundConfig) -> Result<Series, String> {
    match cfg.dataset.as_str() {
        "ramp" => Ok(synthetic::ramp()),
        "sine" => synthetic::sine(500, cfg.seed).map_err(|e| e.to_string()),
        "random_walk" => synthetic::random_walk(500, cfg.seed).map_err(|e| e.to_string()),
        other => Err(format!("dataset {other} is not available yet")),
    }
}
