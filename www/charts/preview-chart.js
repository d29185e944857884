/**
 * A small preview of the loaded column, so the learner sees the data before
 * training (and sees a wrong column pick at once).
 */
import { createChart, COLORS } from './chart-base.js';
import { ColumnGrid, drawnSeries, unpackYs } from '../decimate.js';

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
   * Shows `values` (a long series as the minimum and maximum per pixel column, www/decimate.js:
   * the same drawn form as the prediction chart's, computed once).
   * @param {ArrayLike<number>} values
   */
  set(values) {
    this.chart.plot.setData([new ColumnGrid(values.length).xs, unpackYs(drawnSeries(values))]);
  }

  /** Removes the chart. */
  destroy() {
    this.chart.destroy();
  }
}
