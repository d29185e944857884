/**
 * Zoom and pan for uPlot x axes: drag to select (uPlot's own), mouse wheel to
 * zoom around the cursor, and `zoomBy`/`panBy` for buttons and keys.
 */

/** Zooms the x scale of `plot` by `factor` (<1 zooms in) around fraction `at` of the view. */
export function zoomBy(plot, factor, at = 0.5) {
  const [lo, hi] = fullRange(plot);
  const { min, max } = plot.scales.x;
  const centre = min + (max - min) * at;
  let nMin = centre - (centre - min) * factor;
  let nMax = centre + (max - centre) * factor;
  if (nMax - nMin >= hi - lo) [nMin, nMax] = [lo, hi];
  plot.setScale('x', clampWindow(nMin, nMax, lo, hi));
}

/** Shifts the x view by `fraction` of its width (negative pans left). */
export function panBy(plot, fraction) {
  const [lo, hi] = fullRange(plot);
  const { min, max } = plot.scales.x;
  const d = (max - min) * fraction;
  plot.setScale('x', clampWindow(min + d, max + d, lo, hi));
}

/** Shows the whole x range. */
export function resetZoom(plot) {
  const [lo, hi] = fullRange(plot);
  plot.setScale('x', { min: lo, max: hi });
}

function fullRange(plot) {
  const xs = plot.data[0];
  return xs.length ? [xs[0], xs[xs.length - 1]] : [0, 1];
}

function clampWindow(min, max, lo, hi) {
  const w = max - min;
  if (min < lo) return { min: lo, max: lo + w };
  if (max > hi) return { min: hi - w, max: hi };
  return { min, max };
}

/** uPlot plugin: wheel zoom around the cursor. */
export function wheelZoomPlugin(factor = 0.8) {
  return {
    hooks: {
      ready(plot) {
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
