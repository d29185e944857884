// Declarations of the JS API of <rnn-playground> and <rnn-compare> (rnn-playground-element).
// Importing the package (or its `standalone` entry) defines both custom elements.
// The reference for every member: docs/embedding.md of the rnn-playground repository.

/** Which split of the series: training, validation or test (time order, in that order). */
export type SplitName = 'train' | 'val' | 'test';

/** Which window `inspect()` looks at: `index` counts the split's windows from 0; −1 is the last. */
export interface InspectOptions { split?: SplitName; index?: number }

/** One window seen from inside the network. Per-state arrays are indexed `[layer·directions + dir][t][unit]`. */
export interface Inspection {
  cell: 'lstm' | 'gru' | 'rnn_tanh' | 'rnn_relu';
  layers: number;
  /** 2 when bidirectional. */
  directions: number;
  hidden: number;
  /** Input steps T. */
  window: number;
  horizon: number;
  split: SplitName;
  /** The window's position in its split (resolved: 0 … windows − 1). */
  index: number;
  windows: number;
  /** Series row of the window's first target. */
  target_row: number;
  /** The series at the input steps, original scale, `[T]`. */
  input: number[];
  /** What the network reads there (transformed, scaled), `[T]`. */
  input_scaled: number[];
  /** Actual values, original scale, `[horizon]`. */
  target: number[];
  /** The network's predictions, original scale, `[horizon]`. */
  prediction: number[];
  /** The training loss of this window (scaled units). */
  loss: number;
  /** ‖∂loss/∂h_t‖₂, `[L·D][T]`: the vanishing-gradient curve. */
  grad_h_norm: number[][];
  /** ∂ȳ/∂x_t, `[T]`. */
  saliency: number[];
  /** LSTM i, f, g, o, c, h; GRU r, z, n, h; RNN h. */
  gate_names: string[];
  /** `[L·D][T][H]` per gate or state name. */
  gates: Record<string, number[][][]>;
  /** Training position when inspected (epoch 0 before the first batch). */
  epoch: number;
  batch: number;
}

/** One progress report of the training loop. */
export interface Progress {
  epoch: number;
  batch: number;
  batches_per_epoch: number;
  train_loss: number;
  val_loss: number | null;
  samples_per_s: number;
  done?: boolean;
  stop_reason?: 'epochs' | 'early_stopping' | 'diverged' | 'stopped' | null;
  message?: string;
}

/** The metrics of a run: the keys of the command line's metrics file. */
export interface Metrics {
  train_rmse: number | null;
  val_rmse: number | null;
  test_rmse: number | null;
  test_mae: number | null;
  persistence_test_rmse: number | null;
  /** 1 − RMSE / persistence RMSE on the test range. */
  skill: number | null;
  epochs_run: number;
  best_epoch: number | null;
  stop_reason: string | null;
  horizon: number;
  [key: string]: unknown;
}

/** What a loaded series looks like. */
export interface DataSummary {
  source: string;
  column: string;
  columns: string[];
  rows: number;
  missing_count: number;
  notes: string[];
  [key: string]: unknown;
}

/** Options of `loadCsv`. */
export interface CsvOptions { column?: string | number; missing?: 'error' | 'drop' | 'ffill'; name?: string }

/** One forecaster's errors on a backtest fold's test block. */
export interface FoldErrors { rmse: number; mae: number; mase: number | null; rmsse: number | null }

/** One finished fold of a rolling-origin backtest. */
export interface BacktestFold {
  /** 1-based. */
  fold: number;
  /** Series index of the first test value (everything before it was known). */
  origin: number;
  /** Series index of the fold's first value (0 for an expanding window). */
  start: number;
  train_size: number;
  val_size: number;
  test_size: number;
  test_rmse: number;
  test_mae: number;
  test_mase: number | null;
  test_rmsse: number | null;
  /** 1 − RMSE / persistence RMSE on the fold's test block. */
  skill: number | null;
  test_per_step_rmse: number[];
  test_interval_coverage: number | null;
  test_interval_width: number | null;
  epochs_run: number;
  best_epoch: number | null;
  /** Every baseline on the same block: `persistence`, `drift`, `seasonal_naive`, `moving_average`, … */
  baselines: Record<string, FoldErrors>;
}

/** What `backtest()` resolves with: the keys of the CLI's metrics `backtest`, plus how it ran. */
export interface BacktestReport {
  planned: number;
  window: 'expanding' | 'sliding';
  /** False when it was stopped before its last fold. */
  complete: boolean;
  folds: BacktestFold[];
  /** Means over the finished folds. */
  mean: {
    test_rmse: number | null; test_mae: number | null; test_mase: number | null; test_rmsse: number | null;
    skill: number | null; test_per_step_rmse: number[]; test_interval_coverage: number | null;
    test_interval_width: number | null; baselines: Record<string, FoldErrors>;
  };
}

/** A backtest's progress (`progress` events' `detail.backtest`). */
export interface BacktestProgress {
  /** 1-based fold in training. */
  fold: number;
  folds: number;
  planned: number;
  /** The fold's training progress. */
  progress: Progress;
  done: boolean;
}

/** What `importModel` reports. */
export interface ImportedModel { config: Record<string, unknown>; params: number; notes: string[]; warnings: string[] }

/** The lifecycle state in `data-state`. */
export type PlaygroundState = 'closed' | 'starting' | 'empty' | 'loading' | 'configuring' | 'importing' | 'ready'
  | 'training' | 'paused' | 'stepped' | 'backtesting' | 'done' | 'error' | 'crashed' | 'restoring';

/** The coarse phase in `data-phase`. */
export type Phase = 'starting' | 'idle' | 'running' | 'paused' | 'busy';

/** `<rnn-playground>`: attributes are the playground's URL keys (`dataset`, `cell`, `hidden`, …, `KEY_hide`). */
export class RnnPlayground extends HTMLElement {
  /** The loaded series, once the worker has data. */
  readonly summary: DataSummary | null;
  /** The metrics of the last run or imported model. */
  readonly metrics: Metrics | null;
  /** Loads CSV text and builds a fresh model; rejects with the row and column of a problem. */
  loadCsv(text: string, options?: CsvOptions): Promise<DataSummary>;
  /** Trains with the current attributes (continues a paused run); resolves with the run's metrics. */
  train(): Promise<Metrics>;
  /** Trains to the end of the current epoch, then pauses. */
  step(): Promise<void>;
  /** Pauses a running training; `train()` continues it. */
  pause(): Promise<void>;
  /** Ends training; `train()` resolves with the metrics so far. */
  stop(): Promise<void>;
  /** A fresh model with the current settings. */
  reset(): Promise<void>;
  /** Recursive forecast past the end of the series, original units. */
  forecast(steps?: number): Promise<Float32Array>;
  /** One window's gates, states, gradient flow and saliency. */
  inspect(options?: InspectOptions): Promise<Inspection>;
  /** The model file (versioned JSON, or PyTorch-named safetensors). */
  exportModel(format?: 'json' | 'safetensors'): Promise<Blob>;
  /** Loads a model file to predict with or fine-tune on the current data (adopting its features). */
  importModel(file: Blob | ArrayBuffer | Uint8Array): Promise<ImportedModel>;
  /** Rolling-origin backtest of the current settings (`backtest` folds); `stop()` ends it early. */
  backtest(): Promise<BacktestReport>;
  addEventListener<K extends keyof RnnPlaygroundEventMap>(type: K, listener: (this: RnnPlayground, ev: RnnPlaygroundEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

/** The events of `<rnn-playground>` (besides those of every element). */
export interface RnnPlaygroundEventMap {
  /** A training run's progress, or a backtest's (`detail.backtest`). */
  progress: CustomEvent<Progress | { backtest: BacktestProgress } | null>;
  trained: CustomEvent<Metrics>;
  /** A backtest ended (finished or stopped). */
  backtested: CustomEvent<BacktestReport>;
  error: CustomEvent<{ message: string; where: string }>;
}

/** The events of `<rnn-compare>` (besides those of every element). */
export interface RnnCompareEventMap {
  /** One run's progress, with its cell, its index in `cells` and its label. */
  progress: CustomEvent<Progress & { cell: string; run: number; label: string }>;
  trained: CustomEvent<{ runs: CompareRun[] }>;
  error: CustomEvent<{ message: string; where: string }>;
}

/** One run of a comparison, in the order of `cells`. */
export interface CompareRun {
  cell: string;
  label: string;
  metrics: Metrics | null;
  /** Wall-clock seconds on the page (the runs share the machine). */
  wall_s: number;
  stop_reason: string | null;
  error: string | null;
}

/** `<rnn-compare>`: 2–4 cells (`cells="rnn_tanh,lstm,gru"`) trained side by side; other attributes as `<rnn-playground>`. */
export class RnnCompare extends HTMLElement {
  /** The loaded series (shared by every run). */
  readonly summary: DataSummary | null;
  /** Loads CSV text into every run. */
  loadCsv(text: string, options?: CsvOptions): Promise<DataSummary>;
  /** Fresh models, then every run trains at once. */
  train(): Promise<{ runs: CompareRun[] }>;
  /** Ends every run. */
  stop(): Promise<void>;
  /** One inspection per run, in the order of `cells`. */
  inspect(options?: InspectOptions): Promise<Inspection[]>;
  addEventListener<K extends keyof RnnCompareEventMap>(type: K, listener: (this: RnnCompare, ev: RnnCompareEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'rnn-playground': RnnPlayground;
    'rnn-compare': RnnCompare;
  }
}
