/**
 * The live loss chart: training and validation loss per epoch, on a log
 * scale, with the running epoch's loss as a moving last point, and a dashed
 * vertical marker at the epoch whose weights the metrics come from.
 */
import { createChart, COLORS } from './chart-base.js';
import { logTickLabels } from './compare-loss-chart.js';

/** @typedef {Pick<import('../protocol.js').Progress, 'epoch'|'batch'|'batches_per_epoch'|'train_loss'|'val_loss'>} LossPoint */

/** Training and validation loss per epoch. */
export class LossChart {
  /** @param {HTMLElement} container */
  constructor(container) {
    this.container = container;
    /** @type {number[]} epochs completed at each fixed point */
    this.xs = [];
    /** @type {(number|null)[]} */
    this.train = [];
    /** @type {(number|null)[]} */
    this.val = [];
    /** @type {[number, number|null]|null} the running epoch's point */
    this.live = null;
    /** @type {number|null} the epoch marked as the one whose weights were kept */
    this.best = null;
    this.chart = createChart(container, {
      hooks: { draw: [(u) => this.drawBest(u)] },
      height: 200,
      title: 'Loss',
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [{ label: 'epoch' }, { label: 'loss', size: 60, values: logTickLabels }],
      series: [
        { label: 'epoch', value: (u, v) => (v == null ? '–' : v.toFixed(2)) },
        { label: 'train', stroke: COLORS.trainLoss, width: 2, spanGaps: true, value: fmt, points: { show: true, size: 5 } },
        { label: 'validation', stroke: COLORS.valLoss, width: 2, spanGaps: true, value: fmt, points: { show: true, size: 5 } },
      ],
    }, [[], [], []]);
    container.classList.add('empty');
  }

  /**
   * Marks the epoch whose weights the metrics come from (null: no marker).
   * @param {number|null} epoch  1-based, as the metrics' `best_epoch`
   */
  markBest(epoch) {
    if (this.best === epoch) return;
    this.best = epoch;
    this.chart.plot.redraw(false, false);
  }

  /**
   * Draws the best-epoch marker: a dashed line at the end of that epoch and a ring on its
   * validation (else training) loss.
   * @param {import('uplot')} u
   */
  drawBest(u) {
    const best = this.best;
    const i = best === null ? -1 : this.xs.indexOf(best);
    if (best === null || i < 0) return;
    const ctx = u.ctx;
    const x = u.valToPos(best, 'x', true);
    const { top, height } = u.bbox;
    ctx.save();
    ctx.strokeStyle = COLORS.best;
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    const loss = this.val[i] ?? this.train[i];
    if (loss != null) {
      ctx.setLineDash([]);
      ctx.lineWidth = 2 * devicePixelRatio;
      ctx.beginPath();
      ctx.arc(x, u.valToPos(loss, 'y', true), 6 * devicePixelRatio, 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.fillStyle = COLORS.best;
    ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
    ctx.textAlign = x > u.bbox.left + u.bbox.width * 0.7 ? 'right' : 'left';
    ctx.fillText(`best epoch ${best}`, x + (ctx.textAlign === 'right' ? -4 : 4) * devicePixelRatio, top + 12 * devicePixelRatio);
    ctx.restore();
  }

  /** Forgets all points (new model). */
  clear() {
    if (this.length === 0 && this.best === null) return; // nothing drawn to forget
    this.best = null;
    this.xs = [];
    this.train = [];
    this.val = [];
    this.live = null;
    this.draw();
  }

  /**
   * Adds one progress report (see protocol `Progress`). The reported training
   * loss is the mean over the epoch so far, so only epoch ends become fixed
   * points; inside an epoch one live point at the end of the line moves along.
   * @param {LossPoint|null|undefined} progress
   */
  add(progress) {
    if (!progress || !Number.isFinite(progress.train_loss)) return;
    // `epoch` is 1-based and `batch` counts 1..batches_per_epoch within it: x = epochs completed.
    const bpe = progress.batches_per_epoch || 1;
    const x = Math.max(0, progress.epoch - 1 + progress.batch / bpe);
    const last = this.xs.length ? this.xs[this.xs.length - 1] : -Infinity;
    if (x < last || (x === last && this.live === null)) return;
    if (progress.batch >= bpe || progress.val_loss != null) {
      if (x === last) return;
      this.xs.push(x);
      this.train.push(positive(progress.train_loss));
      this.val.push(progress.val_loss == null ? null : positive(progress.val_loss));
      this.live = null;
    } else {
      this.live = [x, positive(progress.train_loss)];
    }
    this.draw();
  }

  /** Redraws the fixed points and the live one. */
  draw() {
    this.container.classList.toggle('empty', this.length === 0);
    if (!this.live) {
      this.chart.plot.setData([this.xs, this.train, this.val]);
      return;
    }
    this.chart.plot.setData([[...this.xs, this.live[0]], [...this.train, this.live[1]], [...this.val, null]]);
  }

  /** Number of points drawn (for tests and status text). */
  get length() {
    return this.xs.length + (this.live ? 1 : 0);
  }

  /** Removes the chart. */
  destroy() {
    this.chart.destroy();
  }
}

/**
 * A loss for the log scale: positive, or null (a gap) when not finite.
 * @param {number} v
 */
function positive(v) {
  return Number.isFinite(v) ? Math.max(v, 1e-12) : null;
}

/**
 * The legend's value of a loss.
 * @param {unknown} u  the chart
 * @param {number|null} v
 */
function fmt(u, v) {
  return v == null ? '–' : v.toPrecision(4);
}
