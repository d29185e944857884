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
import { FIELDS, FIELD_BY_KEY, toSessionConfig, parseValue } from './config.js';
import { stateFromPairs, parseHash, serializeHash, EXTRA_HIDEABLE } from './url-state.js';
import { STYLE_TEXT } from './styles.js';
import { renderTemplate } from './template.js';
import { writeControls, readControl, setColumnChoices } from './controls.js';
import { WorkerClient } from './worker-client.js';
import { LossChart } from './charts/loss-chart.js';
import { PredictionChart } from './charts/prediction-chart.js';
import { PreviewChart } from './charts/preview-chart.js';
import { zoomBy, panBy, resetZoom } from './charts/zoom-pan.js';
import { renderMetrics, rangeWarning } from './metrics-table.js';
import { wireDataInput, csvHeader } from './data-input.js';
import { wireSharePanel } from './share-panel.js';
import { saveSnapshot, loadSnapshot } from './autosave.js';

/**
 * The site's root URL: this module lives one folder down, in `www/` (dev) or
 * `assets/` (build). A variable keeps the bundler from treating it as an asset.
 */
const UP = '../';
const SITE_ROOT = new URL(UP, import.meta.url).href;

/** Keys whose change means loading the data again (not only a new model). */
const DATA_KEYS = ['dataset', 'symbol', 'column', 'missing'];
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

  showData() {
    const s = this.summary;
    const name = this.source.kind === 'csv' ? this.source.name ?? 'CSV' : s.source;
    const box = this.$('[data-role=source]');
    const head = document.createElement('strong');
    head.textContent = `${name}: ${s.rows} rows, column "${s.column}"` +
      (s.missing_count ? `, ${s.missing_count} missing` : '');
    const notes = document.createElement('small');
    notes.className = 'muted';
    notes.textContent = (s.notes ?? []).join(' ');
    const warnings = document.createElement('small');
    warnings.className = 'data-warnings';
    warnings.textContent = (s.warnings ?? []).map((w) => `⚠ ${w}`).join(' ');
    box.replaceChildren(head, ' ', notes, ' ', warnings);
    // CSV: offer every header column (the summary names only the chosen one).
    const columns = this.source.kind === 'csv' ? csvHeader(this.source.text) : (s.columns ?? []);
    setColumnChoices(this.root, columns, this.state.config.column);
    this.preview.set(s.values);
    this.predChart.setSeries(s.values, s.dates);
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

  /**
   * Shows an imported model's settings in the controls and the hash (keys of
   * the vocabulary only; anything else in the file's config is ignored). The
   * data stays as it is, so no reload follows.
   */
  adoptImportedConfig(config) {
    if (!config || typeof config !== 'object') return;
    const next = { ...this.state.config };
    for (const f of FIELDS) {
      if (DATA_KEYS.includes(f.key) || config[f.key] === undefined || config[f.key] === null) continue;
      let v = config[f.key];
      if (f.type === 'float' && typeof v === 'number') v = Number(v.toPrecision(7)); // f32 in the file: 0.0099999998 → 0.01
      const parsed = parseValue(f, String(v));
      if (parsed.ok) next[f.key] = parsed.value;
    }
    this.state = { ...this.state, config: next };
    this.writeControls();
    this.writeHash();
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
      this.predictions = payload.predictions;
      this.predChart.update(this.predictions, null);
    }
    this.dispatchEvent(new CustomEvent('progress', { detail: p ?? null }));
  }

  progressText(p) {
    if (!p) return '';
    const val = p.val_loss == null ? '' : `, val. loss ${p.val_loss.toPrecision(4)}`;
    return `Epoch ${p.epoch} of ${this.state.config.epochs}, batch ${p.batch}/${p.batches_per_epoch}: ` +
      `train loss ${p.train_loss.toPrecision(4)}${val}, ${Math.round(p.samples_per_s)} samples/s`;
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

  // ---- crash recovery and autosave ---------------------------------------------

  onCrash({ message, final }) {
    this.showNotice(final
      ? `The training worker could not be restarted: ${message}`
      : `The training worker crashed (${message}). Restarting it and restoring the last checkpoint…`);
    this.activeTrainId = null;
    this.setPhase('busy');
  }

  async restoreAfterCrash() {
    try {
      if (this.source) {
        const summary = await this.worker.call('load-data', this.source);
        this.summary = summary;
        await this.worker.call('configure', { config: toSessionConfig(this.state.config) });
      }
      if (this.checkpoint) {
        await this.worker.call('import', { bytes: new TextEncoder().encode(this.checkpoint) });
        this.predictions = await this.worker.call('predictions');
        this.predChart.update(this.predictions, this.forecastValues);
      }
      this.showNotice(this.checkpoint
        ? 'The training worker crashed and was restarted; the last checkpoint is restored. Train continues from it.'
        : 'The training worker crashed and was restarted with your data and settings.');
    } catch (err) {
      this.fail(err, 'restore');
    } finally {
      this.setPhase('idle');
    }
  }

  autosaveSlot() {
    return this.id ? `element:${this.id}` : 'page';
  }

  autosave() {
    if (!this.hasAttribute('autosave') || !this.source) return;
    saveSnapshot(this.autosaveSlot(), {
      config: { ...this.state.config }, source: this.source, model: this.checkpoint,
      metrics: this.metrics, savedAt: Date.now(),
    }).catch(() => {}); // a full or blocked IndexedDB only loses the autosave
  }

  /** Restores the autosaved model when it was trained with the current settings. */
  async restoreSnapshot() {
    let snap;
    try {
      snap = await loadSnapshot(this.autosaveSlot());
    } catch {
      return false;
    }
    if (!snap?.model || JSON.stringify(snap.config) !== JSON.stringify(this.state.config)) return false;
    try {
      await this.load(snap.source);
      await this.worker.call('import', { bytes: new TextEncoder().encode(snap.model) });
      this.checkpoint = snap.model;
      this.metrics = snap.metrics;
      this.predictions = await this.worker.call('predictions');
      this.predChart.update(this.predictions, null);
      this.renderMetrics();
      this.showNotice(`Restored the model autosaved ${new Date(snap.savedAt).toLocaleString()}.`);
      return true;
    } catch {
      return false;
    }
  }

  // ---- UI -------------------------------------------------------------------

  wireUi() {
    const on = (action, fn) => this.$(`[data-action=${action}]`).addEventListener('click', fn);
    on('train', () => (this.phase === 'running' ? this.pause() : this.train().catch(() => {})));
    on('step', () => this.step());
    on('stop', () => this.stop());
    on('reset', () => this.reset());
    on('dismiss-error', () => this.clearError());
    on('export-json', () => this.download('json'));
    on('export-safetensors', () => this.download('safetensors'));
    on('pick-model', () => this.$('[data-role=import-file]').click());
    on('pick-csv', () => this.$('[data-role=csv-file]').click());
    on('forecast', () => this.forecast().catch((err) => this.fail(err, 'forecast')));
    on('zoom-in', () => zoomBy(this.predChart.plot, 0.5));
    on('zoom-out', () => zoomBy(this.predChart.plot, 2));
    on('pan-left', () => panBy(this.predChart.plot, -0.25));
    on('pan-right', () => panBy(this.predChart.plot, 0.25));
    on('zoom-reset', () => resetZoom(this.predChart.plot));
    this.$('[data-role=prediction-chart]').addEventListener('keydown', (e) => {
      const plot = this.predChart.plot;
      const act = { ArrowLeft: () => panBy(plot, -0.1), ArrowRight: () => panBy(plot, 0.1), '+': () => zoomBy(plot, 0.5),
        '=': () => zoomBy(plot, 0.5), '-': () => zoomBy(plot, 2), 0: () => resetZoom(plot) }[e.key];
      if (act) { e.preventDefault(); act(); }
    });
    this.$('[data-role=import-file]').addEventListener('change', (e) => {
      const f = e.target.files?.[0];
      e.target.value = '';
      if (f) this.importModel(f).catch(() => {});
    });
    const freeze = this.$('[data-role=freeze]');
    freeze.addEventListener('change', () => {
      const label = freeze.selectedOptions[0].textContent;
      this.worker.call('freeze', { spec: freeze.value })
        .then(() => this.setStatus(`Fine-tuning: ${label}.`))
        .catch((err) => this.fail(err, 'freeze'));
    });
    this.$('[data-role=settings]').addEventListener('change', (e) => {
      if (e.target.name && FIELD_BY_KEY.has(e.target.name)) this.onControl(e.target);
    });
    wireDataInput({
      fileInput: this.$('[data-role=csv-file]'), dropZone: this.$('.app'),
      pasteBox: this.$('[data-role=paste-box]'), pasteButton: this.$('[data-role=paste-button]'),
    }, (text, name) => this.loadCsv(text, { name }).catch(() => {}), (msg) => this.showError(msg),
    (file) => this.importModel(file).catch(() => {}));
    wireSharePanel(this.root, () => this.state, {
      pageUrl: () => (this.hasAttribute('sync-hash') ? location.href : SITE_ROOT),
      moduleUrl: `${SITE_ROOT}rnn-playground.js`,
    });
  }

  /** Shows the state in the controls; with uploaded data the dataset picker says so. */
  writeControls() {
    writeControls(this.root, this.state.config);
    const select = this.$('select[name=dataset]');
    let placeholder = select.querySelector('option[value=""]');
    if (this.source?.kind === 'csv') {
      if (!placeholder) {
        placeholder = document.createElement('option');
        placeholder.value = '';
        placeholder.disabled = true;
        select.prepend(placeholder);
      }
      placeholder.textContent = `Uploaded: ${this.source.name ?? 'CSV'}`;
      select.value = '';
    } else if (placeholder) {
      placeholder.remove();
    }
  }

  onControl(input) {
    if (input.name === 'dataset' && this.source?.kind === 'csv') {
      // Back from uploaded data to a built-in dataset (possibly the one the state already names).
      this.source = null;
      this.needsLoad = true;
    }
    const r = readControl(input);
    if (!r.ok) {
      input.setAttribute('aria-invalid', 'true');
      this.showError(r.message);
      return;
    }
    input.removeAttribute('aria-invalid');
    const next = { ...this.state, config: { ...this.state.config, [r.key]: r.value } };
    this.applyState(next, true);
  }

  /**
   * Adopts new settings: marks what must be redone and writes the hash. With
   * `immediate` (a control or the URL changed) new data is loaded at once as a
   * preview; attribute changes wait for the next train().
   */
  applyState(next, immediate) {
    const prev = this.state;
    this.state = { ...next, problems: [] };
    const changed = FIELDS.filter((f) => prev.config[f.key] !== next.config[f.key]).map((f) => f.key);
    this.writeControls();
    this.applyView();
    this.writeHash();
    if (!changed.length && !this.needsLoad) return;
    const dataChanged = this.needsLoad || changed.some((k) => DATA_KEYS.includes(k) && !(k === 'missing' && this.source?.kind !== 'csv'));
    if (dataChanged) {
      if (changed.includes('dataset') || changed.includes('symbol')) this.source = null;
      this.needsLoad = true;
    }
    this.needsConfigure = true;
    if (this.phase === 'idle') this.configSummary = null; // its warnings no longer describe the settings
    if (this.phase === 'idle' && dataChanged && immediate) {
      // Show the new data at once (a preview), like picking a dataset in a form.
      this.reset();
    } else if (this.phase === 'idle') {
      this.setStatus('Settings changed: the next Train starts a fresh model.');
      this.renderMetrics();
    }
  }

  /** Writes the state to `location.hash` (with `sync-hash`), without a history entry. */
  writeHash() {
    if (!this.hasAttribute('sync-hash')) return;
    const hash = serializeHash(this.state);
    if (hash !== location.hash) history.replaceState(null, '', hash || location.pathname + location.search);
  }

  applyView() {
    const v = this.state.view;
    this.$('.app').classList.toggle('compact', !!v.compact);
    this.$('.app').classList.toggle('hide-text', !!v.hideText);
    for (const el of this.root.querySelectorAll('[data-hidden-by-state]')) el.removeAttribute('data-hidden-by-state');
    for (const key of this.state.hidden) {
      for (const el of this.root.querySelectorAll(`[data-panel="${key}"], .field[data-key="${key}"]`)) {
        el.setAttribute('data-hidden-by-state', '');
      }
    }
    this.updateFreezeChoices();
    const symbolField = this.$('.field[data-key=symbol]');
    if (symbolField) symbolField.hidden = this.state.config.dataset !== 'stocks';
  }

  /** Re-applies the chosen freeze to a new model (a fresh or imported model starts unfrozen). */
  async applyFreeze() {
    const spec = this.$('[data-role=freeze]').value;
    if (spec !== 'none') await this.worker.call('freeze', { spec });
  }

  /** Freeze choices for the current number of layers: none, recurrent, first:1 … first:layers−1. */
  updateFreezeChoices() {
    const select = this.$('[data-role=freeze]');
    const layers = this.state.config.layers;
    const want = ['none', 'recurrent', ...Array.from({ length: Math.max(0, layers - 1) }, (_, i) => `first:${i + 1}`)];
    const have = [...select.options].map((o) => o.value);
    if (want.join() === have.join()) return;
    const keep = want.includes(select.value) ? select.value : 'none';
    for (const o of [...select.options]) if (!want.includes(o.value)) o.remove();
    for (const v of want.slice(2)) {
      if (have.includes(v)) continue;
      const o = document.createElement('option');
      o.value = v;
      const k = Number(v.slice(6));
      o.textContent = `freeze the first ${k === 1 ? 'layer' : `${k} layers`}`;
      select.append(o);
    }
    select.value = keep;
  }

  setPhase(phase) {
    this.phase = phase;
    this.dataset.phase = phase;
    const train = this.$('[data-action=train]');
    train.textContent = phase === 'running' ? 'Pause' : phase === 'paused' ? 'Resume' : 'Train';
    train.setAttribute('aria-pressed', String(phase === 'running'));
    train.disabled = phase === 'busy' || phase === 'starting';
    this.$('[data-action=step]').disabled = phase === 'running' || phase === 'busy' || phase === 'starting';
    this.$('[data-action=stop]').disabled = !(phase === 'running' || phase === 'paused');
    this.$('[data-action=reset]').disabled = phase === 'busy' || phase === 'starting';
  }

  setStatus(text) {
    this.$('[data-role=status]').textContent = text;
  }

  renderMetrics() {
    // The pipeline's warnings (range checks on the transformed series) are the authority; before
    // a configuration exists, the page's own range check on the raw values stands in.
    const extra = [];
    if (this.configSummary) extra.push(...(this.configSummary.warnings ?? []));
    else if (this.summary) {
      const w = rangeWarning(this.summary.values, this.state.config.train_frac, this.state.config.val_frac);
      if (w) extra.push(w);
    }
    renderMetrics(this.$('[data-role=metrics]'), this.metrics, extra);
  }

  async download(format) {
    try {
      const blob = await this.exportModel(format);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `rnn-playground-${this.state.config.cell}.${format === 'json' ? 'json' : 'safetensors'}`;
      this.root.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    } catch (err) {
      this.fail(err, 'export');
    }
  }

  fail(err, where) {
    const message = err?.message ?? String(err);
    this.showError(message);
    this.setStatus(`Error in ${where}.`);
    this.dispatchEvent(new CustomEvent('error', { detail: { message, where } }));
  }

  showError(message) {
    const box = this.$('[data-role=error]');
    box.querySelector('.msg').textContent = message;
    box.hidden = false;
  }

  clearError() {
    this.$('[data-role=error]').hidden = true;
  }

  showNotice(message) {
    const box = this.$('[data-role=notice]');
    box.textContent = message;
    box.hidden = false;
  }
}

if (!customElements.get('rnn-playground')) customElements.define('rnn-playground', RnnPlayground);
