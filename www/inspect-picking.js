/**
 * What the pointer and the keys point at in the "Inside the network" views:
 * pure functions, no DOM. A heatmap shows time on x (column t) and units on y
 * (row `unit`, unit 0 at the top); the prediction chart shows series indices
 * on x, and a click there picks the window whose target is nearest.
 */

/** The splits, in the order of the `split` codes of the predictions (0, 1, 2). */
export const SPLITS = /** @type {const} */ (['train', 'val', 'test']);

/**
 * The heatmap cell under a point.
 * @param {number} x       from the left edge of the drawn image, CSS pixels
 * @param {number} y       from its top edge
 * @param {number} width   drawn width, CSS pixels
 * @param {number} height  drawn height
 * @param {number} steps   T (columns)
 * @param {number} units   H (rows)
 * @returns {{t: number, unit: number}|null}  null outside the image
 */
export function cellAt(x, y, width, height, steps, units) {
  if (!(width > 0 && height > 0) || x < 0 || y < 0 || x >= width || y >= height) return null;
  return {
    t: Math.min(steps - 1, Math.floor((x / width) * steps)),
    unit: Math.min(units - 1, Math.floor((y / height) * units)),
  };
}

/**
 * The centre of a cell in CSS pixels of the drawn image (where a tooltip for
 * a cell picked with the keyboard goes).
 * @param {{t: number, unit: number}} cell
 * @param {number} width
 * @param {number} height
 * @param {number} steps
 * @param {number} units
 */
export function cellCentre(cell, width, height, steps, units) {
  return { x: ((cell.t + 0.5) / steps) * width, y: ((cell.unit + 0.5) / units) * height };
}

/**
 * The cell an arrow key (or Home/End/PageUp/PageDown) moves to, or null for
 * any other key. Left/right move in time, up/down across units.
 * @param {{t: number, unit: number}|null} cell  the current one (null: none yet)
 * @param {string} key   a `KeyboardEvent.key`
 * @param {number} steps
 * @param {number} units
 * @returns {{t: number, unit: number}|null}
 */
export function moveCell(cell, key, steps, units) {
  const at = cell ?? { t: steps - 1, unit: 0 };
  const page = Math.max(1, Math.round(units / 8));
  /** @type {Record<string, [number, number]>} */
  const moves = {
    ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1],
    PageUp: [0, -page], PageDown: [0, page], Home: [-steps, 0], End: [steps, 0],
  };
  const d = moves[key];
  if (!d) return null;
  if (!cell) return at;
  return {
    t: Math.max(0, Math.min(steps - 1, at.t + d[0])),
    unit: Math.max(0, Math.min(units - 1, at.unit + d[1])),
  };
}

/**
 * One-step predictions as the worker sends them: for each window of every
 * split, in split order and window order, its target's series index.
 * @typedef {{target_index: ArrayLike<number>, split: ArrayLike<number>}} PredictionIndex
 */

/**
 * The window whose target is nearest to series index `x` (a click on the
 * prediction chart), as the `{split, index}` that `inspect()` takes. Ties go
 * to the later window.
 * @param {PredictionIndex|null} preds
 * @param {number} x
 * @returns {{split: 'train'|'val'|'test', index: number, target: number}|null}  null without predictions
 */
export function windowAtPoint(preds, x) {
  if (!preds || !Number.isFinite(x)) return null;
  let best = -1;
  let bestDist = Infinity;
  for (let k = 0; k < preds.target_index.length; k++) {
    if (preds.split[k] > 2) continue;
    const d = Math.abs(preds.target_index[k] - x);
    if (d <= bestDist) {
      best = k;
      bestDist = d;
    }
  }
  if (best < 0) return null;
  const code = preds.split[best];
  let index = 0;
  for (let k = 0; k < best; k++) if (preds.split[k] === code) index++;
  return { split: SPLITS[code], index, target: preds.target_index[best] };
}

/**
 * What is wrong with an `inspect()` window choice, or null when it is fine.
 * @param {unknown} split   'train' | 'val' | 'test'
 * @param {unknown} index   a window of the split; negative counts from its end (−1 the last)
 * @returns {string|null}
 */
export function checkPick(split, index) {
  if (typeof split !== 'string' || !SPLITS.includes(/** @type {any} */ (split))) {
    return `split must be one of ${SPLITS.join(', ')} (got ${JSON.stringify(String(split)).slice(0, 24)})`;
  }
  if (typeof index !== 'number' || !Number.isInteger(index)) {
    return `index must be a whole number: 0 for the split's first window, −1 for its last (got ${String(index).slice(0, 24)})`;
  }
  return null;
}
