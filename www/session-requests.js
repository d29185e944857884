/**
 * The requests that change what the worker holds (data, model), each sent
 * between its lifecycle events: `load` … `loaded`, `configure` … `configured`,
 * `import` … `imported`, or `failed` when the worker refuses. The element's
 * start, its actions and the crash restore all go through these.
 */
import { Request } from './protocol.js';
import { LifecycleEvent } from './lifecycle.js';
import { toSessionConfig } from './config.js';
import { unpackInspection } from './inspection.js';

/** @typedef {import('./lifecycle.js').LifecycleEventObject} LifecycleEventObject */
/** @typedef {import('./lifecycle.js').EventType} EventType */
/** @typedef {import('./protocol.js').DataSource} DataSource */
/** @typedef {Pick<import('./worker-client.js').WorkerClient, 'call'>} Caller */

/** Data and model requests, reported to the lifecycle. */
export class SessionRequests {
  /**
   * @param {() => Caller} worker  the element's current worker (throws when it has none)
   * @param {(event: LifecycleEventObject) => void} dispatch  the element's lifecycle
   */
  constructor(worker, dispatch) {
    this.worker = worker;
    this.dispatch = dispatch;
  }

  /**
   * Runs `send` between the events `begin` and `done`; a failure dispatches `failed` and rethrows.
   * @template T
   * @param {EventType} begin
   * @param {EventType} done
   * @param {(worker: Caller) => Promise<T>} send
   * @returns {Promise<T>}
   */
  async tracked(begin, done, send) {
    this.dispatch({ type: begin });
    try {
      const out = await send(this.worker());
      this.dispatch({ type: done });
      return out;
    } catch (err) {
      this.dispatch({ type: LifecycleEvent.FAILED });
      throw err;
    }
  }

  /**
   * Loads data into the worker; resolves with its DataSummary.
   * @param {DataSource} source
   * @returns {Promise<any>}
   */
  loadData(source) {
    return this.tracked(LifecycleEvent.LOAD, LifecycleEvent.LOADED, (w) => w.call(Request.LOAD_DATA, source));
  }

  /**
   * Builds a fresh model with `config` (then freezes what `freezeSpec` names);
   * resolves with its ConfigSummary.
   * @param {Record<string, any>} config  the settings (vocabulary values)
   * @param {string} freezeSpec
   * @returns {Promise<any>}
   */
  buildModel(config, freezeSpec) {
    return this.tracked(LifecycleEvent.CONFIGURE, LifecycleEvent.CONFIGURED, async (w) => {
      const summary = await w.call(Request.CONFIGURE, { config: toSessionConfig(config) });
      await freeze(w, freezeSpec);
      return summary;
    });
  }

  /**
   * Loads a model file (JSON or safetensors bytes) and re-applies the freeze (an
   * imported model starts unfrozen); resolves with `{config, params, notes}`.
   * The worker keeps its old model when the file is refused.
   * @param {Uint8Array} bytes
   * @param {string} freezeSpec
   * @returns {Promise<any>}
   */
  importModel(bytes, freezeSpec) {
    return this.tracked(LifecycleEvent.IMPORT, LifecycleEvent.IMPORTED, async (w) => {
      const summary = await w.call(Request.IMPORT, { bytes });
      await freeze(w, freezeSpec);
      return summary;
    });
  }

  /**
   * One window seen from inside the current model (it may be training):
   * `split` `'train'|'val'|'test'`, `index` in time order, negative from the end.
   * Rejects naming the split and its window count when there is no such window.
   * @param {import('./protocol.js').InspectRequest} [request]
   * @returns {Promise<import('./inspection.js').Inspection>}
   */
  async inspect({ split = 'test', index = -1 } = {}) {
    const packed = await this.worker().call(Request.INSPECT, { split, index });
    return unpackInspection(packed);
  }

  /**
   * The current model's metrics and one-step predictions.
   * @returns {Promise<[any, import('./protocol.js').Predictions]>}
   */
  results() {
    const w = this.worker();
    return Promise.all([w.call(Request.EVALUATE), w.call(Request.PREDICTIONS)]);
  }
}

/**
 * Freezes what `spec` names (nothing for `none`).
 * @param {Caller} worker
 * @param {string} spec
 */
async function freeze(worker, spec) {
  if (spec !== 'none') await worker.call(Request.FREEZE, { spec });
}
