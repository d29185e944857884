//! `rnn-playground`: train, evaluate, forecast and fine-tune recurrent networks on time series
//! from the command line, always beside the persistence baseline; with `--text`/`--corpus`, the
//! same commands (and `generate`) for a character language model beside unigram and n-gram.
//!
//! Bad input exits with status 2 and one line on stderr naming the problem and where (file, row,
//! column, flag); no output file is written unless the whole run succeeded (writes are atomic).

#[path = "cli/args.rs"]
mod args;
#[path = "cli/data.rs"]
mod data;
#[path = "cli/report.rs"]
mod report;
#[path = "cli/text.rs"]
mod text;
#[path = "cli/text_args.rs"]
mod text_args;

use args::{Cli, Command, EvaluateArgs, FineTuneArgs, ForecastArgs, OutArgs, TrainArgs};
use clap::Parser;
use rnn_playground::app::{Backtest, BacktestReport, Experiment};
use rnn_playground::config::PlaygroundConfig;
use rnn_playground::io::{load_model, write_atomic};
use rnn_playground::train::{Freeze, Metrics, StopReason};
use std::path::Path;
use std::process::ExitCode;

/// A failure: the message and the exit status (2 = bad input, 1 = the run failed).
struct Failure(String, u8);

fn bad(msg: impl Into<String>) -> Failure {
    Failure(flagify(&msg.into()), 2)
}

/// Rewrites config-field names into the flags the user typed (`config field `train_frac`` →
/// `--train-frac`).
fn flagify(msg: &str) -> String {
    let mut out = msg.to_string();
    for key in rnn_playground::config::keys() {
        let flag = format!("--{}", key.replace('_', "-"));
        out = out
            .replace(&format!("config field `{key}`"), &flag)
            .replace(&format!("invalid {key}:"), &format!("invalid {flag}:"));
    }
    out
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind;
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            let text = e.render().to_string();
            let line = text
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("invalid arguments");
            // clap quotes the value given whole; quote a prefix of it.
            eprintln!("{}", rnn_playground::vocab::shorten_quotes(line.trim()));
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Train(a) if a.text.is_set() => text::train(a),
        Command::Train(a) => train(a),
        Command::Evaluate(a) if a.text.is_set() || text::is_text_model_file(&a.model) => {
            text::evaluate(a)
        }
        Command::Evaluate(a) => evaluate(a),
        Command::Forecast(a) => forecast(a),
        Command::FineTune(a) if a.text.is_set() || text::is_text_model_file(&a.model) => {
            text::fine_tune(a)
        }
        Command::FineTune(a) => fine_tune(a),
        Command::Datasets => datasets(),
        Command::Generate(a) => text::generate(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(msg, code)) => {
            eprintln!("error: {}", msg.replace('\n', " "));
            ExitCode::from(code)
        }
    }
}

/// Fails before any work if an output file could not be written (missing directory).
fn check_outputs(out: &OutArgs) -> Result<(), Failure> {
    for (flag, p) in [("--out", &out.out), ("--metrics", &out.metrics)] {
        if let Some(p) = p {
            let dir = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            if !dir.is_dir() {
                return Err(bad(format!(
                    "{flag} {}: directory {} does not exist",
                    p.display(),
                    dir.display()
                )));
            }
        }
    }
    Ok(())
}

fn train(a: TrainArgs) -> Result<(), Failure> {
    let mut cfg = PlaygroundConfig::default();
    a.data.apply(&mut cfg);
    a.prep.apply(&mut cfg);
    a.model.apply(&mut cfg);
    a.fit.apply(&mut cfg);
    a.out.apply(&mut cfg);
    cfg.validate().map_err(bad)?;
    check_outputs(&a.out)?;
    let series = data::load_series(&a.data, &cfg, None).map_err(bad)?;
    let mut ex = Experiment::new(series, cfg).map_err(bad)?;
    describe(&ex, a.out.quiet);
    let backtest = if ex.config.backtest > 0 {
        Some(Backtest::new(ex.series.clone(), ex.config.clone()).map_err(bad)?)
    } else {
        None
    };
    let p = run(&mut ex, a.out.quiet);
    let metrics = ex.evaluate().map_err(|e| Failure(e, 1))?;
    println!("trained {}", report::stopped(&metrics));
    print!("{}", report::metrics_table(&metrics));
    print_forecast_and_warnings(&metrics);
    let report = match backtest {
        Some(mut b) => {
            let r = run_backtest(&mut b, a.out.quiet)?;
            print!("{}", report::backtest_table(&r));
            Some(r)
        }
        None => None,
    };
    write_outputs(&ex, &metrics, report.as_ref(), &a.out)?;
    diverged(&p)
}

/// Runs every fold, one line per finished fold on stderr unless `quiet`.
fn run_backtest(b: &mut Backtest, quiet: bool) -> Result<BacktestReport, Failure> {
    let mut last = 0;
    let r = b
        .run_to_end(64, None, |p| {
            if !quiet && p.progress.done && p.fold != last {
                last = p.fold;
                eprintln!(
                    "backtest fold {}/{}: {} epochs",
                    p.fold, p.folds, p.progress.epoch
                );
            }
        })
        .map_err(|e| Failure(e, 1))?;
    Ok(r)
}

fn diverged(p: &rnn_playground::train::Progress) -> Result<(), Failure> {
    if p.stop_reason == Some(StopReason::Diverged) {
        return Err(Failure(
            p.message
                .clone()
                .unwrap_or_else(|| "training diverged".into()),
            1,
        ));
    }
    Ok(())
}

fn describe(ex: &Experiment, quiet: bool) {
    let s = ex.summary();
    let c = &ex.config;
    println!(
        "data: {} column {}, {} points (windows: train {} / val {} / test {})",
        ex.series.source,
        ex.series.column,
        ex.series.values.len(),
        s.train_windows,
        s.val_windows,
        s.test_windows
    );
    println!(
        "model: {} hidden {} layers {}{} window {} horizon {} transform {} scaler {}, {} parameters ({} trainable)",
        c.cell,
        c.hidden,
        c.layers,
        if c.bidirectional { " bidirectional" } else { "" },
        c.window,
        c.horizon,
        c.transform,
        c.scaler,
        s.params,
        s.trainable_params
    );
    if !quiet {
        for n in &s.notes {
            eprintln!("note: {n}");
        }
    }
}

fn run(ex: &mut Experiment, quiet: bool) -> rnn_playground::train::Progress {
    let mut bar = report::ProgressReport::new(ex.config.epochs, quiet);
    ex.train_to_end(64, None, |p| bar.update(p))
}

/// The forecast past the end and the warnings, after a metrics table.
fn print_forecast_and_warnings(m: &Metrics) {
    println!(
        "next {} forecast values: {}",
        m.forecast.len(),
        report::forecast_line(&m.forecast)
    );
    for w in &m.warnings {
        println!("warning: {w}");
    }
}

fn write_outputs(
    ex: &Experiment,
    m: &Metrics,
    backtest: Option<&BacktestReport>,
    out: &OutArgs,
) -> Result<(), Failure> {
    let io = |e: String| Failure(e, 1);
    if let Some(p) = &out.out {
        let is_st = p
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("safetensors"));
        let bytes = if is_st {
            ex.export_safetensors(Some(m)).map_err(io)?
        } else {
            ex.export_json(Some(m)).into_bytes()
        };
        write_atomic(p, &bytes).map_err(io)?;
        println!("model written to {}", p.display());
    }
    if let Some(p) = &out.metrics {
        let mut value = serde_json::to_value(m).expect("metrics serialise");
        if let Some(b) = backtest {
            value["backtest"] = serde_json::to_value(b).expect("backtest serialises");
        }
        let text = serde_json::to_string_pretty(&value).expect("metrics serialise");
        write_atomic(p, text.as_bytes()).map_err(io)?;
        println!("metrics written to {}", p.display());
    }
    Ok(())
}

/// A saved model on the data of `data` flags, or on the data it was trained on.
fn experiment_from_model(
    model: &Path,
    data: &args::DataArgs,
    adjust: impl FnOnce(&mut PlaygroundConfig),
    keep_scaler: bool,
    freeze: Freeze,
) -> Result<Experiment, Failure> {
    let saved = load_model(model).map_err(bad)?;
    let mut cfg = saved.training.config.clone();
    let explicit = data.data.is_some() || data.dataset.is_some();
    data.apply(&mut cfg);
    adjust(&mut cfg);
    cfg.validate().map_err(bad)?;
    let fallback = (!explicit).then_some(&saved.training);
    let series = data::load_series(data, &cfg, fallback).map_err(bad)?;
    Experiment::from_model(series, cfg, saved, keep_scaler, freeze).map_err(bad)
}

fn evaluate(a: EvaluateArgs) -> Result<(), Failure> {
    if let Some(p) = &a.metrics {
        check_outputs(&OutArgs {
            metrics: Some(p.clone()),
            ..Default::default()
        })?;
    }
    let (steps, period, interval) = (a.steps, a.period, a.interval);
    let mut ex = experiment_from_model(
        &a.model,
        &a.data,
        |c| {
            if let Some(s) = steps {
                c.steps = s;
            }
            if let Some(p) = period {
                c.period = p;
            }
            if let Some(l) = interval {
                c.interval = l;
            }
        },
        true,
        Freeze::None,
    )?;
    describe(&ex, true);
    let m = ex.evaluate().map_err(|e| Failure(e, 1))?;
    print!("{}", report::metrics_table(&m));
    print_forecast_and_warnings(&m);
    write_outputs(
        &ex,
        &m,
        None,
        &OutArgs {
            metrics: a.metrics,
            ..Default::default()
        },
    )
}

fn forecast(a: ForecastArgs) -> Result<(), Failure> {
    if a.steps == 0 {
        return Err(bad("--steps: must be at least 1, got 0"));
    }
    let mut ex = experiment_from_model(&a.model, &a.data, |_| {}, true, Freeze::None)?;
    let values = ex.forecast(a.steps).map_err(|e| Failure(e, 1))?;
    for v in values {
        println!("{v}");
    }
    Ok(())
}

fn fine_tune(a: FineTuneArgs) -> Result<(), Failure> {
    if a.out.backtest.is_some() {
        return Err(bad("--backtest: only `train` runs a backtest"));
    }
    check_outputs(&a.out)?;
    let fit = a.fit.clone();
    let out = a.out.clone();
    let mut ex = experiment_from_model(
        &a.model,
        &a.data,
        |c| {
            fit.apply(c);
            out.apply(c);
        },
        a.keep_scaler,
        a.freeze,
    )?;
    describe(&ex, a.out.quiet);
    println!(
        "freeze: {}; scaler: {}",
        ex.freeze,
        if a.keep_scaler {
            "kept from the model"
        } else {
            "refitted on this series"
        }
    );
    let before = ex.evaluate().map_err(|e| Failure(e, 1))?;
    println!("before fine-tuning:");
    print!("{}", report::metrics_table(&before));
    let p = run(&mut ex, a.out.quiet);
    let after = ex.evaluate().map_err(|e| Failure(e, 1))?;
    println!("after fine-tuning ({}):", report::stopped(&after));
    print!("{}", report::metrics_table(&after));
    println!(
        "test RMSE {} → {}",
        before.test_rmse.map_or("-".into(), |v| format!("{v:.4}")),
        after.test_rmse.map_or("-".into(), |v| format!("{v:.4}"))
    );
    print_forecast_and_warnings(&after);
    write_outputs(&ex, &after, None, &a.out)?;
    diverged(&p)
}

fn datasets() -> Result<(), Failure> {
    for d in data::list() {
        println!(
            "{:<12} {:>6} points  {}  ({})",
            d.key, d.length, d.description, d.licence
        );
    }
    Ok(())
}
