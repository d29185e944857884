//! Runs the standard benchmark workload natively and prints one JSON line per (cell, config):
//!
//! ```text
//! cargo run --release --features bench --example workload -- [--cell lstm,gru] [--config w10-h50-l1,...] [--series PATH]
//! ```
//!
//! With `--task text [--text PATH] [--batches N]` it runs the text benchmark instead
//! (`rnn_playground::bench::text`, on the Sonnets by default) and prints its one line.
//!
//! Engine name `rnn-playground-native`; progress goes to stderr, JSON lines to stdout.

use std::time::Instant;

use rnn_playground::bench::text;
use rnn_playground::bench::workload::{self, Protocol, CONFIGS};
use rnn_playground::cells::CellKind;

fn main() {
    if let Err(e) = real_main() {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

fn real_main() -> Result<(), String> {
    let mut cells = vec!["lstm".to_string(), "gru".to_string()];
    let mut configs: Vec<String> = CONFIGS.iter().map(|c| c.name.to_string()).collect();
    let mut series = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/series.csv").to_string();
    let mut task = "series".to_string();
    let mut text_file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/corpora/shakespeare-sonnets.txt"
    )
    .to_string();
    let mut batches = 20usize;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--cell" => cells = value()?.split(',').map(str::to_string).collect(),
            "--config" => configs = value()?.split(',').map(str::to_string).collect(),
            "--series" => series = value()?,
            "--task" => task = value()?,
            "--text" => text_file = value()?,
            "--batches" => batches = value()?.parse().map_err(|e| format!("--batches: {e}"))?,
            _ => {
                return Err(format!(
                    "unknown argument {flag:?} (expected --cell, --config, --series, --task, \
                     --text or --batches)"
                ))
            }
        }
    }
    let env = format!(
        "native {}-{}, 1 thread, kernels {}",
        std::env::consts::ARCH,
        std::env::consts::OS,
        rnn_playground::kernels::backend_name()
    );
    let origin = Instant::now();
    let mut clock = move || workload::Stamp {
        wall_s: origin.elapsed().as_secs_f64(),
        cpu_s: thread_cpu_seconds(),
    };
    match task.as_str() {
        "series" => {}
        "text" => {
            let text =
                std::fs::read_to_string(&text_file).map_err(|e| format!("{text_file}: {e}"))?;
            eprintln!("[bench] rnn-playground-native text: {batches} timed batches");
            let r = text::run(&text, batches, &mut clock)?;
            let notes = format!(
                "{batches} timed batches after 1 warm-up batch; one-hot input through W_ih as \
                 TF.js; PyTorch RMSprop and init; loss_after_N = mean cross-entropy (nats) on the \
                 last {} windows",
                text::EVAL_EXAMPLES
            );
            println!("{}", r.result_line("rnn-playground-native", &env, &notes));
            return Ok(());
        }
        other => return Err(format!("--task {other:?}: expected series or text")),
    }
    let text = std::fs::read_to_string(&series).map_err(|e| format!("{series}: {e}"))?;
    let prices = workload::parse_series_csv(&text).map_err(|e| format!("{series}: {e}"))?;
    let configs = configs
        .iter()
        .map(|c| workload::config_by_name(c))
        .collect::<Result<Vec<_>, _>>()?;
    let cells = cells
        .iter()
        .map(|c| c.parse::<CellKind>().map_err(|e| e.to_string()))
        .collect::<Result<Vec<_>, _>>()?;

    for config in &configs {
        for &cell in &cells {
            eprintln!(
                "[bench] rnn-playground-native {cell:?} {}: training 5 epochs",
                config.name
            );
            let report = workload::run(&prices, cell, config, &Protocol::STANDARD, &mut clock)?;
            eprintln!(
                "[bench] rnn-playground-native {} {}: epochs {:?} s, losses {:?}",
                report.cell, report.config, report.epoch_times_s, report.epoch_losses
            );
            println!("{}", report.result_line("rnn-playground-native", &env, ""));
        }
    }
    Ok(())
}

/// CPU time of the calling thread from Linux's `/proc/thread-self/schedstat` (nanoseconds on a
/// core); NaN elsewhere.
fn thread_cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .next()
                .and_then(|ns| ns.parse::<u64>().ok())
        })
        .map_or(f64::NAN, |ns| ns as f64 * 1e-9)
}
