/**
 * `<rnn-playground>`: the whole playground as one custom element.
 *
 * Attributes are the URL-hash keys (`dataset="co2" cell="gru" hidden="32"
 * autoplay compact`); `sync-hash` makes the element read and write
 * `location.hash` (the playground page does this), `autosave` keeps the model
 * in IndexedDB. JS API: `loadCsv`, `train`, `stop`, `forecast`,
 * `exportModel`, `importModel`; events `progress`, `trained`, `error`.
 * Each element runs its own worker.
 */
import { FIELDS, toSessionConfig } from './config.js';
import { stateFromPairs, parseHash, EXTRA_HIDEABLE } from './url-state.js';
import { STYLE_TEXT } from './styles.js';
import { renderTemplate } from './template.js';
import { writeControls } from './controls.js';
import { WorkerClient } from './worker-client.js';
import { LossChart } from './charts/loss-chart.js';
import { PredictionChart } from './charts/prediction-chart.js';
import { PreviewChart } from './charts/preview-chart.js';
import { renderMetrics } from './metrics-table.js';
import { viewMethods } from './element-view.js';
import { uiMethods } from './element-ui.js';
import { recoveryMethods } from './element-recovery.js';

/** Attributes the element follows: the vocabulary, page-only keys and hide flags (lower case, as HTML has them). */
const ATTRS = [...FIELDS.map((f) => f.key), 'hidetext', 'compact', 'autoplay',
  ...[...FIELDS.map((f) => f.key), ...EXTRA_HIDEABLE].map((k) => `${k}_hide`)];

export class RnnPlayground extends HTMLElement {
  static get observedAttributes() {
    return ATTRS;
  }

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    this.state = null;
    this.source = null;       // the last successful load-data payload
    this.summary = null;      // its DataSummary
    this.configSummary = null;
    this.needsConfigure = true;
    this.needsLoad = true;
    this.phase = 'starting';  // starting | idle | running | paused | busy
    this.metrics = null;
    this.predictions = null;
    this.forecastValues = null;
    this.checkpoint = null;   // the last model file (JSON text)
    this.trainWaiters = [];
    this.activeTrainId = null;
    this.lastProgress = null;
    this.info = null;
  }

  connectedCallback() {
    if (this.rendered) {
      if (!this.worker) this.startWorker(); // moved or re-added after its worker was closed
      this.listenToHash();
      return;
    }
    this.rendered = true;
    const sheet = document.createElement('style');
    sheet.textContent = STYLE_TEXT;
    this.root.append(sheet);
    renderTemplate(this.root);
    this.$ = (sel) => this.root.querySelector(sel);
    this.state = this.hasAttribute('sync-hash') && location.hash.length > 1
      ? parseHash(location.hash) : this.stateFromAttributes();
    this.applyView();
    writeControls(this.root, this.state.config);
    this.lossChart = new LossChart(this.$('[data-role=loss-chart]'));
    this.predChart = new PredictionChart(this.$('[data-role=prediction-chart]'));
    this.preview = new PreviewChart(this.$('[data-role=preview-chart]'));
    renderMetrics(this.$('[data-role=metrics]'), null);
    this.wireUi();
    this.listenToHash();
    this.startWorker();
    if (this.state.problems.length) this.showError(`Some settings could not be read:\n${this.state.problems.join('\n')}`);
  }

  /** A fresh worker (and wasm Session) for this element, then data and model from the state. */
  startWorker() {
    this.worker = new WorkerClient();
    this.worker.addEventListener('crash', (e) => this.onCrash(e.detail));
    this.worker.addEventListener('restarted', () => this.restoreAfterCrash());
    this.needsLoad = true;
    this.setPhase('starting');
    this.ready = this.boot();
  }

  listenToHash() {
    if (!this.hasAttribute('sync-hash') || this.onHash) return;
    this.onHash = () => this.applyState(parseHash(location.hash), true);
    window.addEventListener('hashchange', this.onHash);
  }

  disconnectedCallback() {
    if (this.onHash) window.removeEventListener('hashchange', this.onHash);
    this.onHash = null;
    // Removed from the page (not just moved): end the worker so it stops using CPU and memory.
    setTimeout(() => {
      if (this.isConnected || !this.worker) return;
      this.worker.terminate();
      this.worker = null;
      this.activeTrainId = null;
      this.finishTraining(null, new Error('the playground was removed from the page'));
    }, 0);
  }

  attributeChangedCallback(name, oldValue, value) {
    if (!this.state || oldValue === value) return;
    // Attribute changes apply to the next train(): new settings, same rules as the controls.
    this.applyState(this.stateFromAttributes(), false);
  }

  stateFromAttributes() {
    const pairs = [];
    for (const a of this.attributes) if (ATTRS.includes(a.name)) pairs.push([a.name, a.value]);
    return stateFromPairs(pairs);
  }

  // ---- start-up -------------------------------------------------------------

  async boot() {
    this.setStatus('Loading the WebAssembly module…');
    try {
      this.info = await this.worker.start();
      const badge = this.$('[data-role=backend]');
      badge.textContent = `wasm: ${this.info.backend}${this.worker.mode === 'main-thread' ? ' (main thread)' : ''}`;
      badge.dataset.backend = this.info.backend;
      badge.dataset.mode = this.worker.mode;
      if (this.worker.mode === 'main-thread') badge.classList.add('warn');
      const restored = this.hasAttribute('autosave') && await this.restoreSnapshot();
      if (!restored) await this.loadFromState();
      this.setPhase('idle');
      this.setStatus(this.summary ? 'Ready to train.' : 'Load data to start.');
      if (this.state.view.autoplay) this.train().catch(() => {});
    } catch (err) {
      this.setPhase('idle');
      this.fail(err, 'start');
    }
  }

  /** Loads the data named by the state (a built-in dataset), then configures. */
  async loadFromState() {
    if (this.source?.kind === 'csv') {
      await this.load({ ...this.source, options: { source: this.source.name, ...this.csvOptions() } });
    } else {
      const c = this.state.config;
      const options = { seed: c.seed };
      if (c.symbol) options.symbol = c.symbol;
      if (c.column) options.column = c.column;
      await this.load({ kind: 'dataset', name: c.dataset, options });
    }
  }

  csvOptions() {
    const c = this.state.config;
    const options = { missing: c.missing };
    if (c.column !== '') options.column = /^\d+$/.test(c.column) ? Number(c.column) : c.column;
    return options;
  }

  /** Sends load-data; on success shows the data and configures a fresh model. */
  async load(source) {
    const summary = await this.worker.call('load-data', source);
    this.source = source;
    this.summary = summary;
    this.needsLoad = false;
    this.writeControls();
    this.showData();
    await this.configure();
    return summary;
  }

  async configure() {
    const summary = await this.worker.call('configure', { config: toSessionConfig(this.state.config) });
    this.configSummary = summary;
    this.needsConfigure = false;
    await this.applyFreeze();
    this.metrics = null;
    this.predictions = null;
    this.forecastValues = null;
    this.lastProgress = null;
    this.lossChart.clear();
    this.predChart.update(null, null);
    this.renderMetrics();
    return summary;
  }

  // ---- the JS API -------------------------------------------------------------

  /**
   * Loads CSV text as the data. Rejects with the pipeline's message on bad
   * input; the previous data stays.
   * @param {string} text
   * @param {{column?: string|number, missing?: 'error'|'drop'|'ffill', name?: string}} [options]
   */
  async loadCsv(text, options = {}) {
    await this.ready;
    await this.halt();
    const { name, ...opts } = options;
    const merged = { ...this.csvOptions(), ...opts };
    this.setPhase('busy');
    try {
      const label = name ?? 'CSV';
      const summary = await this.load({ kind: 'csv', text, name: label, options: { source: label, ...merged } });
      this.clearError();
      this.setStatus(`Loaded ${summary.rows} rows. Ready to train.`);
      return summary;
    } catch (err) {
      this.fail(err, 'load-data');
      throw err;
    } finally {
      this.setPhase('idle');
    }
  }

  /** Trains with the current settings; resolves with the metrics object. */
  async train() {
    await this.ready;
    if (this.phase === 'running') return this.waitForTraining();
    const done = this.waitForTraining();
    try {
      await this.prepare();
      this.runRequest('train');
    } catch (err) {
      this.setPhase('idle');
      this.fail(err, 'train');
      this.finishTraining(null, err);
    }
    return done;
  }

  /** Trains one epoch, then pauses. */
  async step() {
    await this.ready;
    if (this.phase === 'running') return;
    try {
      await this.prepare();
      this.runRequest('step');
    } catch (err) {
      this.fail(err, 'step');
    }
  }

  /** Pauses a running training (Train continues it). */
  async pause() {
    if (this.phase !== 'running') return;
    const { progress } = await this.worker.call('pause');
    if (progress) this.onProgress({ progress });
    this.setPhase('paused');
    this.setStatus(`Paused. ${this.progressText(this.lastProgress)}`);
  }

  /** Ends training now; `train()` resolves with the metrics so far. */
  async stop() {
    if (this.phase !== 'running' && this.phase !== 'paused') return;
    const running = this.activeTrainId !== null;
    await this.worker.call('stop');
    if (!running) {
      // Parked after a step: nobody waits for the run's own result, so evaluate here.
      const [metrics, predictions] = await Promise.all([this.worker.call('evaluate'), this.worker.call('predictions')]);
      await this.onTrained({ metrics, predictions, progress: this.lastProgress });
    }
  }

  /** A fresh model with the current settings (forgets the trained weights). */
  async reset() {
    await this.ready;
    await this.halt();
    this.setPhase('busy');
    try {
      if (this.needsLoad) await this.loadFromState();
      else await this.configure();
      this.setStatus('Fresh model. Ready to train.');
    } catch (err) {
      this.fail(err, 'reset');
    } finally {
      this.setPhase('idle');
    }
  }

  /**
   * Recursive forecast past the end of the series, in original units.
   * @param {number} [steps]
   * @returns {Promise<Float32Array>}
   */
  async forecast(steps = this.state.config.steps) {
    await this.ready;
    const values = await this.worker.call('forecast', { steps });
    this.forecastValues = values;
    this.predChart.update(this.predictions, values);
    return values;
  }

  /**
   * The current model as a file.
   * @param {'json'|'safetensors'} [format]
   * @returns {Promise<Blob>}
   */
  async exportModel(format = 'json') {
    await this.ready;
    const { bytes } = await this.worker.call('export', { format });
    return new Blob([bytes], { type: format === 'json' ? 'application/json' : 'application/octet-stream' });
  }

  /**
   * Loads a model file (JSON or safetensors) to predict or fine-tune on the
   * current data; the old model stays on error.
   * @param {Blob|ArrayBuffer|Uint8Array} file
   */
  async importModel(file) {
    await this.ready;
    await this.halt();
    const bytes = file instanceof Uint8Array ? file
      : new Uint8Array(file instanceof ArrayBuffer ? file : await file.arrayBuffer());
    try {
      const summary = await this.worker.call('import', { bytes });
      this.adoptImportedConfig(summary.config);
      this.needsConfigure = false;
      await this.applyFreeze();
      this.lossChart.clear();
      const [metrics, predictions] = await Promise.all([this.worker.call('evaluate'), this.worker.call('predictions')]);
      this.metrics = metrics;
      this.predictions = predictions;
      this.forecastValues = null;
      this.predChart.update(predictions, null);
      this.renderMetrics();
      this.checkpoint = new TextDecoder().decode(await (await this.exportModel('json')).arrayBuffer());
      this.clearError();
      this.setStatus(`Loaded a model with ${summary.params} parameters.`);
      if (summary.notes?.length) this.showNotice(summary.notes.join('\n')); // warnings go to the metrics panel
      this.autosave();
      return summary;
    } catch (err) {
      this.fail(err, 'import');
      throw err;
    }
  }

  // ---- training runs ----------------------------------------------------------

  waitForTraining() {
    return new Promise((resolve, reject) => this.trainWaiters.push({ resolve, reject }));
  }

  finishTraining(metrics, err) {
    const waiters = this.trainWaiters.splice(0);
    for (const w of waiters) (err ? w.reject(err) : w.resolve(metrics));
  }

  /** Loads and configures when settings changed since the last model. */
  async prepare() {
    if (this.phase === 'paused') return;
    this.clearError();
    if (this.needsLoad) await this.loadFromState();
    else if (this.needsConfigure) await this.configure();
  }

  /** Sends a train or step request and follows its replies. */
  runRequest(type) {
    this.setPhase('running');
    this.setStatus(type === 'step' ? 'Training one epoch…' : 'Training…');
    const r = this.worker.request(type, {}, {
      onProgress: (p) => this.onProgress(p),
      onCheckpoint: (c) => { this.checkpoint = c.json; this.autosave(); },
    });
    r.id.then((id) => { this.activeTrainId = id; });
    r.promise.then(
      (res) => {
        if (res.superseded) return;
        this.activeTrainId = null;
        if (res.metrics) this.onTrained(res);
        else if (res.paused) {
          this.onProgress(res);
          this.setPhase('paused');
          this.setStatus(`Paused after one epoch. ${this.progressText(res.progress)}`);
        }
      },
      (err) => {
        this.activeTrainId = null;
        if (err.abandoned) return;
        if (!err.fatal) this.setPhase('idle');
        this.fail(err, type);
        this.finishTraining(null, err);
      },
    );
  }

  onProgress(payload) {
    const p = payload.progress;
    for (const h of payload.history ?? []) this.lossChart.add(h);
    if (p) {
      this.lastProgress = p;
      this.lossChart.add(p);
      this.setStatus(this.progressText(p));
    }
    if (payload.predictions) {
      // Drawn in a task of its own, so one message never costs the main thread both charts at once.
      this.predictions = payload.predictions;
      const preds = payload.predictions;
      setTimeout(() => { if (this.predictions === preds) this.predChart.update(preds, null); }, 0);
    }
    this.dispatchEvent(new CustomEvent('progress', { detail: p ?? null }));
  }

  async onTrained(res) {
    if (res.progress) this.onProgress({ progress: res.progress, history: res.history });
    this.metrics = res.metrics;
    this.predictions = res.predictions;
    this.needsConfigure = true; // a finished run cannot continue: the next Train starts a fresh model
    this.setPhase('idle');
    const why = { epochs: 'all epochs done', early_stopping: 'early stopping (best weights restored)',
      diverged: 'the loss diverged', stopped: 'stopped' }[res.progress?.stop_reason] ?? 'done';
    this.setStatus(`Finished: ${why}. ${this.progressText(res.progress)}`);
    if (res.progress?.message) this.showNotice(res.progress.message);
    this.renderMetrics();
    try {
      await this.forecast();
    } catch (err) {
      this.fail(err, 'forecast');
    }
    this.autosave();
    this.dispatchEvent(new CustomEvent('trained', { detail: res.metrics }));
    this.finishTraining(res.metrics, null);
  }

  /** Stops a running or paused training and waits until it has ended. */
  async halt() {
    if (this.phase === 'running' || this.phase === 'paused') {
      const done = this.waitForTraining().catch(() => {});
      await this.stop();
      if (this.activeTrainId !== null || this.phase === 'running') await done;
    }
  }
}

// The element's methods, by purpose: view (shadow DOM output), ui (input and settings), recovery.
Object.assign(RnnPlayground.prototype, viewMethods, uiMethods, recoveryMethods);

if (!customElements.get('rnn-playground')) customElements.define('rnn-playground', RnnPlayground);
