//! The text task's commands: `train --text|--corpus`, `fine-tune --text|--corpus`,
//! `evaluate --text|--corpus` and `generate`, over [`TextExperiment`]. Same conventions as the
//! series commands: bad input exits 2 with one line naming the problem, outputs are written
//! atomically and only after the whole run succeeded.

use crate::args::{EvaluateArgs, FineTuneArgs, OutArgs, TrainArgs};
use crate::text_args::{apply_shared, refuse_series_flags, GenerateArgs, TextSourceArgs};
use crate::{bad, check_outputs, Failure};
use rnn_playground::app::text_experiment::generate_text;
use rnn_playground::app::{TextExperiment, TextMetrics, TextSettings};
use rnn_playground::io::text_model::{self, SavedTextModel};
use rnn_playground::io::write_atomic;
use rnn_playground::pipeline::corpora;
use rnn_playground::train::text::{SampleOptions, TextProgress};
use rnn_playground::train::StopReason;
use std::path::Path;

/// Whether the file at `path` is a text model (so a command without `--text` still takes the
/// text path and can say what it lacks).
pub fn is_text_model_file(path: &Path) -> bool {
    std::fs::read(path).is_ok_and(|b| text_model::is_text_model(&b))
}

/// The bytes of `--text` or `--corpus` and the source name used in messages.
fn read_source(src: &TextSourceArgs) -> Result<(Vec<u8>, String), Failure> {
    if !src.is_set() {
        return Err(bad(
            "--text or --corpus: a text model reads a text; name the file or corpus",
        ));
    }
    if let Some(path) = &src.text {
        let bytes = std::fs::read(path)
            .map_err(|e| bad(format!("--text {}: cannot read it: {e}", path.display())))?;
        return Ok((bytes, path.display().to_string()));
    }
    let name = src.corpus.as_deref().unwrap_or_default();
    let info = corpora::info(name).map_err(|e| bad(e.to_string()))?;
    let bytes = corpora::embedded_bytes(info.file).ok_or_else(|| {
        bad(format!(
            "--corpus {}: not compiled into this build",
            info.key
        ))
    })?;
    Ok((bytes.to_vec(), format!("corpus {}", info.key)))
}

fn load_text_model(path: &Path) -> Result<SavedTextModel, Failure> {
    let bytes = std::fs::read(path)
        .map_err(|e| bad(format!("cannot read model {}: {e}", path.display())))?;
    text_model::from_bytes(&bytes).map_err(|e| bad(format!("{}: {e}", path.display())))
}

/// `train --text PATH | --corpus NAME`.
pub fn train(a: TrainArgs) -> Result<(), Failure> {
    refuse_series_flags(&a.data, &a.prep, &a.out).map_err(bad)?;
    let mut s = TextSettings::default();
    apply_shared(&mut s, Some(&a.model), &a.fit, Some(&a.prep)).map_err(bad)?;
    a.text_model.apply(&mut s);
    a.text_fit.apply(&mut s);
    check_outputs(&a.out)?;
    let (bytes, source) = read_source(&a.text)?;
    let mut ex = TextExperiment::new(&bytes, &source, s).map_err(bad)?;
    describe(&ex, a.out.quiet);
    let p = run(&mut ex, a.out.quiet);
    let m = ex.evaluate().map_err(|e| Failure(e, 1))?;
    print_metrics(&m);
    write_outputs(&ex, &m, &a.out)?;
    diverged(&p)
}

/// `fine-tune --model M --text PATH | --corpus NAME`.
pub fn fine_tune(a: FineTuneArgs) -> Result<(), Failure> {
    if a.keep_scaler {
        return Err(bad("--keep-scaler: a text model has no scaler"));
    }
    check_outputs(&a.out)?;
    let saved = load_text_model(&a.model)?;
    let mut s: TextSettings =
        serde_json::from_value(saved.training.settings.clone()).unwrap_or_default();
    s.time_limit_s = 0.0;
    apply_shared(&mut s, None, &a.fit, None).map_err(bad)?;
    a.text_fit.apply(&mut s);
    let (bytes, source) = read_source(&a.text)?;
    let mut ex = TextExperiment::from_model(saved, &bytes, &source, s, a.freeze).map_err(bad)?;
    describe(&ex, a.out.quiet);
    println!("freeze: {}", a.freeze);
    let before = ex.evaluate().map_err(|e| Failure(e, 1))?;
    let p = run(&mut ex, a.out.quiet);
    let after = ex.evaluate().map_err(|e| Failure(e, 1))?;
    println!("after fine-tuning:");
    print_metrics(&after);
    let fmt = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.4}"));
    println!(
        "test bits per character {} → {} (validation {} → {})",
        fmt(before.test_bpc),
        fmt(after.test_bpc),
        fmt(before.val_bpc),
        fmt(after.val_bpc)
    );
    write_outputs(&ex, &after, &a.out)?;
    diverged(&p)
}

/// `evaluate --model M --text PATH | --corpus NAME`.
pub fn evaluate(a: EvaluateArgs) -> Result<(), Failure> {
    let out = OutArgs {
        metrics: a.metrics.clone(),
        ..Default::default()
    };
    check_outputs(&out)?;
    let saved = load_text_model(&a.model)?;
    let s: TextSettings =
        serde_json::from_value(saved.training.settings.clone()).unwrap_or_default();
    let (bytes, source) = read_source(&a.text)?;
    let mut ex =
        TextExperiment::from_model(saved, &bytes, &source, s, Default::default()).map_err(bad)?;
    describe(&ex, true);
    let m = ex.evaluate().map_err(|e| Failure(e, 1))?;
    print_metrics(&m);
    write_outputs(&ex, &m, &out)
}

/// `generate --model M [--prime TEXT] [--length N] [--temperature F] [--top-k K] [--seed N]`.
pub fn generate(a: GenerateArgs) -> Result<(), Failure> {
    let mut saved = load_text_model(&a.model)?;
    let opts = SampleOptions {
        length: a.length,
        temperature: a.temperature,
        top_k: a.top_k,
        seed: a.seed,
    };
    let text = generate_text(
        &mut saved.model,
        &saved.vocab,
        saved.lowercase,
        &a.prime,
        &opts,
    )
    .map_err(bad)?;
    println!("{}{text}", a.prime);
    Ok(())
}

fn describe(ex: &TextExperiment, quiet: bool) {
    let s = ex.summary();
    let c = &ex.model.config;
    println!(
        "text: {}, {} characters (train {} / val {} / test {}), vocabulary {} with <unk>",
        ex.corpus.source,
        s.chars,
        s.split_chars[0],
        s.split_chars[1],
        s.split_chars[2],
        s.vocab_size
    );
    println!(
        "model: embed {} → {} hidden {} layers {} → {} characters, {} parameters ({} trainable); chunk {} batch {}, {} chunks per epoch",
        c.embed_size,
        c.cell,
        c.hidden_size,
        c.num_layers,
        c.vocab_size,
        s.params,
        s.trainable_params,
        ex.settings.chunk,
        ex.settings.batch,
        s.batches_per_epoch
    );
    if !quiet {
        for n in &s.notes {
            eprintln!("note: {n}");
        }
    }
}

/// Trains to the end, one line per epoch on stderr unless `quiet`.
fn run(ex: &mut TextExperiment, quiet: bool) -> TextProgress {
    ex.train_to_end(16, None, |p| {
        if !quiet && p.batch == p.batches_per_epoch {
            let val = p.val_bpc.map_or("-".to_string(), |v| format!("{v:.4}"));
            eprintln!(
                "epoch {}: train {:.4} bpc, val {val} bpc, {:.0} chars/s, {:.1} s",
                p.epoch,
                p.train_bpc,
                p.chars_per_s,
                p.elapsed_ms / 1e3
            );
        }
    })
}

fn print_metrics(m: &TextMetrics) {
    let fmt = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.4}"));
    if m.epochs_run > 0 {
        println!(
            "trained {} epochs (best {}), stop: {}",
            m.epochs_run,
            m.best_epoch.map_or("-".to_string(), |e| e.to_string()),
            m.stop_reason.map_or("-".to_string(), |r| format!("{r:?}"))
        );
    }
    println!("bits per character   train     val      test");
    println!(
        "model              {:>7.4}  {:>7}  {:>7}",
        m.train_bpc,
        fmt(m.val_bpc),
        fmt(m.test_bpc)
    );
    println!(
        "{}-gram             {:>7}  {:>7.4}  {:>7}",
        m.ngram_order,
        "",
        m.ngram_val_bpc,
        fmt(m.ngram_test_bpc)
    );
    println!(
        "unigram            {:>7}  {:>7.4}  {:>7}",
        "",
        m.unigram_val_bpc,
        fmt(m.unigram_test_bpc)
    );
    println!("sample: {}", m.sample.replace('\n', "⏎"));
}

fn write_outputs(ex: &TextExperiment, m: &TextMetrics, out: &OutArgs) -> Result<(), Failure> {
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
        let text = serde_json::to_string_pretty(m).expect("metrics serialise");
        write_atomic(p, text.as_bytes()).map_err(io)?;
        println!("metrics written to {}", p.display());
    }
    Ok(())
}

fn diverged(p: &TextProgress) -> Result<(), Failure> {
    if p.stop_reason == Some(StopReason::Diverged) {
        let msg = p
            .message
            .clone()
            .unwrap_or_else(|| "training diverged".into());
        return Err(Failure(msg, 1));
    }
    Ok(())
}
