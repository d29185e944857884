//! Loading the series named by the data flags (or the one a saved model was trained on).

use crate::args::DataArgs;
use rnn_playground::config::PlaygroundConfig;
use rnn_playground::io::TrainingRecord;
use rnn_playground::pipeline::datasets::{self, DatasetInfo, DatasetOptions};
use rnn_playground::pipeline::{read_csv_bytes, CsvOptions, Series};

/// The built-in datasets.
pub fn list() -> Vec<DatasetInfo> {
    datasets::list()
}

/// The series of `--data`/`--dataset`, else the one recorded in `fallback` (a CSV path or the
/// built-in dataset of the saved config), else the configured built-in dataset.
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
    let opts = DatasetOptions {
        symbol: cfg.symbol.clone(),
        column: cfg.column.clone(),
        seed: cfg.seed,
        length: None,
        lag: cfg.lag,
        features: cfg.features.clone(),
    };
    datasets::load(&cfg.dataset, &opts).map_err(|e| e.to_string())
}

fn read_csv(path: &str, cfg: &PlaygroundConfig) -> Result<Series, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let mut opts = CsvOptions::new(path);
    opts.column = cfg.column.clone();
    opts.missing = cfg.missing;
    opts.features = cfg.features.clone();
    read_csv_bytes(&bytes, &opts).map_err(|e| e.to_string())
}
