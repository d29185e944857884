/**
 * The rollback after a diverging run: which model file to go back to.
 *
 * The trainer stops at the first non-finite loss, gradient or weight and keeps the weights of
 * the step before it (src/train/trainer.rs); at a learning rate that makes it diverge those are
 * finite but huge. The page offers more: going back to the last checkpoint taken **before the
 * epoch in which things went wrong**, where "went wrong" is the first of
 * - the epoch in which training diverged (a non-finite value), and
 * - the first epoch of the run whose mean training loss is not finite or more than
 *   `LOSS_RISE_FACTOR` (10) times the lowest epoch loss of the run before it.
 *
 * The points to go back to are the model when the run started (the worker sends it as a
 * checkpoint with `start: true`, www/engine.js) and the run's checkpoints, each with the
 * position (epoch, batch) its weights were taken at. A checkpoint at the very end of an
 * epoch counts as before the next one. Only the points that can still be chosen are kept:
 * the latest one before the previous epoch and those after it.
 */

/** An epoch whose loss is more than this many times the run's lowest epoch loss so far "rose". */
export const LOSS_RISE_FACTOR = 10;

/**
 * Where a model's weights stand: batches trained in the run's epochs, from the trainer's
 * progress (`epoch` is 1-based, `batch` counts the batches done in it); −∞ for the run's start.
 * @param {{epoch: number, batch: number, batches_per_epoch: number}|null|undefined} p
 */
export function position(p) {
  if (!p || !(p.batches_per_epoch > 0)) return -Infinity;
  return Math.max(0, p.epoch - 1) * p.batches_per_epoch + p.batch;
}

/**
 * @typedef {object} RollbackPoint
 * @property {string} json  the model file
 * @property {number} at    its `position`
 * @property {string} label where it was taken, for the button and the notice
 */

/** The points of one run to roll back to, and the choice after a divergence. */
export class RollbackPoints {
  constructor() {
    /** @type {RollbackPoint[]} in the order taken */
    this.points = [];
    /** Lowest epoch loss of the run so far. */
    this.best = Infinity;
    /** The first epoch (1-based) whose loss was not finite or rose by the factor; Infinity while none. */
    this.roseIn = Infinity;
    this.batchesPerEpoch = 0;
  }

  /**
   * The run starts from the model `json` (forgets the points of an earlier run).
   * @param {string} json
   */
  start(json) {
    this.points = [{ json, at: -Infinity, label: 'the model from before this run' }];
    this.best = Infinity;
    this.roseIn = Infinity;
  }

  /**
   * A checkpoint of the run, taken at `progress`.
   * @param {string} json
   * @param {{epoch: number, batch: number, batches_per_epoch: number}|null|undefined} progress
   */
  checkpoint(json, progress) {
    if (!progress || !this.points.length) return;
    this.batchesPerEpoch = progress.batches_per_epoch;
    const at = position(progress);
    if (at > this.limit()) return; // inside or after the epoch that went wrong: never chosen
    this.points.push({ json, at, label: `the checkpoint of epoch ${progress.epoch}, batch ${progress.batch}` });
    // Drop what a later choice cannot pick: every point before the latest one at or before the
    // previous epoch's start (that epoch's end may still be on its way with the next progress).
    const previousStart = Math.max(0, progress.epoch - 2) * progress.batches_per_epoch;
    let keep = 0;
    for (let k = 0; k < this.points.length; k++) if (this.points[k].at <= previousStart) keep = k;
    this.points.splice(0, keep);
  }

  /**
   * Epoch ends of the run (the progress `history`): a loss that is not finite or rose by
   * `LOSS_RISE_FACTOR` marks its epoch as the one that went wrong.
   * @param {{epoch: number, batch: number, batches_per_epoch: number, train_loss: number}[]} history
   */
  epochEnds(history) {
    for (const h of history) {
      if (!(h.batches_per_epoch > 0) || h.batch < h.batches_per_epoch) continue;
      this.batchesPerEpoch = h.batches_per_epoch;
      const loss = h.train_loss;
      if (!Number.isFinite(loss) || loss > LOSS_RISE_FACTOR * this.best) this.roseIn = Math.min(this.roseIn, h.epoch);
      else this.best = Math.min(this.best, loss);
    }
  }

  /** Positions at or past this are in (or after) an epoch that went wrong. */
  limit() {
    return Number.isFinite(this.roseIn) ? (this.roseIn - 1) * this.batchesPerEpoch : Infinity;
  }

  /**
   * The point to go back to when the run diverged in epoch `epoch` (1-based): the latest one
   * taken before that epoch and before any epoch whose loss rose; null when the run did not start here.
   * @param {number} epoch
   * @returns {RollbackPoint|null}
   */
  choose(epoch) {
    const bad = Math.min(epoch, this.roseIn);
    const before = Number.isFinite(bad) ? Math.max(0, bad - 1) * this.batchesPerEpoch : Infinity;
    /** @type {RollbackPoint|null} */
    let found = null;
    for (const p of this.points) if (p.at <= before) found = p;
    return found;
  }
}

/**
 * Adds the rollback offer to the notice box `box` (below its text): a line saying where it goes
 * back to and a button that calls `act`. A second offer replaces the first.
 * @param {HTMLElement} box
 * @param {RollbackPoint} point
 * @param {() => void} act
 */
export function offerRollback(box, point, act) {
  removeRollbackOffer(box);
  if (box.hidden) box.textContent = ''; // an old notice is not shown again with the offer
  const line = document.createElement('div');
  line.dataset.role = 'rollback-offer';
  const button = document.createElement('button');
  button.type = 'button';
  button.dataset.role = 'rollback';
  button.textContent = 'Roll back';
  button.addEventListener('click', () => {
    button.disabled = true;
    act();
  });
  line.append(`Roll back to ${point.label}, before the loss went wrong? `, button);
  box.append(line);
  box.hidden = false;
}

/**
 * Removes a rollback offer from `box`, if any.
 * @param {HTMLElement} box
 */
export function removeRollbackOffer(box) {
  for (const old of box.querySelectorAll('[data-role=rollback-offer]')) old.remove();
}

/**
 * The epoch (1-based) a run diverged in: its final progress when it ended as diverged, else the
 * trainer's message ("training diverged in epoch N batch M: …", which a run that could not be
 * evaluated afterwards ends with); null when it did not diverge.
 * @param {{stop_reason?: string|null, epoch: number}|null|undefined} progress
 * @param {string|null|undefined} message
 * @returns {number|null}
 */
export function divergedEpoch(progress, message) {
  if (progress?.stop_reason === 'diverged') return Math.max(1, progress.epoch);
  const m = /training diverged in epoch (\d+) /.exec(message ?? '');
  return m ? Number(m[1]) : null;
}

/**
 * What the element's rollback needs of it (www/rnn-playground.js).
 * @typedef {object} RollbackHost
 * @property {RollbackPoints} rollbackPoints
 * @property {RollbackPoint|null} rollbackPoint  the point offered, until it is used
 * @property {{$: (selector: string) => HTMLElement, showNotice: (message: string) => void}} view
 * @property {{modelStale: boolean}} lifecycle
 * @property {() => Promise<void>} halt
 * @property {() => Promise<unknown>} buildModel
 * @property {(file: Uint8Array) => Promise<unknown>} importModel
 * @property {(err: unknown, where: string) => void} fail
 */

/**
 * After a run that diverged: offers the rollback (the notice's button) when there is a point to
 * go back to. Does nothing for a run that did not diverge.
 * @param {RollbackHost} host
 * @param {{stop_reason?: string|null, epoch: number}|null|undefined} progress  the run's last progress
 * @param {string|null} [message]  the run's error message, if it failed
 */
export function afterRun(host, progress, message = null) {
  const epoch = divergedEpoch(progress, message);
  const point = epoch == null ? null : host.rollbackPoints.choose(epoch);
  host.rollbackPoint = point;
  if (!point) return;
  offerRollback(host.view.$('[data-role=notice]'), point, () => {
    rollBack(host).catch((err) => host.fail(err, 'rollback'));
  });
}

/**
 * Goes back to the offered point: a model built with the current settings (so a learning rate
 * lowered since the divergence applies to the next run) takes the point's weights (`importModel`:
 * predictions, metrics and the autosave follow). Rejects when nothing is offered.
 * @param {RollbackHost} host
 * @returns {Promise<RollbackPoint>}
 */
export async function rollBack(host) {
  const point = host.rollbackPoint;
  if (!point) throw new Error('rollback: no diverged run to roll back');
  await host.halt();
  if (host.lifecycle.modelStale) await host.buildModel();
  await host.importModel(new TextEncoder().encode(point.json));
  host.rollbackPoint = null;
  host.view.showNotice(`Rolled back to ${point.label}. Train continues from there with the current settings.`);
  return point;
}
