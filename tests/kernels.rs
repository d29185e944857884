//! Every kernel against `kernels::reference` (f64 accumulation) on seeded random inputs.
//!
//! Runs natively (`cargo test`) and in wasm (`cargo test --target wasm32-unknown-unknown`, Node
//! and headless Chromium), where the dispatching API uses the simd128 kernels, or in the
//! relaxed-SIMD build (`+relaxed-simd`) the same kernels with `f32x4.relaxed_madd`: its one or
//! two roundings per multiply-add both fit the error bounds below.

use rnn_playground::kernels::{self, reference, Trans};
use rnn_playground::rng::Rng;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

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

/// Every GEMM implementation compiled into this build, with its name.
fn gemm_impls() -> Vec<(&'static str, GemmFn)> {
    #[allow(unused_mut)]
    let mut v: Vec<(&'static str, GemmFn)> = vec![
        ("dispatch", kernels::gemm as GemmFn),
        ("scalar", kernels::scalar::gemm as GemmFn),
    ];
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    v.push(("simd128", kernels::simd128::gemm as GemmFn));
    v
}

/// One GEMM problem with random operands stored with row strides beyond the minimum.
struct Case {
    ta: Trans,
    tb: Trans,
    m: usize,
    n: usize,
    k: usize,
    alpha: f32,
    beta: f32,
    a: Vec<f32>,
    lda: usize,
    b: Vec<f32>,
    ldb: usize,
    c: Vec<f32>,
    ldc: usize,
}

fn random_vec(rng: &mut Rng, len: usize) -> Vec<f32> {
    (0..len).map(|_| rng.uniform(-1.0, 1.0)).collect()
}

impl Case {
    #[allow(clippy::too_many_arguments)]
    fn new(
        rng: &mut Rng,
        ta: Trans,
        tb: Trans,
        m: usize,
        n: usize,
        k: usize,
        alpha: f32,
        beta: f32,
        pad: bool,
    ) -> Case {
        let extra = |rng: &mut Rng| if pad { rng.below(4) } else { 0 };
        let (ar, ac) = if ta == Trans::No { (m, k) } else { (k, m) };
        let (br, bc) = if tb == Trans::No { (k, n) } else { (n, k) };
        let lda = ac.max(1) + extra(rng);
        let ldb = bc.max(1) + extra(rng);
        let ldc = n + extra(rng);
        let a = random_vec(rng, ar * lda);
        let b = random_vec(rng, br * ldb);
        let c = random_vec(rng, m * ldc);
        Case {
            ta,
            tb,
            m,
            n,
            k,
            alpha,
            beta,
            a,
            lda,
            b,
            ldb,
            c,
            ldc,
        }
    }

    fn a_at(&self, i: usize, p: usize) -> f32 {
        match self.ta {
            Trans::No => self.a[i * self.lda + p],
            Trans::Yes => self.a[p * self.lda + i],
        }
    }

    fn b_at(&self, p: usize, j: usize) -> f32 {
        match self.tb {
            Trans::No => self.b[p * self.ldb + j],
            Trans::Yes => self.b[j * self.ldb + p],
        }
    }

    /// Runs `f` on a copy of C and compares with the reference, element by element, within the
    /// standard bound for f32 dot products: `(k + 4) · ε · (|α| Σ|a||b| + |β||c|)`.
    fn check(&self, name: &str, f: GemmFn) {
        let mut want = self.c.clone();
        reference::gemm(
            self.ta, self.tb, self.m, self.n, self.k, self.alpha, &self.a, self.lda, &self.b,
            self.ldb, self.beta, &mut want, self.ldc,
        );
        let mut got = self.c.clone();
        f(
            self.ta, self.tb, self.m, self.n, self.k, self.alpha, &self.a, self.lda, &self.b,
            self.ldb, self.beta, &mut got, self.ldc,
        );
        let eps = f32::EPSILON as f64;
        for i in 0..self.m {
            for j in 0..self.ldc {
                let idx = i * self.ldc + j;
                if j >= self.n {
                    assert_eq!(
                        got[idx].to_bits(),
                        self.c[idx].to_bits(),
                        "{name}: wrote outside C at ({i},{j}) in {}",
                        self.describe()
                    );
                    continue;
                }
                let mag: f64 = (0..self.k)
                    .map(|p| (self.a_at(i, p) as f64 * self.b_at(p, j) as f64).abs())
                    .sum();
                let old = if self.beta == 0.0 {
                    0.0
                } else {
                    self.c[idx] as f64
                };
                let scale = self.alpha.abs() as f64 * mag + (self.beta as f64 * old).abs();
                let tol = (self.k as f64 + 4.0) * eps * scale + 1e-30;
                let err = (got[idx] as f64 - want[idx] as f64).abs();
                assert!(
                    err <= tol,
                    "{name}: C[{i},{j}] = {} but reference {} (err {err:e} > tol {tol:e}) in {}",
                    got[idx],
                    want[idx],
                    self.describe()
                );
            }
        }
    }

    fn describe(&self) -> String {
        format!(
            "gemm({:?}, {:?}, m={}, n={}, k={}, alpha={}, beta={}, lda={}, ldb={}, ldc={})",
            self.ta,
            self.tb,
            self.m,
            self.n,
            self.k,
            self.alpha,
            self.beta,
            self.lda,
            self.ldb,
            self.ldc
        )
    }
}

const TRANS: [(Trans, Trans); 4] = [
    (Trans::No, Trans::No),
    (Trans::No, Trans::Yes),
    (Trans::Yes, Trans::No),
    (Trans::Yes, Trans::Yes),
];

const ALPHA_BETA: [(f32, f32); 5] = [(1.0, 0.0), (1.0, 1.0), (-0.5, 2.0), (2.0, -1.0), (0.0, 0.5)];

fn check_all(case: &Case) {
    for (name, f) in gemm_impls() {
        case.check(name, f);
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn gemm_small_random_shapes_all_transposes() {
    let mut rng = Rng::new(0x6e6d);
    for trial in 0..60 {
        let (m, n, k) = (1 + rng.below(19), 1 + rng.below(23), rng.below(21));
        for &(ta, tb) in &TRANS {
            let (alpha, beta) = ALPHA_BETA[trial % ALPHA_BETA.len()];
            let case = Case::new(&mut rng, ta, tb, m, n, k, alpha, beta, trial % 2 == 0);
            check_all(&case);
        }
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn gemm_edge_shapes() {
    let mut rng = Rng::new(7);
    let shapes = [
        (1, 1, 1),
        (1, 1, 0),
        (3, 5, 0),
        (1, 17, 9),
        (17, 1, 9),
        (4, 8, 1),
        (5, 9, 2),
        (8, 16, 4),
        (12, 24, 33),
        (13, 7, 257),
    ];
    check_every_variant(&mut rng, &shapes);
}

/// Checks each `(m, n, k)` shape with every transpose pair, every alpha/beta pair, and both
/// tight and padded strides.
fn check_every_variant(rng: &mut Rng, shapes: &[(usize, usize, usize)]) {
    for &(m, n, k) in shapes {
        for &(ta, tb) in &TRANS {
            for &(alpha, beta) in &ALPHA_BETA {
                for pad in [false, true] {
                    check_all(&Case::new(rng, ta, tb, m, n, k, alpha, beta, pad));
                }
            }
        }
    }
}

/// Shapes that cross the driver's cache blocks (k > 256, m > 96, n > 2048) and the LSTM's.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn gemm_blocked_and_model_shapes() {
    let mut rng = Rng::new(99);
    let shapes = [
        (101, 37, 300, Trans::No, Trans::No),
        (97, 45, 530, Trans::Yes, Trans::No),
        (5, 2061, 3, Trans::No, Trans::Yes),
        (32, 200, 50, Trans::No, Trans::Yes),
        (320, 200, 1, Trans::No, Trans::Yes),
        (200, 50, 320, Trans::Yes, Trans::No),
        (32, 50, 200, Trans::No, Trans::No),
    ];
    for (idx, &(m, n, k, ta, tb)) in shapes.iter().enumerate() {
        let (alpha, beta) = ALPHA_BETA[idx % 4];
        check_all(&Case::new(
            &mut rng,
            ta,
            tb,
            m,
            n,
            k,
            alpha,
            beta,
            idx % 2 == 1,
        ));
    }
}

/// Matrix–vector shapes (a dimension of 1), which skip the packed driver when the vector and C
/// are contiguous: a one-feature model's input projection, input gradient and W_ih gradient.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn gemm_vector_shapes() {
    let mut rng = Rng::new(0x5e7);
    let shapes = [
        (1600, 1, 512),
        (512, 1, 1600),
        (1600, 512, 1),
        (1, 300, 77),
        (1, 1, 300),
        (37, 1, 1),
    ];
    check_every_variant(&mut rng, &shapes);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn gemm_beta_zero_ignores_nan_in_c() {
    let mut rng = Rng::new(3);
    for &(m, n, k) in &[
        (1, 1, 1),
        (7, 13, 5),
        (16, 16, 16),
        (9, 3, 0),
        (9, 1, 5),
        (1, 9, 5),
        (9, 7, 1),
    ] {
        for &(ta, tb) in &TRANS {
            let mut case = Case::new(&mut rng, ta, tb, m, n, k, 1.5, 0.0, true);
            for i in 0..m {
                for j in 0..n {
                    case.c[i * case.ldc + j] = f32::NAN;
                }
            }
            for (name, f) in gemm_impls() {
                case.check(name, f);
                let mut got = case.c.clone();
                f(
                    ta, tb, m, n, k, 1.5, &case.a, case.lda, &case.b, case.ldb, 0.0, &mut got,
                    case.ldc,
                );
                for i in 0..m {
                    for j in 0..n {
                        assert!(
                            got[i * case.ldc + j].is_finite(),
                            "{name}: NaN kept at ({i},{j})"
                        );
                    }
                }
            }
        }
    }
}

/// Repeated calls with shrinking and growing shapes reuse the packing workspace correctly.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn gemm_workspace_reuse_across_shapes() {
    let mut rng = Rng::new(11);
    for &(m, n, k) in &[
        (40, 60, 70),
        (3, 2, 1),
        (40, 60, 70),
        (9, 33, 12),
        (2, 2, 300),
    ] {
        check_all(&Case::new(
            &mut rng,
            Trans::No,
            Trans::Yes,
            m,
            n,
            k,
            1.0,
            1.0,
            false,
        ));
    }
}

/// `gemm_packed` (B packed once, reused) matches the reference; one `PackedB` is re-packed for
/// every shape so the reuse of its allocation is covered too.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn gemm_packed_matches_reference() {
    #[allow(clippy::too_many_arguments)]
    fn packed(
        ta: Trans,
        tb: Trans,
        m: usize,
        n: usize,
        k: usize,
        alpha: f32,
        a: &[f32],
        lda: usize,
        b: &[f32],
        ldb: usize,
        beta: f32,
        c: &mut [f32],
        ldc: usize,
    ) {
        PACKED.with(|p| {
            let mut p = p.borrow_mut();
            p.pack(tb, k, n, b, ldb);
            assert_eq!((p.rows(), p.cols()), (k, n));
            kernels::gemm_packed(ta, m, alpha, a, lda, &p, beta, c, ldc);
            // A second product with the same packed B gives the same result.
            let mut again = c.to_vec();
            kernels::gemm_packed(ta, m, alpha, a, lda, &p, 0.0, &mut again, ldc);
            if beta == 0.0 {
                assert_eq!(again, c.to_vec(), "repeated gemm_packed differs");
            }
        })
    }
    thread_local! {
        static PACKED: std::cell::RefCell<kernels::PackedB> =
            std::cell::RefCell::new(kernels::PackedB::new());
    }
    let mut rng = Rng::new(0x9acc);
    let shapes = [
        (32, 200, 50),
        (32, 50, 200),
        (1, 1, 1),
        (5, 3, 0),
        (7, 19, 300),
        (33, 17, 600),
        (100, 9, 5),
        (3, 40, 257),
    ];
    for (idx, &(m, n, k)) in shapes.iter().enumerate() {
        for &(ta, tb) in &TRANS {
            let (alpha, beta) = ALPHA_BETA[(idx + 1) % ALPHA_BETA.len()];
            let case = Case::new(&mut rng, ta, tb, m, n, k, alpha, beta, idx % 2 == 0);
            case.check("gemm_packed", packed);
        }
    }
}

/// Max error of an activation against its f64 value over a dense grid and special values.
/// Returns (max absolute error, max error in units of f32 epsilon relative to |f(x)|).
fn activation_errors(f: fn(&mut [f32]), exact: fn(f64) -> f64) -> (f64, f64) {
    let mut xs: Vec<f32> = (-400_000..=400_000).map(|i| i as f32 * 5e-5).collect();
    let mut rng = Rng::new(5);
    xs.extend((0..20_000).map(|_| rng.uniform(-100.0, 100.0)));
    xs.extend((0..20_000).map(|_| {
        let e = rng.uniform(-30.0, 0.0);
        let s = if rng.below(2) == 0 { -1.0 } else { 1.0 };
        s * 10f32.powf(e)
    }));
    xs.extend([
        0.0, -0.0, 0.625, -0.625, 0.6249999, 87.0, -87.0, 88.5, -88.5, 1e30, -1e30,
    ]);
    xs.extend([
        f32::INFINITY,
        f32::NEG_INFINITY,
        f32::MAX,
        f32::MIN,
        f32::MIN_POSITIVE,
    ]);
    let mut ys = xs.clone();
    f(&mut ys);
    let (mut max_abs, mut max_rel) = (0.0f64, 0.0f64);
    for (&x, &y) in xs.iter().zip(&ys) {
        let want = exact(x as f64);
        let err = (y as f64 - want).abs();
        max_abs = max_abs.max(err);
        // Relative to the f32 spacing at the result; results below 1e-30 (where the exp clamp
        // makes sigmoid return ~1e-38 instead of a subnormal or 0) count by absolute error only.
        let unit = want.abs().max(1e-30) * f32::EPSILON as f64;
        max_rel = max_rel.max(err / unit);
    }
    let mut nan = [f32::NAN; 5];
    f(&mut nan);
    assert!(nan.iter().all(|v| v.is_nan()), "NaN input must give NaN");
    (max_abs, max_rel)
}

/// An in-place activation kernel.
type Activation = fn(&mut [f32]);

fn sigmoid_f64(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Measured (native scalar, wasm scalar and simd128 alike): sigmoid max abs error 8.9e-8, max 1.24 ε relative;
/// tanh max abs error 7.2e-8, max 1.08 ε relative. Bounds: 2e-7 absolute, 4 ε relative.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn activations_accuracy_bound() {
    #[allow(unused_mut)]
    let mut impls: Vec<(&str, Activation, Activation)> = vec![
        ("dispatch", kernels::sigmoid_inplace, kernels::tanh_inplace),
        (
            "scalar",
            kernels::scalar::sigmoid_inplace,
            kernels::scalar::tanh_inplace,
        ),
    ];
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    impls.push((
        "simd128",
        kernels::simd128::sigmoid_inplace,
        kernels::simd128::tanh_inplace,
    ));
    #[cfg(target_arch = "x86_64")]
    if kernels::avx2::available() {
        impls.push((
            "avx2",
            kernels::avx2::sigmoid_inplace,
            kernels::avx2::tanh_inplace,
        ));
    }
    for (name, sig, tanh) in impls {
        let (sa, sr) = activation_errors(sig, sigmoid_f64);
        let (ta, tr) = activation_errors(tanh, f64::tanh);
        let line = format!(
            "{name}: sigmoid abs {sa:.3e} rel {sr:.2} eps; tanh abs {ta:.3e} rel {tr:.2} eps"
        );
        #[cfg(target_arch = "wasm32")]
        wasm_bindgen_test::console_log!("{line}");
        #[cfg(not(target_arch = "wasm32"))]
        println!("{line}");
        assert!(
            sa <= 2e-7 && sr <= 4.0,
            "{name} sigmoid: abs {sa:e}, rel {sr} eps"
        );
        assert!(
            ta <= 2e-7 && tr <= 4.0,
            "{name} tanh: abs {ta:e}, rel {tr} eps"
        );
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn vector_ops_match_reference() {
    type Axpy = fn(f32, &[f32], &mut [f32]);
    type Dot = fn(&[f32], &[f32]) -> f32;
    #[allow(unused_mut)]
    let mut impls: Vec<(&str, Axpy, Dot)> = vec![
        ("dispatch", kernels::axpy, kernels::dot),
        ("scalar", kernels::scalar::axpy, kernels::scalar::dot),
    ];
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    impls.push(("simd128", kernels::simd128::axpy, kernels::simd128::dot));
    #[cfg(target_arch = "x86_64")]
    if kernels::avx2::available() {
        impls.push(("avx2", kernels::avx2::axpy, kernels::avx2::dot));
    }
    let mut rng = Rng::new(21);
    for len in (0..40).chain([63, 64, 65, 127, 1000, 1001]) {
        let x = random_vec(&mut rng, len);
        let y = random_vec(&mut rng, len);
        let alpha = rng.uniform(-2.0, 2.0);
        let want_dot: f64 = x.iter().zip(&y).map(|(&a, &b)| a as f64 * b as f64).sum();
        let mag: f64 = x
            .iter()
            .zip(&y)
            .map(|(&a, &b)| (a as f64 * b as f64).abs())
            .sum();
        for (name, axpy, dot) in &impls {
            let got = dot(&x, &y) as f64;
            let tol = (len as f64 + 2.0) * f32::EPSILON as f64 * mag + 1e-30;
            assert!(
                (got - want_dot).abs() <= tol,
                "{name} dot len {len}: {got} vs {want_dot}"
            );
            let mut out = y.clone();
            axpy(alpha, &x, &mut out);
            for i in 0..len {
                let want = y[i] as f64 + alpha as f64 * x[i] as f64;
                let tol = 2.0 * f32::EPSILON as f64 * (y[i].abs() + (alpha * x[i]).abs()) as f64;
                assert!(
                    (out[i] as f64 - want).abs() <= tol,
                    "{name} axpy len {len} at {i}"
                );
            }
        }
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn broadcast_and_reductions() {
    let mut rng = Rng::new(8);
    let (rows, cols, ld) = (5, 7, 9);
    let m = random_vec(&mut rng, rows * ld);
    let row = random_vec(&mut rng, cols);
    let mut added = m.clone();
    kernels::add_row_broadcast(&mut added, rows, ld, &row);
    for r in 0..rows {
        for j in 0..ld {
            let want = if j < cols {
                m[r * ld + j] + row[j]
            } else {
                m[r * ld + j]
            };
            assert_eq!(added[r * ld + j], want, "add_row_broadcast at ({r},{j})");
        }
    }
    let start = random_vec(&mut rng, cols);
    let mut sums = start.clone();
    kernels::add_column_sums(&m, rows, ld, &mut sums);
    for j in 0..cols {
        let want: f64 = start[j] as f64 + (0..rows).map(|r| m[r * ld + j] as f64).sum::<f64>();
        assert!(
            (sums[j] as f64 - want).abs() < 1e-5,
            "add_column_sums col {j}"
        );
    }
    let ss = kernels::sum_squares(&m);
    let want: f64 = m.iter().map(|&v| v as f64 * v as f64).sum();
    assert!((ss - want).abs() < 1e-9 * want.max(1.0));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn backend_name_matches_build() {
    let forced_scalar = std::env::var("RNN_PLAYGROUND_KERNELS").is_ok_and(|v| v == "scalar");
    #[cfg(target_arch = "x86_64")]
    let avx2 = kernels::avx2::available() && !forced_scalar;
    #[cfg(not(target_arch = "x86_64"))]
    let avx2 = false && !forced_scalar;
    let want = if cfg!(all(
        target_arch = "wasm32",
        target_feature = "simd128",
        target_feature = "relaxed-simd"
    )) {
        "relaxed-simd"
    } else if cfg!(all(target_arch = "wasm32", target_feature = "simd128")) {
        "simd128"
    } else if avx2 {
        "avx2"
    } else {
        "scalar"
    };
    assert_eq!(kernels::backend_name(), want);
}
