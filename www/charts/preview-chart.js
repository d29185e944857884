/**
 * A small preview of the loaded column, so the learner sees the data before
 * training (and sees a wrong column pick at once).
 */
import { createChart, COLORS } from './chart-base.js';

/** A small chart of the loaded column. */
export class PreviewChart {
  /** @param {HTMLElement} container */
  constructor(container) {
    this.chart = createChart(container, {
      height: 110,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false } },
      axes: [{ show: false }, { size: 50 }],
      series: [{}, { stroke: COLORS.actual, width: 1 }],
    }, [[], []]);
  }

  /**
   * Shows `values`.
   * @param {ArrayLike<number>} values
   */
  set(values) {
    const xs = Array.from({ length: values.length }, (_, i) => i);
    this.chart.plot.setData([xs, Array.from(values, (v) => (Number.isFinite(v) ? v : null))]);
  }

  /** Removes the chart. */
  destroy() {
    this.chart.destroy();
  }
}
