/**
 * The element's view: everything that writes to its shadow DOM (controls,
 * status, errors, notices, the data line, the charts, metrics, the toolbar).
 * `ElementView` holds the shadow root and the charts; each method takes what
 * it shows as arguments and reads nothing else of the element.
 */
import { serializeHash } from './url-state.js';
import { writeControls, setColumnChoices } from './controls.js';
import { setFeatureChoices } from './feature-select.js';
import { renderMetrics, rangeWarning } from './metrics-table.js';
import { csvHeader } from './data-input.js';
import { controls } from './lifecycle.js';
import { required } from './template.js';
import { LossChart } from './charts/loss-chart.js';
import { PredictionChart } from './charts/prediction-chart.js';
import { PreviewChart } from './charts/preview-chart.js';
import { InspectPanel } from './inspect-panel.js';
import { showOpenSections } from './sections.js';
import { resultSentence, bestEpochText, transformHint } from './result-sentence.js';

/** @typedef {import('./url-state.js').PageState} PageState */
/** @typedef {import('./protocol.js').Progress} Progress */
/** @typedef {import('./protocol.js').DataSource} DataSource */
/** @typedef {import('./lifecycle.js').Lifecycle} Lifecycle */

/**
 * The status line while or after training.
 * @param {Progress|null|undefined} p
 * @param {number} epochs  the epochs the settings ask for
 */
export function progressText(p, epochs) {
  if (!p) return '';
  const val = p.val_loss == null ? '' : `, val. loss ${p.val_loss.toPrecision(4)}`;
  return `Epoch ${p.epoch} of ${epochs}, batch ${p.batch}/${p.batches_per_epoch}: ` +
    `train loss ${p.train_loss.toPrecision(4)}${val}, ${Math.round(p.samples_per_s)} samples/s`;
}

/** Why a run ended, as the status line says it (the Rust `StopReason`s). */
const STOP_REASONS = /** @type {Record<string, string>} */ ({
  epochs: 'all epochs done', early_stopping: 'early stopping (best weights restored)',
  diverged: 'the loss diverged', stopped: 'stopped',
});

/**
 * The status line when a run has ended.
 * @param {Progress|null|undefined} p  its last progress report
 * @param {number} epochs
 */
export function finishedText(p, epochs) {
  const why = STOP_REASONS[p?.stop_reason ?? ''] ?? 'done';
  return `Finished: ${why}. ${progressText(p, epochs)}`;
}

/**
 * The warnings beside the metrics table. The pipeline's (range checks on the
 * transformed series) are the authority; before a model exists, the page's own
 * range check on the raw values stands in.
 * @param {{warnings?: string[]}|null} configSummary
 * @param {{values: ArrayLike<number>}|null} summary
 * @param {Record<string, any>} config  the settings
 * @returns {string[]}
 */
export function tableWarnings(configSummary, summary, config) {
  if (configSummary) return [...(configSummary.warnings ?? [])];
  if (!summary) return [];
  const w = rangeWarning(summary.values, config.train_frac, config.val_frac);
  return w ? [w] : [];
}

/** Writes the element's state to its shadow DOM. */
export class ElementView {
  /**
   * The charts are built on first use (the element's start-up builds each in a task of its own).
   * @param {ShadowRoot} root  filled by `renderTemplate`
   */
  constructor(root) {
    this.root = root;
    /** @type {LossChart|null} */
    this.builtLossChart = null;
    /** @type {PredictionChart|null} */
    this.builtPredChart = null;
    /** @type {PreviewChart|null} */
    this.builtPreview = null;
    /** @type {InspectPanel|null} */
    this.builtInspectPanel = null;
    renderMetrics(this.$('[data-role=metrics]'), null);
  }

  /** The loss chart. */
  get lossChart() {
    this.builtLossChart ??= new LossChart(this.$('[data-role=loss-chart]'));
    return this.builtLossChart;
  }

  /** The prediction chart: the series, the model's predictions and the forecast. */
  get predChart() {
    this.builtPredChart ??= new PredictionChart(this.$('[data-role=prediction-chart]'));
    return this.builtPredChart;
  }

  /** The small preview of the loaded column. */
  get preview() {
    this.builtPreview ??= new PreviewChart(this.$('[data-role=preview-chart]'));
    return this.builtPreview;
  }

  /**
   * The "Inside the network" panel (its owner, www/inspect-live.js, feeds it), built on first
   * use: its charts cost a start-up task of their own.
   */
  get inspectPanel() {
    this.builtInspectPanel ??= new InspectPanel(this.$('[data-role=inspect-panel]'), {
      stepLabel: (row) => {
        const date = this.predChart.dates?.[row];
        return date ? `${date} (step ${row})` : `step ${row}`;
      },
    });
    return this.builtInspectPanel;
  }

  /**
   * The element under the shadow root matching `selector` (it must exist).
   * @param {string} selector
   */
  $(selector) {
    return required(this.root, selector);
  }

  /**
   * Shows the loaded data: the source line and the column picker (the charts: {@link showSeries}).
   * @param {any} summary       the DataSummary of the load
   * @param {DataSource} source the load-data payload it came from
   * @param {string} column     the column the settings name
   */
  showData(summary, source, column) {
    const s = summary;
    const name = source.kind === 'csv' ? source.name ?? 'CSV' : s.source;
    const box = this.$('[data-role=source]');
    const doc = this.root.ownerDocument;
    const head = doc.createElement('strong');
    head.textContent = `${name}: ${s.rows} rows, column "${s.column}"` +
      (s.missing_count ? `, ${s.missing_count} missing` : '');
    const notes = doc.createElement('small');
    notes.className = 'muted';
    notes.textContent = (s.notes ?? []).join(' ');
    const warnings = doc.createElement('small');
    warnings.className = 'data-warnings';
    warnings.textContent = (s.warnings ?? []).map((/** @type {string} */ w) => `⚠ ${w}`).join(' ');
    box.replaceChildren(head, ' ', notes, ' ', warnings);
    // CSV: offer every header column (the summary names only the chosen one).
    const columns = source.kind === 'csv' ? csvHeader(source.text) : (s.columns ?? []);
    setColumnChoices(this.root, columns, column);
    setFeatureChoices(this.root, s.numeric_columns ?? [], s.column);
  }

  /**
   * Draws the loaded series in the prediction chart, and the preview in a task of its own (one
   * task never costs the main thread two series charts).
   * @param {any} summary  the DataSummary of the load
   */
  showSeries(summary) {
    this.predChart.setSeries(summary.values, summary.dates);
    setTimeout(() => this.preview.set(summary.values), 0);
  }

  /**
   * Shows the settings in the controls; with uploaded data the dataset picker says so.
   * @param {Record<string, any>} config
   * @param {DataSource|null} source
   */
  writeControls(config, source) {
    writeControls(this.root, config);
    const select = /** @type {HTMLSelectElement} */ (this.$('select[name=dataset]'));
    let placeholder = [...select.options].find((o) => o.value === '');
    if (source?.kind === 'csv') {
      if (!placeholder) {
        placeholder = this.root.ownerDocument.createElement('option');
        placeholder.value = '';
        placeholder.disabled = true;
        select.prepend(placeholder);
      }
      placeholder.textContent = `Uploaded: ${source.name ?? 'CSV'}`;
      select.value = '';
    } else if (placeholder) {
      placeholder.remove();
    }
  }

  /**
   * The page-only settings: compact layout, hidden prose, hidden controls and
   * panels, the freeze choices for the number of layers, the symbol field.
   * @param {PageState} state
   */
  applyView(state) {
    const v = state.view;
    const app = this.$('.app');
    app.classList.toggle('compact', !!v.compact);
    app.classList.toggle('hide-text', !!v.hideText);
    for (const el of this.root.querySelectorAll('[data-hidden-by-state]')) el.removeAttribute('data-hidden-by-state');
    for (const key of state.hidden) {
      for (const el of this.root.querySelectorAll(`[data-panel="${key}"], .field[data-key="${key}"]`)) {
        el.setAttribute('data-hidden-by-state', '');
      }
    }
    this.updateFreezeChoices(state.config.layers);
    const symbolField = /** @type {HTMLElement|null} */ (this.root.querySelector('.field[data-key=symbol]'));
    if (symbolField) symbolField.hidden = state.config.dataset !== 'stocks';
    showOpenSections(this.root, state.open ?? new Set());
    const hint = this.$('[data-role=transform-hint]');
    const hintText = transformHint(state.config);
    hint.textContent = hintText ?? '';
    hint.hidden = !hintText;
  }

  /**
   * Freeze choices for `layers` layers: none, recurrent, first:1 … first:layers−1.
   * @param {number} layers
   */
  updateFreezeChoices(layers) {
    const select = this.freezeSelect();
    const want = ['none', 'recurrent', ...Array.from({ length: Math.max(0, layers - 1) }, (_, i) => `first:${i + 1}`)];
    const have = [...select.options].map((o) => o.value);
    if (want.join() === have.join()) return;
    const keep = want.includes(select.value) ? select.value : 'none';
    for (const o of [...select.options]) if (!want.includes(o.value)) o.remove();
    for (const v of want.slice(2)) {
      if (have.includes(v)) continue;
      const o = this.root.ownerDocument.createElement('option');
      o.value = v;
      const k = Number(v.slice(6));
      o.textContent = `freeze the first ${k === 1 ? 'layer' : `${k} layers`}`;
      select.append(o);
    }
    select.value = keep;
  }

  /** The fine-tuning picker. @returns {HTMLSelectElement} */
  freezeSelect() {
    return /** @type {HTMLSelectElement} */ (this.$('[data-role=freeze]'));
  }

  /** The freeze spec chosen for fine-tuning (`none` unless the learner picked one). */
  freezeSpec() {
    return this.freezeSelect().value;
  }

  /**
   * The toolbar as the lifecycle state allows it.
   * @param {Lifecycle} lifecycle
   */
  renderToolbar(lifecycle) {
    const c = controls(lifecycle);
    const train = /** @type {HTMLButtonElement} */ (this.$('[data-action=train]'));
    train.textContent = c.train.label;
    train.setAttribute('aria-pressed', String(c.train.pressed));
    train.disabled = c.train.disabled;
    /** @type {HTMLButtonElement} */ (this.$('[data-action=step]')).disabled = c.step.disabled;
    /** @type {HTMLButtonElement} */ (this.$('[data-action=stop]')).disabled = c.stop.disabled;
    /** @type {HTMLButtonElement} */ (this.$('[data-action=reset]')).disabled = c.reset.disabled;
  }

  /**
   * The badge naming the wasm build, and where it runs.
   * @param {string} backend  `relaxed-simd` | `simd128` | `scalar`
   * @param {string|null} mode `worker` | `blob-worker` | `main-thread`
   */
  showBackend(backend, mode) {
    const badge = this.$('[data-role=backend]');
    badge.textContent = `wasm: ${backend}${mode === 'main-thread' ? ' (main thread)' : ''}`;
    badge.dataset.backend = backend;
    badge.dataset.mode = mode ?? '';
    if (mode === 'main-thread') badge.classList.add('warn');
  }

  /**
   * The status line next to the toolbar.
   * @param {string} text
   */
  setStatus(text) {
    this.$('[data-role=status]').textContent = text;
  }

  /**
   * The metrics table with its warnings, the sentence saying what the result
   * means, which epoch's weights it comes from (also marked in the loss chart).
   * @param {any} metrics   the metrics object, or null before training
   * @param {string[]} warnings
   * @param {Record<string, any>} config  the settings
   */
  renderMetrics(metrics, warnings, config) {
    renderMetrics(this.$('[data-role=metrics]'), metrics, warnings);
    const sentence = resultSentence(metrics, config);
    const p = this.$('[data-role=result-sentence]');
    p.textContent = sentence?.text ?? '';
    p.dataset.tone = sentence?.tone ?? '';
    p.hidden = !sentence;
    const best = bestEpochText(metrics, config);
    const b = this.$('[data-role=best-epoch]');
    b.textContent = best ? `${best[0].toUpperCase()}${best.slice(1)}.` : '';
    b.hidden = !best;
    this.lossChart.markBest(typeof metrics?.best_epoch === 'number' ? metrics.best_epoch : null);
  }

  /** A fresh model: no loss points, no predictions (not redrawn when it shows none already). */
  clearModelCharts() {
    this.lossChart.clear();
    const shown = this.predChart.counts;
    if (!shown || shown.predicted || shown.forecast) this.predChart.update(null, null);
  }

  /**
   * Offers `blob` as a download named `filename`.
   * @param {Blob} blob
   * @param {string} filename
   */
  download(blob, filename) {
    const a = this.root.ownerDocument.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = filename;
    this.root.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  /**
   * Shows an error (the box stays until dismissed or cleared).
   * @param {string} message
   */
  showError(message) {
    const box = this.$('[data-role=error]');
    this.$('[data-role=error] .msg').textContent = message;
    box.hidden = false;
  }

  /** Hides the error box. */
  clearError() {
    this.$('[data-role=error]').hidden = true;
  }

  /**
   * Shows a notice (a restore, a note of an imported model, a divergence).
   * @param {string} message
   */
  showNotice(message) {
    const box = this.$('[data-role=notice]');
    box.textContent = message;
    box.hidden = false;
  }
}

/**
 * Writes `state` to `location.hash` without a history entry (for elements with `sync-hash`).
 * @param {PageState} state
 */
export function writeLocationHash(state) {
  const hash = serializeHash(state);
  if (hash !== location.hash) history.replaceState(null, '', hash || location.pathname + location.search);
}
