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
 * Creates a uPlot chart inside `container`, sized to its width.
 * @param {HTMLElement} container
 * @param {Omit<import('uplot').Options, 'width'>} opts  uPlot options without width
 * @param {import('uplot').AlignedData} data
 * @returns {{plot: uPlot, destroy: () => void}}
 */
export function createChart(container, opts, data) {
  const width = () => Math.max(200, Math.floor(container.clientWidth || 320));
  const plot = new uPlot({ ...opts, width: width() }, data, container);
  const ro = new ResizeObserver(() => {
    const w = width();
    if (w !== plot.width) plot.setSize({ width: w, height: opts.height });
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
