/**
 * A click on a uPlot chart as an x value, told apart from the drags that
 * zoom it: the pointer must go up within a few pixels of where it went down.
 */

/** How far (CSS px) the pointer may move between down and up for a click. */
export const CLICK_SLOP_PX = 4;

/**
 * Whether a press from `down` to `up` is a click rather than a drag.
 * @param {{x: number, y: number}|null} down
 * @param {{x: number, y: number}} up
 * @param {number} [slop]
 */
export function isClick(down, up, slop = CLICK_SLOP_PX) {
  return !!down && Math.hypot(up.x - down.x, up.y - down.y) <= slop;
}

/**
 * Calls `fn(x)` with the x value under the pointer when the plot is clicked.
 * @param {import('uplot')} plot
 * @param {(x: number) => void} fn
 */
export function onPlotClick(plot, fn) {
  /** @type {{x: number, y: number}|null} */
  let down = null;
  plot.over.addEventListener('pointerdown', (e) => { down = { x: e.clientX, y: e.clientY }; });
  plot.over.addEventListener('click', (e) => {
    if (!isClick(down, { x: e.clientX, y: e.clientY })) return;
    down = null;
    const r = plot.over.getBoundingClientRect();
    fn(plot.posToVal(e.clientX - r.left, 'x'));
  });
}

/**
 * The x value in the middle of the plot's current view (what Enter picks
 * from the keyboard), or null before anything is drawn.
 * @param {import('uplot')} plot
 */
export function viewCentre(plot) {
  const { min, max } = plot.scales.x;
  return min == null || max == null ? null : (min + max) / 2;
}
