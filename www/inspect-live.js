/**
 * Keeps the "Inside the network" panel (www/inspect-panel.js) live for one
 * `<rnn-playground>`: asks the worker for the picked window's inspection
 * when the model changes, while it trains (paced by www/inspect-pacing.js:
 * one request in flight, a few a second, always one after the last change),
 * when the reader picks a window, and when the panel is opened or scrolled
 * into view. While it cannot be seen it asks for nothing. Also the
 * element's `inspect()` API, which returns the contract's nested arrays.
 */
import { Request } from './protocol.js';
import { unpackInspection } from './inspection.js';
import { InspectPacer } from './inspect-pacing.js';
import { fromPacked } from './inspect-data.js';
import { checkPick, windowAtPoint } from './inspect-picking.js';
import { onPlotClick, viewCentre } from './charts/chart-click.js';
import { errorMessage } from './request-client.js';

/** @typedef {import('./inspect-panel.js').InspectPanel} InspectPanel */
/** @typedef {import('./inspect-panel.js').WindowPick} WindowPick */

/**
 * What the feed needs from its element.
 * @typedef {object} InspectHost
 * @property {() => Promise<unknown>} ready     settles when the worker is up with data
 * @property {() => import('./worker-client.js').WorkerClient} worker
 * @property {() => boolean} hasData
 * @property {() => boolean} hasModel
 * @property {() => import('./inspect-picking.js').PredictionIndex|null} predictions
 */

/** The live panel of one element. */
export class InspectLive {
  /**
   * @param {InspectPanel} panel
   * @param {HTMLElement} section   the panel's section (hidden by `inspect_hide`)
   * @param {HTMLDetailsElement} details  closing it stops the requests
   * @param {InspectHost} host
   */
  constructor(panel, section, details, host) {
    this.panel = panel;
    this.section = section;
    this.details = details;
    this.host = host;
    this.pacer = new InspectPacer(() => this.refresh());
    /** The panel's section is in the viewport (always, where IntersectionObserver is missing). */
    this.onScreen = typeof IntersectionObserver === 'undefined';
    panel.onPick = () => this.poke();
    details.addEventListener('toggle', () => this.poke());
    if (!this.onScreen) {
      // Nobody sees it off screen: no inspections (worker time) and no drawing (main-thread time) then.
      new IntersectionObserver((entries) => {
        this.onScreen = entries[entries.length - 1].isIntersecting;
        this.poke();
      }).observe(section);
    }
  }

  /** The panel can be seen: open, not hidden by a flag, in the viewport. */
  get visible() {
    return this.onScreen && this.details.open && !this.section.closest('[data-hidden-by-state]');
  }

  /** Something changed (progress, a new model, a pick): show it soon. */
  poke() {
    if (this.visible) this.pacer.request();
    else this.pacer.cancel();
  }

  /** The model went away or is being replaced: clear the views, then show the new one. */
  modelChanged() {
    this.panel.showMessage(this.host.hasModel() ? 'Inspecting the new model…' : 'No model yet.', true);
    this.poke();
  }

  /**
   * Lets a click on the prediction chart (or Enter on it) pick the window whose target is there.
   * @param {import('uplot')} plot
   * @param {HTMLElement} focusable  the chart's keyboard target
   */
  followClicks(plot, focusable) {
    /** @param {number|null} x */
    const pickAt = (x) => {
      const preds = this.host.predictions();
      if (!preds) {
        this.panel.showMessage('The predictions appear once training has run; then a click picks the window there.');
        return;
      }
      const w = x == null ? null : windowAtPoint(preds, x);
      if (w) this.panel.setPick({ split: w.split, index: w.index });
    };
    onPlotClick(plot, pickAt);
    focusable.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      e.preventDefault();
      pickAt(viewCentre(plot));
    });
  }

  /** One inspection of the picked window, drawn (errors go to the panel's status line). */
  async refresh() {
    if (!this.host.hasData() || !this.host.hasModel()) {
      this.panel.showMessage('No model yet.', true);
      return;
    }
    const pick = this.panel.pick;
    try {
      const packed = await this.host.worker().call(Request.INSPECT, pick);
      if (!this.visible) return;
      await this.panel.show(fromPacked(packed));
    } catch (err) {
      this.panel.showMessage(`Could not inspect ${pick.split} window ${pick.index}: ${errorMessage(err)}`);
    }
  }

  /**
   * `<rnn-playground>.inspect()`: the inspection of one window in the
   * contract's nested arrays.
   * @param {{split?: string, index?: number}} [options]
   */
  async inspect({ split = 'test', index = -1 } = {}) {
    const problem = checkPick(split, index);
    if (problem) throw new Error(`inspect(): ${problem}`);
    await this.host.ready();
    if (!this.host.hasData()) throw new Error('inspect(): no data is loaded yet (load a dataset or a CSV first)');
    if (!this.host.hasModel()) throw new Error('inspect(): there is no model yet (it is still being built; try again once the element is ready)');
    const packed = await this.host.worker().call(Request.INSPECT, { split, index });
    return unpackInspection(packed);
  }
}

/**
 * The live panel of a `<rnn-playground>`, wired to its view and its prediction chart.
 * @param {import('./rnn-playground.js').RnnPlayground} el
 * @param {import('./element-view.js').ElementView} view
 */
export function liveInspection(el, view) {
  const details = /** @type {HTMLDetailsElement} */ (view.$('[data-role=inspect-details]'));
  const live = new InspectLive(view.inspectPanel, view.$('[data-role=inspect-section]'), details, {
    ready: () => el.ready,
    worker: () => el.requireWorker(),
    hasData: () => !!el.summary,
    hasModel: () => el.lifecycle.model !== 'none',
    predictions: () => el.predictions,
  });
  live.followClicks(view.predChart.plot, view.$('[data-role=prediction-chart]'));
  return live;
}
