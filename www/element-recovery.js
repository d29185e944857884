/**
 * Nothing the user did is lost: after a worker crash, the new worker gets the
 * data, a model and the last checkpoint back; on a reload, the autosaved
 * model comes back. Both go through the element's normal load, build and
 * import steps (passed in as `RestoreSteps`), so a restore is the same
 * sequence of lifecycle events as a first load.
 */
import { LifecycleEvent } from './lifecycle.js';

/** @typedef {import('./protocol.js').DataSource} DataSource */

/**
 * The element's steps a restore uses.
 * @typedef {object} RestoreSteps
 * @property {(event: import('./lifecycle.js').LifecycleEventObject) => void} dispatch
 * @property {(source: DataSource) => Promise<unknown>} loadData   loads data, shows nothing
 * @property {() => Promise<unknown>} buildModel                    a fresh model, results stay shown
 * @property {(source: DataSource) => Promise<unknown>} load        loads, shows and builds, as a first load does
 * @property {(json: string) => Promise<unknown>} importModel       loads a model file (JSON text)
 * @property {(forecast: Float32Array|null) => Promise<void>} showPredictions  fetches and draws predictions
 * @property {(message: string) => void} showNotice
 * @property {(err: unknown, where: string) => void} fail
 */

/**
 * Restores a crashed worker's replacement: the last data, a model with the
 * settings, then the last checkpoint, inside the lifecycle's `restoring`.
 * @param {{source: DataSource|null, checkpoint: string|null, forecast: Float32Array|null}} saved
 *   what the element held when the worker crashed
 * @param {RestoreSteps} steps
 */
export async function restoreAfterCrash(saved, steps) {
  steps.dispatch({ type: LifecycleEvent.RESTART });
  let checkpoint = false;
  let failed = false;
  try {
    if (saved.source) {
      await steps.loadData(saved.source);
      await steps.buildModel();
    }
    if (saved.checkpoint) {
      await steps.importModel(saved.checkpoint);
      checkpoint = true;
      await steps.showPredictions(saved.forecast);
    }
    steps.showNotice(saved.checkpoint
      ? 'The training worker crashed and was restarted; the last checkpoint is restored. Train continues from it.'
      : 'The training worker crashed and was restarted with your data and settings.');
  } catch (err) {
    failed = true;
    steps.fail(err, 'restore');
  } finally {
    steps.dispatch({ type: LifecycleEvent.RESTORED, checkpoint, failed });
  }
}

/**
 * Loads an autosaved snapshot (one that fits the settings): its data, then its
 * model. Resolves false when either is refused (the caller then loads afresh).
 * @param {{source: DataSource, model: string, savedAt: number}} snap
 * @param {RestoreSteps} steps
 * @returns {Promise<boolean>}
 */
export async function restoreFromSnapshot(snap, steps) {
  try {
    await steps.load(snap.source);
    await steps.importModel(snap.model);
    await steps.showPredictions(null);
    steps.showNotice(`Restored the model autosaved ${new Date(snap.savedAt).toLocaleString()}.`);
    return true;
  } catch {
    return false;
  }
}

/**
 * What a load may have to put back: the data source and the current model as a file
 * (null when there is none). Read before loading new data.
 * @param {DataSource|null} source
 * @param {() => Promise<Blob>} exportModel
 * @returns {Promise<{source: DataSource|null, checkpoint: string|null}>}
 */
export async function beforeLoad(source, exportModel) {
  const checkpoint = source ? await exportModel().then((b) => b.text(), () => null) : null;
  return { source, checkpoint };
}

/**
 * A load the worker took and then refused (the model could not be built on the new data: one
 * row, log returns of negative prices): the data and the model from before come back, as they
 * were shown, so a refused file loses nothing. Failures go to `steps.fail`.
 * @param {{source: DataSource|null, checkpoint: string|null}} saved  from `beforeLoad`
 * @param {RestoreSteps} steps
 */
export async function restoreAfterRefusal(saved, steps) {
  if (!saved.source) return;
  try {
    await steps.load(saved.source);
    if (saved.checkpoint) {
      await steps.importModel(saved.checkpoint);
      await steps.showPredictions(null);
    }
  } catch (err) {
    steps.fail(err, 'restore');
  }
}
