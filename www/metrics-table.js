/**
 * The metrics table: the model beside the naive baselines (persistence,
 * seasonal naive, moving average) on train / validation / test, with the
 * skill score, and warnings a forecaster must not miss.
 */

const COLUMNS = [
  ['train_rmse', 'Train RMSE'],
  ['val_rmse', 'Val. RMSE'],
  ['test_rmse', 'Test RMSE'],
  ['test_mae', 'Test MAE'],
  ['test_smape', 'Test sMAPE %'],
];

/** @type {Record<string, string>} */
const BASELINE_NAMES = {
  persistence: 'Persistence (last value)',
  seasonal_naive: 'Seasonal naive',
  moving_average: 'Moving average',
  mean: 'Training mean',
  drift: 'Drift',
};

/**
 * The metrics object as the worker sends it. Its baseline report comes in two
 * shapes (per split, or one flat report for the test range) and any field may
 * be missing or null, so it is typed loosely and every read below checks what
 * it finds.
 * @typedef {Record<string, any>} MetricsObject
 */

/**
 * One row of the table.
 * @typedef {{name: string, label: string, values: Record<string, number|null>, skill: number|null}} MetricRow
 */

/**
 * The baseline report of one split: `metrics.baselines.test` when the report
 * is per split (`{train, val, test}`), else `metrics.baselines` itself (test).
 * @param {any} baselines
 * @param {string} split  `train` | `val` | `test`
 * @returns {any}
 */
function splitReport(baselines, split) {
  if (baselines && typeof baselines === 'object' && baselines.test && typeof baselines.test === 'object'
    && 'persistence' in baselines.test) {
    return baselines[split] ?? null;
  }
  return split === 'test' ? baselines : null;
}

/**
 * True for the error metrics of one baseline (`{rmse, …}` or `{test_rmse, …}`).
 * @param {unknown} b
 * @returns {b is Record<string, unknown>}
 */
function isErrorMetrics(b) {
  return !!b && typeof b === 'object' && !Array.isArray(b) && ('rmse' in b || 'test_rmse' in b);
}

/**
 * Rows of the table from the metrics object: the model first, then each
 * baseline. The baseline report is either per split (`baselines.train/val/test`,
 * each `{persistence, seasonal_naive, moving_average, season, ma_window, notes}`
 * with the pipeline's error metrics `{rmse, mae, smape, …}`) or one flat report
 * for the test range; a baseline of `null` is not available for this data
 * (shown as dashes). `season` and `ma_window` label the rows.
 * @param {MetricsObject} metrics
 * @returns {MetricRow[]}
 */
export function metricRows(metrics) {
  const baselines = metrics.baselines ?? {};
  const test = splitReport(baselines, 'test') ?? {};
  const persistence = pick(metrics.persistence_test_rmse) ?? baselineValue(test.persistence, 'test_rmse');
  /** @type {MetricRow[]} */
  const rows = [{ name: 'model', label: 'Model', values: {}, skill: null }];
  for (const [key] of COLUMNS) rows[0].values[key] = pick(metrics[key]);
  for (const [name, b] of Object.entries(test)) {
    if (!isErrorMetrics(b) && !(b === null && name in BASELINE_NAMES)) continue;
    /** @type {Record<string, number|null>} */
    const values = {};
    for (const [key] of COLUMNS) {
      const split = key.split('_')[0];
      const report = split === 'test' ? test : splitReport(baselines, split);
      values[key] = report ? baselineValue(report[name], split === 'test' ? key : `${split}_rmse`, split) : null;
      if (!report && isErrorMetrics(b)) values[key] = baselineValue(b, key); // flat report in the model's keys
    }
    let label = BASELINE_NAMES[name] ?? name.replace(/_/g, ' ');
    if (name === 'seasonal_naive' && Number.isFinite(test.season)) label += ` (season ${test.season})`;
    if (name === 'moving_average' && Number.isFinite(test.ma_window)) label += ` (window ${test.ma_window})`;
    if (b === null) label += ': not available';
    rows.push({ name, label, values, skill: null });
  }
  for (const r of rows) {
    const t = r.values.test_rmse;
    r.skill = r.name === 'model' && pick(metrics.skill) !== null
      ? metrics.skill
      : (t !== null && persistence ? 1 - t / persistence : null);
  }
  return rows;
}

/**
 * The baseline notes of the test report (e.g. why a seasonal baseline is missing).
 * @param {MetricsObject} metrics
 * @returns {string[]}
 */
export function baselineNotes(metrics) {
  const notes = splitReport(metrics.baselines ?? {}, 'test')?.notes;
  return Array.isArray(notes) ? notes : [];
}

/**
 * One number of a baseline's error metrics, under its key with or without the split prefix.
 * @param {any} b
 * @param {string} key
 * @param {string} [split]
 * @returns {number|null}
 */
function baselineValue(b, key, split = 'test') {
  if (b == null || typeof b !== 'object') return null;
  // The pipeline's error metrics name numbers without the split prefix (`rmse` for `test_rmse`).
  const prefix = `${split}_`;
  return pick(b[key]) ?? (key.startsWith(prefix) ? pick(b[key.slice(prefix.length)]) : null);
}

/**
 * `v` when it is a finite number, else null.
 * @param {unknown} v
 * @returns {number|null}
 */
function pick(v) {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * The warnings to show: the model's own plus "does not beat persistence".
 * @param {MetricsObject} metrics
 * @param {string[]} extra   warnings found by the page (e.g. the range check)
 * @returns {string[]}
 */
export function metricWarnings(metrics, extra = []) {
  /** @type {string[]} */
  const out = Array.isArray(metrics.warnings) ? metrics.warnings.map(String) : [];
  const skill = pick(metrics.skill);
  if (skill !== null && skill <= 0 && !out.some((w) => /beat persistence/i.test(w))) {
    out.unshift(`The model does not beat persistence on the test range (skill ${skill.toFixed(3)} ≤ 0): ` +
      'predicting "tomorrow = today" is at least as good.');
  }
  const rustRange = out.some((o) => /training range/i.test(o));
  for (const w of extra) {
    if (out.includes(w) || (rustRange && /training range/i.test(w))) continue;
    out.push(w);
  }
  return out;
}

/**
 * Whether test targets leave the range seen in training (the model must
 * extrapolate, which recurrent nets with bounded activations do badly).
 * @param {ArrayLike<number>} values  the series
 * @param {number} trainFrac
 * @param {number} valFrac
 * @returns {string|null} the warning, or null
 */
export function rangeWarning(values, trainFrac, valFrac) {
  const n = values.length;
  const trainEnd = Math.floor(n * trainFrac);
  const testStart = Math.floor(n * (trainFrac + valFrac));
  if (trainEnd < 2 || testStart >= n) return null;
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < trainEnd; i++) if (Number.isFinite(values[i])) { lo = Math.min(lo, values[i]); hi = Math.max(hi, values[i]); }
  let outside = 0, tlo = Infinity, thi = -Infinity;
  for (let i = testStart; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    tlo = Math.min(tlo, v); thi = Math.max(thi, v);
    if (v < lo || v > hi) outside++;
  }
  if (!outside) return null;
  const share = (100 * outside) / (n - testStart);
  return `The test range leaves the training range: ${share.toFixed(0)}% of test values lie outside ` +
    `[${fmt(lo)}, ${fmt(hi)}] (test spans [${fmt(tlo)}, ${fmt(thi)}]). Consider a differences or log-returns transform.`;
}

/**
 * A range bound for a warning.
 * @param {number} v
 */
function fmt(v) {
  return Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(2) : v.toFixed(2);
}

/**
 * Renders the table and warnings into `container` (replacing its content).
 * @param {HTMLElement} container
 * @param {MetricsObject|null} metrics
 * @param {string[]} [extraWarnings]
 */
export function renderMetrics(container, metrics, extraWarnings = []) {
  const doc = container.ownerDocument;
  container.replaceChildren();
  const warnings = metrics ? metricWarnings(metrics, extraWarnings) : extraWarnings;
  if (warnings.length) {
    const ul = doc.createElement('ul');
    ul.className = 'warnings';
    ul.setAttribute('role', 'alert');
    for (const w of warnings) {
      const li = doc.createElement('li');
      li.textContent = `⚠ ${w}`;
      ul.append(li);
    }
    container.append(ul);
  }
  if (!metrics) {
    const p = doc.createElement('p');
    p.className = 'muted';
    p.textContent = 'Train the model to compare it with the naive baselines.';
    container.append(p);
    return;
  }
  const table = doc.createElement('table');
  table.className = 'metrics';
  const cap = doc.createElement('caption');
  const when = metrics.epochs_run === 0 ? 'Before any training here' : `After ${metrics.epochs_run ?? '?'} epochs`;
  cap.textContent = `${when} (original scale; skill = 1 − RMSE / persistence RMSE on test)`;
  table.append(cap);
  const head = table.createTHead().insertRow();
  for (const [key, h] of [['', ''], ...COLUMNS, ['skill', 'Skill']]) {
    const th = doc.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    if (key) th.dataset.col = key;
    head.append(th);
  }
  const body = table.createTBody();
  for (const r of metricRows(metrics)) {
    const tr = body.insertRow();
    tr.dataset.row = r.name;
    const th = doc.createElement('th');
    th.scope = 'row';
    th.textContent = r.label;
    tr.append(th);
    for (const [key] of COLUMNS) {
      const td = tr.insertCell();
      td.textContent = num(r.values[key]);
      td.dataset.col = key;
    }
    const sk = tr.insertCell();
    sk.dataset.col = 'skill';
    sk.textContent = r.skill === null ? '–' : r.skill.toFixed(3);
    if (r.name === 'model' && r.skill !== null) sk.className = r.skill > 0 ? 'good' : 'bad';
  }
  container.append(table);
  const notes = baselineNotes(metrics);
  if (notes.length) {
    const p = doc.createElement('p');
    p.className = 'muted notes';
    p.textContent = notes.join(' ');
    container.append(p);
  }
}

/**
 * A table cell's number.
 * @param {number|null} v
 */
function num(v) {
  if (v === null) return '–';
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e5 || a < 1e-3)) return v.toExponential(3);
  return v.toPrecision(4);
}
