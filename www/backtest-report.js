/**
 * What a rolling-origin backtest report (the worker's `backtest` result, the CLI's metrics
 * `backtest: {folds, mean}`) says, as pure functions: the fold table's rows, the chart's
 * columns, the sentence under the metrics and the progress line. No DOM; the fold chart
 * (www/charts/backtest-chart.js) and the panel (www/backtest-run.js) draw what these return,
 * and tests/unit/backtest-report.test.js checks every rule.
 */

/**
 * One forecaster's errors on a fold's test block (`FoldErrors` in src/app/backtest.rs).
 * @typedef {{rmse: number, mae: number, mase: number|null, rmsse: number|null}} FoldErrors
 */

/**
 * One finished fold (`FoldResult`): the keys the table and chart read; the rest pass through.
 * @typedef {object} FoldResult
 * @property {number} fold         1-based
 * @property {number} origin       original index of the first test level
 * @property {number} train_size
 * @property {number} test_size
 * @property {number} test_rmse
 * @property {number} test_mae
 * @property {number|null} test_mase
 * @property {number|null} skill  1 − RMSE / persistence RMSE on the block
 * @property {Record<string, FoldErrors>} baselines
 */

/**
 * The backtest's report (`BacktestReport`): folds planned, window, whether every fold ran,
 * the finished folds and their means.
 * @typedef {object} BacktestReport
 * @property {number} planned
 * @property {string} window
 * @property {boolean} complete
 * @property {FoldResult[]} folds
 * @property {{test_rmse: number|null, test_mae: number|null, test_mase: number|null, skill: number|null,
 *   baselines: Record<string, FoldErrors>}} mean
 */

/** The baselines shown beside the model, in this order, and their names. */
export const SHOWN_BASELINES = /** @type {const} */ ([['persistence', 'persistence'], ['drift', 'drift']]);

/**
 * `v` when it is a finite number, else null.
 * @param {unknown} v
 * @returns {number|null}
 */
function finite(v) {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * A scale-free error (MASE, skill) as the sentence and table write it: two decimals.
 * @param {number|null} v
 */
export function fixed2(v) {
  return v === null ? '–' : v.toFixed(2);
}

/**
 * An error in the series' units (RMSE, MAE): four significant digits.
 * @param {number|null} v
 */
export function units(v) {
  if (v === null) return '–';
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? v.toExponential(3) : v.toPrecision(4);
}

/**
 * One row of the fold table.
 * @typedef {{name: string, label: string, rmse: number|null, mae: number|null, mase: number|null,
 *   skill: number|null, baselines: Record<string, number|null>}} FoldRow
 */

/**
 * The table's rows: one per finished fold, then the mean (`name` `fold-N` and `mean`), each
 * with the model's RMSE, MAE, MASE and skill and the shown baselines' MASE.
 * @param {BacktestReport} report
 * @returns {FoldRow[]}
 */
export function foldRows(report) {
  /** @param {Record<string, FoldErrors>|undefined} b */
  const baselineMase = (b) => Object.fromEntries(SHOWN_BASELINES.map(([k]) => [k, finite(b?.[k]?.mase)]));
  /** @type {FoldRow[]} */
  const rows = (report.folds ?? []).map((f) => ({
    name: `fold-${f.fold}`,
    label: `Fold ${f.fold} (origin ${f.origin}, ${f.train_size} train)`,
    rmse: finite(f.test_rmse), mae: finite(f.test_mae), mase: finite(f.test_mase), skill: finite(f.skill),
    baselines: baselineMase(f.baselines),
  }));
  if (rows.length) {
    const m = report.mean ?? {};
    rows.push({
      name: 'mean', label: `Mean of ${rows.length}`,
      rmse: finite(m.test_rmse), mae: finite(m.test_mae), mase: finite(m.test_mase), skill: finite(m.skill),
      baselines: baselineMase(m.baselines),
    });
  }
  return rows;
}

/**
 * The fold chart's columns (uPlot's aligned data): x = fold number; the model's MASE, each
 * shown baseline's MASE, and the model's mean MASE repeated (drawn as a line).
 * @param {BacktestReport} report
 * @returns {[number[], ...(number|null)[][]]}
 */
export function foldChartData(report) {
  const folds = report.folds ?? [];
  const mean = finite(report.mean?.test_mase);
  return [
    folds.map((f) => f.fold),
    folds.map((f) => finite(f.test_mase)),
    ...SHOWN_BASELINES.map(([k]) => folds.map((f) => finite(f.baselines?.[k]?.mase))),
    folds.map(() => mean),
  ];
}

/**
 * The sentence under the metrics: "Backtest: mean MASE 0.27 over 5 folds; persistence 0.88,
 * drift 0.95." (RMSE when MASE is not defined for the data), saying so when it was stopped
 * early. Null for a report without a finished fold.
 * @param {BacktestReport|null} report
 * @returns {string|null}
 */
export function backtestSentence(report) {
  const n = report?.folds?.length ?? 0;
  if (!report || n === 0) return null;
  const mean = report.mean ?? {};
  const over = report.complete ? `${n} fold${n === 1 ? '' : 's'}` : `${n} of ${report.planned} folds (stopped)`;
  const mase = finite(mean.test_mase);
  const key = mase === null ? 'rmse' : 'mase';
  const format = mase === null ? units : fixed2;
  const model = mase ?? finite(mean.test_rmse);
  const others = SHOWN_BASELINES
    .map(([k, label]) => [label, finite(mean.baselines?.[k]?.[key])])
    .filter(([, v]) => v !== null)
    .map(([label, v]) => `${label} ${format(/** @type {number} */ (v))}`);
  const tail = others.length ? `; ${others.join(', ')}` : '';
  return `Backtest: mean ${key.toUpperCase()} ${format(model)} over ${over}${tail}.`;
}

/**
 * The status line while a backtest runs: "Backtest: fold 2 of 5, epoch 3 of 20…".
 * @param {{fold: number, folds?: number, planned?: number, progress?: {epoch?: number}|null}} step
 * @param {number} epochs  the settings' epochs
 */
export function backtestProgressText(step, epochs) {
  const of = step.planned || step.folds || '?';
  const epoch = step.progress?.epoch;
  return `Backtest: fold ${step.fold} of ${of}${Number.isFinite(epoch) ? `, epoch ${epoch} of ${epochs}` : ''}…`;
}
