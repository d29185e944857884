/**
 * The page's rolling-origin backtest (issue 15): `<rnn-playground>.backtest()`, the Backtest
 * button, and the panel with the fold chart (www/charts/backtest-chart.js), the fold table and
 * the sentence under the metrics. The backtest runs the worker's `backtest` request on the
 * configured run (the settings' `backtest` folds, `backtest_window`, `backtest_fine_tune`); the
 * lifecycle is in `backtesting` meanwhile (www/lifecycle.js), Stop ends it between two chunks
 * (the finished folds stay in the report), and the model and its results are not touched.
 *
 * `withBacktest(RnnPlayground.prototype)` adds `backtest()` and lets `stop()`, `halt()` and
 * `prepare()` (so Train, loads and imports) end a running backtest first.
 */
import { Request } from './protocol.js';
import {
  LifecycleEvent as E, isBacktesting, backtestControl, isSettled, needsLoad,
} from './lifecycle.js';
import { sourceFromSettings } from './settings.js';
import { BacktestChart } from './charts/backtest-chart.js';
import { foldRows, backtestSentence, backtestProgressText, fixed2, units, SHOWN_BASELINES } from './backtest-report.js';

/** @typedef {import('./rnn-playground.js').RnnPlayground} RnnPlayground */
/** @typedef {import('./backtest-report.js').BacktestReport} BacktestReport */

/** The controller of each element. @type {WeakMap<RnnPlayground, BacktestRun>} */
const RUNS = new WeakMap();

/**
 * The element's backtest controller (made on first use).
 * @param {RnnPlayground} el
 */
export function backtestOf(el) {
  let run = RUNS.get(el);
  if (!run) {
    run = new BacktestRun(el);
    RUNS.set(el, run);
  }
  return run;
}

/** One element's backtests: the running one, the last report, and its panel. */
export class BacktestRun {
  /** @param {RnnPlayground} el */
  constructor(el) {
    this.el = el;
    /** @type {Promise<BacktestReport>|null} the running backtest */
    this.running = null;
    /** @type {BacktestReport|null} the last report shown */
    this.report = null;
    /** @type {BacktestChart|null} built when the first report is shown */
    this.chart = null;
    /** Set by `halt()` while the backtest still loads or builds its model: it then does not start. */
    this.cancelled = false;
  }

  /**
   * Runs a backtest of the current settings; resolves with its report (also when stopped).
   * @returns {Promise<BacktestReport>}
   */
  async start() {
    const el = this.el;
    await el.ready;
    if (this.running) return this.running;
    if (!isSettled(el.lifecycle)) {
      throw new Error(`backtest: the playground is ${el.lifecycle.name} (stop the training first)`);
    }
    this.cancelled = false;
    const run = this.runOnce();
    this.running = run;
    try {
      return await run;
    } finally {
      if (this.running === run) this.running = null;
    }
  }

  /**
   * One backtest: builds the model the settings call for (when they moved since the last one),
   * sends the request between the `backtest` and `backtested` lifecycle events, shows the report.
   * @returns {Promise<BacktestReport>}
   */
  async runOnce() {
    const el = this.el;
    try {
      // The worker backtests its configured run: configure when the settings moved since then.
      el.view.clearError();
      if (needsLoad(el.lifecycle)) await el.load(sourceFromSettings(el.state.config, el.source));
      else if (el.lifecycle.model === 'none' || el.lifecycle.modelStale) await el.configure();
      if (!this.cancelled) el.dispatch({ type: E.BACKTEST });
      if (!this.cancelled && !isBacktesting(el.lifecycle)) throw new Error(`backtest: cannot start while ${el.lifecycle.name}`);
    } catch (err) {
      el.fail(err, 'backtest');
      throw err;
    }
    if (this.cancelled) throw new Error('backtest: stopped before its first fold'); // by Stop, Train or a load: no error to show
    el.view.setStatus('Backtest: planning the folds…');
    /** @type {BacktestReport} */
    let report;
    try {
      report = await el.requireWorker().request(Request.BACKTEST, {}, { onProgress: (p) => this.onProgress(p) });
    } catch (err) {
      el.dispatch({ type: E.BACKTESTED });
      el.fail(err, 'backtest');
      throw err;
    }
    el.dispatch({ type: E.BACKTESTED });
    this.show(report);
    const n = report.folds?.length ?? 0;
    el.view.setStatus(report.complete ? `Backtest done: ${n} folds.` : `Backtest stopped after ${n} of ${report.planned} folds.`);
    el.dispatchEvent(new CustomEvent('backtested', { detail: report }));
    return report;
  }

  /**
   * A progress reply: the status line and a `progress` event with `detail.backtest`.
   * @param {{backtest?: any}} payload
   */
  onProgress(payload) {
    const step = payload?.backtest;
    if (!step) return;
    this.el.view.setStatus(backtestProgressText(step, this.el.state.config.epochs));
    this.el.dispatchEvent(new CustomEvent('progress', { detail: { backtest: step } }));
  }

  /** Ends a running backtest between two chunks; its report keeps the finished folds. */
  async stop() {
    if (!isBacktesting(this.el.lifecycle)) return;
    await this.el.requireWorker().call(Request.BACKTEST, { stop: true });
  }

  /** Ends a running backtest and waits until its request has answered. */
  async halt() {
    const running = this.running;
    if (!running) return;
    this.cancelled = true;
    await this.stop();
    await running.catch(() => {});
  }

  /**
   * Shows a report: the panel with the fold chart and table, and the sentence under the metrics.
   * Null hides them (new data).
   * @param {BacktestReport|null} report
   */
  show(report) {
    this.report = report;
    const root = this.el.root;
    const panel = /** @type {HTMLElement|null} */ (root.querySelector('[data-role=backtest-panel]'));
    const sentence = /** @type {HTMLElement|null} */ (root.querySelector('[data-role=backtest-sentence]'));
    const text = backtestSentence(report);
    if (sentence) {
      sentence.textContent = text ?? '';
      sentence.hidden = text === null;
    }
    if (!panel) return;
    panel.hidden = !report || !report.folds?.length;
    if (!report || panel.hidden) return;
    const chartBox = /** @type {HTMLElement} */ (panel.querySelector('[data-role=backtest-chart]'));
    this.chart ??= new BacktestChart(chartBox);
    this.chart.update(report);
    const table = /** @type {HTMLElement} */ (panel.querySelector('[data-role=backtest-table]'));
    renderFoldTable(table, report);
  }

  /** Enables the Backtest button as the lifecycle allows. */
  renderButton() {
    const button = /** @type {HTMLButtonElement|null} */ (this.el.root.querySelector('[data-action=backtest]'));
    if (button) button.disabled = backtestControl(this.el.lifecycle).disabled;
  }
}

/**
 * Renders the per-fold table (RMSE, MAE, MASE, skill, the baselines' MASE) and the mean row.
 * @param {HTMLElement} container
 * @param {BacktestReport} report
 */
export function renderFoldTable(container, report) {
  const doc = container.ownerDocument;
  const table = doc.createElement('table');
  table.className = 'metrics backtest';
  const cap = doc.createElement('caption');
  cap.textContent = `${report.window ?? ''} window, ${report.folds.length} of ${report.planned} folds `
    + '(original scale; MASE against each fold\'s in-sample naive forecast; skill = 1 − RMSE / persistence RMSE)';
  table.append(cap);
  /** @type {[string, string][]} */
  const cols = [['rmse', 'RMSE'], ['mae', 'MAE'], ['mase', 'MASE'], ['skill', 'Skill'],
    ...SHOWN_BASELINES.map(([k, label]) => /** @type {[string, string]} */ ([k, `${label[0].toUpperCase()}${label.slice(1)} MASE`]))];
  const head = table.createTHead().insertRow();
  for (const [key, label] of [['', ''], ...cols]) {
    const th = doc.createElement('th');
    th.scope = 'col';
    th.textContent = label;
    if (key) th.dataset.col = key;
    head.append(th);
  }
  const body = table.createTBody();
  for (const r of foldRows(report)) {
    const tr = body.insertRow();
    tr.dataset.row = r.name;
    const th = doc.createElement('th');
    th.scope = 'row';
    th.textContent = r.label;
    tr.append(th);
    /** @type {[string, string][]} */
    const cells = [['rmse', units(r.rmse)], ['mae', units(r.mae)], ['mase', fixed2(r.mase)], ['skill', fixed2(r.skill)],
      ...SHOWN_BASELINES.map(([k]) => /** @type {[string, string]} */ ([k, fixed2(r.baselines[k])]))];
    for (const [key, text] of cells) {
      const td = tr.insertCell();
      td.dataset.col = key;
      td.textContent = text;
    }
  }
  container.replaceChildren(table);
}

/**
 * Adds the backtest to the element class (see the top of this file).
 * @param {any} proto  `RnnPlayground.prototype`
 */
export function withBacktest(proto) {
  /** @this {RnnPlayground} */
  proto.backtest = function backtest() {
    return backtestOf(this).start();
  };
  Object.defineProperty(proto, 'backtestChart', {
    /** @this {RnnPlayground} The fold chart once a report was shown (for tests and embedders). */
    get() { return backtestOf(this).chart; },
    configurable: true,
  });
  for (const name of ['stop', 'halt']) {
    const inner = proto[name];
    /** @this {RnnPlayground} */
    proto[name] = async function (/** @type {unknown[]} */ ...args) {
      const run = backtestOf(this);
      if (name === 'stop' && isBacktesting(this.lifecycle)) return run.stop();
      await run.halt();
      return inner.apply(this, args);
    };
  }
  const prepare = proto.prepare;
  /** @this {RnnPlayground} */
  proto.prepare = async function () {
    await backtestOf(this).halt();
    return prepare.call(this);
  };
  const dispatch = proto.dispatch;
  /** @this {RnnPlayground} @param {import('./lifecycle.js').LifecycleEventObject} event */
  proto.dispatch = function (event) {
    dispatch.call(this, event);
    if (this.shown) backtestOf(this).renderButton();
  };
  const loadData = proto.loadData;
  /** @this {RnnPlayground} @param {import('./protocol.js').DataSource} source */
  proto.loadData = async function (source) {
    const summary = await loadData.call(this, source);
    const run = backtestOf(this);
    if (run.report) run.show(null); // the folds were of other data
    return summary;
  };
  const wireInputs = proto.wireInputs;
  /** @this {RnnPlayground} */
  proto.wireInputs = function () {
    wireInputs.call(this);
    this.root.querySelector('[data-action=backtest]')?.addEventListener('click', () => {
      backtestOf(this).start().catch(() => {}); // start() has shown its error
    });
  };
}
