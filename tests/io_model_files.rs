//! Model files: JSON and safetensors round-trips give identical predictions; corrupt, truncated,
//! other-version and wrong-shape files are refused with a message naming the field.

use rnn_playground::app::Experiment;
use rnn_playground::cells::CellKind;
use rnn_playground::config::PlaygroundConfig;
use rnn_playground::io::model_file::{self, from_bytes, from_json};
use rnn_playground::io::safetensors_file;
use rnn_playground::io::{write_atomic, NamedTensor};
use rnn_playground::pipeline::synthetic::sine;
use rnn_playground::train::Freeze;

fn trained(cell: CellKind) -> Experiment {
    let cfg = PlaygroundConfig {
        dataset: "sine".into(),
        cell,
        hidden: 6,
        layers: 2,
        window: 8,
        epochs: 2,
        ..Default::default()
    };
    let mut ex = Experiment::new(sine(200, 1).unwrap(), cfg).unwrap();
    ex.train_to_end(100, None, |_| {});
    ex
}

fn reloaded(ex: &Experiment, bytes: &[u8]) -> Experiment {
    let saved = from_bytes(bytes).unwrap();
    Experiment::from_model(
        ex.series.clone(),
        ex.config.clone(),
        saved,
        true,
        Freeze::None,
    )
    .unwrap()
}

#[test]
fn json_and_safetensors_round_trip_to_identical_predictions() {
    for cell in [CellKind::Lstm, CellKind::Gru, CellKind::RnnRelu] {
        let mut ex = trained(cell);
        let want = ex.predictions().unwrap();
        let json = ex.export_json(None);
        let st = ex.export_safetensors(None).unwrap();
        for bytes in [json.as_bytes(), &st[..]] {
            let mut back = reloaded(&ex, bytes);
            assert_eq!(back.network.config, ex.network.config);
            assert_eq!(back.network.params.values, ex.network.params.values);
            let got = back.predictions().unwrap();
            assert_eq!(got, want, "{cell:?}");
        }
    }
}

#[test]
fn bare_pytorch_safetensors_infers_the_architecture() {
    let ex = trained(CellKind::Gru);
    let tensors = rnn_playground::io::tensors::from_params(&ex.network.params);
    let bytes = safetensors_file::encode(&tensors, None).unwrap();
    let saved = from_bytes(&bytes).unwrap();
    assert_eq!(saved.network.config.hidden_size, 6);
    assert_eq!(saved.network.config.num_layers, 2);
    assert!(saved.scaler.is_none());
    assert!(saved.notes[0].contains("gru"), "{:?}", saved.notes);
}

#[test]
fn bad_model_files_name_the_problem() {
    let ex = trained(CellKind::Lstm);
    let json = ex.export_json(None);
    let e = from_bytes(b"").unwrap_err();
    assert!(e.contains("empty"), "{e}");
    let e = from_json(&json[..json.len() / 2]).unwrap_err();
    assert!(e.contains("not valid JSON"), "{e}");
    let e = from_json("{\"hello\": 1}").unwrap_err();
    assert!(e.contains("`format`"), "{e}");
    let e = from_json(&json.replacen("\"version\":1", "\"version\":2", 1)).unwrap_err();
    assert!(e.contains("`version`") && e.contains("2"), "{e}");
    let e = from_json(&json.replacen("\"hidden_size\":6", "\"hidden_size\":7", 1)).unwrap_err();
    assert!(
        e.contains("weights.lstm.weight_hh_l0") || e.contains("weights.lstm.weight_ih_l0"),
        "{e}"
    );
    let e = from_json(&json.replacen("\"hidden_size\":6", "\"hidden_size\":0", 1)).unwrap_err();
    assert!(e.contains("`config`") && e.contains("hidden"), "{e}");
    let e = from_json(&json.replacen('{', "{\"surprise\":1,", 1)).unwrap_err();
    assert!(
        e.contains("unknown field `surprise`") && e.contains("weights"),
        "{e}"
    );
    let e = from_bytes(&[0xff, 0xfe, 0x00, 0x01]).unwrap_err();
    assert!(e.contains("neither JSON nor safetensors"), "{e}");

    // Wrong shape inside safetensors with our header.
    let st = ex.export_safetensors(None).unwrap();
    let (mut tensors, meta) = safetensors_file::decode(&st).unwrap();
    let fc: &mut NamedTensor = tensors.iter_mut().find(|t| t.name == "fc.weight").unwrap();
    fc.shape = vec![2, 3];
    let bytes = safetensors_file::encode(&tensors, Some(meta)).unwrap();
    let e = from_bytes(&bytes).unwrap_err();
    assert!(e.contains("fc.weight") && e.contains("[2, 3]"), "{e}");
    let e = from_bytes(&st[..st.len() - 10]).unwrap_err();
    assert!(e.contains("safetensors"), "{e}");
}

#[test]
fn atomic_write_leaves_no_partial_file() {
    let ex = trained(CellKind::Lstm);
    let dir = std::env::temp_dir().join(format!("rnnpg-io-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("model.json");
    write_atomic(&path, ex.export_json(None).as_bytes()).unwrap();
    let saved = rnn_playground::io::load_model(&path).unwrap();
    assert_eq!(
        model_file::shapes(&saved.network),
        model_file::shapes(&ex.network)
    );
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}
