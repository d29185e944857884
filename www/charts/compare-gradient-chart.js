/**
 * The gradient flow of every run of `<rnn-compare>` on one log-scale chart:
 * ‖∂loss/∂h_t‖ over the window's steps t for one window, the top layer of
 * each run in its colour (lower layers dashed with "every layer"). A plain
 * RNN's line falls steeply towards the oldest steps (the gradient vanishes);
 * gated cells keep it flatter once their gates have learnt to.
 */
import { createChart } from './chart-base.js';
import { logTickLabels } from './compare-loss-chart.js';

/** @typedef {import('./compare-loss-chart.js').RunLook} RunLook */
/** @typedef {{layers: number, directions?: number, grad_h_norm: ArrayLike<number>[]}} GradientFlow  the fields of an Inspection drawn here */

/**
 * One line of the chart.
 * @typedef {object} FlowLine
 * @property {number} run
 * @property {number} layer   0-based
 * @property {number} dir     0 forward, 1 reverse
 * @property {boolean} top    the run's top layer
 * @property {ArrayLike<number>} norms  one per step
 */

/**
 * The lines to draw: for each run its top layer (both directions when
 * bidirectional), and with `allLayers` every layer. The state index is
 * `layer·D + dir`, as PyTorch's.
 * @param {(GradientFlow|null)[]} flows  each run's latest inspection
 * @param {boolean} allLayers
 * @returns {FlowLine[]}
 */
export function flowLines(flows, allLayers) {
  /** @type {FlowLine[]} */
  const lines = [];
  flows.forEach((f, run) => {
    if (!f || !f.layers || !f.grad_h_norm?.length) return;
    const dirs = f.directions ?? Math.max(1, Math.round(f.grad_h_norm.length / f.layers));
    for (let layer = f.layers - 1; layer >= 0; layer--) {
      const top = layer === f.layers - 1;
      if (!top && !allLayers) break;
      for (let dir = 0; dir < dirs; dir++) {
        const norms = f.grad_h_norm[layer * dirs + dir];
        if (norms) lines.push({ run, layer, dir, top, norms });
      }
    }
  });
  return lines;
}

/**
 * The chart's data: steps 0…T−1 (T the longest window) and one column per
 * line; a norm that is not positive and finite is a gap (the scale is log).
 * @param {FlowLine[]} lines
 * @returns {import('uplot').AlignedData}
 */
export function flowData(lines) {
  const steps = lines.reduce((n, l) => Math.max(n, l.norms.length), 0);
  const xs = Array.from({ length: steps }, (_, t) => t);
  return [xs, ...lines.map((l) => xs.map((t) => {
    const v = l.norms[t];
    return v !== undefined && Number.isFinite(v) && v > 0 ? v : null;
  }))];
}

/** Gradient-flow curves of every run, overlaid. */
export class CompareGradientChart {
  /**
   * @param {HTMLElement} container
   * @param {RunLook[]} runs
   */
  constructor(container, runs) {
    this.container = container;
    this.runs = runs;
    /** @type {(GradientFlow|null)[]} */
    this.flows = runs.map(() => null);
    this.allLayers = false;
    /** @type {{plot: import('uplot'), destroy: () => void}|null} */
    this.chart = null;
    /** Which lines the current chart has (it is rebuilt when they change). */
    this.shape = '';
    /** Lines drawn (for tests). */
    this.lines = 0;
    this.draw();
  }

  /**
   * Keeps run `run`'s latest inspection (drawn at the next `draw`).
   * @param {number} run
   * @param {GradientFlow|null} flow
   */
  set(run, flow) {
    if (run >= 0 && run < this.flows.length) this.flows[run] = flow;
  }

  /**
   * Shows every layer, or the top one only.
   * @param {boolean} on
   */
  setAllLayers(on) {
    this.allLayers = on;
    this.draw();
  }

  /** Forgets the inspections (fresh models; drawn at the next `draw`). */
  clear() {
    this.flows = this.flows.map(() => null);
  }

  /**
   * Redraws; the uPlot chart is rebuilt only when another set of lines
   * arrives (no lines at all keeps the last set's chart, emptied: fresh models
   * are inspected again at once).
   */
  draw() {
    const lines = flowLines(this.flows, this.allLayers);
    const shape = lines.map((l) => `${l.run}:${l.layer}:${l.dir}`).join(',');
    this.lines = lines.length;
    this.container.classList.toggle('empty', lines.length === 0);
    if (this.chart && !lines.length) {
      this.chart.plot.setData([[], ...this.chart.plot.series.slice(1).map(() => [])]);
      return;
    }
    const data = flowData(lines);
    if (this.chart && shape === this.shape) {
      this.chart.plot.setData(data);
      return;
    }
    this.chart?.destroy();
    this.shape = shape;
    this.chart = createChart(this.container, {
      height: 240,
      title: 'Gradient flow ‖∂loss/∂hₜ‖ (one test window)',
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [{ label: 'window step t (oldest → newest)' }, { label: '‖∂loss/∂hₜ‖', size: 70, values: logTickLabels }],
      series: [{ label: 't' }, ...lines.map((l) => this.lineSeries(l, lines))],
    }, data);
  }

  /**
   * The uPlot series of one line.
   * @param {FlowLine} l
   * @param {FlowLine[]} lines  all lines (to say which layer a line is when a run has several)
   * @returns {import('uplot').Series}
   */
  lineSeries(l, lines) {
    const run = this.runs[l.run];
    const several = lines.filter((o) => o.run === l.run).length > 1;
    const where = several ? ` layer ${l.layer + 1}${l.dir ? ' rev.' : ''}` : '';
    return {
      label: `${run.label}${where}`,
      stroke: run.color,
      width: l.top ? 2 : 1.25,
      dash: l.top && !l.dir ? undefined : [5, 4],
      value: (u, v) => (v == null ? '–' : v.toExponential(2)),
    };
  }

  /** Removes the chart. */
  destroy() {
    this.chart?.destroy();
    this.chart = null;
  }
}
