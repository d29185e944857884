/**
 * `<rnn-compare>`: two to four recurrent cells trained side by side on the
 * same data, with the same seed and settings except the cell.
 *
 * Attributes: those of `<rnn-playground>` (the URL-hash keys, shared by every
 * run), `cells="rnn_tanh,lstm,gru"` (2–4 names or aliases) and per-run lists
 * for model and training keys (`hidden="32,64,64"`); `autoplay` trains on
 * load, `hidetext` hides the prose. JS API: `loadCsv`, `train`, `stop`,
 * `inspect` (one Inspection per run, www/inspection.js); events `progress` (`detail.cell`, `detail.run`), `trained`,
 * `error`. Each run has its own worker (www/worker-client.js); they train at
 * the same time. The views (www/compare-view.js) are drawn at a pace
 * (www/compare-pacing.js) that keeps every main-thread task short.
 */
import { FIELDS, toSessionConfig } from './config.js';
import { WorkerClient } from './worker-client.js';
import { Turns, computingRuns, TURN_MS } from './compare-turns.js';
import { Request } from './protocol.js';
import { errorMessage } from './request-client.js';
import { changedKeys, dataChange, csvOptions, sourceFromSettings } from './settings.js';
import { planFromAttributes, runColors } from './compare-runs.js';
import { assembleResult, failureMessage, runStatusText } from './compare-results.js';
import { Pacer } from './compare-pacing.js';
import { inspectRuns, inspectFlows, InspectRefresher } from './compare-inspect.js';
import { CompareView } from './compare-view.js';
import { compareSheet } from './compare-styles.js';

/** @typedef {import('./protocol.js').DataSource} DataSource */
/** @typedef {import('./protocol.js').Progress} Progress */
/** @typedef {import('./compare-runs.js').ComparePlan} ComparePlan */
/** @typedef {import('./compare-runs.js').RunSpec} RunSpec */
/** @typedef {import('./compare-results.js').RunOutcome} RunOutcome */
/** @typedef {import('./compare-results.js').RunEntry} RunEntry */
/** @typedef {import('./inspection.js').Inspection} Inspection */

/**
 * One run's worker and what it holds.
 * @typedef {object} Slot
 * @property {WorkerClient} worker
 * @property {DataSource|null} source  the data loaded in it (null: none, or lost in a crash)
 */

/** Attributes the element follows (lower case, as HTML has them). */
const ATTRS = ['cells', ...FIELDS.map((f) => f.key), 'hidetext', 'autoplay'];

/** The comparison element. */
export class RnnCompare extends HTMLElement {
  static get observedAttributes() {
    return ATTRS;
  }

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    /** @type {CompareView|null} set when first connected */
    this.shown = null;
    /** @type {ComparePlan} */
    this.plan = planFromAttributes([]);
    /** @type {RunSpec[]} the runs the view and the workers are set up for */
    this.runs = [];
    /** @type {Slot[]} one per run */
    this.slots = [];
    /** @type {DataSource|null} the data every worker should hold */
    this.source = null;
    /** @type {Record<string, any>|null} the shared settings that data was loaded with */
    this.dataConfig = null;
    /** The settings name other data than `source`. */
    this.dataStale = false;
    /** @type {any} the DataSummary of the data */
    this.summary = null;
    /** Settles when the workers are up with data (or could not start). */
    this.ready = Promise.resolve();
    /** @type {Promise<{runs: RunEntry[]}>|null} the comparison under way */
    this.running = null;
    /** @type {{label: string, metrics: Record<string, any>|null, wall_s: number|null}[]} each run's results so far */
    this.results = [];
    /** @type {(Progress|null)[]} each run's last progress report */
    this.progress = [];
    /** @type {Pacer|null} */
    this.pacer = null;
    /** @type {Turns|null} who computes while the runs train (www/compare-turns.js) */
    this.turns = null;
  }

  /** The view; the element has one once connected. */
  get view() {
    if (!this.shown) throw new Error('<rnn-compare> is not on a page yet');
    return this.shown;
  }

  /** The overlaid loss chart (for tests and embedders), once connected. */
  get lossChart() {
    return this.shown?.lossChart ?? null;
  }

  /** The overlaid prediction chart, once connected. */
  get predChart() {
    return this.shown?.predChart ?? null;
  }

  /** The gradient-flow chart, once connected. */
  get gradChart() {
    return this.shown?.gradChart ?? null;
  }

  connectedCallback() {
    if (this.shown) {
      if (!this.slots.length) this.startWorkers(); // re-added after its workers were closed
      return;
    }
    this.root.adoptedStyleSheets = [compareSheet()];
    const view = new CompareView(this.root);
    this.shown = view;
    this.wireInputs();
    this.readPlan();
    this.startWorkers();
  }

  disconnectedCallback() {
    // Removed from the page (not just moved): end the workers so they stop using CPU and memory.
    setTimeout(() => {
      if (this.isConnected || !this.slots.length) return;
      for (const s of this.slots) s.worker.terminate();
      this.slots = [];
      this.source = null;
      this.pacer?.cancel();
      this.pacer = null; // a new one (and fresh charts) if the element comes back
      this.setPhase('busy', 'closed');
    }, 0);
  }

  /**
   * @param {string} name
   * @param {string|null} oldValue
   * @param {string|null} value
   */
  attributeChangedCallback(name, oldValue, value) {
    if (!this.shown || oldValue === value) return;
    this.readPlan(); // applies to the next train()
  }

  /** Reads the attributes; says what could not be read, and whether the data must be loaded again. */
  readPlan() {
    /** @type {[string, string][]} */
    const pairs = [];
    for (const a of this.attributes) if (ATTRS.includes(a.name)) pairs.push([a.name, a.value]);
    this.plan = planFromAttributes(pairs);
    const view = this.view;
    const { error, problems } = this.plan;
    if (error) view.showError(error);
    else if (problems.length) view.showError(`Some settings could not be read:\n${problems.join('\n')}`);
    else view.clearError();
    if (this.source && this.dataConfig) {
      const changed = changedKeys(this.dataConfig, this.plan.state.config);
      const { dataChanged, dropSource } = dataChange(changed, { needsLoad: false, sourceKind: this.source.kind });
      if (dataChanged) this.dataStale = true;
      if (dropSource) this.source = null;
    }
    if (!this.running && !this.slots.length) this.adoptRuns();
  }

  /** The plan's runs, or its error thrown. */
  planRuns() {
    if (this.plan.error) throw new Error(this.plan.error);
    return this.plan.runs;
  }

  /**
   * Sets up the view and one worker per run for the plan's runs (when they
   * changed): new runs get a fresh worker, dropped ones lose theirs.
   */
  adoptRuns() {
    const runs = this.plan.error ? [] : this.plan.runs;
    const same = runs.length === this.runs.length && runs.every((r, i) => r.label === this.runs[i].label && r.cell === this.runs[i].cell);
    this.runs = runs; // the same runs may still have new shared settings
    if (same && this.pacer) return;
    this.view.setRuns(runs, runColors(runs.map((r) => r.cell)));
    if (this.summary) this.view.predChart?.setSeries(this.summary.values);
    this.results = runs.map((r) => ({ label: r.label, metrics: null, wall_s: null }));
    this.progress = runs.map(() => null);
    this.pacer?.cancel();
    const view = this.view;
    this.pacer = new Pacer({
      loss: () => view.lossChart?.draw(),
      predictions: () => view.predChart?.draw(),
      gradient: () => view.gradChart?.draw(),
      legend: () => this.runs.forEach((r, i) => view.setRunStatus(i, runStatusText(this.progress[i], r.config.epochs, this.results[i]))),
      table: () => view.renderTable(this.results),
    });
    this.pacer.mark('table');
    if (this.slots.length) this.fitSlots();
  }

  /** One worker per run: starts the missing ones, ends the extra ones. */
  fitSlots() {
    while (this.slots.length > this.runs.length) this.slots.pop()?.worker.terminate();
    while (this.slots.length < this.runs.length) {
      const worker = new WorkerClient();
      /** @type {Slot} */
      const slot = { worker, source: null };
      worker.addEventListener('crash', (e) => {
        slot.source = null; // a fresh worker holds no data: the next train() loads it again
        const { message } = /** @type {CustomEvent} */ (e).detail;
        this.view.showError(`A training worker crashed (${message}); the next Train starts it afresh.`);
      });
      worker.start().catch(() => {}); // start() is awaited (and its failure reported) by boot()
      this.slots.push(slot);
    }
  }

  /**
   * Sets `data-phase` (starting | idle | running | busy) and `data-state`, and the buttons.
   * @param {'starting'|'idle'|'running'|'busy'} phase
   * @param {string} state
   */
  setPhase(phase, state) {
    this.dataset.phase = phase;
    this.dataset.state = state;
    this.shown?.renderToolbar(phase);
  }

  /** Starts one worker per run, then loads the data and builds the models. */
  startWorkers() {
    this.setPhase('starting', 'starting');
    this.adoptRuns();
    this.fitSlots();
    this.ready = this.boot();
  }

  /** Waits for the workers, loads the data and builds the models; trains with `autoplay`. */
  async boot() {
    const view = this.view;
    view.setStatus('Loading the WebAssembly module…');
    try {
      await Promise.all(this.slots.map((s) => s.worker.start()));
      if (!this.plan.error) await this.prepare();
      this.setPhase('idle', this.plan.error ? 'error' : 'ready');
      view.setStatus(this.plan.error ? 'Fix the attributes above to compare.' : `Ready to train ${this.runs.length} runs side by side.`);
      if (this.plan.state.view.autoplay && !this.plan.error) this.train().catch(() => {});
    } catch (err) {
      this.setPhase('idle', 'error');
      this.fail(err, 'start');
    }
  }

  // ---- data and models ----------------------------------------------------------

  /** Loads the data where a worker lacks it and builds a fresh model in every worker. */
  async prepare() {
    this.planRuns();
    this.adoptRuns();
    this.fitSlots();
    const first = this.slots[0];
    if (first) this.view.showBackend((await first.worker.start()).backend, first.worker.mode); // workers started late (after a bad plan)
    const want = this.dataStale || !this.source ? sourceFromSettings(this.plan.state.config, this.source) : this.source;
    await this.loadAll(want);
    await this.configureAll();
  }

  /**
   * Loads `source` into every worker that does not hold it: the first one
   * alone (a refusal leaves every worker's data as it was), then the others.
   * @param {DataSource} source
   */
  async loadAll(source) {
    const todo = this.slots.filter((s) => s.source !== source);
    if (!todo.length) return this.summary;
    this.setPhase('busy', 'loading');
    const summary = await todo[0].worker.call(Request.LOAD_DATA, source);
    todo[0].source = source;
    await Promise.all(todo.slice(1).map(async (s) => {
      await s.worker.call(Request.LOAD_DATA, source);
      s.source = source;
    }));
    this.source = source;
    this.dataConfig = { ...this.plan.state.config };
    this.dataStale = false;
    this.summary = summary;
    this.view.predChart?.setSeries(summary.values);
    return summary;
  }

  /** A fresh model in every worker, each with its run's settings; clears the last results. */
  async configureAll() {
    this.setPhase('busy', 'configuring');
    await Promise.all(this.slots.map((s, i) => s.worker.call(Request.CONFIGURE, { config: toSessionConfig(this.runs[i].config) })));
    this.clearResults();
    // The untrained models' predictions and gradient flow: where each run starts from.
    const preds = await Promise.all(this.slots.map((s) => s.worker.call(Request.PREDICTIONS)));
    preds.forEach((p, i) => this.view.predChart?.set(i, p));
    this.pacer?.mark('predictions');
    try {
      this.showFlows(await this.inspectAll());
    } catch (err) {
      this.fail(err, 'inspect'); // shown, but the models can still train
    }
  }

  /** Forgets the results shown (fresh models); the charts are redrawn at the pacer's next round. */
  clearResults() {
    const view = this.view;
    this.results = this.runs.map((r) => ({ label: r.label, metrics: null, wall_s: null }));
    this.progress = this.runs.map(() => null);
    view.lossChart?.clear();
    view.predChart?.clear();
    view.gradChart?.clear();
    for (const part of ['loss', 'predictions', 'gradient', 'legend', 'table']) this.pacer?.mark(part);
  }

  // ---- the JS API -------------------------------------------------------------

  /**
   * Loads CSV text as the data of every run (options and errors as
   * `<rnn-playground>`'s `loadCsv`) and builds fresh models; the previous data
   * stays when the text is refused.
   * @param {string} text
   * @param {{column?: string|number, missing?: 'error'|'drop'|'ffill', name?: string}} [options]
   */
  async loadCsv(text, options = {}) {
    await this.ready;
    await this.halt();
    const { name, ...opts } = options;
    const label = name ?? 'CSV';
    const merged = { ...csvOptions(this.plan.state.config), ...opts };
    try {
      this.planRuns();
      this.adoptRuns();
      this.fitSlots();
      const summary = await this.loadAll({ kind: 'csv', text: String(text), name: label, options: { source: label, ...merged } });
      await this.configureAll();
      this.setPhase('idle', 'ready');
      this.view.clearError();
      this.view.setStatus(`Loaded ${summary.rows} rows. Ready to train.`);
      return summary;
    } catch (err) {
      this.setPhase('idle', this.source ? 'ready' : 'error');
      this.fail(err, 'load-data');
      throw err;
    }
  }

  /**
   * Trains every run at once from fresh models; resolves with
   * `{runs: [{cell, label, metrics, wall_s, stop_reason, error}]}` in the
   * order of `cells`, or rejects naming the runs that failed. Called during
   * training, it resolves with that comparison's result.
   * @returns {Promise<{runs: RunEntry[]}>}
   */
  async train() {
    await this.ready;
    if (!this.running) {
      const run = this.compare();
      this.running = run;
      run.then(() => { this.running = null; }, () => { this.running = null; });
    }
    return this.running;
  }

  /** Prepares, trains every run, and assembles the result. */
  async compare() {
    const view = this.view;
    view.clearError();
    try {
      await this.prepare();
    } catch (err) {
      this.setPhase('idle', 'error');
      this.fail(err, 'train');
      throw err;
    }
    const runs = this.runs;
    const started = performance.now();
    this.setPhase('running', 'training');
    // The gradient flow while the runs train: one round of inspections at a time, paced.
    const refresher = new InspectRefresher(() => this.inspectAll(), (list) => this.showFlows(list));
    refresher.start();
    const slots = this.slots;
    // The runs take turns on the machine's cores, leaving the page one (www/compare-turns.js).
    const turns = new Turns({
      runs: slots.length,
      computing: computingRuns(navigator.hardwareConcurrency),
      pause: (r) => { slots[r].worker.call(Request.PAUSE).catch(() => {}); },
      resume: (r) => { slots[r].worker.call(Request.RESUME).catch(() => {}); },
    });
    this.turns = turns;
    view.setStatus(turns.computing >= runs.length ? `Training ${runs.length} runs at once…`
      : `Training ${runs.length} runs, ${turns.computing} at a time in turns of ${TURN_MS / 1000} s (one core is left to the page)…`);
    const training = slots.map((s, i) => this.trainOne(s, i).finally(() => turns.ended(i)));
    turns.start();
    const settled = await Promise.allSettled(training);
    turns.stop();
    refresher.stop();
    const result = assembleResult(runs, settled);
    try {
      this.showFlows(await this.inspectAll()); // the trained models'
    } catch {
      // a run that failed has no model to inspect; its failure is reported below
    }
    this.setPhase('idle', 'done');
    this.pacer?.mark('table');
    this.pacer?.mark('legend');
    const together = turns.computing >= runs.length ? 'all at once' : `taking turns, ${turns.computing} at a time`;
    view.setStatus(`Finished ${runs.length} runs in ${((performance.now() - started) / 1000).toFixed(1)} s (wall time, ${together}).`);
    const failed = failureMessage(result);
    if (failed) {
      const err = Object.assign(new Error(failed), { result });
      this.fail(err, 'train');
      throw err;
    }
    this.dispatchEvent(new CustomEvent('trained', { detail: result }));
    return result;
  }

  /**
   * Trains one run to its end; the wall time is measured on the page's clock.
   * @param {Slot} slot
   * @param {number} i
   * @returns {Promise<RunOutcome>}
   */
  async trainOne(slot, i) {
    const t0 = performance.now();
    const res = await slot.worker.request(Request.TRAIN, {}, { onProgress: (p) => this.onProgress(i, p) });
    const wall = (performance.now() - t0) / 1000;
    this.onProgress(i, res);
    this.results[i] = { label: this.runs[i].label, metrics: res.metrics, wall_s: wall };
    this.pacer?.mark('table');
    return { metrics: res.metrics, wall_s: wall, progress: res.progress ?? null };
  }

  /** Ends every run now; `train()` resolves with the metrics so far. */
  async stop() {
    if (!this.running) return;
    await Promise.all(this.slots.map((s) => s.worker.call(Request.STOP)));
  }

  /**
   * One window seen from inside every run's model (they may be training):
   * the same options as `<rnn-playground>`'s `inspect()`; one Inspection per
   * run, in the order of `cells`.
   * @param {import('./protocol.js').InspectRequest} [options]
   * @returns {Promise<Inspection[]>}
   */
  async inspect(options = {}) {
    await this.ready;
    this.planRuns();
    return inspectRuns(this.slots.map((s) => s.worker), options);
  }

  /** Every run's gradient flow now, for the chart (no waiting for `ready`). */
  inspectAll() {
    return inspectFlows(this.slots.map((s) => s.worker));
  }

  /**
   * Puts each run's gradient flow on the chart.
   * @param {import('./charts/compare-gradient-chart.js').GradientFlow[]} list
   */
  showFlows(list) {
    list.forEach((insp, i) => this.view.gradChart?.set(i, insp));
    this.pacer?.mark('gradient');
  }

  /** Stops a comparison under way and waits until it has ended. */
  async halt() {
    const run = this.running;
    if (!run) return;
    await this.stop();
    await run.catch(() => {});
  }

  // ---- progress -----------------------------------------------------------------

  /**
   * Takes one run's progress (and its epoch ends and predictions): stores it,
   * marks the views to redraw and sends the `progress` event.
   * @param {number} i
   * @param {{progress?: Progress|null, history?: Progress[], predictions?: any}} payload
   */
  onProgress(i, payload) {
    const view = this.view;
    const pacer = this.pacer;
    for (const h of payload.history ?? []) view.lossChart?.add(i, h);
    const p = payload.progress;
    if (p) {
      this.progress[i] = p;
      view.lossChart?.add(i, p);
    }
    if (payload.predictions) {
      view.predChart?.set(i, payload.predictions);
      pacer?.mark('predictions');
    }
    pacer?.mark('loss');
    pacer?.mark('legend');
    if (p) this.dispatchEvent(new CustomEvent('progress', { detail: { ...p, cell: this.runs[i].cell, run: i, label: this.runs[i].label } }));
  }

  // ---- view glue ----------------------------------------------------------------

  /** Wires the buttons. */
  wireInputs() {
    const root = this.root;
    root.querySelector('[data-action=train]')?.addEventListener('click', () => { this.train().catch(() => {}); });
    root.querySelector('[data-action=stop]')?.addEventListener('click', () => { this.stop().catch((err) => this.fail(err, 'stop')); });
    root.querySelector('[data-action=dismiss-error]')?.addEventListener('click', () => this.view.clearError());
    root.querySelector('[data-role=all-layers]')?.addEventListener('change', (e) => {
      this.view.gradChart?.setAllLayers(/** @type {HTMLInputElement} */ (e.target).checked);
    });
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

if (!customElements.get('rnn-compare')) customElements.define('rnn-compare', RnnCompare);
