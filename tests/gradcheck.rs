//! Finite-difference checks of every analytic gradient (parameters, input, initial states) on
//! small random configurations of every cell: stacked, bidirectional, without bias, with a
//! sequence head and multiple outputs.

use rnn_playground::cells::CellKind;
use rnn_playground::model::{
    HeadKind, Loss, NetworkConfig, Params, Recurrent, RecurrentConfig, State,
};
use rnn_playground::rng::Rng;

const CELLS: [CellKind; 4] = [
    CellKind::RnnTanh,
    CellKind::RnnRelu,
    CellKind::Lstm,
    CellKind::Gru,
];

fn randv(rng: &mut Rng, n: usize, scale: f32) -> Vec<f32> {
    (0..n).map(|_| rng.uniform(-scale, scale)).collect()
}

/// Central difference with step `eps` against the analytic value.
fn assert_close(what: &str, analytic: f32, numeric: f64) {
    let err = (analytic as f64 - numeric).abs();
    assert!(
        err <= 3e-3 + 3e-2 * numeric.abs(),
        "{what}: analytic {analytic} vs finite difference {numeric}"
    );
}

/// `L = Σ out·R + Σ h_n·S + Σ c_n·Q` for a recurrent stack.
struct Probe {
    cfg: RecurrentConfig,
    batch: usize,
    seq: usize,
    x: Vec<f32>,
    state: State,
    r: Vec<f32>,
    s: Vec<f32>,
    q: Vec<f32>,
}

impl Probe {
    fn loss(&self, params: &Params, x: &[f32], state: &State) -> f64 {
        let mut scratch = Params::new();
        let mut rnn = Recurrent::new(self.cfg.clone(), &mut scratch, "").unwrap();
        let (out, fin) = rnn.forward(params, x, self.batch, self.seq, Some(state), None);
        let dot = |a: &[f32], b: &[f32]| {
            a.iter()
                .zip(b)
                .map(|(x, y)| *x as f64 * *y as f64)
                .sum::<f64>()
        };
        dot(&out, &self.r) + dot(&fin.h, &self.s) + fin.c.as_ref().map_or(0.0, |c| dot(c, &self.q))
    }
}

fn check_recurrent(cfg: RecurrentConfig, seed: u64) {
    let mut rng = Rng::new(seed);
    let (batch, seq) = (2, 4);
    let mut params = Params::new();
    let mut rnn = Recurrent::new(cfg.clone(), &mut params, "").unwrap();
    rnn.init_params(&mut params, &mut rng);
    // Larger weights than the default init so that every gate works away from its linear region.
    params.values.iter_mut().for_each(|v| *v *= 2.0);
    let nstate = cfg.num_layers * cfg.dirs() * batch * cfg.hidden_size;
    let probe = Probe {
        batch,
        seq,
        x: randv(&mut rng, batch * seq * cfg.input_size, 1.0),
        state: State {
            h: randv(&mut rng, nstate, 0.5),
            c: cfg
                .cell
                .has_cell_state()
                .then(|| randv(&mut rng, nstate, 0.5)),
        },
        r: randv(&mut rng, batch * seq * cfg.output_size(), 1.0),
        s: randv(&mut rng, nstate, 1.0),
        q: randv(&mut rng, nstate, 1.0),
        cfg: cfg.clone(),
    };
    let mut train_rng = Rng::new(0);
    rnn.forward(
        &params,
        &probe.x,
        batch,
        seq,
        Some(&probe.state),
        Some(&mut train_rng),
    );
    let d_state = State {
        h: probe.s.clone(),
        c: cfg.cell.has_cell_state().then(|| probe.q.clone()),
    };
    params.zero_grads();
    let (dx, d0) = rnn.backward(&mut params, &probe.r, Some(&d_state));
    let eps = 1e-3f32;
    let tag = format!(
        "{:?} layers {} bi {} bias {}",
        cfg.cell, cfg.num_layers, cfg.bidirectional, cfg.bias
    );
    // Every parameter (these nets are small).
    for i in 0..params.values.len() {
        let mut p = params.clone();
        p.values[i] += eps;
        let up = probe.loss(&p, &probe.x, &probe.state);
        p.values[i] -= 2.0 * eps;
        let down = probe.loss(&p, &probe.x, &probe.state);
        let name = &params
            .tensors
            .iter()
            .find(|t| t.range().contains(&i))
            .unwrap()
            .name;
        assert_close(
            &format!("{tag}: d/d{name}[{}]", i),
            params.grads[i],
            (up - down) / (2.0 * eps as f64),
        );
    }
    for i in 0..probe.x.len() {
        let mut x = probe.x.clone();
        x[i] += eps;
        let up = probe.loss(&params, &x, &probe.state);
        x[i] -= 2.0 * eps;
        let down = probe.loss(&params, &x, &probe.state);
        assert_close(
            &format!("{tag}: d/dx[{i}]"),
            dx[i],
            (up - down) / (2.0 * eps as f64),
        );
    }
    for i in 0..nstate {
        let mut st = probe.state.clone();
        st.h[i] += eps;
        let up = probe.loss(&params, &probe.x, &st);
        st.h[i] -= 2.0 * eps;
        let down = probe.loss(&params, &probe.x, &st);
        assert_close(
            &format!("{tag}: d/dh0[{i}]"),
            d0.h[i],
            (up - down) / (2.0 * eps as f64),
        );
        if let Some(c) = st.c.as_mut() {
            let mut st = probe.state.clone();
            let c0 = st.c.as_mut().unwrap();
            c0[i] += eps;
            let up = probe.loss(&params, &probe.x, &st);
            st.c.as_mut().unwrap()[i] -= 2.0 * eps;
            let down = probe.loss(&params, &probe.x, &st);
            let _ = c;
            assert_close(
                &format!("{tag}: d/dc0[{i}]"),
                d0.c.as_ref().unwrap()[i],
                (up - down) / (2.0 * eps as f64),
            );
        }
    }
}

#[test]
fn recurrent_gradients_match_finite_differences() {
    let mut seed = 100;
    for cell in CELLS {
        for (layers, bi, bias) in [(1, false, true), (2, true, true), (2, false, false)] {
            let cfg = RecurrentConfig {
                cell,
                input_size: 3,
                hidden_size: 3,
                num_layers: layers,
                bidirectional: bi,
                bias,
                dropout: 0.0,
            };
            check_recurrent(cfg, seed);
            seed += 1;
        }
    }
}

#[test]
fn network_gradients_match_finite_differences() {
    for (i, cell) in CELLS.into_iter().enumerate() {
        for head in [HeadKind::LastStep, HeadKind::EveryStep] {
            let mut cfg = NetworkConfig::new(cell, 4);
            cfg.num_layers = 2;
            cfg.output_size = 2;
            cfg.head = head;
            let mut net = cfg.init(i as u64).unwrap();
            let mut rng = Rng::new(50 + i as u64);
            let (batch, seq) = (3, 5);
            let x = randv(&mut rng, batch * seq, 1.0);
            let ny = match head {
                HeadKind::LastStep => batch * 2,
                HeadKind::EveryStep => batch * seq * 2,
            };
            let y = randv(&mut rng, ny, 1.0);
            for loss in [Loss::Mse, Loss::Huber { delta: 0.3 }] {
                net.compute_gradients(&x, &y, batch, seq, loss);
                let grads = net.params.grads.clone();
                let eps = 1e-3f32;
                for j in (0..grads.len()).step_by(3) {
                    let orig = net.params.values[j];
                    net.params.values[j] = orig + eps;
                    let up = loss.value(&net.predict(&x, batch, seq), &y);
                    net.params.values[j] = orig - eps;
                    let down = loss.value(&net.predict(&x, batch, seq), &y);
                    net.params.values[j] = orig;
                    let name = &net
                        .params
                        .tensors
                        .iter()
                        .find(|t| t.range().contains(&j))
                        .unwrap()
                        .name;
                    assert_close(
                        &format!("{cell:?} {head:?} {loss:?} d/d{name}"),
                        grads[j],
                        (up - down) / (2.0 * eps as f64),
                    );
                }
            }
        }
    }
}
