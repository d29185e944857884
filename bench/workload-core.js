// The standard benchmark workload, the parts every JavaScript harness shares in Node and in the
// browser (no Node or DOM APIs here): the canonical series' checksum and parser, min-max scaling
// on the train split, the windows, the configurations, the measurement arithmetic and the JSON
// result line. Engines supply "train one epoch", "predict a batch" and a clock.

/** Number of points in the canonical series. */
export const N_POINTS = 2000;
/** Length of the train split: floor(0.8 N). */
export const N_TRAIN = 1600;
/** Mini-batch size of the training protocol. */
export const BATCH = 32;
/** Batch size of the inference measurement. */
export const INFER_BATCH = 256;
/** Epochs trained; the first one is the warm-up, the rest are timed. */
export const EPOCHS = 5;
/** FNV-1a-32 of the little-endian f64 bytes of the 2000 prices. */
export const SERIES_FNV = 'ccd22cfb';

/** The three standard configurations: window, hidden units, stacked layers. */
export const CONFIGS = {
  'w10-h50-l1': { window: 10, hidden: 50, layers: 1 },
  'w50-h128-l1': { window: 50, hidden: 128, layers: 1 },
  'w50-h256-l2': { window: 50, hidden: 256, layers: 2 },
};

/** The two recurrent cells the benchmark covers. */
export const CELLS = ['lstm', 'gru'];

/** FNV-1a-32 (hex, 8 digits) over the little-endian f64 bytes of `values`. */
export function fnv1a32F64(values) {
  const bytes = new Uint8Array(new Float64Array(values).buffer);
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * Parses the text of series.csv (header `t,price`, 2000 rows) and verifies its checksum.
 * Throws with the row number on any malformed line; `name` labels the messages.
 */
export function parseSeriesCsv(text, name = 'series.csv') {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (lines[0] !== 't,price') {
    throw new Error(`${name}: row 1: expected header "t,price", found "${lines[0]}"`);
  }
  const prices = [];
  for (let r = 1; r < lines.length; r++) {
    const fields = lines[r].split(',');
    const t = Number(fields[0]);
    const price = Number(fields[1]);
    if (fields.length !== 2 || !Number.isInteger(t) || t !== r - 1 || !Number.isFinite(price)) {
      throw new Error(`${name}: row ${r + 1}: expected "${r - 1},<price>", found "${lines[r]}"`);
    }
    prices.push(price);
  }
  if (prices.length !== N_POINTS) {
    throw new Error(`${name}: expected ${N_POINTS} prices, found ${prices.length}`);
  }
  const sum = fnv1a32F64(prices);
  if (sum !== SERIES_FNV) {
    throw new Error(`${name}: FNV-1a-32 of the prices is ${sum}, expected ${SERIES_FNV}`);
  }
  return prices;
}

/** Min-max scales in f64 with the min and max of the first N_TRAIN points. */
export function scaleSeries(prices) {
  let min = Infinity;
  let max = -Infinity;
  for (let t = 0; t < N_TRAIN; t++) {
    min = Math.min(min, prices[t]);
    max = Math.max(max, prices[t]);
  }
  return { scaled: prices.map((p) => (p - min) / (max - min)), min, max };
}

/**
 * The train windows of length `window`: x is [n, window] (one feature) row-major f32,
 * y is [n] f32, n = N_TRAIN - window, in chronological order.
 */
export function trainWindows(scaled, window) {
  const n = N_TRAIN - window;
  const x = new Float32Array(n * window);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < window; j++) x[i * window + j] = scaled[i + j];
    y[i] = scaled[i + window];
  }
  return { x, y, n };
}

/** Mean squared error accumulated in f64. */
export function mse(pred, target) {
  let s = 0;
  for (let i = 0; i < target.length; i++) {
    const d = pred[i] - target[i];
    s += d * d;
  }
  return s / target.length;
}

/** Median of a non-empty array of numbers. */
export function median(values) {
  const v = [...values].sort((a, b) => a - b);
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/**
 * Runs the inference measurement: 2 warm-up passes, then passes until at least 5 passes and
 * `minSeconds` seconds. `pass()` must run one forward pass of INFER_BATCH windows and read the
 * outputs back; `stamp()` returns `{wall, cpu}` seconds (cpu NaN when unknown). Returns windows
 * per wall-clock second and per CPU second.
 */
export async function measureInference(pass, stamp, minSeconds = 1) {
  await pass();
  await pass();
  let passes = 0;
  const t0 = stamp();
  let t = t0;
  while (passes < 5 || t.wall - t0.wall < minSeconds) {
    await pass();
    passes++;
    t = stamp();
  }
  return {
    perWall: (INFER_BATCH * passes) / (t.wall - t0.wall),
    perCpu: (INFER_BATCH * passes) / (t.cpu - t0.cpu),
  };
}

/** One JSON result line with the keys every harness prints, in a fixed order. */
export function resultLine(r) {
  return JSON.stringify({
    engine: r.engine,
    env: r.env,
    cell: r.cell,
    config: r.config,
    train_samples_per_s: round(r.train_samples_per_s, 2),
    infer_samples_per_s: round(r.infer_samples_per_s, 2),
    epoch_s: round(r.epoch_s, 4),
    warmup_epoch_s: round(r.warmup_epoch_s, 4),
    mse_after_5_epochs: r.mse_after_5_epochs == null ? null : Number(r.mse_after_5_epochs.toPrecision(6)),
    train_samples_per_cpu_s: round(r.train_samples_per_cpu_s, 2),
    infer_samples_per_cpu_s: round(r.infer_samples_per_cpu_s, 2),
    notes: r.notes ?? '',
  });
}

function round(v, digits) {
  if (v == null || !Number.isFinite(v)) return v ?? null;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
