//! One training step (forward, MSE, BPTT, clip, Adam) of the classic configuration:
//! LSTM(hidden 50), window 10, batch 32, one input feature; plus GRU and the larger shapes of the
//! standard benchmark workload. Throughput is in training windows per second.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rnn_playground::cells::CellKind;
use rnn_playground::model::{clip_grad_norm, Loss, NetworkConfig, Optimizer, OptimizerConfig};
use rnn_playground::rng::Rng;
use std::hint::black_box;

fn train_step(c: &mut Criterion) {
    let mut group = c.benchmark_group("train_step");
    group.sample_size(20);
    for (cell, window, hidden, layers) in [
        (CellKind::Lstm, 10, 50, 1),
        (CellKind::Gru, 10, 50, 1),
        (CellKind::Lstm, 50, 128, 1),
    ] {
        let batch = 32;
        let mut cfg = NetworkConfig::new(cell, hidden);
        cfg.num_layers = layers;
        let mut net = cfg.init(1).unwrap();
        let mut opt = Optimizer::new(OptimizerConfig::adam(0.01), &net.params);
        let mut rng = Rng::new(2);
        let x: Vec<f32> = (0..batch * window).map(|_| rng.uniform(0.0, 1.0)).collect();
        let y: Vec<f32> = (0..batch).map(|_| rng.uniform(0.0, 1.0)).collect();
        group.throughput(Throughput::Elements(batch as u64));
        let id = BenchmarkId::new(format!("{cell}_w{window}_h{hidden}_l{layers}"), batch);
        group.bench_function(id, |b| {
            b.iter(|| {
                let loss = net.compute_gradients(black_box(&x), &y, batch, window, Loss::Mse);
                clip_grad_norm(&mut net.params, 1.0);
                opt.step(&mut net.params);
                loss
            })
        });
    }
    group.finish();
}

criterion_group!(benches, train_step);
criterion_main!(benches);
