// The text benchmark (`npm run bench -- --task text`) on TensorFlow.js, for any `tf` namespace and
// any clock: TF.js's own lstm-text-generation example model and data layout.
//
// Data: the Sonnets (data/corpora/shakespeare-sonnets.txt); the character set is every distinct
// character of the text in code-point order (V = 62); example i is the 40-character window starting
// at 3·i, one-hot [40, V], and its target the next character, one-hot [V] (the example's
// `sampleLen` 40 and `sampleStep` 3). Examples are taken in text order, not shuffled.
// Model: tf.layers.lstm(128) on the 40 steps → dense(V, softmax) on the last step; categorical
// cross-entropy; RMSprop(0.01); batch 128 (the example's defaults). Gates use the standard sigmoid
// (TF.js's default is the hard sigmoid), as our cells and PyTorch do, like the series peer.
// Initialisers are seeded: glorot-uniform kernels, orthogonal recurrent kernel, zero biases.
//
// Protocol: one model.fit over 1 + `batches` batches; the first (JIT, warm-up) is not timed, the
// other `batches` are timed batch by batch (onBatchBegin / onBatchEnd). Then `loss_after_N` is the
// mean cross-entropy (nats) over the last 512 windows of the text after those 1 + N updates.

/** The configuration name of the text benchmark. */
export const TEXT_CONFIG = 'charlm-h128-t40-b128';
/** Characters per example window. */
export const SAMPLE_LEN = 40;
/** Characters between the starts of consecutive windows. */
export const SAMPLE_STEP = 3;
/** Hidden units of the LSTM. */
export const HIDDEN = 128;
/** Examples per batch. */
export const TEXT_BATCH = 128;
/** Windows at the end of the text on which `loss_after_N` is measured. */
export const EVAL_EXAMPLES = 512;

/**
 * Character ids of `text` over its sorted character set.
 * @param {string} text
 * @returns {{chars: string[], ids: Int32Array}}
 */
export function charIds(text) {
  const symbols = Array.from(text);
  const chars = [...new Set(symbols)].sort((a, b) => a.codePointAt(0) - b.codePointAt(0));
  const index = new Map(chars.map((c, i) => [c, i]));
  return { chars, ids: Int32Array.from(symbols, (c) => /** @type {number} */ (index.get(c))) };
}

/**
 * Windows `first .. first + count` (window i starts at SAMPLE_STEP·i): inputs [count, SAMPLE_LEN]
 * and next-character targets [count].
 * @param {Int32Array} ids
 * @param {number} first
 * @param {number} count
 */
export function windows(ids, first, count) {
  const x = new Int32Array(count * SAMPLE_LEN);
  const y = new Int32Array(count);
  for (let k = 0; k < count; k++) {
    const s = (first + k) * SAMPLE_STEP;
    x.set(ids.subarray(s, s + SAMPLE_LEN), k * SAMPLE_LEN);
    y[k] = ids[s + SAMPLE_LEN];
  }
  return { x, y };
}

/** How many windows (with their target) the text holds. */
export function windowCount(ids) {
  return Math.floor((ids.length - SAMPLE_LEN - 1) / SAMPLE_STEP) + 1;
}

/** The example's model, seeded. */
export function buildTextModel(tf, vocab, seed) {
  const model = tf.sequential();
  model.add(tf.layers.lstm({
    units: HIDDEN,
    inputShape: [SAMPLE_LEN, vocab],
    activation: 'tanh',
    recurrentActivation: 'sigmoid',
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 1 }),
    biasInitializer: 'zeros',
  }));
  model.add(tf.layers.dense({
    units: vocab,
    activation: 'softmax',
    kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }),
  }));
  model.compile({ optimizer: tf.train.rmsprop(0.01), loss: 'categoricalCrossentropy' });
  return model;
}

/**
 * Runs the protocol on `text` with `batches` timed batches. `opts`: `engine`, `env`,
 * `stamp()` → `{wall, cpu}` seconds, `log(msg)`. Returns the fields of a result line.
 */
export async function runTfjsText(tf, text, batches, { engine, env, stamp, log }) {
  const { chars, ids } = charIds(text);
  const vocab = chars.length;
  const total = windowCount(ids);
  const nTrain = (batches + 1) * TEXT_BATCH;
  if (nTrain + EVAL_EXAMPLES > total) {
    throw new Error(`${batches} batches of ${TEXT_BATCH} and ${EVAL_EXAMPLES} evaluation windows need ` +
      `${nTrain + EVAL_EXAMPLES} windows; the text has ${total}`);
  }
  const oneHot = ({ x, y }, n) => [
    tf.tidy(() => tf.oneHot(tf.tensor2d(x, [n, SAMPLE_LEN], 'int32'), vocab).toFloat()),
    tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), vocab).toFloat()),
  ];
  const [xs, ys] = oneHot(windows(ids, 0, nTrain), nTrain);
  const [xe, ye] = oneHot(windows(ids, total - EVAL_EXAMPLES, EVAL_EXAMPLES), EVAL_EXAMPLES);

  const model = buildTextModel(tf, vocab, 42);
  const wall = [];
  const cpu = [];
  let t0 = stamp();
  await model.fit(xs, ys, {
    batchSize: TEXT_BATCH,
    epochs: 1,
    shuffle: false,
    verbose: 0,
    callbacks: {
      onBatchBegin: async () => { t0 = stamp(); },
      onBatchEnd: async (batch, logs) => {
        const t1 = stamp();
        wall.push(t1.wall - t0.wall);
        cpu.push(t1.cpu - t0.cpu);
        if (batch % 5 === 0) log(`${engine} text: batch ${batch + 1}/${batches + 1} ${(t1.wall - t0.wall).toFixed(3)} s, loss ${logs?.loss?.toFixed(4)}`);
      },
    },
  });
  const sum = (a) => a.reduce((p, q) => p + q, 0);
  const timedWall = sum(wall.slice(1));
  const timedCpu = sum(cpu.slice(1));
  const evalLoss = /** @type {any} */ (model.evaluate(xe, ye, { batchSize: EVAL_EXAMPLES }));
  const loss = (await evalLoss.data())[0];
  tf.dispose([xs, ys, xe, ye, evalLoss]);
  model.dispose();

  const examplesPerS = (batches * TEXT_BATCH) / timedWall;
  return {
    engine, env, task: 'text', config: TEXT_CONFIG,
    vocab_size: vocab,
    batches,
    train_examples_per_s: examplesPerS,
    train_chars_per_s: examplesPerS * SAMPLE_LEN,
    train_examples_per_cpu_s: (batches * TEXT_BATCH) / timedCpu,
    warmup_batch_s: wall[0],
    loss_after_N: loss,
    notes: `${batches} timed batches after 1 warm-up batch; chars/s = examples/s × ${SAMPLE_LEN} input characters ` +
      `(one predicted character per example); loss_after_N = mean cross-entropy (nats) on the last ` +
      `${EVAL_EXAMPLES} windows after ${batches + 1} updates; sigmoid gates (TF.js default: hard sigmoid)`,
  };
}
