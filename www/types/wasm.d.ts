// The wasm-bindgen module as www/ uses it, for `npm run typecheck` on a checkout where
// scripts/build-wasm.sh has not built www/pkg/ yet. The shapes restate the declarations the
// Rust façade emits (src/bindings/types.rs and the `Session` methods in src/bindings/mod.rs).
// Once www/pkg/ is built, TypeScript resolves the imports to the generated declarations instead,
// and www/wasm-loader.js checks them against `RnnWasm.Module`, so a change on the Rust side
// that breaks the page fails the check there.

declare namespace RnnWasm {
  /** A built-in dataset. */
  interface DatasetInfo {
    name: string; description: string; length: number; license: string; frequency: string;
    season: number | null; file: string | null; embedded: boolean;
  }
  /** Options of `loadCsv`. */
  interface CsvLoadOptions { column?: string | number; missing?: 'error' | 'drop' | 'ffill'; source?: string }
  /** Options of `loadDataset`. */
  interface DatasetLoadOptions { symbol?: string; seed?: number; column?: string; lag?: number; text?: string }
  /** The loaded series. */
  interface DataSummary {
    source: string; column: string; columns: string[]; rows: number; missing_count: number;
    notes: string[]; warnings: string[]; values: Float32Array; dates: string[] | null;
  }
  /** What `configure` built. */
  interface ConfigSummary {
    params: number; trainable_params: number; train_windows: number; val_windows: number;
    test_windows: number; batch: number; notes: string[]; warnings: string[];
  }
  /** Training progress after `trainBatches`. */
  interface Progress {
    epoch: number; batch: number; batches_per_epoch: number; train_loss: number; val_loss: number | null;
    lr: number; samples_per_s: number; elapsed_ms: number; done: boolean;
    stop_reason: null | 'epochs' | 'early_stopping' | 'diverged' | 'stopped'; message: string | null;
  }
  /** One-step predictions over every split, original scale. */
  interface Predictions {
    target_index: Int32Array; predicted: Float32Array; split: Uint8Array; forecast: Float32Array; forecast_start: number;
  }
  /** The metrics object (same keys as the CLI's metrics file); the fields the page relies on. */
  interface Metrics {
    train_rmse: number | null; val_rmse: number | null; test_rmse: number | null; test_mae: number | null;
    test_smape: number | null; persistence_test_rmse: number | null; skill: number | null; epochs_run: number;
    baselines: Record<string, unknown>; warnings: string[];
  }
  /**
   * One window seen from inside the network (`Session.inspect`): per-state arrays flat,
   * `shape = [layers·directions, window, hidden]`; see www/protocol.js `PackedInspection`.
   */
  interface InspectionPacked {
    cell: string; layers: number; directions: number; hidden: number; window: number; horizon: number;
    split: 'train' | 'val' | 'test'; index: number; windows: number; target_row: number;
    input: Float32Array; input_scaled: Float32Array; target: Float32Array; prediction: Float32Array;
    loss: number; grad_h_norm: Float32Array; saliency: Float32Array; gate_names: string[];
    gates: Record<string, Float32Array>; shape: [number, number, number]; epoch: number; batch: number;
  }
  /** One planned fold of a backtest (`startBacktest`): series indices of its start, test origin and end. */
  interface BacktestFoldPlan { index: number; start: number; origin: number; end: number }
  /** A backtest's progress after `backtestBatches`: the 1-based fold in training and its training progress. */
  interface BacktestProgress { fold: number; folds: number; progress: Progress; done: boolean }
  /** One forecaster's errors on a fold's test block. */
  interface FoldErrors { rmse: number; mae: number; mase: number | null; rmsse: number | null }
  /** The backtest report (`backtestReport`; the CLI's metrics `backtest`); the fields the page relies on. */
  interface BacktestReport {
    planned: number; window: 'expanding' | 'sliding'; complete: boolean;
    folds: {
      fold: number; origin: number; start: number; train_size: number; val_size: number; test_size: number;
      test_rmse: number; test_mae: number; test_mase: number | null; test_rmsse: number | null; skill: number | null;
      baselines: Record<string, FoldErrors>;
    }[];
    mean: {
      test_rmse: number | null; test_mae: number | null; test_mase: number | null; test_rmsse: number | null;
      skill: number | null; baselines: Record<string, FoldErrors>;
    };
  }
  /** What `importModel` loaded. */
  interface ImportedModel { config: Record<string, unknown>; params: number; notes: string[]; warnings: string[] }

  /** One playground: data, model, optimiser and training state. */
  interface Session {
    loadCsv(text: string, options?: CsvLoadOptions): DataSummary;
    loadDataset(name: string, options?: DatasetLoadOptions): DataSummary;
    configure(config: Record<string, unknown>): ConfigSummary;
    trainBatches(maxBatches: number): Progress;
    stop(): void;
    predictions(): Predictions;
    evaluate(): Metrics;
    forecast(steps: number): Float32Array;
    exportJson(): string;
    exportSafetensors(): Uint8Array;
    importModel(bytes: Uint8Array): ImportedModel;
    freeze(spec: string): void;
    inspect(split: string, index: number): InspectionPacked;
    startBacktest(): BacktestFoldPlan[];
    backtestBatches(maxBatches: number): BacktestProgress;
    stopBacktest(): void;
    backtestReport(): BacktestReport;
  }

  /** A built-in text corpus (`corpora()`). */
  interface CorpusInfo { key: string; label: string; description: string; chars: number; licence: string; file: string }
  /** What `TextSession.loadText`, `configure` and `importModel` report. */
  interface TextLoaded {
    source: string; chars: number; vocab_size: number; split_chars: [number, number, number];
    unknown_chars: [number, number, number]; params: number; trainable_params: number; batches_per_epoch: number;
    notes: string[]; settings: Record<string, unknown>; unigram_val_bpc: number; ngram_val_bpc: number;
    ngram_order: number; ngram_smoothing: string; vocabulary: string[];
  }
  /** Text training progress after `trainBatches`. */
  interface TextProgress {
    epoch: number; batch: number; batches_per_epoch: number; train_bpc: number; val_bpc: number | null; lr: number;
    chars_per_s: number; elapsed_ms: number; done: boolean;
    stop_reason: null | 'epochs' | 'early_stopping' | 'diverged' | 'stopped'; message: string | null;
  }
  /** One finished epoch of a text run. */
  interface TextEpoch { epoch: number; train_bpc: number; val_bpc: number | null; lr: number }
  /** The text metrics (the CLI's metrics file keys). */
  interface TextMetrics {
    train_bpc: number; val_bpc: number | null; test_bpc: number | null; train_perplexity: number;
    val_perplexity: number | null; test_perplexity: number | null; unigram_test_bpc: number | null;
    ngram_test_bpc: number | null; ngram_order: number; unigram_val_bpc: number; ngram_val_bpc: number;
    ngram_smoothing: string; epochs_run: number; best_epoch: number | null; stop_reason: TextProgress['stop_reason'];
    train_seconds: number; train_chars_per_s: number; chars: number; vocab_size: number;
    unknown_chars: [number, number, number]; sample: string;
  }
  /** What `TextSession.importModel` loaded (`loaded` null when no text was loaded: the model generates). */
  interface TextImported { fine_tuning: boolean; vocab_size: number; params: number; loaded: TextLoaded | null }
  /** Options of `TextSession.generate`. */
  interface GenerateOptions { prime?: string; length?: number; temperature?: number; top_k?: number | null; seed?: number }
  /** One layer's hidden states over a passage: `values` is `[chars.length, hidden]` row-major. */
  interface UnitActivations { chars: string[]; layer: number; hidden: number; unknown: number; values: Float32Array }
  /** One text run: the text, the character language model, the trainer. */
  interface TextSession {
    loadText(bytes: Uint8Array, source: string, settings?: Record<string, unknown>): TextLoaded;
    configure(settings?: Record<string, unknown>): TextLoaded;
    trainBatches(maxBatches: number): TextProgress;
    history(): TextEpoch[];
    stop(): void;
    evaluate(): TextMetrics;
    generate(options?: GenerateOptions): string;
    activations(passage: string, layer: number): UnitActivations;
    exportJson(): string;
    exportSafetensors(): Uint8Array;
    importModel(bytes: Uint8Array, freeze?: string): TextImported;
  }

  /** The members of a built module that www/wasm-loader.js uses. */
  interface Module {
    /** Instantiates the module (wasm-bindgen's `--target web` init). */
    default: () => Promise<unknown>;
    Session: new () => Session;
    backend: () => string;
    datasets: () => DatasetInfo[];
    TextSession: new () => TextSession;
    corpora: () => CorpusInfo[];
  }
}

// Any of the three builds (www/pkg/{relaxed,simd,scalar}/rnn_playground.js) before it exists.
declare module '*/rnn_playground.js' {
  const init: RnnWasm.Module['default'];
  export default init;
  export const Session: RnnWasm.Module['Session'];
  export const backend: RnnWasm.Module['backend'];
  export const datasets: RnnWasm.Module['datasets'];
  export const TextSession: RnnWasm.Module['TextSession'];
  export const corpora: RnnWasm.Module['corpora'];
}
