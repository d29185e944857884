/**
 * The live loss chart: training and validation loss per (fractional) epoch,
 * on a log scale.
 */
import { createChart, COLORS } from './chart-base.js';

export class LossChart {
  /** @param {HTMLElement} container */
  constructor(container) {
    this.xs = [];
    this.train = [];
    this.val = [];
    this.chart = createChart(container, {
      height: 200,
      title: 'Loss',
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [{ label: 'epoch' }, { label: 'loss', size: 60 }],
      series: [
        { label: 'epoch', value: (u, v) => (v == null ? '–' : v.toFixed(2)) },
        { label: 'train', stroke: COLORS.trainLoss, width: 2, spanGaps: true, value: fmt },
        { label: 'validation', stroke: COLORS.valLoss, width: 2, spanGaps: true, value: fmt },
      ],
    }, [[], [], []]);
  }

  /** Forgets all points (new model). */
  clear() {
    this.xs = [];
    this.train = [];
    this.val = [];
    this.chart.plot.setData([[], [], []]);
  }

  /** Appends one progress report (see protocol `Progress`). */
  add(progress) {
    if (!progress || !(progress.train_loss > 0 || progress.train_loss === 0)) return;
    // `epoch` is 1-based and `batch` counts 1..batches_per_epoch within it: x = epochs completed.
    const bpe = progress.batches_per_epoch || 1;
    const x = Math.max(0, progress.epoch - 1 + progress.batch / bpe);
    if (this.xs.length && x <= this.xs[this.xs.length - 1]) return;
    this.xs.push(x);
    this.train.push(positive(progress.train_loss));
    this.val.push(progress.val_loss == null ? null : positive(progress.val_loss));
    this.chart.plot.setData([this.xs, this.train, this.val]);
  }

  /** Number of points drawn (for tests and status text). */
  get length() {
    return this.xs.length;
  }

  destroy() {
    this.chart.destroy();
  }
}

function positive(v) {
  return Number.isFinite(v) ? Math.max(v, 1e-12) : null;
}

function fmt(u, v) {
  return v == null ? '–' : v.toPrecision(4);
}
