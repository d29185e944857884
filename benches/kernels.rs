//! GEMM throughput of the native kernels (criterion): square sizes 64..512 and the shapes the
//! LSTM cells run, for the dispatching kernel (what the model uses), the same with B prepacked
//! (`gemm_packed`), the portable scalar kernel, and the f64 reference (for a speed-up ratio). Throughput is reported in flops
//! (`2·m·n·k` "elements" per GEMM), so criterion's "elem/s" reads as flop/s.
//! Also the activations over a 32×200 gate block.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rnn_playground::kernels::{self, reference, Trans};
use rnn_playground::rng::Rng;
use std::hint::black_box;

type GemmFn = fn(
    Trans,
    Trans,
    usize,
    usize,
    usize,
    f32,
    &[f32],
    usize,
    &[f32],
    usize,
    f32,
    &mut [f32],
    usize,
);

fn random(len: usize, seed: u64) -> Vec<f32> {
    let mut rng = Rng::new(seed);
    (0..len).map(|_| rng.uniform(-1.0, 1.0)).collect()
}

/// (m, n, k, op(B) transposed, name)
const SHAPES: [(usize, usize, usize, bool, &str); 9] = [
    (64, 64, 64, false, "square64"),
    (128, 128, 128, false, "square128"),
    (256, 256, 256, false, "square256"),
    (512, 512, 512, false, "square512"),
    (32, 200, 50, true, "lstm_h50_step_NT"),
    (320, 200, 1, true, "lstm_w10_input_NT"),
    (200, 50, 320, false, "lstm_h50_dW_TN"),
    (32, 512, 128, true, "lstm_h128_step_NT"),
    (1600, 512, 128, true, "lstm_w50_h128_input_NT"),
];

fn gemm_benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("gemm");
    group.sample_size(20);
    let mut impls: Vec<(&str, GemmFn)> = vec![
        (kernels::backend_name(), kernels::gemm),
        ("scalar_portable", kernels::scalar::gemm),
        ("reference", reference::gemm),
    ];
    if kernels::backend_name() == "scalar" {
        impls.remove(1);
    }
    for &(m, n, k, tb, name) in &SHAPES {
        // The weight-gradient shape accumulates over time: op(A) = Aᵀ with A stored [k, m].
        let ta = if name.ends_with("_TN") {
            Trans::Yes
        } else {
            Trans::No
        };
        let lda = if ta == Trans::Yes { m } else { k };
        let (tb, ldb) = if tb { (Trans::Yes, k) } else { (Trans::No, n) };
        let a = random(m * k, 1);
        let b = random(k * n, 2);
        let mut out = vec![0.0f32; m * n];
        group.throughput(Throughput::Elements((2 * m * n * k) as u64));
        if ta == Trans::No {
            // B packed once outside the loop, as a recurrent weight is per optimiser step.
            let mut packed = kernels::PackedB::new();
            packed.pack(tb, k, n, &b, ldb);
            let label = format!("{}_packed_b", kernels::backend_name());
            group.bench_function(BenchmarkId::new(label, name), |bch| {
                bch.iter(|| {
                    kernels::gemm_packed(ta, m, 1.0, black_box(&a), lda, &packed, 0.0, &mut out, n);
                    black_box(&out);
                })
            });
        }
        for &(label, f) in &impls {
            // The f64 triple loop at 512³ takes seconds per call; the smaller sizes give its ratio.
            if label == "reference" && m * n * k > 256 * 256 * 256 {
                continue;
            }
            group.bench_function(BenchmarkId::new(label, name), |bch| {
                bch.iter(|| {
                    f(
                        ta,
                        tb,
                        m,
                        n,
                        k,
                        1.0,
                        black_box(&a),
                        lda,
                        black_box(&b),
                        ldb,
                        0.0,
                        &mut out,
                        n,
                    );
                    black_box(&out);
                })
            });
        }
    }
    group.finish();
}

fn activation_benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("activations");
    let x = random(32 * 200, 3);
    let mut buf = x.clone();
    group.throughput(Throughput::Elements(x.len() as u64));
    group.bench_function("sigmoid_32x200", |b| {
        b.iter(|| {
            buf.copy_from_slice(&x);
            kernels::sigmoid_inplace(&mut buf);
            black_box(&buf);
        })
    });
    group.bench_function("tanh_32x200", |b| {
        b.iter(|| {
            buf.copy_from_slice(&x);
            kernels::tanh_inplace(&mut buf);
            black_box(&buf);
        })
    });
    group.finish();
}

criterion_group!(benches, gemm_benches, activation_benches);
criterion_main!(benches);
