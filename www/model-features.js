/**
 * The covariates of an imported model file (issue 15): the file lists the feature columns its
 * weights read (`features: [{name, transform, scaler}]`, in input order; a safetensors file has
 * the same header in its `__metadata__` entry `rnn_playground`). Before the import, the page
 * adopts them into its settings (the `features` control, its checkboxes and the URL) and loads
 * the data again with them, or refuses with a message naming the first feature the loaded data
 * lacks. Pure functions, plus `adoptFileFeatures`, the element's step.
 */
import { shortQuote } from './compare-runs.js';
import { featureList, sourceFromSettings } from './settings.js';

/** The safetensors metadata key holding the model header (src/io/model_file.rs `METADATA_KEY`). */
const METADATA_KEY = 'rnn_playground';

/**
 * The feature names a model file lists, in input order; `null` when the bytes are not a model
 * file this can read (the worker then reports what is wrong with them).
 * @param {Uint8Array} bytes
 * @returns {string[]|null}
 */
export function modelFileFeatures(bytes) {
  const header = modelHeader(bytes);
  if (!header || typeof header !== 'object') return null;
  const list = /** @type {Record<string, unknown>} */ (header).features;
  if (list === undefined || list === null) return []; // written before covariates: univariate
  if (!Array.isArray(list)) return null;
  const names = list.map((f) => (f && typeof f === 'object' ? /** @type {Record<string, unknown>} */ (f).name : f));
  return names.every((n) => typeof n === 'string') ? /** @type {string[]} */ (names) : null;
}

/**
 * The parsed header of a model file: the JSON document, or the safetensors metadata's.
 * @param {Uint8Array} bytes
 * @returns {unknown}
 */
function modelHeader(bytes) {
  try {
    const first = bytes.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
    if (first === 0x7b) return JSON.parse(new TextDecoder().decode(bytes)); // '{': the JSON format
    if (bytes.length < 8) return null;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const len = Number(view.getBigUint64(0, true));
    if (len <= 0 || 8 + len > bytes.length) return null;
    const st = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + len)));
    const meta = st?.__metadata__?.[METADATA_KEY];
    return typeof meta === 'string' ? JSON.parse(meta) : null;
  } catch {
    return null;
  }
}

/**
 * What adopting a model's features means for the current settings and data.
 * @param {string[]} modelFeatures     the file's features (see `modelFileFeatures`)
 * @param {Record<string, any>} config the current settings
 * @param {{source?: string, numeric_columns?: string[]}|null} summary the loaded data
 * @returns {{ok: true, reload: false} | {ok: true, reload: true, features: string} | {ok: false, message: string}}
 *   `reload`: the data must be loaded again with `features` (the control's value)
 */
export function planFeatures(modelFeatures, config, summary) {
  const now = featureList(config).map((f) => f.toLowerCase());
  const same = now.length === modelFeatures.length && modelFeatures.every((f, i) => f.toLowerCase() === now[i]);
  if (same) return { ok: true, reload: false };
  const columns = summary?.numeric_columns ?? [];
  const missing = modelFeatures.find((f) => !columns.some((c) => c.toLowerCase() === f.toLowerCase()));
  if (missing !== undefined) {
    const from = summary?.source ? ` (${shortQuote(summary.source)})` : '';
    const have = columns.length ? columns.map((c) => `"${shortQuote(c)}"`).join(', ') : 'none';
    return {
      ok: false,
      message: `model file: it reads the feature column "${shortQuote(missing)}", which the loaded data${from} `
        + `does not have (its numeric columns: ${have}); load data with that column first`,
    };
  }
  return { ok: true, reload: true, features: modelFeatures.join(',') };
}

/**
 * Before an import: adopts the file's features into `el`'s settings and loads the data again
 * with them, or throws naming the feature the data lacks (nothing changes then). Does nothing
 * when the file's features are those loaded, or the file cannot be read here.
 * @param {import('./rnn-playground.js').RnnPlayground} el
 * @param {Uint8Array} bytes
 */
export async function adoptFileFeatures(el, bytes) {
  const features = modelFileFeatures(bytes);
  if (!features) return;
  const plan = planFeatures(features, el.state.config, el.summary);
  if (!plan.ok) throw new Error(plan.message);
  if (!plan.reload) return;
  el.state = { ...el.state, config: { ...el.state.config, features: plan.features } };
  el.view.writeControls(el.state.config, el.source);
  el.writeHash();
  const summary = await el.loadData(sourceFromSettings(el.state.config, el.source));
  el.view.showData(summary, /** @type {import('./protocol.js').DataSource} */ (el.source), el.state.config.column);
}
