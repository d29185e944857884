// Generated from the Rust crate (rnn_playground::config::fields::vocabulary_module);
// do not edit. `RNN_WRITE_VOCABULARY=1 cargo test --test vocabulary` rewrites it, and
// the same test fails while it differs from the crate. It is long (one pretty-printed
// entry per key, choice and dataset) because it is data, not code: splitting it would
// only scatter the one table.
/** @type {import('./config.js').Vocabulary} */
export const VOCABULARY = {
  "datasets": [
    {
      "column": "close",
      "columns": [
        "open",
        "high",
        "low",
        "close",
        "adjclose",
        "volume"
      ],
      "description": "S&P 500 index, daily close, 2000-01-03 to 2020-04-17",
      "file": "sp500-2000.csv",
      "frequency": "trading days",
      "label": "S&P 500 daily",
      "name": "sp500",
      "season": null
    },
    {
      "column": "CO2",
      "columns": [
        "CO2",
        "adjusted CO2"
      ],
      "description": "Mauna Loa atmospheric CO2 (ppm), monthly, 1958-03 to 2020-04",
      "file": "co2-concentration.csv",
      "frequency": "monthly",
      "label": "CO2 (Mauna Loa)",
      "name": "co2",
      "season": 12
    },
    {
      "column": "temp_max",
      "columns": [
        "precipitation",
        "temp_max",
        "temp_min",
        "wind"
      ],
      "description": "Seattle daily maximum temperature (°C), 2012 to 2015",
      "file": "seattle-weather.csv",
      "frequency": "daily",
      "label": "Seattle temperature",
      "name": "seattle",
      "season": 365
    },
    {
      "column": "price",
      "columns": [
        "price"
      ],
      "description": "Monthly stock price of one symbol (AAPL, MSFT, AMZN, IBM, GOOG), 2000 to 2010",
      "file": "stocks.csv",
      "frequency": "monthly",
      "label": "Stocks",
      "name": "stocks",
      "season": null
    },
    {
      "column": "value",
      "columns": [
        "value"
      ],
      "description": "Synthetic: 10 + 0.02·t + 2·sin(2πt/50) + N(0, 0.2²) noise, seeded",
      "file": null,
      "frequency": "steps",
      "label": "Synthetic: sine",
      "name": "sine",
      "season": 50
    },
    {
      "column": "value",
      "columns": [
        "value"
      ],
      "description": "Synthetic: geometric random walk from 100 (persistence is optimal), seeded",
      "file": null,
      "frequency": "steps",
      "label": "Synthetic: random walk",
      "name": "random_walk",
      "season": null
    },
    {
      "column": "value",
      "columns": [
        "value"
      ],
      "description": "Synthetic long dependency: s_t = e_t − 0.9·s_(t−lag), e ~ N(0, 1), seeded; needs window ≥ lag. Persistence and seasonal naive fail; a model that remembers lag steps back reaches RMSE ≈ 1",
      "file": null,
      "frequency": "steps",
      "label": "Synthetic: memory (echo at lag)",
      "name": "memory",
      "season": null
    },
    {
      "column": "value",
      "columns": [
        "value"
      ],
      "description": "The classic tutorial series 1.0, 1.1, ..., 3.0",
      "file": null,
      "frequency": "steps",
      "label": "Synthetic: ramp",
      "name": "ramp",
      "season": null
    }
  ],
  "fields": [
    {
      "default": "series",
      "group": "data",
      "help": "What the playground does: forecast a series, or learn to write text",
      "key": "task",
      "label": "Task",
      "options": [
        {
          "aliases": [
            "forecast"
          ],
          "label": "Forecast a series",
          "name": "series"
        },
        {
          "aliases": [
            "charlm"
          ],
          "label": "Character language model",
          "name": "text"
        }
      ],
      "page_only": true,
      "reloads_data": false,
      "type": "choice"
    },
    {
      "default": "sp500",
      "group": "data",
      "key": "dataset",
      "label": "Dataset",
      "options": [
        {
          "aliases": [],
          "label": "S&P 500 daily",
          "name": "sp500"
        },
        {
          "aliases": [],
          "label": "CO2 (Mauna Loa)",
          "name": "co2"
        },
        {
          "aliases": [],
          "label": "Seattle temperature",
          "name": "seattle"
        },
        {
          "aliases": [],
          "label": "Stocks",
          "name": "stocks"
        },
        {
          "aliases": [],
          "label": "Synthetic: sine",
          "name": "sine"
        },
        {
          "aliases": [],
          "label": "Synthetic: random walk",
          "name": "random_walk"
        },
        {
          "aliases": [],
          "label": "Synthetic: memory (echo at lag)",
          "name": "memory"
        },
        {
          "aliases": [],
          "label": "Synthetic: ramp",
          "name": "ramp"
        }
      ],
      "reloads_data": true,
      "type": "choice"
    },
    {
      "default": "",
      "group": "data",
      "help": "Ticker for the stocks dataset",
      "key": "symbol",
      "label": "Symbol",
      "reloads_data": true,
      "type": "text"
    },
    {
      "default": 5,
      "group": "data",
      "help": "memory dataset only: the next value echoes the one lag steps back; window ≥ lag",
      "key": "lag",
      "label": "Memory lag",
      "max": 200,
      "min": 1,
      "reloads_data": true,
      "step": 1.0,
      "type": "int"
    },
    {
      "default": "",
      "group": "data",
      "help": "Value column of the data (empty: the first numeric column)",
      "key": "column",
      "label": "Column",
      "reloads_data": true,
      "type": "text"
    },
    {
      "default": "error",
      "group": "data",
      "key": "missing",
      "label": "Missing values",
      "options": [
        {
          "aliases": [],
          "label": "Report an error",
          "name": "error"
        },
        {
          "aliases": [],
          "label": "Drop the row",
          "name": "drop"
        },
        {
          "aliases": [],
          "label": "Forward fill",
          "name": "ffill"
        }
      ],
      "reloads_data": true,
      "type": "choice"
    },
    {
      "default": "",
      "group": "data",
      "help": "Extra input columns (covariates) beside the target; the target stays the output",
      "key": "features",
      "label": "Features",
      "reloads_data": true,
      "type": "list"
    },
    {
      "default": "diff",
      "group": "data",
      "key": "transform",
      "label": "Transform",
      "options": [
        {
          "aliases": [],
          "label": "None",
          "name": "none"
        },
        {
          "aliases": [],
          "label": "Differences",
          "name": "diff"
        },
        {
          "aliases": [],
          "label": "Log returns",
          "name": "logret"
        }
      ],
      "reloads_data": false,
      "type": "choice"
    },
    {
      "default": "minmax",
      "group": "data",
      "key": "scaler",
      "label": "Scaler",
      "options": [
        {
          "aliases": [
            "min-max",
            "min_max"
          ],
          "label": "Min-max",
          "name": "minmax"
        },
        {
          "aliases": [
            "z-score",
            "standard"
          ],
          "label": "Z-score",
          "name": "zscore"
        }
      ],
      "reloads_data": false,
      "type": "choice"
    },
    {
      "default": 0.7,
      "group": "data",
      "key": "train_frac",
      "label": "Train fraction",
      "max": 1.0,
      "max_open": true,
      "min": 0.0,
      "min_open": true,
      "reloads_data": false,
      "step": 0.05,
      "type": "float"
    },
    {
      "default": 0.15,
      "group": "data",
      "key": "val_frac",
      "label": "Validation fraction",
      "max": 1.0,
      "max_open": true,
      "min": 0.0,
      "min_open": false,
      "reloads_data": false,
      "step": 0.05,
      "type": "float"
    },
    {
      "default": 10,
      "group": "data",
      "help": "Past steps the model sees",
      "key": "window",
      "label": "Window",
      "max": 100000,
      "min": 1,
      "reloads_data": false,
      "step": 1.0,
      "type": "int"
    },
    {
      "default": 1,
      "group": "data",
      "help": "Steps ahead to predict",
      "key": "horizon",
      "label": "Horizon",
      "max": 10000,
      "min": 1,
      "reloads_data": false,
      "step": 1.0,
      "type": "int"
    },
    {
      "default": 1,
      "group": "data",
      "key": "stride",
      "label": "Stride",
      "max": 10000,
      "min": 1,
      "reloads_data": false,
      "step": 1.0,
      "type": "int"
    },
    {
      "default": 0,
      "group": "data",
      "help": "For the seasonal-naive baseline; 0 = from the data",
      "key": "period",
      "label": "Season length",
      "max": 100000,
      "min": 0,
      "reloads_data": false,
      "step": 1.0,
      "type": "int"
    },
    {
      "default": "lstm",
      "group": "model",
      "key": "cell",
      "label": "Cell",
      "options": [
        {
          "aliases": [],
          "label": "LSTM",
          "name": "lstm"
        },
        {
          "aliases": [],
          "label": "GRU",
          "name": "gru"
        },
        {
          "aliases": [
            "rnn",
            "rnn-tanh",
            "tanh"
          ],
          "label": "RNN (tanh)",
          "name": "rnn_tanh"
        },
        {
          "aliases": [
            "rnn-relu",
            "relu"
          ],
          "label": "RNN (ReLU)",
          "name": "rnn_relu"
        }
      ],
      "reloads_data": false,
      "type": "choice"
    },
    {
      "default": 1,
      "group": "model",
      "key": "layers",
      "label": "Layers",
      "max": 16,
      "min": 1,
      "reloads_data": false,
      "step": 1.0,
      "type": "int"
    },
    {
      "default": 50,
      "group": "model",
      "key": "hidden",
      "label": "Hidden size",
      "max": 4096,
      "min": 1,
      "reloads_data": false,
      "step": 1.0,
      "type": "int"
    },
    {
      "default": false,
      "group": "model",
      "key": "bidirectional",
      "label": "Bidirectional",
      "reloads_data": false,
      "type": "bool"
    },
    {
      "default": 0.0,
      "group": "model",
      "help": "Between stacked layers",
      "key": "dropout",
      "label": "Dropout",
      "max": 1.0,
      "max_open": true,
      "min": 0.0,
      "min_open": false,
      "reloads_data": false,
      "step": 0.05,
      "type": "float"
    },
    {
      "default": 0.0,
      "group": "model",
      "help": "LSTM only (ignored by GRU/RNN): added to bias_ih's forget slice after init, so b_ih_f + b_hh_f is centred on it; 0 = PyTorch, 1 = Keras unit_forget_bias",
      "key": "forget_bias",
      "label": "Forget-gate bias",
      "max": 10.0,
      "max_open": false,
      "min": -10.0,
      "min_open": false,
      "reloads_data": false,
      "step": 0.5,
      "type": "float"
    },
    {
      "default": 50,
      "group": "training",
      "key": "epochs",
      "label": "Epochs",
      "max": 100000,
      "min": 1,
      "reloads_data": false,
      "step": 1.0,
      "type": "int"
    },
    {
      "default": 32,
      "group": "training",
      "key": "batch",
      "label": "Batch size",
      "max": 65536,
      "min": 1,
      "reloads_data": false,
      "step": 1.0,
      "type": "int"
    },
    {
      "default": "adam",
      "group": "training",
      "key": "optimizer",
      "label": "Optimizer",
      "options": [
        {
          "aliases": [],
          "label": "Adam",
          "name": "adam"
        },
        {
          "aliases": [],
          "label": "AdamW",
          "name": "adamw"
        },
        {
          "aliases": [],
          "label": "SGD",
          "name": "sgd"
        },
        {
          "aliases": [],
          "label": "RMSprop",
          "name": "rmsprop"
        }
      ],
      "reloads_data": false,
      "type": "choice"
    },
    {
      "default": 0.01,
      "group": "training",
      "key": "lr",
      "label": "Learning rate",
      "max": 3.4028234663852886e+38,
      "max_open": false,
      "min": 0.0,
      "min_open": true,
      "reloads_data": false,
      "step": 0.0001,
      "type": "float"
    },
    {
      "default": 0.0,
      "group": "training",
      "key": "weight_decay",
      "label": "Weight decay",
      "max": 1.0,
      "max_open": false,
      "min": 0.0,
      "min_open": false,
      "reloads_data": false,
      "step": 0.0001,
      "type": "float"
    },
    {
      "default": 0.0,
      "group": "training",
      "key": "momentum",
      "label": "Momentum",
      "max": 1.0,
      "max_open": true,
      "min": 0.0,
      "min_open": false,
      "reloads_data": false,
      "step": 0.05,
      "type": "float"
    },
    {
      "default": "none",
      "group": "training",
      "key": "schedule",
      "label": "LR schedule",
      "options": [
        {
          "aliases": [],
          "label": "Constant",
          "name": "none"
        },
        {
          "aliases": [],
          "label": "Step decay",
          "name": "step"
        },
        {
          "aliases": [],
          "label": "Exponential",
          "name": "exp"
        },
        {
          "aliases": [],
          "label": "Cosine",
          "name": "cosine"
        },
        {
          "aliases": [],
          "label": "Reduce on plateau",
          "name": "plateau"
        }
      ],
      "reloads_data": false,
      "type": "choice"
    },
    {
      "default": 1.0,
      "group": "training",
      "help": "Global norm; 0 = off",
      "key": "clip",
      "label": "Gradient clip",
      "max": 1000.0,
      "max_open": false,
      "min": 0.0,
      "min_open": false,
      "reloads_data": false,
      "step": 0.1,
      "type": "float"
    },
    {
      "default": 10,
      "group": "training",
      "help": "Epochs without validation improvement; 0 = off",
      "key": "patience",
      "label": "Early stopping patience",
      "max": 100000,
      "min": 0,
      "reloads_data": false,
      "step": 1.0,
      "type": "int"
    },
    {
      "default": "mse",
      "group": "training",
      "key": "loss",
      "label": "Loss",
      "options": [
        {
          "aliases": [],
          "label": "MSE",
          "name": "mse"
        },
        {
          "aliases": [
            "l1"
          ],
          "label": "MAE",
          "name": "mae"
        },
        {
          "aliases": [],
          "label": "Huber",
          "name": "huber"
        }
      ],
      "reloads_data": false,
      "type": "choice"
    },
    {
      "default": false,
      "group": "training",
      "key": "shuffle",
      "label": "Shuffle training windows",
      "reloads_data": false,
      "type": "bool"
    },
    {
      "default": 42,
      "group": "training",
      "key": "seed",
      "label": "Seed",
      "max": 9007199254740991,
      "min": 0,
      "reloads_data": false,
      "step": 1.0,
      "type": "int"
    },
    {
      "default": 10,
      "group": "training",
      "help": "Recursive forecast past the end of the series",
      "key": "steps",
      "label": "Forecast steps",
      "max": 100000,
      "min": 1,
      "reloads_data": false,
      "step": 1.0,
      "type": "int"
    },
    {
      "default": 0.0,
      "group": "training",
      "help": "Conformal prediction interval, e.g. 0.9; 0 = none",
      "key": "interval",
      "label": "Interval level",
      "max": 1.0,
      "max_open": true,
      "min": 0.0,
      "min_open": false,
      "reloads_data": false,
      "step": 0.05,
      "type": "float"
    },
    {
      "default": 0,
      "group": "training",
      "help": "Rolling-origin folds over the test part; 0 = none",
      "key": "backtest",
      "label": "Backtest folds",
      "max": 1000,
      "min": 0,
      "reloads_data": false,
      "step": 1.0,
      "type": "int"
    },
    {
      "default": "expanding",
      "group": "training",
      "key": "backtest_window",
      "label": "Backtest window",
      "options": [
        {
          "aliases": [],
          "label": "Expanding window",
          "name": "expanding"
        },
        {
          "aliases": [],
          "label": "Sliding window",
          "name": "sliding"
        }
      ],
      "reloads_data": false,
      "type": "choice"
    },
    {
      "default": false,
      "group": "training",
      "help": "Start each fold from the previous fold's weights",
      "key": "backtest_fine_tune",
      "label": "Fine-tune folds",
      "reloads_data": false,
      "type": "bool"
    }
  ]
};

// The size limits of input (rnn_playground::config::limits), one definition for the CLI,
// the page and docs/reliability.md.
export const LIMITS = {
  "max_csv_bytes": {
    "applies_to": "page",
    "constant": "config::MAX_CSV_BYTES",
    "description": "largest CSV file the page reads (checked before reading it)",
    "unit": "bytes",
    "value": 52428800
  },
  "max_points": {
    "applies_to": "cli and page",
    "constant": "pipeline::window::MAX_POINTS",
    "description": "largest window and horizon",
    "unit": "points",
    "value": 10000000
  },
  "max_text_bytes": {
    "applies_to": "cli and page",
    "constant": "pipeline::text::MAX_TEXT_BYTES",
    "description": "largest text for the language model (checked before decoding)",
    "unit": "bytes",
    "value": 52428800
  }
};
