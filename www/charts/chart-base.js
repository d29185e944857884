/**
 * Shared uPlot plumbing: a chart that fills its container's width and
 * follows it when the layout changes (360 px phones to wide screens).
 */
import uPlot from 'uplot';

/** Series colours, chosen to stay distinct for common colour-vision deficiencies. */
export const COLORS = {
  actual: '#6b7280',
  train: '#2563eb',
  val: '#d97706',
  test: '#059669',
  forecast: '#dc2626',
  trainLoss: '#2563eb',
  valLoss: '#d97706',
  best: '#7c3aed',
};

/**
 * The axes' fonts. uPlot's default lists eleven families (emoji fonts among them); setting a
 * canvas font resolves every family the system lacks, which took 200 ms of one startup task in
 * headless Chromium on Linux. The page's own stack is shorter and looks the same.
 */
const AXIS_FONT = '12px system-ui, sans-serif';
const AXIS_LABEL_FONT = `bold ${AXIS_FONT}`;

/**
 * Draws the axes' fonts once on a throwaway canvas. The first text drawn in a font costs 5–10 ms
 * (the font is looked up and loaded); a chart's first draw would pay it inside the task that
 * builds or fills it. The element's start-up calls this in a task of its own.
 * @param {Document} doc
 */
export function warmUpChartFonts(doc) {
  const ctx = doc.createElement('canvas').getContext('2d');
  if (!ctx) return;
  for (const font of [AXIS_FONT, AXIS_LABEL_FONT]) {
    ctx.font = font;
    ctx.measureText('0.5');
    ctx.fillText('Epoch 0.5', 0, 10);
  }
}

/** The width the last chart was given: a new chart starts at it (most charts of a page share it). */
let lastWidth = 320;

/**
 * Creates a uPlot chart inside `container`, sized to its width. The width is not read at
 * once (reading it would force a layout of the whole page in the middle of building it, one per
 * chart): the chart starts at the last chart's width, and the resize observer, whose first
 * report comes after the next layout, sets the real one.
 * @param {HTMLElement} container
 * @param {Omit<import('uplot').Options, 'width'>} opts  uPlot options without width
 * @param {import('uplot').AlignedData} data
 * @returns {{plot: uPlot, destroy: () => void}}
 */
export function createChart(container, opts, data) {
  const axes = (opts.axes ?? []).map((a) => ({ font: AXIS_FONT, labelFont: AXIS_LABEL_FONT, ...a }));
  // Built and first drawn while detached, then attached: drawn in the page, setting a canvas font
  // would make the browser compute the styles of everything changed since the last frame (all
  // of the element at start-up) inside this task.
  const plot = new uPlot({ ...opts, axes, width: lastWidth }, data, (u, init) => {
    init();
    container.append(u.root);
  });
  const ro = new ResizeObserver((entries) => {
    const box = entries[entries.length - 1].contentRect;
    if (box.width === 0) return; // hidden: keep the size it has
    const w = Math.max(200, Math.floor(box.width));
    lastWidth = w;
    // Redrawn in a task of its own: the observer reports every chart of a page in one rendering
    // step, and redrawing them all there made one long task.
    if (w !== plot.width) setTimeout(() => { if (w !== plot.width) plot.setSize({ width: w, height: opts.height }); }, 0);
  });
  ro.observe(container);
  return {
    plot,
    destroy() {
      ro.disconnect();
      plot.destroy();
    },
  };
}
