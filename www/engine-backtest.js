/**
 * The worker's side of the `backtest` request (issue 15): drives the wasm Session's rolling-origin
 * backtest (`startBacktest`, `backtestBatches`, `stopBacktest`, `backtestReport`) in chunks of
 * about CHUNK_BUDGET_MS, yielding to the event loop between chunks so that a stop gets through,
 * as training does. Called from one line of `Engine.dispatch` (www/engine.js).
 *
 * Payloads: `{}` starts a backtest of the configured run (the session's last `configure`,
 * whose `backtest` key gives the folds) and answers with progress `{backtest: {fold, folds,
 * progress, done}}` (throttled, and at least once per fold), then the report `{planned, window,
 * complete, folds, mean}` as its result. `{stop: true}` ends the running one between two chunks:
 * the fold in training is dropped, the finished ones stay in its report (`complete: false`), and
 * the stop request answers `{state: 'stopped'}`.
 */
import { Reply } from './protocol.js';
import { makeThrottle, nextChunkSize } from './scheduling.js';

/**
 * What the driver needs of the Engine: its session, `post`, and where it keeps the running
 * backtest (so that a `{stop: true}` request finds it).
 * @typedef {object} BacktestHost
 * @property {any} session
 * @property {(message: import('./protocol.js').ReplyMessage) => void} post
 * @property {{stopRequested: boolean} | null} [backtestRun]
 */

/**
 * Handles one `backtest` request; returns the immediate result, or `noReply` when the result
 * follows later (the report at the end of the run).
 * @param {BacktestHost} host
 * @param {number} id
 * @param {{stop?: boolean}} payload
 * @param {{noReply: unknown, plain: (v: any) => any, yieldToEventLoop: () => Promise<void>}} tools
 * @returns {Promise<unknown>}
 */
export async function backtestRequest(host, id, payload, tools) {
  if (payload?.stop) {
    if (host.backtestRun) host.backtestRun.stopRequested = true;
    return { state: host.backtestRun ? 'stopped' : 'idle' };
  }
  if (host.backtestRun) throw new Error('backtest: one is already running (send {stop: true} first)');
  const s = host.session;
  const folds = s.startBacktest();
  const run = { stopRequested: false };
  host.backtestRun = run;
  runFolds(host, id, run, tools, Array.isArray(folds) ? folds.length : 0);
  return tools.noReply;
}

/**
 * The chunked loop of one backtest: progress per chunk (throttled; every fold change gets
 * through), the stop flag checked between chunks, the report as the result.
 * @param {BacktestHost} host
 * @param {number} id
 * @param {{stopRequested: boolean}} run
 * @param {{plain: (v: any) => any, yieldToEventLoop: () => Promise<void>}} tools
 * @param {number} planned
 */
async function runFolds(host, id, run, tools, planned) {
  const s = host.session;
  const throttle = makeThrottle();
  let chunk = 1;
  let lastFold = 0;
  try {
    for (;;) {
      if (run.stopRequested) {
        s.stopBacktest();
        break;
      }
      const t0 = performance.now();
      const step = tools.plain(s.backtestBatches(chunk));
      const now = performance.now();
      chunk = nextChunkSize(chunk, now - t0);
      const foldChanged = step.fold !== lastFold;
      lastFold = step.fold;
      if (step.done) break;
      if (foldChanged || throttle.ready(now)) {
        host.post({ id, type: Reply.PROGRESS, payload: { backtest: { ...step, planned } } });
      }
      await tools.yieldToEventLoop();
    }
    host.post({ id, type: Reply.RESULT, payload: tools.plain(s.backtestReport()) });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    host.post({ id, type: Reply.ERROR, payload: { message, where: 'backtest', fatal: err instanceof WebAssembly.RuntimeError } });
  } finally {
    host.backtestRun = null;
  }
}
