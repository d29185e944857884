// The standard workload on TensorFlow.js, for any `tf` namespace (Node import or the browser's
// UMD bundle) and any clock. bench/tfjs.mjs runs it in Node, bench/worker-tfjs.js in a browser
// worker.
//
// Model: tf.layers.lstm / tf.layers.gru (sigmoid gates and tanh candidate: the standard cells,
// not TF.js's default hard sigmoid) → dense(1) on the last step; Keras Adam (lr 0.01, ε 1e-7);
// MSE; batch 32 in order, no shuffling; glorot-uniform kernels, orthogonal recurrent kernels, zero
// biases (LSTM forget bias 1), all seeded. Epochs are timed by onEpochBegin/onEpochEnd of one
// model.fit call, the way an application sees them.
//
// When a full epoch is estimated to take longer than `epochBudget` seconds, the run trains on a
// prefix of whole batches every epoch and extrapolates the throughput per window; the result's
// notes say so and its mse_after_5_epochs is null (the prefix-trained model's MSE is in the notes).

import { BATCH, CONFIGS, EPOCHS, INFER_BATCH, measureInference, median, mse, trainWindows } from './workload-core.js';

/** The workload's model for one cell and configuration, seeded. */
export function buildModel(tf, cell, { window, hidden, layers }, seed) {
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
async function probeBatchSeconds(tf, cell, cfg, xs, ys, nBatches, epochBudget, stamp) {
  const model = buildModel(tf, cell, cfg, 7);
  const xb = xs.slice([0, 0, 0], [BATCH, cfg.window, 1]);
  const yb = ys.slice([0, 0], [BATCH, 1]);
  let t0 = stamp().wall;
  await model.trainOnBatch(xb, yb);
  let s = stamp().wall - t0;
  if (s * nBatches > epochBudget) {
    t0 = stamp().wall;
    await model.trainOnBatch(xb, yb);
    s = stamp().wall - t0;
  }
  tf.dispose([xb, yb]);
  model.dispose();
  return s;
}

/**
 * Runs the protocol for one cell and configuration on the scaled series. `opts`: `engine`,
 * `env`, `epochBudget` (seconds), `stamp()` → `{wall, cpu}` seconds, `log(msg)`.
 * Returns the fields of a result line.
 */
export async function runTfjs(tf, scaled, cell, configName, { engine, env, epochBudget, stamp, log }) {
  const cfg = CONFIGS[configName];
  const { x, y, n } = trainWindows(scaled, cfg.window);
  const xs = tf.tensor3d(x, [n, cfg.window, 1]);
  const ys = tf.tensor2d(y, [n, 1]);
  const nBatches = Math.ceil(n / BATCH);

  let prefixBatches = nBatches;
  const batchS = await probeBatchSeconds(tf, cell, cfg, xs, ys, nBatches, epochBudget, stamp);
  if (batchS * nBatches > epochBudget) {
    prefixBatches = Math.max(1, Math.min(nBatches, Math.floor(epochBudget / batchS)));
  }
  const prefix = prefixBatches < nBatches;
  const nUsed = prefix ? prefixBatches * BATCH : n;
  const xTrain = prefix ? xs.slice([0, 0, 0], [nUsed, cfg.window, 1]) : xs;
  const yTrain = prefix ? ys.slice([0, 0], [nUsed, 1]) : ys;
  log(`${engine} ${cell} ${configName}: ~${batchS.toFixed(3)} s/batch, training on ` +
      (prefix ? `a prefix of ${prefixBatches}/${nBatches} batches` : `all ${nBatches} batches`));

  const model = buildModel(tf, cell, cfg, 42);
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
        epochTimes.push(t1.wall - t0.wall);
        epochCpu.push(t1.cpu - t0.cpu);
        log(`${engine} ${cell} ${configName}: epoch ${epoch + 1} ${(t1.wall - t0.wall).toFixed(3)} s, loss ${logs.loss.toExponential(4)}`);
      },
    },
  });
  const timed = epochTimes.slice(1);
  const sum = (a) => a.reduce((p, q) => p + q, 0);
  const trainRate = (nUsed * timed.length) / sum(timed);
  const trainCpuRate = (nUsed * timed.length) / sum(epochCpu.slice(1));

  const predAll = model.predict(xs, { batchSize: INFER_BATCH });
  const mseAll = mse(await predAll.data(), y);
  predAll.dispose();

  const xInfer = xs.slice([0, 0, 0], [INFER_BATCH, cfg.window, 1]);
  const infer = await measureInference(async () => {
    const out = model.predict(xInfer);
    await out.data();
    out.dispose();
  }, stamp);

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
    epoch_s: median(timed) * (n / nUsed),
    warmup_epoch_s: epochTimes[0] * (n / nUsed),
    mse_after_5_epochs: prefix ? null : mseAll,
    train_samples_per_cpu_s: trainCpuRate,
    infer_samples_per_cpu_s: infer.perCpu,
    notes: notes.join('; '),
  };
}
