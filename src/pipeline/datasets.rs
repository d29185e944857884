//! Built-in datasets: four real series from the `vega-datasets` npm package (BSD-3-Clause; see
//! `data/README.md`) and four seeded synthetic generators (`memory` in [`super::memory`]).
//!
//! The metadata of every dataset (default column, description, licence, the `stocks` symbol
//! filter) always lives here. The real series' CSV files (`data/vega-datasets/`) are compiled in
//! only with the `builtin-datasets` feature (on for the CLI and native tests); the browser build
//! leaves them out and its page fetches the file named by [`DatasetInfo::file`], handing the text
//! to [`load_text`], which reads it exactly as [`load`] reads the compiled-in copy.

use serde::Serialize;

use super::{memory, synthetic};
use super::{read_csv, CsvOptions, MissingPolicy, PipelineError, Series};
use crate::vocab::short_quote;

/// The default dataset key.
pub const DEFAULT_DATASET: &str = "sp500";
/// The default `symbol` of the `stocks` dataset.
pub const DEFAULT_SYMBOL: &str = "AAPL";

/// What the user can know about a built-in dataset before loading it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DatasetInfo {
    /// The `dataset` key.
    pub key: &'static str,
    /// A short name for people (the page's dataset menu).
    pub label: &'static str,
    /// One-line description.
    pub description: &'static str,
    /// Number of points with the default column (and symbol).
    pub length: usize,
    /// Sampling frequency, in words.
    pub frequency: &'static str,
    /// Natural seasonal period for the seasonal-naive baseline, if the series has one.
    pub season: Option<usize>,
    /// Value column used unless `column` says otherwise.
    pub default_column: &'static str,
    /// Where the data comes from and under which terms.
    pub licence: &'static str,
    /// The CSV file of a real series (in `data/vega-datasets/`); `None` for synthetic series.
    pub file: Option<&'static str>,
    /// Every numeric column: the possible value columns and covariates (`features`).
    pub columns: &'static [&'static str],
}

/// The text of a real dataset's CSV file when this build has it compiled in.
#[cfg(feature = "builtin-datasets")]
pub fn embedded_text(file: &str) -> Option<&'static str> {
    Some(match file {
        "sp500-2000.csv" => include_str!("../../data/vega-datasets/sp500-2000.csv"),
        "co2-concentration.csv" => include_str!("../../data/vega-datasets/co2-concentration.csv"),
        "seattle-weather.csv" => include_str!("../../data/vega-datasets/seattle-weather.csv"),
        "stocks.csv" => include_str!("../../data/vega-datasets/stocks.csv"),
        _ => return None,
    })
}

/// The text of a real dataset's CSV file when this build has it compiled in (this build has
/// none: the `builtin-datasets` feature is off).
#[cfg(not(feature = "builtin-datasets"))]
pub fn embedded_text(_file: &str) -> Option<&'static str> {
    None
}

const VEGA: &str = "vega-datasets 3.2.1 (BSD-3-Clause)";

/// Every built-in dataset, in display order.
pub fn list() -> Vec<DatasetInfo> {
    vec![
        DatasetInfo {
            key: "sp500",
            label: "S&P 500 daily",
            description: "S&P 500 index, daily close, 2000-01-03 to 2020-04-17",
            length: 5105,
            frequency: "trading days",
            season: None,
            default_column: "close",
            licence: "vega-datasets 3.2.1 (BSD-3-Clause); source Yahoo Finance",
            file: Some("sp500-2000.csv"),
            columns: &["open", "high", "low", "close", "adjclose", "volume"],
        },
        DatasetInfo {
            key: "co2",
            label: "CO2 (Mauna Loa)",
            description: "Mauna Loa atmospheric CO2 (ppm), monthly, 1958-03 to 2020-04",
            length: 741,
            frequency: "monthly",
            season: Some(12),
            default_column: "CO2",
            licence: "vega-datasets 3.2.1 (BSD-3-Clause); data Scripps CO2 Program, CC BY 4.0",
            file: Some("co2-concentration.csv"),
            columns: &["CO2", "adjusted CO2"],
        },
        DatasetInfo {
            key: "seattle",
            label: "Seattle temperature",
            description: "Seattle daily maximum temperature (°C), 2012 to 2015",
            length: 1461,
            frequency: "daily",
            season: Some(365),
            default_column: "temp_max",
            licence: "vega-datasets 3.2.1 (BSD-3-Clause); data NOAA NCDC, U.S. Government work",
            file: Some("seattle-weather.csv"),
            columns: &["precipitation", "temp_max", "temp_min", "wind"],
        },
        DatasetInfo {
            key: "stocks",
            label: "Stocks",
            description:
                "Monthly stock price of one symbol (AAPL, MSFT, AMZN, IBM, GOOG), 2000 to 2010",
            length: 123,
            frequency: "monthly",
            season: None,
            default_column: "price",
            licence: VEGA,
            file: Some("stocks.csv"),
            columns: &["price"],
        },
        DatasetInfo {
            key: "sine",
            label: "Synthetic: sine",
            description: "Synthetic: 10 + 0.02·t + 2·sin(2πt/50) + N(0, 0.2²) noise, seeded",
            length: synthetic::DEFAULT_LENGTH,
            frequency: "steps",
            season: Some(synthetic::SINE_PERIOD),
            default_column: "value",
            licence: "generated (no licence needed)",
            file: None,
            columns: &["value"],
        },
        DatasetInfo {
            key: "random_walk",
            label: "Synthetic: random walk",
            description:
                "Synthetic: geometric random walk from 100 (persistence is optimal), seeded",
            length: synthetic::DEFAULT_LENGTH,
            frequency: "steps",
            season: None,
            default_column: "value",
            licence: "generated (no licence needed)",
            file: None,
            columns: &["value"],
        },
        DatasetInfo {
            key: "memory",
            label: "Synthetic: memory (echo at lag)",
            description:
                "Synthetic long dependency: s_t = e_t − 0.9·s_(t−lag), e ~ N(0, 1), seeded; \
                          needs window ≥ lag. Persistence and seasonal naive fail; a model that \
                          remembers lag steps back reaches RMSE ≈ 1",
            length: memory::LENGTH,
            frequency: "steps",
            season: None,
            default_column: "value",
            licence: "generated (no licence needed)",
            file: None,
            columns: &["value"],
        },
        DatasetInfo {
            key: "ramp",
            label: "Synthetic: ramp",
            description: "The classic tutorial series 1.0, 1.1, ..., 3.0",
            length: 21,
            frequency: "steps",
            season: None,
            default_column: "value",
            licence: "generated (no licence needed)",
            file: None,
            columns: &["value"],
        },
    ]
}

/// Information about one dataset key.
pub fn info(key: &str) -> Result<DatasetInfo, PipelineError> {
    list()
        .into_iter()
        .find(|d| d.key == key)
        .ok_or_else(|| unknown(key))
}

fn unknown(key: &str) -> PipelineError {
    PipelineError::UnknownDataset {
        name: key.to_string(),
        known: list().iter().map(|d| d.key.to_string()).collect(),
    }
}

/// Options for [`load`]; keys from the shared vocabulary.
#[derive(Clone, Debug, PartialEq)]
pub struct DatasetOptions {
    /// `symbol` of the `stocks` dataset (default AAPL).
    pub symbol: Option<String>,
    /// `column` overriding the default value column of a real dataset.
    pub column: Option<String>,
    /// Seed of the synthetic generators.
    pub seed: u64,
    /// Length of `sine` / `random_walk` (default 500) and `memory` (default 2000); ignored
    /// elsewhere.
    pub length: Option<usize>,
    /// Echo delay of `memory` (default 5); ignored elsewhere.
    pub lag: usize,
    /// Covariate columns read beside the value column (real datasets only).
    pub features: Vec<String>,
}

impl Default for DatasetOptions {
    fn default() -> Self {
        DatasetOptions {
            symbol: None,
            column: None,
            seed: 42,
            length: None,
            lag: memory::DEFAULT_LAG,
            features: Vec::new(),
        }
    }
}

/// The symbols present in the `stocks` dataset's CSV text, in file order.
pub fn stock_symbols(stocks_csv: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in stocks_csv.lines().skip(1) {
        let sym = line.split(',').next().unwrap_or("").trim();
        if !sym.is_empty() && !out.iter().any(|s| s == sym) {
            out.push(sym.to_string());
        }
    }
    out
}

/// Loads a built-in dataset by key (`sp500`, `co2`, `seattle`, `stocks`, `sine`, `random_walk`,
/// `memory`, `ramp`; case-insensitive). A real series needs its CSV file compiled in (feature
/// `builtin-datasets`); without it, use [`load_text`].
pub fn load(key: &str, opts: &DatasetOptions) -> Result<Series, PipelineError> {
    load_text(key, None, opts)
}

/// Loads a built-in dataset by key from the text of its CSV file ([`DatasetInfo::file`]), as
/// fetched by the browser; `text` `None` uses the compiled-in copy. Synthetic series ignore
/// `text`. The result (source, column, notes, error messages) is the same either way.
pub fn load_text(
    key: &str,
    text: Option<&str>,
    opts: &DatasetOptions,
) -> Result<Series, PipelineError> {
    let key_lc = key.trim().to_ascii_lowercase();
    let info = info(&key_lc).map_err(|_| unknown(key.trim()))?;
    let real = |filter: Option<(String, String)>| {
        let file = info.file.unwrap_or_default();
        let text = text
            .or_else(|| embedded_text(file))
            .ok_or_else(|| not_embedded(&info))?;
        let csv_opts = CsvOptions {
            source: format!("dataset {}", info.key),
            column: Some(
                opts.column
                    .clone()
                    .unwrap_or_else(|| info.default_column.to_string()),
            ),
            missing: MissingPolicy::Error,
            delimiter: Some(b','),
            has_header: Some(true),
            filter,
            features: opts.features.clone(),
        };
        read_csv(text, &csv_opts)
    };
    let len = opts.length.unwrap_or(synthetic::DEFAULT_LENGTH);
    let mut s = match info.key {
        "sp500" | "co2" | "seattle" => real(None)?,
        "stocks" => {
            let sym = opts
                .symbol
                .as_deref()
                .unwrap_or(DEFAULT_SYMBOL)
                .trim()
                .to_ascii_uppercase();
            let mut s = real(Some(("symbol".to_string(), sym.clone())))?;
            s.source = format!("dataset stocks ({sym})");
            s
        }
        _ if info.file.is_none() && !opts.features.is_empty() => {
            return Err(PipelineError::MissingFeature {
                source: format!("dataset {}", info.key),
                feature: short_quote(opts.features[0].trim()),
                available: vec![info.default_column.to_string()],
            })
        }
        "sine" => synthetic::sine(len, opts.seed)?,
        "random_walk" => synthetic::random_walk(len, opts.seed)?,
        "memory" => memory::memory(opts.length.unwrap_or(memory::LENGTH), opts.lag, opts.seed)?,
        "ramp" => synthetic::ramp(),
        _ => return Err(unknown(key)),
    };
    s.notes.insert(
        0,
        format!("{}: {} ({})", info.key, info.description, info.licence),
    );
    Ok(s)
}

/// A real dataset asked for in a build without its CSV file and without the file's text.
fn not_embedded(info: &DatasetInfo) -> PipelineError {
    PipelineError::config(
        "dataset",
        format!(
            "'{}' needs the text of its CSV file {}: this build does not include the built-in \
             datasets (cargo feature builtin-datasets)",
            info.key,
            info.file.unwrap_or_default()
        ),
    )
}

#[cfg(all(test, feature = "builtin-datasets"))]
mod tests {
    use super::*;

    #[test]
    fn every_dataset_loads_with_its_listed_length() {
        for d in list() {
            let s = load(d.key, &DatasetOptions::default()).unwrap();
            assert_eq!(s.len(), d.length, "{}", d.key);
            assert!(s.values.iter().all(|v| v.is_finite()));
            assert_eq!(s.column, d.default_column, "{}", d.key);
        }
    }

    #[test]
    fn real_datasets_keep_dates_and_known_values() {
        let sp = load("sp500", &DatasetOptions::default()).unwrap();
        let dates = sp.dates.as_ref().unwrap();
        assert_eq!(
            (dates[0].as_str(), sp.values[0]),
            ("2000-01-03", 1455.219971)
        );
        assert_eq!(dates.last().unwrap(), "2020-04-17");
        assert_eq!(sp.rows[0], 2);
        let co2 = load("CO2", &DatasetOptions::default()).unwrap();
        assert_eq!(co2.values[0], 315.70);
        let sea = load("seattle", &DatasetOptions::default()).unwrap();
        assert_eq!(sea.values[0], 12.8);
        let pr = load(
            "seattle",
            &DatasetOptions {
                column: Some("precipitation".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(pr.values[1], 10.9);
    }

    #[test]
    fn stocks_by_symbol() {
        let text = embedded_text("stocks.csv").unwrap();
        assert_eq!(
            stock_symbols(text),
            vec!["MSFT", "AMZN", "IBM", "GOOG", "AAPL"]
        );
        let goog = load(
            "stocks",
            &DatasetOptions {
                symbol: Some("goog".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(goog.len(), 68);
        assert!(goog.source.contains("GOOG"));
        let aapl = load("stocks", &DatasetOptions::default()).unwrap();
        assert_eq!(aapl.dates.as_ref().unwrap()[0], "Jan 1 2000");
        let e = load(
            "stocks",
            &DatasetOptions {
                symbol: Some("TSLA".into()),
                ..Default::default()
            },
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("TSLA") && e.contains("AAPL") && e.contains("symbol"),
            "{e}"
        );
    }

    #[test]
    fn unknown_names_are_clear_errors() {
        let e = load("nasdaq", &DatasetOptions::default()).unwrap_err();
        assert_eq!(e.field(), Some("dataset"));
        let m = e.to_string();
        assert!(
            m.contains("unknown dataset 'nasdaq'") && m.contains("sp500, co2"),
            "{m}"
        );
        let e = load(
            "co2",
            &DatasetOptions {
                column: Some("methane".into()),
                ..Default::default()
            },
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("no column 'methane'") && e.contains("adjusted CO2"),
            "{e}"
        );
    }

    #[test]
    fn given_text_loads_like_the_compiled_in_copy() {
        for d in list() {
            let Some(file) = d.file else { continue };
            let text = embedded_text(file).unwrap();
            let opts = DatasetOptions {
                symbol: Some("ibm".into()),
                ..Default::default()
            };
            assert_eq!(
                load_text(d.key, Some(text), &opts).unwrap(),
                load(d.key, &opts).unwrap(),
                "{}",
                d.key
            );
        }
        let e = load_text(
            "stocks",
            Some("symbol,date,price\nMSFT,Jan 1 2000,39.81\n"),
            &DatasetOptions::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("no row has symbol = 'AAPL'") && e.contains("MSFT"),
            "{e}"
        );
    }

    #[test]
    fn without_text_or_compiled_in_copy_the_error_names_the_file() {
        let e = not_embedded(&info("co2").unwrap());
        assert_eq!(e.field(), Some("dataset"));
        let m = e.to_string();
        assert!(
            m.contains("co2-concentration.csv") && m.contains("builtin-datasets"),
            "{m}"
        );
    }
}
