/**
 * What keeps a `<rnn-playground>`'s work through a worker crash and a reload: the crash
 * handler, the steps a restore runs on the element (www/element-recovery.js sequences them),
 * and the IndexedDB autosave (www/autosave.js). Functions of the element, so that its class
 * keeps only the lifecycle and the user's actions.
 */
import { LifecycleEvent as E } from './lifecycle.js';
import { Request } from './protocol.js';
import { restoreAfterCrash, restoreFromSnapshot } from './element-recovery.js';
import { saveSnapshot, loadSnapshot, slotFor } from './autosave.js';
import { snapshotFits } from './settings.js';

/** @typedef {import('./rnn-playground.js').RnnPlayground} RnnPlayground */

/**
 * The worker died: say so and, unless it cannot be restarted, restore everything once its
 * replacement is up. The element's `ready` waits for the restore, so the API does too.
 * @param {RnnPlayground} el
 * @param {{message: string, final?: boolean, restarted?: Promise<unknown>}} detail
 */
export function onWorkerCrash(el, { message, final, restarted }) {
  el.view.showNotice(final
    ? `The training worker could not be restarted: ${message}`
    : `The training worker crashed (${message}). Restarting it and restoring the last checkpoint…`);
  el.dispatch({ type: E.CRASHED });
  if (final || !restarted) return;
  const saved = { source: el.source, checkpoint: el.checkpoint, forecast: el.forecastValues };
  el.ready = restarted.then(() => restoreAfterCrash(saved, restoreStepsFor(el)));
  el.ready.catch(() => {}); // a failed restart is the `final` crash event's to report
}

/**
 * What a restore does with the element: its normal data and model steps, and where the
 * results go.
 * @param {RnnPlayground} el
 * @returns {import('./element-recovery.js').RestoreSteps}
 */
export function restoreStepsFor(el) {
  return {
    dispatch: (event) => el.dispatch(event),
    loadData: (source) => el.loadData(source),
    buildModel: () => el.buildModel(),
    load: (source) => el.load(source),
    importModel: (json) => el.requests.importModel(new TextEncoder().encode(json), el.view.freezeSpec()),
    showPredictions: async (forecast) => {
      el.predictions = await el.requireWorker().call(Request.PREDICTIONS);
      el.view.predChart.update(el.predictions, forecast);
      el.inspector?.modelChanged();
    },
    showNotice: (message) => el.view.showNotice(message),
    fail: (err, where) => el.fail(err, where),
  };
}

/**
 * Saves settings, data source, model and metrics to IndexedDB when the element has the
 * `autosave` attribute and data.
 * @param {RnnPlayground} el
 */
export function autosaveElement(el) {
  if (!el.hasAttribute('autosave') || !el.source) return;
  saveSnapshot(slotFor(el.id), {
    config: { ...el.state.config }, source: el.source, model: el.checkpoint,
    metrics: el.metrics, savedAt: Date.now(),
  }).catch(() => {}); // a full or blocked IndexedDB only loses the autosave
}

/**
 * Restores the autosaved model when it was trained with the current settings.
 * @param {RnnPlayground} el
 * @returns {Promise<boolean>} whether a model came back
 */
export async function restoreElementSnapshot(el) {
  const snap = await loadSnapshot(slotFor(el.id)).catch(() => null);
  if (!snapshotFits(snap, el.state.config) || !await restoreFromSnapshot(snap, restoreStepsFor(el))) return false;
  el.checkpoint = snap.model;
  el.metrics = snap.metrics;
  el.renderMetrics();
  return true;
}
