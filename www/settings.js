/**
 * What the settings mean for the worker, as pure functions: which keys a
 * change touched and whether it needs new data, the load-data payload the
 * settings name, and the settings an imported model file brings.
 */
import { FIELDS, DATA_KEYS, parseValue } from './config.js';

/** @typedef {import('./protocol.js').DataSource} DataSource */

/**
 * The vocabulary keys whose value differs between two configs.
 * @param {Record<string, any>} prev
 * @param {Record<string, any>} next
 * @returns {string[]}
 */
export function changedKeys(prev, next) {
  return FIELDS.filter((f) => prev[f.key] !== next[f.key]).map((f) => f.key);
}

/**
 * What a change of settings asks of the data.
 * @param {string[]} changed     keys that changed (see `changedKeys`)
 * @param {{needsLoad: boolean, sourceKind: 'csv'|'dataset'|null}} now
 *   whether the data must be loaded anyway, and where the current data came from
 * @returns {{dataChanged: boolean, dropSource: boolean}} `dataChanged`: the data must be loaded
 *   again; `dropSource`: the current source no longer applies (another dataset or symbol)
 */
export function dataChange(changed, now) {
  // `missing` only matters for CSV text: the built-in datasets have no gaps to fill.
  const dataChanged = now.needsLoad
    || changed.some((k) => DATA_KEYS.includes(k) && !(k === 'missing' && now.sourceKind !== 'csv'));
  const dropSource = dataChanged && (changed.includes('dataset') || changed.includes('symbol'));
  return { dataChanged, dropSource };
}

/**
 * The covariate columns the settings name (`features`, one comma-separated string).
 * @param {Record<string, any>} config
 * @returns {string[]}
 */
export function featureList(config) {
  return String(config.features ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
}

/**
 * The CSV options the settings name (`column` as an index when it is a number).
 * @param {Record<string, any>} config
 * @returns {{missing: string, column?: string|number, features?: string[]}}
 */
export function csvOptions(config) {
  /** @type {{missing: string, column?: string|number, features?: string[]}} */
  const options = { missing: config.missing };
  if (config.column !== '') options.column = /^\d+$/.test(config.column) ? Number(config.column) : config.column;
  const features = featureList(config);
  if (features.length > 0) options.features = features;
  return options;
}

/**
 * The load-data payload for the data the settings name: the current CSV text
 * again (with the settings' CSV options), or the built-in dataset.
 * @param {Record<string, any>} config
 * @param {DataSource|null} source  the last successful load, if any
 * @returns {DataSource}
 */
export function sourceFromSettings(config, source) {
  if (source?.kind === 'csv') {
    return { ...source, options: { source: source.name, ...csvOptions(config) } };
  }
  /** @type {Record<string, unknown>} */
  const options = { seed: config.seed };
  if (config.symbol) options.symbol = config.symbol;
  if (config.column) options.column = config.column;
  if (config.dataset === 'memory') options.lag = config.lag;
  const features = featureList(config);
  if (features.length > 0) options.features = features;
  return { kind: 'dataset', name: config.dataset, options };
}

/**
 * The settings with an imported model's configuration adopted: keys of the
 * vocabulary only, and not the data keys (the data stays as it is); values
 * that do not parse are ignored.
 * @param {Record<string, any>} config      the current settings
 * @param {unknown} fileConfig              the `config` of the model file
 * @returns {Record<string, any>}
 */
export function adoptModelConfig(config, fileConfig) {
  const next = { ...config };
  if (!fileConfig || typeof fileConfig !== 'object') return next;
  const from = /** @type {Record<string, unknown>} */ (fileConfig);
  for (const f of FIELDS) {
    const raw = from[f.key];
    if (DATA_KEYS.includes(f.key) || raw === undefined || raw === null) continue;
    // f32 in the file: 0.0099999998 → 0.01
    const v = f.type === 'float' && typeof raw === 'number' ? Number(raw.toPrecision(7)) : raw;
    const parsed = parseValue(f, String(v));
    if (parsed.ok) next[f.key] = parsed.value;
  }
  return next;
}

/**
 * True when an autosaved snapshot may be restored under the current settings
 * (it has a model and was saved with exactly these settings).
 * @param {unknown} snap
 * @param {Record<string, any>} config
 * @returns {snap is {model: string, config: object, source: DataSource, metrics: any, savedAt: number}}
 */
export function snapshotFits(snap, config) {
  if (!snap || typeof snap !== 'object') return false;
  const s = /** @type {Record<string, any>} */ (snap);
  return typeof s.model === 'string' && s.model !== '' && !!s.source
    && JSON.stringify(s.config) === JSON.stringify(config);
}
