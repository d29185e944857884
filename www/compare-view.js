/**
 * Everything `<rnn-compare>` writes to its shadow DOM: the markup, the run
 * legend, status and error lines, the three overlaid charts and the one
 * metrics table. No inline styles: the run colours are set through the CSSOM.
 */
import { CompareLossChart } from './charts/compare-loss-chart.js';
import { ComparePredictionChart } from './charts/compare-prediction-chart.js';
import { CompareGradientChart } from './charts/compare-gradient-chart.js';
import { compareRows, TABLE_COLUMNS } from './compare-results.js';

/** @typedef {import('./compare-runs.js').RunSpec} RunSpec */
/** @typedef {import('./charts/compare-loss-chart.js').RunLook} RunLook */

const SKELETON = `
<div class="app">
  <header>
    <h1 data-role="title">Cells compared</h1>
    <span class="badge" data-role="backend" title="Which WebAssembly build runs">loading wasm…</span>
    <p class="prose">The same data, seed and settings, one recurrent cell per run, each trained in its own worker
      at the same time. The gradient-flow chart shows how much of the loss's gradient reaches each step of the
      input window: where a line falls towards the oldest steps, that cell has forgotten them.</p>
  </header>
  <div class="toolbar" role="toolbar" aria-label="Training controls">
    <button class="primary" data-action="train">Train all</button>
    <button data-action="stop" disabled>Stop</button>
    <span class="status" role="status" aria-live="polite" data-role="status">Starting…</span>
  </div>
  <div class="error" data-role="error" role="alert" hidden><span class="msg"></span>
    <button data-action="dismiss-error" aria-label="Dismiss the error">×</button></div>
  <ul class="runs" data-role="runs" aria-label="Runs"></ul>
  <div class="compare-grid">
    <section class="panel"><div class="chart" data-role="loss-chart"></div></section>
    <section class="panel"><div class="chart" data-role="prediction-chart"></div></section>
    <section class="panel">
      <div class="chart" data-role="gradient-chart"></div>
      <label class="layer-toggle"><input type="checkbox" data-role="all-layers"> every layer (lower layers dashed)</label>
    </section>
    <section class="panel">
      <h2>Test metrics</h2>
      <div class="metrics-wrap" data-role="metrics"></div>
    </section>
  </div>
</div>`;

/** The view of one `<rnn-compare>`. */
export class CompareView {
  /** @param {ShadowRoot} root */
  constructor(root) {
    this.root = root;
    const holder = root.ownerDocument.createElement('div');
    holder.innerHTML = SKELETON;
    root.append(...holder.childNodes);
    /** @type {RunSpec[]} */
    this.runs = [];
    /** @type {RunLook[]} */
    this.looks = [];
    /** @type {CompareLossChart|null} */
    this.lossChart = null;
    /** @type {ComparePredictionChart|null} */
    this.predChart = null;
    /** @type {CompareGradientChart|null} */
    this.gradChart = null;
    /** @type {HTMLElement[]} each run's status in the legend */
    this.runStatus = [];
  }

  /**
   * The element matching `selector` in the view.
   * @param {string} selector
   * @returns {HTMLElement}
   */
  $(selector) {
    const el = this.root.querySelector(selector);
    if (!el) throw new Error(`<rnn-compare>: the view has no ${selector}`);
    return /** @type {HTMLElement} */ (el);
  }

  /**
   * Sets up the legend and the charts for these runs (rebuilding the charts).
   * @param {RunSpec[]} runs
   * @param {string[]} colors  one per run
   */
  setRuns(runs, colors) {
    this.runs = runs;
    this.looks = runs.map((r, i) => ({ label: r.label, color: colors[i] }));
    this.$('[data-role=title]').textContent = runs.length ? runs.map((r) => r.label).join(' vs ') : 'Cells compared';
    const doc = this.root.ownerDocument;
    const items = runs.map((r, i) => {
      const li = doc.createElement('li');
      li.dataset.run = String(i);
      li.dataset.cell = r.cell;
      const swatch = doc.createElement('span');
      swatch.className = 'swatch';
      swatch.style.backgroundColor = colors[i]; // CSSOM, allowed by style-src 'self'
      const label = doc.createElement('span');
      label.className = 'run-label';
      label.textContent = r.label;
      const status = doc.createElement('span');
      status.className = 'run-status';
      li.append(swatch, label, status);
      return li;
    });
    this.$('[data-role=runs]').replaceChildren(...items);
    this.runStatus = items.map((li) => /** @type {HTMLElement} */ (li.lastElementChild));
    const values = this.predChart?.values ?? null;
    this.lossChart?.destroy();
    this.predChart?.destroy();
    this.gradChart?.destroy();
    this.lossChart = new CompareLossChart(this.$('[data-role=loss-chart]'), this.looks);
    this.predChart = new ComparePredictionChart(this.$('[data-role=prediction-chart]'), this.looks);
    if (values) this.predChart.setSeries(values);
    this.gradChart = new CompareGradientChart(this.$('[data-role=gradient-chart]'), this.looks);
    this.gradChart.setAllLayers(/** @type {HTMLInputElement} */ (this.$('[data-role=all-layers]')).checked);
  }

  /**
   * One run's line in the legend.
   * @param {number} run
   * @param {string} text
   */
  setRunStatus(run, text) {
    const el = this.runStatus[run];
    if (el && el.textContent !== text) el.textContent = text;
  }

  /** @param {string} text */
  setStatus(text) {
    this.$('[data-role=status]').textContent = text;
  }

  /** @param {string} backend  @param {string|null} mode */
  showBackend(backend, mode) {
    const badge = this.$('[data-role=backend]');
    badge.textContent = mode === 'main-thread' ? `${backend} · main thread` : backend;
    badge.classList.toggle('warn', mode === 'main-thread');
  }

  /** @param {string} message */
  showError(message) {
    const box = this.$('[data-role=error]');
    this.$('[data-role=error] .msg').textContent = message;
    box.hidden = false;
  }

  clearError() {
    this.$('[data-role=error]').hidden = true;
  }

  /**
   * Enables the buttons that fit: Train when idle, Stop while training.
   * @param {'starting'|'idle'|'busy'|'running'} phase
   */
  renderToolbar(phase) {
    /** @type {HTMLButtonElement} */ (this.$('[data-action=train]')).disabled = phase !== 'idle';
    /** @type {HTMLButtonElement} */ (this.$('[data-action=stop]')).disabled = phase !== 'running';
  }

  /**
   * The comparison table: every run (metrics so far, or dashes), then persistence.
   * @param {{label: string, metrics: Record<string, any>|null, wall_s: number|null}[]} runs
   */
  renderTable(runs) {
    const doc = this.root.ownerDocument;
    const box = this.$('[data-role=metrics]');
    const rows = compareRows(runs);
    if (!rows.some((r) => r.values.test_rmse !== null)) {
      const p = doc.createElement('p');
      p.className = 'muted';
      p.textContent = 'Train to compare the cells with each other and with persistence ("tomorrow = today").';
      box.replaceChildren(p);
      return;
    }
    const table = doc.createElement('table');
    table.className = 'metrics compare';
    const cap = table.createCaption();
    cap.textContent = 'Original scale; skill = 1 − RMSE / persistence RMSE on test (above 0 beats persistence, the last value); ★ lowest test RMSE';
    const head = table.createTHead().insertRow();
    for (const [key, text] of [['', 'Run'], ...TABLE_COLUMNS, ['skill', 'Skill'], ['epochs', 'Epochs'], ['wall_s', 'Wall time']]) {
      const th = doc.createElement('th');
      th.scope = 'col';
      th.textContent = text;
      if (key) th.dataset.col = key;
      head.append(th);
    }
    const body = table.createTBody();
    for (const r of rows) {
      const tr = body.insertRow();
      tr.dataset.row = r.name;
      if (r.best) tr.className = 'best';
      const th = doc.createElement('th');
      th.scope = 'row';
      if (r.run !== null) th.style.borderLeft = `4px solid ${this.looks[r.run]?.color ?? 'transparent'}`; // CSSOM
      th.textContent = r.label;
      tr.append(th);
      for (const [key] of TABLE_COLUMNS) cell(tr, key, num(r.values[key]));
      const sk = cell(tr, 'skill', r.skill === null ? '–' : r.skill.toFixed(3));
      if (r.run !== null && r.skill !== null) sk.className = r.skill > 0 ? 'good' : 'bad';
      cell(tr, 'epochs', r.epochs === null ? '–' : String(r.epochs));
      cell(tr, 'wall_s', r.wall_s === null ? '–' : `${r.wall_s.toFixed(1)} s`);
    }
    box.replaceChildren(table);
  }
}

/**
 * Appends one table cell.
 * @param {HTMLTableRowElement} tr
 * @param {string} col
 * @param {string} text
 */
function cell(tr, col, text) {
  const td = tr.insertCell();
  td.dataset.col = col;
  td.textContent = text;
  return td;
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
