/**
 * The lifecycle of one `<rnn-playground>`: a pure state machine. No DOM, no
 * worker: `transition(state, event)` returns the next state, and the derived
 * predicates below say what that state allows (which buttons work, whether
 * Train must load data or build a model first). The element dispatches an
 * event for each step it takes and renders the state it gets back.
 *
 * States (`State`):
 * - `closed`      no worker: not connected yet, or removed from the page
 * - `starting`    a new worker loads the wasm module, then the first data and model
 * - `empty`       the worker is up and holds no data
 * - `loading`     data is being loaded (CSV, a dataset, a reset with new data)
 * - `configuring` a fresh model is being built on the data
 * - `importing`   a model file is being loaded
 * - `ready`       data and a model: Train trains it (or builds a fresh one first if settings changed)
 * - `training`    a `train` or `step` request runs
 * - `paused`      a running `train` was paused; Train resumes it, its request still waits
 * - `stepped`     a step finished its epoch; the run is parked and nobody waits for it
 * - `backtesting` a rolling-origin backtest of the configured run trains its folds (Stop ends it;
 *                 the model and its results stay as they were)
 * - `done`        a run ended with metrics; the next Train starts a fresh model
 * - `error`       starting, loading or building a model failed and nothing usable is left
 * - `crashed`     the worker died; a new one is starting
 * - `restoring`   the new worker gets the data, the model and the last checkpoint back
 *
 * Besides its name, a state records what the worker holds (`hasData`,
 * `model`) and whether the settings moved away from it (`dataStale`,
 * `modelStale`). `starting` and `restoring` are composite: the loads and
 * builds inside them update those records but keep the name until the
 * composite ends (`started` / `start-failed`, `restored`).
 */

/** The state names. */
export const State = Object.freeze({
  CLOSED: 'closed',
  STARTING: 'starting',
  EMPTY: 'empty',
  LOADING: 'loading',
  CONFIGURING: 'configuring',
  IMPORTING: 'importing',
  READY: 'ready',
  TRAINING: 'training',
  PAUSED: 'paused',
  STEPPED: 'stepped',
  BACKTESTING: 'backtesting',
  DONE: 'done',
  ERROR: 'error',
  CRASHED: 'crashed',
  RESTORING: 'restoring',
});

/**
 * The event types:
 * - `start` a new worker is starting · `started` it is up with its first data and model ·
 *   `start-failed` it could not start or load them
 * - `load` / `configure` / `import` a request that replaces the data / builds a model /
 *   loads a model file was sent · `loaded` / `configured` / `imported` it succeeded ·
 *   `failed` it failed (what was there before stays)
 * - `settings-changed` `{data}` the settings changed (`data`: ones that choose the data)
 * - `train` a train or step request was sent (or a paused run continued) ·
 *   `paused` the run was paused · `stepped` a step ended its epoch · `trained` the run
 *   ended with metrics · `run-failed` it ended with an error
 * - `backtest` a backtest request was sent · `backtested` it ended (finished, stopped or failed)
 * - `crashed` the worker died · `restart` its replacement is up · `restored` `{checkpoint,
 *   failed}` the restore is over (`checkpoint`: the last checkpoint was loaded)
 * - `close` the worker was ended (the element left the page)
 */
export const LifecycleEvent = Object.freeze({
  START: 'start',
  STARTED: 'started',
  START_FAILED: 'start-failed',
  LOAD: 'load',
  LOADED: 'loaded',
  CONFIGURE: 'configure',
  CONFIGURED: 'configured',
  IMPORT: 'import',
  IMPORTED: 'imported',
  FAILED: 'failed',
  SETTINGS_CHANGED: 'settings-changed',
  TRAIN: 'train',
  PAUSED: 'paused',
  STEPPED: 'stepped',
  TRAINED: 'trained',
  RUN_FAILED: 'run-failed',
  BACKTEST: 'backtest',
  BACKTESTED: 'backtested',
  CRASHED: 'crashed',
  RESTART: 'restart',
  RESTORED: 'restored',
  CLOSE: 'close',
});

/** @typedef {typeof State[keyof typeof State]} StateName */
/** @typedef {typeof LifecycleEvent[keyof typeof LifecycleEvent]} EventType */

/**
 * What the worker's model is: none, one that Train can train (built, imported,
 * or mid-run), or one whose run has ended.
 * @typedef {'none'|'fresh'|'finished'} ModelState
 */

/**
 * One state of the lifecycle.
 * @typedef {object} Lifecycle
 * @property {StateName} name
 * @property {boolean} hasData      the worker holds data
 * @property {ModelState} model
 * @property {boolean} dataStale    settings that choose the data changed since it was loaded
 * @property {boolean} modelStale   settings changed since the model was built
 * @property {{model: ModelState, dataStale: boolean, modelStale: boolean} | null} resume
 *   while `crashed`/`restoring`: what the lost worker held, to be restored
 */

/**
 * An event: its type and, for some types, details.
 * @typedef {{type: EventType, data?: boolean, checkpoint?: boolean, failed?: boolean}} LifecycleEventObject
 */

/** @type {Lifecycle} */
const CLOSED_STATE = Object.freeze({
  name: State.CLOSED, hasData: false, model: 'none', dataStale: false, modelStale: false, resume: null,
});

/** The state of an element before it has a worker. @returns {Lifecycle} */
export function initialLifecycle() {
  return CLOSED_STATE;
}

/** @type {ReadonlySet<StateName>} States with a training run in the worker (paused or parked included). */
const RUN_STATES = new Set([State.TRAINING, State.PAUSED, State.STEPPED]);
/** @type {ReadonlySet<StateName>} States that end with their own event; the loads inside them keep the name. */
const COMPOSITE_STATES = new Set([State.STARTING, State.RESTORING]);
/** @type {ReadonlySet<StateName>} States in which no request may be sent. */
const NO_WORKER_STATES = new Set([State.CLOSED, State.CRASHED]);
/** @type {ReadonlySet<StateName>} States in which nothing is in flight. */
const SETTLED_STATES = new Set([State.EMPTY, State.READY, State.DONE, State.ERROR]);

/**
 * The settled state that `s`'s records call for.
 * @param {Lifecycle} s
 * @param {boolean} failed  the step that led here failed
 * @returns {StateName}
 */
function settledName(s, failed) {
  if (!s.hasData) return failed ? State.ERROR : State.EMPTY;
  if (s.model === 'none') return failed ? State.ERROR : State.READY;
  return s.model === 'finished' ? State.DONE : State.READY;
}

/**
 * After a load, build or import ended: composite and run states keep their
 * name, anything else settles.
 * @param {Lifecycle} s   the state with its records already updated
 * @param {boolean} failed
 * @returns {Lifecycle}
 */
function afterRequest(s, failed) {
  if (COMPOSITE_STATES.has(s.name) || RUN_STATES.has(s.name) || NO_WORKER_STATES.has(s.name)) return s;
  return { ...s, name: settledName(s, failed) };
}

/**
 * Entering a busy state for a request: composite, run and workerless states keep their name.
 * @param {Lifecycle} s
 * @param {StateName} busy
 * @returns {Lifecycle}
 */
function beginRequest(s, busy) {
  if (COMPOSITE_STATES.has(s.name) || RUN_STATES.has(s.name) || NO_WORKER_STATES.has(s.name)) return s;
  return { ...s, name: busy };
}

/**
 * The next state. Events that do not apply to `state` (a late reply after a
 * crash, a `paused` when nothing trains, an unknown type) return it unchanged.
 * @param {Lifecycle} state
 * @param {LifecycleEventObject} event
 * @returns {Lifecycle}
 */
export function transition(state, event) {
  const s = state;
  switch (event?.type) {
    case LifecycleEvent.START:
      return { ...CLOSED_STATE, name: State.STARTING };
    case LifecycleEvent.STARTED:
      return s.name === State.STARTING ? { ...s, name: settledName(s, false) } : s;
    case LifecycleEvent.START_FAILED:
      return s.name === State.STARTING ? { ...s, name: settledName(s, true) } : s;

    // Requests to a worker that is gone (closed, or crashed and not yet replaced) change nothing.
    case LifecycleEvent.LOAD:
      return beginRequest(s, State.LOADING);
    case LifecycleEvent.LOADED:
      // New data: a model must be built on it.
      if (NO_WORKER_STATES.has(s.name)) return s;
      return afterRequest({ ...s, hasData: true, dataStale: false, model: 'none', modelStale: false }, false);
    case LifecycleEvent.CONFIGURE:
      // The worker drops its model to build the new one; should that fail, none is left.
      if (NO_WORKER_STATES.has(s.name)) return s;
      return beginRequest({ ...s, model: 'none' }, State.CONFIGURING);
    case LifecycleEvent.CONFIGURED:
      if (NO_WORKER_STATES.has(s.name)) return s;
      return afterRequest({ ...s, model: 'fresh', modelStale: false }, false);
    case LifecycleEvent.IMPORT:
      return beginRequest(s, State.IMPORTING);
    case LifecycleEvent.IMPORTED:
      if (NO_WORKER_STATES.has(s.name)) return s;
      return afterRequest({ ...s, model: 'fresh', modelStale: false }, false);
    case LifecycleEvent.FAILED:
      return afterRequest(s, true);

    case LifecycleEvent.SETTINGS_CHANGED:
      return { ...s, dataStale: s.dataStale || !!event.data, modelStale: true };

    case LifecycleEvent.TRAIN:
      if (NO_WORKER_STATES.has(s.name) || COMPOSITE_STATES.has(s.name)) return s;
      return { ...s, name: State.TRAINING };
    case LifecycleEvent.PAUSED:
      return s.name === State.TRAINING ? { ...s, name: State.PAUSED } : s;
    case LifecycleEvent.STEPPED:
      return s.name === State.TRAINING ? { ...s, name: State.STEPPED } : s;
    case LifecycleEvent.TRAINED:
      // A finished run cannot continue: the next Train starts a fresh model.
      return RUN_STATES.has(s.name) ? { ...s, model: 'finished', name: State.DONE } : s;
    case LifecycleEvent.RUN_FAILED:
      return RUN_STATES.has(s.name) ? { ...s, name: settledName(s, true) } : s;

    case LifecycleEvent.BACKTEST:
      // From a settled state with data only: a backtest never runs beside a training run.
      return isSettled(s) && s.hasData ? { ...s, name: State.BACKTESTING } : s;
    case LifecycleEvent.BACKTESTED:
      return s.name === State.BACKTESTING ? { ...s, name: settledName(s, false) } : s;

    case LifecycleEvent.CRASHED:
      if (s.name === State.CLOSED) return s;
      return {
        ...s, name: State.CRASHED, hasData: false, model: 'none',
        resume: s.resume ?? { model: s.model, dataStale: s.dataStale, modelStale: s.modelStale },
      };
    case LifecycleEvent.RESTART:
      return s.name === State.CRASHED ? { ...s, name: State.RESTORING } : s;
    case LifecycleEvent.RESTORED: {
      if (s.name !== State.RESTORING) return s;
      const r = s.resume;
      /** @type {Lifecycle} */
      const next = { ...s, resume: null };
      if (r && next.hasData) next.dataStale = r.dataStale;
      if (r && event.checkpoint) {
        // The checkpoint is the lost worker's model: it continues, or stays finished, as it would have.
        next.model = r.model === 'finished' ? 'finished' : 'fresh';
        next.modelStale = r.modelStale;
      }
      return { ...next, name: settledName(next, !!event.failed) };
    }

    case LifecycleEvent.CLOSE:
      return CLOSED_STATE;
    default:
      return s;
  }
}

/** @typedef {'starting'|'idle'|'running'|'paused'|'busy'} Phase the coarse phase, `data-phase` on the element */

/**
 * The coarse phase of a state (`data-phase` on the element; `data-state` has the name).
 * @param {Lifecycle} s
 * @returns {Phase}
 */
export function phaseOf(s) {
  if (s.name === State.STARTING) return 'starting';
  if (s.name === State.TRAINING) return 'running';
  if (s.name === State.PAUSED || s.name === State.STEPPED) return 'paused';
  return SETTLED_STATES.has(s.name) ? 'idle' : 'busy';
}

/**
 * The toolbar as a state allows it.
 * @typedef {object} Controls
 * @property {{label: 'Train'|'Pause'|'Resume', pressed: boolean, disabled: boolean}} train
 * @property {{disabled: boolean}} step
 * @property {{disabled: boolean}} stop
 * @property {{disabled: boolean}} reset
 */

/**
 * Which toolbar buttons work in state `s`, and what the Train button says.
 * @param {Lifecycle} s
 * @returns {Controls}
 */
export function controls(s) {
  const phase = phaseOf(s);
  const blocked = phase === 'busy' || phase === 'starting';
  return {
    train: { label: phase === 'running' ? 'Pause' : phase === 'paused' ? 'Resume' : 'Train',
      pressed: phase === 'running', disabled: blocked },
    step: { disabled: blocked || phase === 'running' },
    stop: { disabled: !(phase === 'running' || phase === 'paused' || s.name === State.BACKTESTING) },
    reset: { disabled: blocked },
  };
}

/**
 * Whether the Backtest button works in state `s`: with data and nothing in flight (not while a
 * run trains, is paused or parked, nor during another backtest).
 * @param {Lifecycle} s
 * @returns {{disabled: boolean}}
 */
export function backtestControl(s) {
  return { disabled: !(isSettled(s) && s.hasData) };
}

/** True while a backtest runs (Stop then ends it). @param {Lifecycle} s */
export function isBacktesting(s) {
  return s.name === State.BACKTESTING;
}

/** True while a train or step request runs (Train then means Pause). @param {Lifecycle} s */
export function isTraining(s) {
  return s.name === State.TRAINING;
}

/** True while a run exists in the worker, running, paused or parked: Stop ends it. @param {Lifecycle} s */
export function hasRun(s) {
  return RUN_STATES.has(s.name);
}

/** True when the run's own request still waits for its result (not a parked step). @param {Lifecycle} s */
export function runAwaitsResult(s) {
  return s.name === State.TRAINING || s.name === State.PAUSED;
}

/** True when nothing is in flight (the `idle` phase). @param {Lifecycle} s */
export function isSettled(s) {
  return SETTLED_STATES.has(s.name);
}

/** True when no request can be sent: no worker, or it died. @param {Lifecycle} s */
export function isWorkerless(s) {
  return NO_WORKER_STATES.has(s.name);
}

/** True when Train must load the data first (none, or the settings name other data). @param {Lifecycle} s */
export function needsLoad(s) {
  return !s.hasData || s.dataStale;
}

/** True when Train must build a fresh model first (none, finished, or settings changed). @param {Lifecycle} s */
export function needsConfigure(s) {
  return s.model !== 'fresh' || s.modelStale;
}
