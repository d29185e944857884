/**
 * Zoom and pan for uPlot x axes: drag to select (uPlot's own), mouse wheel to
 * zoom around the cursor, and `zoomBy`/`panBy` for buttons and keys.
 */

/** @typedef {import('uplot')} uPlot */

/**
 * Zooms the x scale of `plot` by `factor` (<1 zooms in) around fraction `at` of the view.
 * @param {uPlot} plot
 * @param {number} factor
 * @param {number} [at]
 */
export function zoomBy(plot, factor, at = 0.5) {
  const [lo, hi] = fullRange(plot);
  const [min, max] = currentView(plot, lo, hi);
  const centre = min + (max - min) * at;
  let nMin = centre - (centre - min) * factor;
  let nMax = centre + (max - centre) * factor;
  if (nMax - nMin >= hi - lo) [nMin, nMax] = [lo, hi];
  plot.setScale('x', clampWindow(nMin, nMax, lo, hi));
}

/**
 * Shifts the x view by `fraction` of its width (negative pans left).
 * @param {uPlot} plot
 * @param {number} fraction
 */
export function panBy(plot, fraction) {
  const [lo, hi] = fullRange(plot);
  const [min, max] = currentView(plot, lo, hi);
  const d = (max - min) * fraction;
  plot.setScale('x', clampWindow(min + d, max + d, lo, hi));
}

/**
 * Shows the whole x range.
 * @param {uPlot} plot
 */
export function resetZoom(plot) {
  const [lo, hi] = fullRange(plot);
  plot.setScale('x', { min: lo, max: hi });
}

/**
 * The first and last x of the data ([0, 1] when there is none).
 * @param {uPlot} plot
 * @returns {[number, number]}
 */
function fullRange(plot) {
  const xs = plot.data[0];
  return xs.length ? [xs[0], xs[xs.length - 1]] : [0, 1];
}

/**
 * The x range in view; the whole range [lo, hi] while the scale is not set yet (no data drawn).
 * @param {uPlot} plot
 * @param {number} lo
 * @param {number} hi
 * @returns {[number, number]}
 */
function currentView(plot, lo, hi) {
  const { min, max } = plot.scales.x;
  return min == null || max == null ? [lo, hi] : [min, max];
}

/**
 * The view [min, max] moved (same width) to lie inside [lo, hi].
 * @param {number} min
 * @param {number} max
 * @param {number} lo
 * @param {number} hi
 */
function clampWindow(min, max, lo, hi) {
  const w = max - min;
  if (min < lo) return { min: lo, max: lo + w };
  if (max > hi) return { min: hi - w, max: hi };
  return { min, max };
}

/**
 * uPlot plugin: wheel zoom around the cursor.
 * @param {number} [factor]  zoom per wheel step (<1)
 * @returns {import('uplot').Plugin}
 */
export function wheelZoomPlugin(factor = 0.8) {
  return {
    hooks: {
      ready(/** @type {uPlot} */ plot) {
        plot.over.addEventListener('wheel', (e) => {
          e.preventDefault();
          const rect = plot.over.getBoundingClientRect();
          const at = Math.min(1, Math.max(0, (e.clientX - rect.left) / rect.width));
          zoomBy(plot, e.deltaY < 0 ? factor : 1 / factor, at);
        }, { passive: false });
      },
    },
  };
}
