/**
 * `<rnn-playground>`: the whole playground as one custom element.
 *
 * Attributes are the URL-hash keys (`dataset="co2" cell="gru" hidden="32"
 * autoplay compact`); `sync-hash` makes the element read and write
 * `location.hash` (the playground page does this), `autosave` keeps the model
 * in IndexedDB. JS API: `loadCsv`, `train`, `stop`, `forecast`, `inspect`,
 * `exportModel`, `importModel`, `backtest`; events `progress`, `trained`, `error`.
 * Each element runs its own worker.
 *
 * The element is put together from parts with one purpose each: the
 * lifecycle (www/lifecycle.js, a pure state machine it dispatches every step
 * to; `data-state` shows the state's name, `data-phase` its coarse phase),
 * the view (www/element-view.js), the input wiring (www/element-ui.js), the
 * data and model requests (www/session-requests.js), the settings rules
 * (www/settings.js), the restores (www/element-recovery.js), the live
 * "Inside the network" panel (www/inspect-live.js) and the actions of the
 * sections, lessons menu and download (www/element-actions.js).
 */
import './startup-gate.js'; // first: the rest is evaluated in a later task (www/startup-gate.js)
import { FIELDS } from './config.js';
import { stateFromPairs, parseHash, defaultState, EXTRA_HIDEABLE } from './url-state.js';
import { adoptStyles } from './styles.js';
import { renderTemplate } from './template.js';
import { writeControls, readControl } from './controls.js';
import { WorkerClient } from './worker-client.js';
import { Request } from './protocol.js';
import {
  State, LifecycleEvent as E, initialLifecycle, transition, phaseOf,
  isTraining, hasRun, runAwaitsResult, isSettled, needsLoad, needsConfigure,
} from './lifecycle.js';
import { ElementView, progressText as formatProgress, finishedText, tableWarnings, writeLocationHash } from './element-view.js';
import { wireUi } from './element-ui.js';
import { SessionRequests } from './session-requests.js';
import { RunWaiters } from './run-waiters.js';
import { changedKeys, dataChange, csvOptions, sourceFromSettings, adoptModelConfig } from './settings.js';
import { modelFileBytes } from './data-input.js';
import { errorMessage } from './request-client.js';
import { beforeLoad, restoreAfterRefusal } from './element-recovery.js';
import { onWorkerCrash, restoreStepsFor, autosaveElement, restoreElementSnapshot } from './element-persistence.js';
import { liveInspection } from './inspect-live.js';
import { forecastBand } from './charts/prediction-chart.js';
import { warmUpChartFonts } from './charts/chart-base.js';
import { elementActions } from './element-actions.js';
import { OPEN_KEY } from './sections.js';
import { inTasks, nextTask } from './task-steps.js';
import { RollbackPoints, afterRun, rollBack, removeRollbackOffer } from './rollback.js';
import './rnn-compare.js'; // this module defines <rnn-compare> too
import { withTextTask } from './text-task.js'; // task="text": www/text-mode.js
import { withBacktest } from './backtest-run.js'; // backtest(), the Backtest button and panel
import { adoptFileFeatures } from './model-features.js';

/** @typedef {import('./url-state.js').PageState} PageState */
/** @typedef {import('./protocol.js').DataSource} DataSource */
/** @typedef {import('./protocol.js').Progress} Progress */
/** @typedef {import('./protocol.js').Predictions} Predictions */
/** @typedef {import('./protocol.js').RunResult} RunResult */
/** @typedef {import('./lifecycle.js').Lifecycle} Lifecycle */
/** @typedef {import('./lifecycle.js').LifecycleEventObject} LifecycleEventObject */
/** @typedef {import('./request-client.js').WorkerError} WorkerError */

/** Attributes the element follows: the vocabulary, page-only keys and hide flags (lower case, as HTML has them). */
const ATTRS = [...FIELDS.map((f) => f.key), 'hidetext', 'compact', 'autoplay', OPEN_KEY,
  ...[...FIELDS.map((f) => f.key), ...EXTRA_HIDEABLE].map((k) => `${k}_hide`)];

/** The playground element. */
export class RnnPlayground extends HTMLElement {
  static get observedAttributes() {
    return ATTRS;
  }

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    /** @type {PageState} the settings (vocabulary values, view flags, hidden controls) */
    this.state = defaultState();
    /** @type {Lifecycle} */
    this.lifecycle = initialLifecycle();
    /** @type {ElementView|null} set when first connected */
    this.shown = null;
    /** @type {WorkerClient|null} */
    this.worker = null;
    /** Settles when the worker is up with data (or could not start), and again after a crash restore. */
    this.ready = Promise.resolve();
    this.requests = new SessionRequests(() => this.requireWorker(), (e) => this.dispatch(e));
    this.runs = new RunWaiters();
    /** @type {DataSource|null} the last successful load-data payload */
    this.source = null;
    /** @type {any} its DataSummary */
    this.summary = null;
    /** @type {any} the ConfigSummary of the model, null when the settings moved on */
    this.configSummary = null;
    /** @type {any} the metrics of the last run or imported model */
    this.metrics = null;
    /** @type {Predictions|null} */
    this.predictions = null;
    /** @type {Float32Array|null} */
    this.forecastValues = null;
    /** @type {string|null} the last model file (JSON text) */
    this.checkpoint = null;
    /** @type {Progress|null} */
    this.lastProgress = null;
    /** @type {(() => void)|null} */
    this.onHash = null;
    /** @type {import('./inspect-live.js').InspectLive|null} the live "Inside the network" panel, once connected */
    this.inspector = null;
    /** @type {Promise<void>|null} the start-up steps, once first connected */
    this.startup = null;
    /** The checkpoints a diverged run can roll back to, and the one offered (www/rollback.js). */
    this.rollbackPoints = new RollbackPoints();
    /** @type {import('./rollback.js').RollbackPoint|null} */
    this.rollbackPoint = null;
    /** @type {'series'|'text'|undefined} the task shown, once connected (www/text-task.js) */
    this.activeTask = undefined;
  }

  /** The view; the element has one once connected. */
  get view() {
    if (!this.shown) throw new Error('<rnn-playground> is not on a page yet');
    return this.shown;
  }

  /** The loss chart (for tests and embedders), once connected. */
  get lossChart() {
    return this.shown?.lossChart ?? null;
  }

  /** The prediction chart (for tests and embedders), once connected. */
  get predChart() {
    return this.shown?.predChart ?? null;
  }

  connectedCallback() {
    if (this.startup) {
      if (this.shown && !this.worker) this.startWorker(); // moved or re-added after its worker was closed
      if (this.shown) this.listenToHash();
      return;
    }
    adoptStyles(this.root);
    // Start-up, one task per step, none of them long (tests/e2e/first-run.test.js): the markup,
    // the charts' fonts, the view (settings, wiring), each chart, the inspector, the worker.
    // `ready` settles when the steps are done and, if the worker started, when it has booted
    // (startWorker replaces `ready` by the boot); removed before then, nothing more is awaited.
    /** @type {Promise<void>} */
    const startup = inTasks([
      () => renderTemplate(this.root),
      () => warmUpChartFonts(this.root.ownerDocument),
      () => this.showView(),
      () => this.view.predChart,
      () => this.view.lossChart,
      () => this.view.preview,
      () => this.view.inspectPanel,
      () => { this.inspector = liveInspection(this, this.view); },
      () => { if (this.isConnected) this.startWorker(); },
    ]).then(() => /** @type {Promise<void>|undefined} */ (this.ready === startup ? undefined : this.ready));
    this.startup = startup;
    this.ready = startup;
  }

  /** Builds the view (its charts), shows the settings, wires the inputs: a start-up task of its own. */
  showView() {
    this.state = this.hasAttribute('sync-hash') && location.hash.length > 1
      ? parseHash(location.hash) : this.stateFromAttributes();
    const view = new ElementView(this.root);
    this.shown = view;
    // A zoomed range of a long series, drawn at full detail by the worker (www/charts/prediction-chart.js).
    view.predChart.fetchRange = (from, to) => this.requireWorker().call(Request.DRAWN_RANGE, { from, to });
    view.applyView(this.state);
    writeControls(this.root, this.state.config);
    this.wireInputs();
    this.listenToHash();
    if (this.state.problems.length) view.showError(`Some settings could not be read:\n${this.state.problems.join('\n')}`);
  }

  disconnectedCallback() {
    if (this.onHash) window.removeEventListener('hashchange', this.onHash);
    this.onHash = null;
    // Removed from the page (not just moved): end the worker so it stops using CPU and memory.
    setTimeout(() => {
      if (this.isConnected || !this.worker) return;
      this.worker.terminate();
      this.worker = null;
      this.dispatch({ type: E.CLOSE });
      this.runs.settle(null, new Error('the playground was removed from the page'));
    }, 0);
  }

  /**
   * @param {string} name
   * @param {string|null} oldValue
   * @param {string|null} value
   */
  attributeChangedCallback(name, oldValue, value) {
    if (!this.shown || oldValue === value) return;
    // Attribute changes apply to the next train(): new settings, same rules as the controls.
    this.applyState(this.stateFromAttributes(), false);
  }

  /** The settings the element's attributes name. */
  stateFromAttributes() {
    /** @type {[string, string][]} */
    const pairs = [];
    for (const a of this.attributes) if (ATTRS.includes(a.name)) pairs.push([a.name, a.value]);
    return stateFromPairs(pairs);
  }

  /** With `sync-hash`: follows changes of `location.hash`. */
  listenToHash() {
    if (!this.hasAttribute('sync-hash') || this.onHash) return;
    this.onHash = () => { if (this.activeTask !== 'text') this.applyState(parseHash(location.hash), true); };
    window.addEventListener('hashchange', this.onHash);
  }

  // ---- lifecycle ---------------------------------------------------------------

  /**
   * Takes one lifecycle step and shows the state it leads to.
   * @param {LifecycleEventObject} event
   */
  dispatch(event) {
    this.lifecycle = transition(this.lifecycle, event);
    if (this.activeTask === 'text') return; // the text task shows (www/text-task.js), with its own state
    this.dataset.state = this.lifecycle.name;
    this.dataset.phase = phaseOf(this.lifecycle);
    this.shown?.renderToolbar(this.lifecycle);
  }

  /** The worker, or an error saying the element has none (it was removed from the page). */
  requireWorker() {
    if (!this.worker) throw new Error('the playground was removed from the page');
    return this.worker;
  }

  /** A fresh worker (and wasm Session) for this element, then data and model from the state. */
  startWorker() {
    const worker = new WorkerClient();
    this.worker = worker;
    worker.addEventListener('crash', (e) => this.onCrash(/** @type {CustomEvent} */ (e).detail));
    this.dispatch({ type: E.START });
    this.ready = this.boot(worker);
  }

  /**
   * Starts the worker, then restores the autosave or loads the data the settings name.
   * @param {WorkerClient} worker
   */
  async boot(worker) {
    const view = this.view;
    view.setStatus('Loading the WebAssembly module…');
    try {
      const info = await worker.start();
      view.showBackend(info.backend, worker.mode);
      const restored = this.hasAttribute('autosave') && await this.restoreSnapshot();
      if (!restored) await this.load(sourceFromSettings(this.state.config, this.source));
      this.dispatch({ type: E.STARTED });
      view.setStatus(this.summary ? 'Ready to train.' : 'Load data to start.');
      if (this.state.view.autoplay) this.train().catch(() => {});
    } catch (err) {
      this.dispatch({ type: E.START_FAILED });
      this.fail(err, 'start');
    }
  }

  /**
   * Loads data (the worker then holds it), without showing it.
   * @param {DataSource} source
   */
  async loadData(source) {
    const summary = await this.requests.loadData(source);
    this.source = source;
    this.summary = summary;
    return summary;
  }

  /**
   * Loads data, shows it and builds a fresh model on it.
   * @param {DataSource} source
   */
  async load(source) {
    const summary = await this.loadData(source);
    this.view.writeControls(this.state.config, this.source);
    this.view.showData(summary, source, this.state.config.column);
    // The series is drawn in a task of its own (a long one is thousands of points).
    await nextTask();
    this.view.showSeries(summary);
    await this.configure();
    return summary;
  }

  /** Builds a fresh model with the settings, without touching the results shown. */
  async buildModel() {
    this.configSummary = await this.requests.buildModel(this.state.config, this.view.freezeSpec());
    return this.configSummary;
  }

  /** Builds a fresh model and clears the last one's results. */
  async configure() {
    const summary = await this.buildModel();
    this.metrics = null;
    this.predictions = null;
    this.forecastValues = null;
    this.lastProgress = null;
    this.view.clearModelCharts();
    this.renderMetrics();
    this.inspector?.modelChanged();
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
    const label = name ?? 'CSV';
    const previous = await beforeLoad(this.source, () => this.exportModel('json'));
    try {
      const summary = await this.load({ kind: 'csv', text: String(text), name: label, options: { source: label, ...csvOptions(this.state.config), ...opts } });
      this.view.clearError();
      this.view.setStatus(`Loaded ${summary.rows} rows. Ready to train.`);
      return summary;
    } catch (err) {
      if (this.source !== previous.source) await restoreAfterRefusal(previous, this.restoreSteps()); // the worker took the data, then refused
      this.fail(err, 'load-data');
      throw err;
    }
  }

  /** Trains with the current settings; resolves with the metrics object. */
  async train() {
    await this.ready;
    if (isTraining(this.lifecycle)) return this.runs.wait();
    const done = this.runs.wait();
    try {
      await this.prepare();
      this.runRequest(Request.TRAIN);
    } catch (err) {
      this.fail(err, 'train');
      this.runs.settle(null, err);
    }
    return done;
  }

  /** Trains one epoch, then pauses. */
  async step() {
    await this.ready;
    if (isTraining(this.lifecycle)) return;
    try {
      await this.prepare();
      this.runRequest(Request.STEP);
    } catch (err) {
      this.fail(err, 'step');
    }
  }

  /** Pauses a running training (Train continues it). */
  async pause() {
    if (!isTraining(this.lifecycle)) return;
    const { progress } = await this.requireWorker().call(Request.PAUSE);
    if (progress) this.onProgress({ progress });
    this.dispatch({ type: E.PAUSED });
    // The run may have ended while the pause travelled: then it is done, not paused.
    if (this.lifecycle.name === State.PAUSED) this.view.setStatus(`Paused. ${formatProgress(this.lastProgress, this.state.config.epochs)}`);
  }

  /** Ends training now; `train()` resolves with the metrics so far. */
  async stop() {
    if (!hasRun(this.lifecycle)) return;
    const parked = !runAwaitsResult(this.lifecycle);
    await this.requireWorker().call(Request.STOP);
    if (parked) {
      // Parked after a step: nobody waits for the run's own result, so evaluate here.
      const [metrics, predictions] = await this.requests.results();
      await this.onTrained({ metrics, predictions, progress: this.lastProgress });
    }
  }

  /** A fresh model with the current settings (forgets the trained weights). */
  async reset() {
    await this.ready;
    await this.halt();
    try {
      if (needsLoad(this.lifecycle)) await this.load(sourceFromSettings(this.state.config, this.source));
      else await this.configure();
      this.view.setStatus('Fresh model. Ready to train.');
    } catch (err) {
      this.fail(err, 'reset');
    }
  }

  /**
   * Recursive forecast past the end of the series, in original units.
   * @param {number} [steps]
   * @returns {Promise<Float32Array>}
   */
  async forecast(steps = this.state.config.steps) {
    await this.ready;
    const values = await this.requireWorker().call(Request.FORECAST, { steps });
    this.forecastValues = values;
    this.view.predChart.update(this.predictions, values, forecastBand(this.metrics, values));
    return values;
  }

  /**
   * One window's gates, states, gradient flow and saliency (docs/embedding.md).
   * @param {{split?: string, index?: number}} [options]  split 'train'|'val'|'test', index −1 = its last
   */
  inspect(options) {
    if (!this.inspector) return Promise.reject(new Error('<rnn-playground> is not on a page yet'));
    return this.inspector.inspect(options);
  }

  /**
   * The current model as a file.
   * @param {'json'|'safetensors'} [format]
   * @returns {Promise<Blob>}
   */
  async exportModel(format = 'json') {
    await this.ready;
    const { bytes } = await this.requireWorker().call(Request.EXPORT, { format });
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
    try {
      const bytes = await modelFileBytes(file);
      await adoptFileFeatures(this, bytes); // the file's covariates, or a message naming the missing one
      const summary = await this.requests.importModel(bytes, this.view.freezeSpec());
      this.adoptImportedConfig(summary.config);
      this.view.lossChart.clear();
      const [metrics, predictions] = await this.requests.results();
      this.metrics = metrics;
      this.predictions = predictions;
      this.forecastValues = null;
      this.view.predChart.update(predictions, null);
      this.renderMetrics();
      this.inspector?.modelChanged();
      this.checkpoint = await (await this.exportModel('json')).text();
      this.view.clearError();
      this.view.setStatus(`Loaded a model with ${summary.params} parameters.`);
      if (summary.notes?.length) this.view.showNotice(summary.notes.join('\n')); // warnings go to the metrics panel
      this.autosave();
      return summary;
    } catch (err) {
      this.fail(err, 'import');
      throw err;
    }
  }

  // ---- training runs ----------------------------------------------------------

  /** Loads and builds a model when the settings changed since the last one (not for a paused run). */
  async prepare() {
    if (hasRun(this.lifecycle)) return;
    this.view.clearError();
    if (needsLoad(this.lifecycle)) await this.load(sourceFromSettings(this.state.config, this.source));
    else if (needsConfigure(this.lifecycle)) await this.configure();
  }

  /**
   * Sends a train or step request and follows its replies.
   * @param {typeof Request.TRAIN | typeof Request.STEP} type
   */
  runRequest(type) {
    const worker = this.requireWorker();
    this.dispatch({ type: E.TRAIN });
    removeRollbackOffer(this.view.$('[data-role=notice]')); // a new run: the last one's offer is gone
    this.view.setStatus(type === Request.STEP ? 'Training one epoch…' : 'Training…');
    const result = worker.request(type, {}, {
      onProgress: (p) => this.onProgress(p),
      onCheckpoint: (/** @type {any} */ c) => {
        this.checkpoint = c.json;
        if (c.start) this.rollbackPoints.start(c.json);
        else this.rollbackPoints.checkpoint(c.json, c.progress);
        this.autosave();
      },
    });
    result.then(
      (res) => {
        if (res.superseded) return; // a paused run continued under a newer request
        if (res.metrics) this.onTrained(res);
        else if (res.paused) {
          this.onProgress(res);
          this.dispatch({ type: E.STEPPED });
          this.view.setStatus(`Paused after one epoch. ${formatProgress(res.progress, this.state.config.epochs)}`);
        }
      },
      (/** @type {WorkerError} */ err) => {
        this.dispatch({ type: E.RUN_FAILED }); // after a crash the lifecycle has moved on and ignores it
        this.fail(err, type);
        afterRun(this, null, err.message);
        this.runs.settle(null, err);
      },
    );
  }

  /**
   * Shows a progress report (and any epoch ends and predictions with it).
   * @param {{progress?: Progress|null, history?: Progress[], predictions?: Predictions}} payload
   */
  onProgress(payload) {
    const view = this.view;
    const p = payload.progress;
    for (const h of payload.history ?? []) view.lossChart.add(h);
    this.rollbackPoints.epochEnds(p ? [...(payload.history ?? []), p] : payload.history ?? []);
    if (p) {
      this.lastProgress = p;
      view.lossChart.add(p);
      view.setStatus(formatProgress(p, this.state.config.epochs));
    }
    const preds = payload.predictions;
    if (preds) {
      // Drawn in a task of its own, so one message never costs the main thread both charts at once.
      this.predictions = preds;
      setTimeout(() => { if (this.predictions === preds) view.predChart.update(preds, null); }, 0);
    }
    this.inspector?.poke();
    this.dispatchEvent(new CustomEvent('progress', { detail: p ?? null }));
  }

  /**
   * A run ended with metrics: show them, forecast, autosave, tell the waiters.
   * @param {RunResult} res
   */
  async onTrained(res) {
    const view = this.view;
    if (res.progress) this.onProgress({ progress: res.progress, history: res.history });
    this.metrics = res.metrics;
    this.predictions = res.predictions;
    this.dispatch({ type: E.TRAINED });
    view.setStatus(finishedText(res.progress, this.state.config.epochs));
    if (res.progress?.message) view.showNotice(res.progress.message);
    afterRun(this, res.progress);
    this.renderMetrics();
    this.inspector?.poke();
    await this.forecast().catch((err) => this.fail(err, 'forecast'));
    this.autosave();
    this.dispatchEvent(new CustomEvent('trained', { detail: res.metrics }));
    this.runs.settle(res.metrics);
  }

  /** Rolls back a diverged run to the checkpoint offered (www/rollback.js `rollBack`). */
  rollBack() {
    return rollBack(this);
  }

  /** Stops a running or paused training and waits until it has ended. */
  async halt() {
    if (!hasRun(this.lifecycle)) return;
    const done = this.runs.wait().catch(() => {});
    await this.stop();
    if (hasRun(this.lifecycle)) await done;
  }

  // ---- settings ---------------------------------------------------------------

  /**
   * A settings control changed.
   * @param {HTMLInputElement|HTMLSelectElement} input
   */
  onControl(input) {
    if (input.name === 'dataset' && this.source?.kind === 'csv') {
      // Back from uploaded data to a built-in dataset (possibly the one the state already names).
      this.source = null;
      this.dispatch({ type: E.SETTINGS_CHANGED, data: true });
    }
    const r = readControl(input);
    if (!r.ok) {
      input.setAttribute('aria-invalid', 'true');
      this.view.showError(r.message);
      return;
    }
    input.removeAttribute('aria-invalid');
    this.applyState({ ...this.state, config: { ...this.state.config, [r.key]: r.value } }, true);
  }

  /**
   * Adopts new settings: marks what must be redone and writes the hash. With
   * `immediate` (a control or the URL changed) new data is loaded at once as a
   * preview; attribute changes wait for the next train().
   * @param {PageState} next
   * @param {boolean} immediate
   */
  applyState(next, immediate) {
    const prev = this.state;
    this.state = { ...next, problems: [] };
    const changed = changedKeys(prev.config, next.config);
    this.view.writeControls(this.state.config, this.source);
    this.view.applyView(this.state);
    this.writeHash();
    const reload = needsLoad(this.lifecycle);
    if (!changed.length && !reload) return;
    const { dataChanged, dropSource } = dataChange(changed, { needsLoad: reload, sourceKind: this.source?.kind ?? null });
    if (dropSource) this.source = null;
    this.dispatch({ type: E.SETTINGS_CHANGED, data: dataChanged });
    if (!isSettled(this.lifecycle)) return; // a run or a load goes on; the next Train uses the new settings
    this.configSummary = null; // its warnings no longer describe the settings
    if (dataChanged && immediate) {
      // Show the new data at once (a preview), like picking a dataset in a form.
      this.reset();
    } else {
      this.view.setStatus('Settings changed: the next Train starts a fresh model.');
      this.renderMetrics();
    }
  }

  /**
   * Shows an imported model's settings in the controls and the hash (the data stays).
   * @param {unknown} config  the model file's configuration
   */
  adoptImportedConfig(config) {
    this.state = { ...this.state, config: adoptModelConfig(this.state.config, config) };
    this.view.writeControls(this.state.config, this.source);
    this.writeHash();
  }

  /** Writes the settings to `location.hash` when the element syncs it. */
  writeHash() {
    if (this.hasAttribute('sync-hash')) writeLocationHash(this.state);
  }

  // ---- crash recovery and autosave (www/element-persistence.js) ----------------
  /**
   * The worker died: say so and restore everything once its replacement is up.
   * @param {{message: string, final?: boolean, restarted?: Promise<unknown>}} detail
   */
  onCrash(detail) {
    onWorkerCrash(this, detail);
  }

  /** What the restores (www/element-recovery.js) do with the element. */
  restoreSteps() {
    return restoreStepsFor(this);
  }

  /** Saves settings, data source, model and metrics to IndexedDB (with `autosave`). */
  autosave() {
    autosaveElement(this);
  }

  /** Restores the autosaved model when it was trained with the current settings. */
  restoreSnapshot() {
    return restoreElementSnapshot(this);
  }

  // ---- view glue ----------------------------------------------------------------

  /** Wires the inputs to the element's actions. */
  wireInputs() {
    wireUi(this.root, {
      step: () => this.step(),
      stop: () => { this.stop().catch((err) => this.fail(err, 'stop')); },
      reset: () => this.reset(),
      dismissError: () => this.view.clearError(),
      importModel: (file) => { this.importModel(file).catch(() => {}); },
      loadCsv: (text, name) => { this.loadCsv(text, { name }).catch(() => {}); },
      showError: (message) => this.view.showError(message),
      forecast: () => { this.forecast().catch((err) => this.fail(err, 'forecast')); },
      control: (input) => this.onControl(input),
      predictionPlot: () => this.view.predChart.plot,
      shareState: () => this.state,
      syncsHash: () => this.hasAttribute('sync-hash'),
      ...elementActions(this),
    });
  }

  /** The metrics table with the warnings that apply now. */
  renderMetrics() {
    this.view.renderMetrics(this.metrics, tableWarnings(this.configSummary, this.summary, this.state.config), this.state.config);
  }

  /**
   * Shows an error and sends the `error` event.
   * @param {unknown} err
   * @param {string} where  what failed (a request type or stage)
   */
  fail(err, where) {
    const message = errorMessage(err);
    this.shown?.showError(message);
    this.shown?.setStatus(`Error in ${where}.`);
    this.dispatchEvent(new CustomEvent('error', { detail: { message, where } }));
  }
}

withBacktest(RnnPlayground.prototype);
withTextTask(RnnPlayground);
if (!customElements.get('rnn-playground')) customElements.define('rnn-playground', RnnPlayground);
