/**
 * The backtest chart: per fold of a rolling-origin backtest, the model's test MASE beside
 * persistence's and drift's (one marker each, no lines: the folds are separate tests), and the
 * model's mean MASE as a dashed line across them. MASE below 1 beats the in-sample naive
 * forecast of its fold's training part.
 */
import { createChart, COLORS } from './chart-base.js';
import { foldChartData } from '../backtest-report.js';

/** Colours of the baselines' markers. */
const PERSISTENCE = '#6b7280';
const DRIFT = '#d97706';

/** A marker per point and no line between them. */
const markersOnly = () => null;

/** The folds' MASE: the model, persistence, drift, and the model's mean. */
export class BacktestChart {
  /** @param {HTMLElement} container */
  constructor(container) {
    this.container = container;
    /** Folds drawn (for tests). */
    this.folds = 0;
    this.chart = createChart(container, {
      height: 220,
      title: 'Backtest: test MASE per fold',
      scales: { x: { time: false, range: (u, lo, hi) => [lo - 0.5, hi + 0.5] }, y: { range: (u, lo, hi) => [0, Math.max(1, hi) * 1.1] } },
      axes: [
        { label: 'fold', incrs: [1, 2, 5, 10, 20, 50, 100], values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : '')) },
        { label: 'MASE', size: 50 },
      ],
      series: [
        { label: 'fold', value: (u, v) => (v == null ? '–' : String(v)) },
        { label: 'model', stroke: COLORS.test, fill: COLORS.test, paths: markersOnly, points: { show: true, size: 10, fill: COLORS.test }, value: fmt },
        { label: 'persistence', stroke: PERSISTENCE, paths: markersOnly, points: { show: true, size: 8, fill: PERSISTENCE }, value: fmt },
        { label: 'drift', stroke: DRIFT, paths: markersOnly, points: { show: true, size: 8, fill: DRIFT }, value: fmt },
        { label: 'model mean', stroke: COLORS.test, width: 1.5, dash: [6, 4], points: { show: false }, value: fmt },
      ],
    }, [[], [], [], [], []]);
    container.classList.add('empty');
  }

  /**
   * Draws a report's folds (see www/backtest-report.js `foldChartData`).
   * @param {import('../backtest-report.js').BacktestReport} report
   */
  update(report) {
    const data = foldChartData(report);
    this.folds = data[0].length;
    this.container.classList.toggle('empty', this.folds === 0);
    this.chart.plot.setData(/** @type {import('uplot').AlignedData} */ (data));
  }

  /** The uPlot chart (for tests). */
  get plot() {
    return this.chart.plot;
  }

  /** Removes the chart. */
  destroy() {
    this.chart.destroy();
  }
}

/**
 * The legend's value of a MASE.
 * @param {unknown} u  the chart
 * @param {number|null} v
 */
function fmt(u, v) {
  return v == null ? '–' : v.toFixed(3);
}
