//! The text run end to end in the library: truncated BPTT lowers the bits per character, the
//! best validation epoch's weights are the ones kept, the state really is carried from chunk
//! to chunk, and model files (JSON and safetensors) round-trip to bit-identical generation.

use rnn_playground::app::{TextExperiment, TextSettings};
use rnn_playground::io::text_model;
use rnn_playground::model::CharLmConfig;
use rnn_playground::pipeline::corpora;
use rnn_playground::train::text::{
    eval_rows, split_loss, SampleOptions, TbpttOptions, TextTrainer,
};
use rnn_playground::train::StopReason;

fn sonnets(chars: usize) -> Vec<u8> {
    let info = corpora::info("sonnets").unwrap();
    corpora::embedded_bytes(info.file).unwrap()[..chars].to_vec()
}

fn small() -> TextSettings {
    TextSettings {
        hidden: 24,
        embed: 8,
        batch: 8,
        chunk: 24,
        lr: 0.01,
        epochs: 4,
        ..TextSettings::default()
    }
}

/// Overfits a 6,000-character text: validation bpc is best at epoch 8 of 12.
fn overfitting(epochs: usize, patience: usize) -> TextSettings {
    TextSettings {
        hidden: 64,
        embed: 8,
        batch: 8,
        chunk: 24,
        lr: 0.02,
        epochs,
        patience,
        ..TextSettings::default()
    }
}

#[test]
fn training_lowers_bpc_and_keeps_the_best_validation_epoch() {
    let mut ex = TextExperiment::new(&sonnets(6_000), "sonnets head", overfitting(12, 0)).unwrap();
    let before = ex.evaluate().unwrap();
    let p = ex.train_to_end(5, None, |_| {});
    assert_eq!(p.stop_reason, Some(StopReason::Epochs));
    let after = ex.evaluate().unwrap();
    assert!(
        after.val_bpc.unwrap() < before.val_bpc.unwrap() - 0.5,
        "{before:?} {after:?}"
    );
    let best = ex.trainer.best_epoch().unwrap();
    let h = ex.trainer.history();
    assert_eq!(h.len(), 12);
    assert!(best < 12, "this run is meant to overfit: {h:?}");
    let best_val = h[best - 1].val_bpc.unwrap();
    assert!(h.iter().all(|e| e.val_bpc.unwrap() >= best_val));
    assert!(h[11].val_bpc.unwrap() > best_val);
    // The kept weights are the best epoch's: their validation bpc is the recorded one, exactly.
    assert_eq!(after.val_bpc.unwrap(), best_val);
    assert_eq!((after.epochs_run, after.best_epoch), (12, Some(best)));
    assert_eq!(after.sample.chars().count(), 300);
    // With patience 2 the same run stops two epochs after the best one.
    let mut ex = TextExperiment::new(&sonnets(6_000), "sonnets head", overfitting(12, 2)).unwrap();
    let p = ex.train_to_end(5, None, |_| {});
    assert_eq!(p.stop_reason, Some(StopReason::EarlyStopping));
    assert_eq!(ex.trainer.epochs_run(), best + 2);
    assert_eq!(ex.evaluate().unwrap().val_bpc.unwrap(), best_val);
}

#[test]
fn the_state_is_carried_between_chunks() {
    // The trainer's two chunks equal a hand loop that passes each chunk's final state to the
    // next, bit for bit, and differ from the same loop restarting every chunk from zeros.
    let ids: Vec<u32> = (0..4 * 41).map(|i| (i * 7 % 5 % 3 + 1) as u32).collect();
    let cfg = CharLmConfig::new(rnn_playground::cells::CellKind::Gru, 4, 3, 5);
    let opts = TbpttOptions {
        epochs: 1,
        batch: 4,
        chunk: 20,
        ..TbpttOptions::default()
    };
    let optimizer = rnn_playground::model::OptimizerConfig::adam(0.01);
    let mut trained = cfg.init(1).unwrap();
    let mut t = TextTrainer::new(&trained, optimizer, opts.clone(), &ids).unwrap();
    assert_eq!(t.batches_per_epoch(), 2);
    t.advance(&mut trained, &[], 10, None);
    let by_hand = |carry: bool| {
        let mut lm = cfg.init(1).unwrap();
        let mut opt = rnn_playground::model::Optimizer::new(optimizer, &lm.params);
        let mut state = None;
        for k in 0..2 {
            let (mut x, mut y) = (vec![0; 80], vec![0; 80]);
            rnn_playground::pipeline::text::copy_chunk(&ids, 41, k * 20, 20, &mut x, &mut y);
            let (_, next) = lm.compute_gradients(&x, &y, 4, 20, state.as_ref());
            rnn_playground::model::clip_grad_norm(&mut lm.params, opts.clip);
            opt.step(&mut lm.params);
            state = carry.then_some(next);
        }
        lm.params.values
    };
    assert_eq!(trained.params.values, by_hand(true));
    assert_ne!(trained.params.values, by_hand(false));
}

#[test]
fn model_files_round_trip_to_the_same_generation() {
    let mut ex = TextExperiment::new(&sonnets(8_000), "sonnets head", small()).unwrap();
    ex.train_batches(6, None);
    let opts = SampleOptions {
        length: 120,
        temperature: 0.8,
        top_k: Some(10),
        seed: 5,
    };
    let want = ex.generate("Shall I", &opts).unwrap();
    assert_eq!(want.chars().count(), 120);
    let json = ex.export_json(None);
    let st = ex.export_safetensors(None).unwrap();
    for bytes in [json.as_bytes(), &st[..]] {
        assert!(text_model::is_text_model(bytes));
        let mut saved = text_model::from_bytes(bytes).unwrap();
        assert_eq!(saved.model.params.values, ex.model.params.values);
        assert_eq!(saved.vocab, ex.corpus.vocab);
        let got = rnn_playground::app::text_experiment::generate_text(
            &mut saved.model,
            &saved.vocab,
            saved.lowercase,
            "Shall I",
            &opts,
        )
        .unwrap();
        assert_eq!(got, want);
    }
    // PyTorch names in the safetensors file.
    let (tensors, _) = rnn_playground::io::safetensors_file::decode(&st).unwrap();
    let names: Vec<&str> = tensors.iter().map(|t| t.name.as_str()).collect();
    for n in [
        "embed.weight",
        "lstm.weight_ih_l0",
        "lstm.bias_hh_l0",
        "fc.weight",
        "fc.bias",
    ] {
        assert!(names.contains(&n), "{names:?}");
    }
    // A series reader refuses a text model and the text reader a series model, naming why.
    let err = rnn_playground::io::model_file::from_bytes(json.as_bytes()).unwrap_err();
    assert!(err.contains("rnn-playground-text-model"), "{err}");
    let series = r#"{"format": "rnn-playground-model", "version": 1, "weights": {}}"#;
    let err = text_model::from_bytes(series.as_bytes()).unwrap_err();
    assert!(err.contains("series model"), "{err}");
}

#[test]
fn fine_tuning_keeps_the_vocabulary_and_counts_unknown_characters() {
    let mut ex = TextExperiment::new(&sonnets(8_000), "sonnets head", small()).unwrap();
    ex.train_batches(3, None);
    let saved = text_model::from_bytes(ex.export_json(None).as_bytes()).unwrap();
    let vocab = saved.vocab.clone();
    let mut text = String::from_utf8(sonnets(6_000)).unwrap();
    text.push_str(&"ßøæ".repeat(100));
    let tuned = TextExperiment::from_model(
        saved,
        text.as_bytes(),
        "edited",
        small(),
        Default::default(),
    )
    .unwrap();
    assert_eq!(tuned.corpus.vocab, vocab);
    assert_eq!(tuned.corpus.unknown_count(), 300);
    assert!(
        tuned.summary().notes[0].contains("300 characters"),
        "{:?}",
        tuned.notes
    );
    let rows = eval_rows(tuned.corpus.test.len());
    let mut lm = tuned.model;
    assert!(split_loss(&mut lm, &tuned.corpus.test, rows)
        .unwrap()
        .bpc()
        .is_finite());
}
