//! Property tests of models and model files: save → load gives a network that predicts the
//! identical bits (JSON and safetensors), and the same seed twice gives identical weights, at
//! initialisation and after training steps.

use proptest::prelude::*;
use rnn_playground::cells::CellKind;
use rnn_playground::io::model_file::{from_json, from_safetensors, to_json, to_safetensors};
use rnn_playground::io::{Header, TrainingRecord};
use rnn_playground::model::{Loss, NetworkConfig, Optimizer, OptimizerConfig};

/// An architecture the model files can hold (univariate input).
fn network_config() -> impl Strategy<Value = NetworkConfig> {
    (
        prop_oneof![
            Just(CellKind::Lstm),
            Just(CellKind::Gru),
            Just(CellKind::RnnTanh),
            Just(CellKind::RnnRelu)
        ],
        1usize..7,
        1usize..3,
        any::<bool>(),
        1usize..4,
        any::<bool>(),
    )
        .prop_map(|(cell, hidden, layers, bidirectional, horizon, bias)| {
            let mut c = NetworkConfig::new(cell, hidden);
            c.num_layers = layers;
            c.bidirectional = bidirectional;
            c.output_size = horizon;
            c.bias = bias;
            c
        })
}

/// Any finite f32 (normal, subnormal, zero of either sign), as a weight.
fn weight() -> impl Strategy<Value = f32> {
    prop_oneof![
        -2.0f32..2.0,
        any::<f32>().prop_filter("finite", |v| v.is_finite()),
        Just(-0.0f32),
        Just(f32::MIN_POSITIVE / 3.0),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Weights of any finite value survive JSON and safetensors bit for bit, and the loaded
    /// network predicts exactly the bits the saved one does.
    #[test]
    fn save_then_load_predicts_identical_bits(
        cfg in network_config(),
        seed in any::<u64>(),
        weights in prop::collection::vec(weight(), 1..64),
        x in prop::collection::vec(-3.0f32..3.0, 1..24),
    ) {
        let mut net = cfg.init(seed).unwrap();
        // Overwrite a prefix of the weights with arbitrary finite values (cycled), and keep the
        // rest as initialised; extreme values may make predictions overflow, which must then
        // overflow identically after loading.
        for (v, w) in net.params.values.iter_mut().zip(weights.iter().cycle()) {
            *v = *w;
        }
        let training = TrainingRecord::default();
        let header = Header { scaler: None, transform: Default::default(), features: &[], training: &training };
        let seq = x.len();
        let want: Vec<u32> = net.predict(&x, 1, seq).iter().map(|v| v.to_bits()).collect();
        let json = to_json(&net, &header);
        let st = to_safetensors(&net, &header).unwrap();
        for (format, loaded) in [("json", from_json(&json)), ("safetensors", from_safetensors(&st))] {
            let mut back = loaded.map_err(|e| TestCaseError::fail(format!("{format}: {e}")))?;
            prop_assert_eq!(&back.network.config, &net.config, "{}", format);
            let a: Vec<u32> = net.params.values.iter().map(|v| v.to_bits()).collect();
            let b: Vec<u32> = back.network.params.values.iter().map(|v| v.to_bits()).collect();
            prop_assert_eq!(a, b, "{} weights", format);
            let got: Vec<u32> = back.network.predict(&x, 1, seq).iter().map(|v| v.to_bits()).collect();
            prop_assert_eq!(&got, &want, "{} predictions", format);
        }
    }

    /// The same seed and configuration give the same weight bits at initialisation and after
    /// a few Adam steps on the same data; another seed gives other weights.
    #[test]
    fn same_seed_twice_gives_identical_weights(
        cfg in network_config(),
        seed in any::<u64>(),
        series in prop::collection::vec(-1.0f32..1.0, 8..40),
    ) {
        let window = 4;
        let batch = (series.len() - window - cfg.output_size).clamp(1, 8);
        let run = |seed: u64| {
            let mut net = cfg.init(seed).unwrap();
            let mut x = Vec::new();
            let mut y = Vec::new();
            for b in 0..batch {
                for k in 0..window {
                    x.push(series[(b + k) % series.len()]);
                }
                for k in 0..cfg.output_size {
                    y.push(series[(b + window + k) % series.len()]);
                }
            }
            let init = net.params.values.clone();
            let mut opt = Optimizer::new(OptimizerConfig::adam(0.01), &net.params);
            for _ in 0..3 {
                net.compute_gradients(&x, &y, batch, window, Loss::Mse);
                opt.step(&mut net.params);
            }
            (init, net.params.values)
        };
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<u32>>();
        let (init_a, trained_a) = run(seed);
        let (init_b, trained_b) = run(seed);
        prop_assert_eq!(bits(&init_a), bits(&init_b));
        prop_assert_eq!(bits(&trained_a), bits(&trained_b));
        let (init_c, _) = run(seed ^ 0x9E37_79B9_7F4A_7C15);
        prop_assert_ne!(bits(&init_a), bits(&init_c));
    }
}
