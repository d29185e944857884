// TensorFlow.js peer of the standard workload (WORKLOAD.md), in Node, one backend per process.
//
//   node bench/tfjs.mjs --backend wasm|cpu [--cell lstm,gru] [--config w10-h50-l1,...]
//                       [--epoch-budget SECONDS]
//
// Prints one JSON line per (cell, config) on stdout; progress goes to stderr.
// Model: tf.layers.lstm / tf.layers.gru (sigmoid gates, tanh candidate: the standard cells, not
// TF.js's default hard sigmoid) → dense(1) on the last step; Keras Adam (lr 0.01, ε 1e-7); MSE;
// batch 32 in order, no shuffling; glorot-uniform kernels, orthogonal recurrent kernels, zero
// biases (LSTM forget bias 1), all seeded. Epochs are timed by onEpochBegin/onEpochEnd of one
// model.fit call, the way an application would see them.
//
// When a full epoch is estimated to take longer than --epoch-budget seconds (default 30), the
// run trains on a prefix of whole batches every epoch and extrapolates the throughput per window;
// the line's notes say so and its mse_after_5_epochs is null (the prefix-trained model's MSE is
// in the notes).

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  BATCH, CELLS, CONFIGS, EPOCHS, INFER_BATCH, listOption, loadSeries, log, measureInference,
  median, mse, parseArgs, resultLine, scaleSeries, stamp, trainWindows,
} from './workload.mjs';

const require = createRequire(import.meta.url);
const args = parseArgs(process.argv.slice(2));
const backend = args.backend ?? 'wasm';
if (backend !== 'wasm' && backend !== 'cpu') {
  throw new Error(`--backend: unknown value "${backend}" (expected wasm or cpu)`);
}
const cells = listOption(args.cell, CELLS, 'cell');
const configs = listOption(args.config, Object.keys(CONFIGS), 'config');
const epochBudget = args['epoch-budget'] === undefined ? 30 : Number(args['epoch-budget']);
if (!(epochBudget > 0)) throw new Error(`--epoch-budget: expected a positive number of seconds`);

// TF.js prints an advertisement for tfjs-node on stdout; keep stdout for JSON lines only.
const consoleLog = console.log;
console.log = (...a) => process.stderr.write(a.join(' ') + '\n');
const tf = await import('@tensorflow/tfjs');
let simd = null;
if (backend === 'wasm') {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const distDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  wasm.setWasmPaths(distDir + '/');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
}
if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend "${backend}" failed to start`);
await tf.ready();
console.log = consoleLog;

const engine = backend === 'wasm' ? 'tfjs-wasm' : 'tfjs-cpu';
const env =
  `node ${process.version}, tfjs ${tf.version.tfjs}, backend ${tf.getBackend()}` +
  (backend === 'wasm' ? `, simd ${simd}, 1 thread` : '');
if (backend === 'wasm' && !simd) throw new Error('the wasm backend did not enable SIMD');

const scaled = scaleSeries(loadSeries()).scaled;
const now = () => stamp().wall * 1000;

/** The workload's model for one cell and configuration, seeded. */
function buildModel(cell, { window, hidden, layers }, seed) {
  const model = tf.sequential();
  for (let l = 0; l < layers; l++) {
    const common = {
      units: hidden,
      returnSequences: l < layers - 1,
      activation: 'tanh',
      recurrentActivation: 'sigmoid',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 10 * l }),
      recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 10 * l + 1 }),
      biasInitializer: 'zeros',
      ...(l === 0 ? { inputShape: [window, 1] } : {}),
    };
    model.add(cell === 'lstm' ? tf.layers.lstm({ ...common, unitForgetBias: true }) : tf.layers.gru(common));
  }
  model.add(tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 99 }) }));
  model.compile({ optimizer: tf.train.adam(0.01, 0.9, 0.999, 1e-7), loss: 'meanSquaredError' });
  return model;
}

/**
 * Seconds per training batch of 32, measured on a throw-away model: the first batch (which
 * includes the JIT) when even that fits the budget, else the second one.
 */
async function probeBatchSeconds(cell, cfg, xs, ys, nBatches) {
  const model = buildModel(cell, cfg, 7);
  const xb = xs.slice([0, 0, 0], [BATCH, cfg.window, 1]);
  const yb = ys.slice([0, 0], [BATCH, 1]);
  let t0 = now();
  await model.trainOnBatch(xb, yb);
  let s = (now() - t0) / 1000;
  if (s * nBatches > epochBudget) {
    t0 = now();
    await model.trainOnBatch(xb, yb);
    s = (now() - t0) / 1000;
  }
  tf.dispose([xb, yb]);
  model.dispose();
  return s;
}

async function runOne(cell, configName) {
  const cfg = CONFIGS[configName];
  const { x, y, n } = trainWindows(scaled, cfg.window);
  const xs = tf.tensor3d(x, [n, cfg.window, 1]);
  const ys = tf.tensor2d(y, [n, 1]);
  const nBatches = Math.ceil(n / BATCH);

  let prefixBatches = nBatches;
  const batchS = await probeBatchSeconds(cell, cfg, xs, ys, nBatches);
  if (batchS * nBatches > epochBudget) {
    prefixBatches = Math.max(1, Math.min(nBatches, Math.floor(epochBudget / batchS)));
  }
  const prefix = prefixBatches < nBatches;
  const nUsed = prefix ? prefixBatches * BATCH : n;
  const xTrain = prefix ? xs.slice([0, 0, 0], [nUsed, cfg.window, 1]) : xs;
  const yTrain = prefix ? ys.slice([0, 0], [nUsed, 1]) : ys;
  log(`${engine} ${cell} ${configName}: ~${batchS.toFixed(3)} s/batch, training on ` +
      (prefix ? `a prefix of ${prefixBatches}/${nBatches} batches` : `all ${nBatches} batches`));

  const model = buildModel(cell, cfg, 42);
  const epochTimes = [];
  const epochCpu = [];
  let t0 = null;
  await model.fit(xTrain, yTrain, {
    batchSize: BATCH,
    epochs: EPOCHS,
    shuffle: false,
    verbose: 0,
    callbacks: {
      onEpochBegin: async () => { t0 = stamp(); },
      onEpochEnd: async (epoch, logs) => {
        const t1 = stamp();
        const s = t1.wall - t0.wall;
        epochTimes.push(s);
        epochCpu.push(t1.cpu - t0.cpu);
        log(`${engine} ${cell} ${configName}: epoch ${epoch + 1} ${s.toFixed(3)} s, loss ${logs.loss.toExponential(4)}`);
      },
    },
  });
  const timed = epochTimes.slice(1);
  const timedSum = timed.reduce((a, b) => a + b, 0);
  const trainRate = (nUsed * timed.length) / timedSum;
  const trainCpuRate = (nUsed * timed.length) / epochCpu.slice(1).reduce((a, b) => a + b, 0);

  const predAll = model.predict(xs, { batchSize: INFER_BATCH });
  const mseAll = mse(await predAll.data(), y);
  predAll.dispose();

  const xInfer = xs.slice([0, 0, 0], [INFER_BATCH, cfg.window, 1]);
  const infer = await measureInference(async () => {
    const out = model.predict(xInfer);
    await out.data();
    out.dispose();
  });

  tf.dispose([xInfer, xs, ys]);
  if (prefix) tf.dispose([xTrain, yTrain]);
  model.dispose();

  const notes = [];
  if (cell === 'gru') notes.push('TF.js GRU is the reset-before variant (no reset_after)');
  if (prefix) {
    notes.push(`trained on a prefix of ${prefixBatches} of ${nBatches} batches per epoch ` +
      `(${nUsed} of ${n} windows); train throughput and epoch_s extrapolated per window; ` +
      `MSE over all train windows after 5 prefix epochs = ${mseAll.toPrecision(4)} (not comparable, so mse_after_5_epochs is null)`);
  }
  return {
    engine, env, cell, config: configName,
    train_samples_per_s: trainRate,
    infer_samples_per_s: infer.perWall,
    train_samples_per_cpu_s: trainCpuRate,
    infer_samples_per_cpu_s: infer.perCpu,
    epoch_s: median(timed) * (n / nUsed),
    warmup_epoch_s: epochTimes[0] * (n / nUsed),
    mse_after_5_epochs: prefix ? null : mseAll,
    notes: notes.join('; '),
  };
}

for (const configName of configs) {
  for (const cell of cells) {
    const r = await runOne(cell, configName);
    process.stdout.write(resultLine(r) + '\n');
  }
}
