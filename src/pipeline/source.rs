//! Where the series comes from, in the shared vocabulary (`dataset`, `symbol`, `column`,
//! `missing`): one call loads a user's CSV or a built-in dataset.

use serde::{Deserialize, Serialize};

use super::datasets::{self, DatasetOptions, DEFAULT_DATASET};
use super::{read_csv_bytes, CsvOptions, MissingPolicy, PipelineError, Series};

/// The data-source keys of a configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SourceConfig {
    /// Built-in dataset key (used when no CSV is given); default `sp500`.
    pub dataset: String,
    /// `symbol` of the `stocks` dataset.
    pub symbol: Option<String>,
    /// Value column: header name (case-insensitive) or 0-based index; `None` picks one.
    pub column: Option<String>,
    /// Missing-value policy for CSV input (applies to the feature columns too).
    pub missing: MissingPolicy,
    /// Covariate columns read beside the value column (the `features` key).
    pub features: Vec<String>,
}

impl Default for SourceConfig {
    fn default() -> Self {
        SourceConfig {
            dataset: DEFAULT_DATASET.to_string(),
            symbol: None,
            column: None,
            missing: MissingPolicy::Error,
            features: Vec::new(),
        }
    }
}

impl SourceConfig {
    /// Reads a user's CSV (`name` is used in messages, e.g. the file name).
    pub fn load_csv(&self, name: &str, bytes: &[u8]) -> Result<Series, PipelineError> {
        let opts = CsvOptions {
            source: name.to_string(),
            column: self.column.clone(),
            missing: self.missing,
            features: self.features.clone(),
            ..CsvOptions::default()
        };
        read_csv_bytes(bytes, &opts)
    }

    /// Loads the built-in `dataset`; `seed` drives the synthetic generators.
    pub fn load_builtin(&self, seed: u64) -> Result<Series, PipelineError> {
        let opts = DatasetOptions {
            symbol: self.symbol.clone(),
            column: self.column.clone(),
            features: self.features.clone(),
            seed,
            ..DatasetOptions::default()
        };
        datasets::load(&self.dataset, &opts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_and_builtin() {
        let c = SourceConfig {
            column: Some("b".into()),
            missing: MissingPolicy::Drop,
            ..Default::default()
        };
        let s = c.load_csv("x.csv", b"a,b\n1,2\n3,\n5,6\n").unwrap();
        assert_eq!((s.values.clone(), s.missing), (vec![2.0, 6.0], 1));
        assert_eq!(SourceConfig::default().load_builtin(1).unwrap().len(), 5105);
        let r = SourceConfig {
            dataset: "ramp".into(),
            ..Default::default()
        };
        assert_eq!(r.load_builtin(0).unwrap().len(), 21);
        let j: SourceConfig =
            serde_json::from_str(r#"{"dataset":"stocks","symbol":"IBM","missing":"ffill"}"#)
                .unwrap();
        assert_eq!(j.load_builtin(0).unwrap().len(), 123);
        assert_eq!(j.missing, MissingPolicy::Ffill);
    }
}
