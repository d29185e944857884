//! The standard benchmark workload on our engine: data preparation exactly as `BENCHMARKS.md`
//! ("The workload") defines it, the protocol's arithmetic (with a fake clock), and that a short
//! run learns.

use rnn_playground::bench::workload::{self, Protocol, CONFIGS};
use rnn_playground::cells::CellKind;

fn series_text() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/series.csv");
    std::fs::read_to_string(path).expect("bench/series.csv is part of the repository")
}

#[test]
fn canonical_series_parses_and_matches_the_published_values() {
    let prices = workload::parse_series_csv(&series_text()).unwrap();
    assert_eq!(prices.len(), 2000);
    assert_eq!(prices[0], 100.20220750384033);
    assert_eq!(prices[1999], 134.47341769513963);
    assert_eq!(
        format!("{:08x}", workload::fnv1a32_f64(&prices)),
        "ccd22cfb"
    );
}

#[test]
fn a_changed_or_malformed_series_is_rejected_with_its_row() {
    let text = series_text();
    let changed = text.replacen("0,100.20220750384033", "0,100.20220750384034", 1);
    let err = workload::parse_series_csv(&changed).unwrap_err();
    assert!(err.contains("FNV-1a-32"), "{err}");

    let bad = text.replacen("\n5,", "\n5,x", 1);
    let err = workload::parse_series_csv(&bad).unwrap_err();
    assert!(err.contains("row 7") && err.contains("price"), "{err}");

    let skipped = text.replacen("\n5,", "\n6,", 1);
    let err = workload::parse_series_csv(&skipped).unwrap_err();
    assert!(err.contains("row 7") && err.contains("column t"), "{err}");

    let err = workload::parse_series_csv("time,price\n0,1\n").unwrap_err();
    assert!(err.contains("row 1"), "{err}");
}

#[test]
fn windows_follow_the_workload_definition() {
    let prices = workload::parse_series_csv(&series_text()).unwrap();
    let (lo, hi) = (85.00846154942286_f64, 146.0389218759415_f64);
    for (window, count) in [(10, 1590), (50, 1550)] {
        let w = workload::train_windows(&prices, window).unwrap();
        assert_eq!((w.n, w.x.len(), w.y.len()), (count, count * window, count));
        let s = |t: usize| ((prices[t] - lo) / (hi - lo)) as f32;
        assert_eq!(w.x[0], s(0));
        assert_eq!(w.x[window - 1], s(window - 1));
        assert_eq!(w.y[0], s(window));
        assert_eq!(w.x[(count - 1) * window], s(count - 1));
        assert_eq!(
            w.y[count - 1],
            s(1599),
            "the last target is the last train point"
        );
        let (min, max) =
            w.x.iter()
                .fold((f32::MAX, f32::MIN), |(a, b), &v| (a.min(v), b.max(v)));
        assert_eq!((min, max), (0.0, 1.0));
    }
    assert!(workload::train_windows(&prices[..100], 10).is_err());
    assert!(workload::train_windows(&prices, 0).is_err());
}

#[test]
fn names_map_to_configs_and_cells() {
    assert_eq!(workload::config_by_name("w50-h256-l2").unwrap(), CONFIGS[2]);
    assert!(workload::config_by_name("w10_h50")
        .unwrap_err()
        .contains("w10-h50-l1"));
    // The harnesses' cell names are the crate's (`CellKind: FromStr`), where `rnn` is rnn_tanh.
    assert!(matches!("gru".parse::<CellKind>(), Ok(CellKind::Gru)));
    assert!(matches!("rnn".parse::<CellKind>(), Ok(CellKind::RnnTanh)));
    assert!("elman".parse::<CellKind>().is_err());
}

/// A clock whose wall time advances by one second and CPU time by half a second every read.
fn ticking_clock() -> impl FnMut() -> workload::Stamp {
    let mut t = 0.0;
    move || {
        t += 1.0;
        workload::Stamp {
            wall_s: t,
            cpu_s: t / 2.0,
        }
    }
}

#[test]
fn a_short_run_learns_and_the_protocol_arithmetic_holds() {
    let prices = workload::parse_series_csv(&series_text()).unwrap();
    let protocol = Protocol {
        epochs: 3,
        warmup_epochs: 1,
        infer_warmup_passes: 1,
        infer_min_passes: 5,
        infer_min_seconds: 0.0,
    };
    for cell in [CellKind::Lstm, CellKind::Gru] {
        let r = workload::run(&prices, cell, &CONFIGS[0], &protocol, &mut ticking_clock()).unwrap();
        // Each epoch reads the clock twice, one tick apart: 1 s per epoch, 2 timed epochs.
        assert_eq!(r.epoch_times_s, vec![1.0; 3]);
        assert_eq!(r.train_samples_per_s, 1590.0);
        assert_eq!((r.epoch_s, r.warmup_epoch_s), (1.0, 1.0));
        // Five passes of 256 windows over five ticks.
        assert_eq!(r.infer_samples_per_s, 256.0);
        assert_eq!(
            (r.train_samples_per_cpu_s, r.infer_samples_per_cpu_s),
            (3180.0, 512.0)
        );
        let line: serde_json::Value =
            serde_json::from_str(&r.result_line("e", "env", "n")).unwrap();
        assert_eq!(line["train_samples_per_s"], 1590.0);
        assert_eq!(line["cell"], cell.to_string());
        assert_eq!(line["notes"], "n");
        // Predicting the mean gives var(y) ≈ 0.039; three epochs must do far better.
        assert!(
            r.mse_after_5_epochs < 0.01,
            "{cell:?}: MSE {}",
            r.mse_after_5_epochs
        );
        assert!(
            r.epoch_losses[2] < r.epoch_losses[0],
            "{:?}",
            r.epoch_losses
        );
        let expected_params = match cell {
            CellKind::Lstm => 4 * 50 * (1 + 50 + 2) + 51,
            _ => 3 * 50 * (1 + 50 + 2) + 51,
        };
        assert_eq!(r.params, expected_params);
    }
}

#[test]
fn a_protocol_without_timed_epochs_is_an_error() {
    let prices = workload::parse_series_csv(&series_text()).unwrap();
    let protocol = Protocol {
        epochs: 1,
        ..Protocol::STANDARD
    };
    let err = workload::run(
        &prices,
        CellKind::Lstm,
        &CONFIGS[0],
        &protocol,
        &mut ticking_clock(),
    )
    .unwrap_err();
    assert!(err.contains("none timed"), "{err}");
}
