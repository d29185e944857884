// Repeated rounds of the benchmark folded into one line per (engine, cell, config): each rate is
// the median over the rounds, so a burst of other work on a shared machine moves one round rather
// than the figure. `run.mjs --rounds N` runs the engines round-robin N times and prints these.

/** The rates of a result line that are folded to their median. */
export const RATES = [
  'train_samples_per_s',
  'infer_samples_per_s',
  'train_samples_per_cpu_s',
  'infer_samples_per_cpu_s',
  'epoch_s',
  'warmup_epoch_s',
];

/** Median of the finite numbers in `values` (mean of the middle two for an even count), or null. */
export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/**
 * Folds the result lines of several rounds: lines with the same `keyOf(line)` become one, in order
 * of first appearance, with each of RATES the median over its rounds, `rounds` the count, and
 * `notes` extended by the range of training throughput (and a warning when the rounds' final MSE
 * differ, which for these deterministic engines would mean a bug).
 */
export function foldRounds(lines, keyOf) {
  const groups = new Map();
  for (const line of lines) {
    const key = keyOf(line);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(line);
  }
  return [...groups.values()].map((group) => {
    const folded = { ...group[0], rounds: group.length };
    for (const rate of RATES) {
      if (rate in group[0]) folded[rate] = median(group.map((l) => l[rate]));
    }
    const train = group.map((l) => l.train_samples_per_s).filter(Number.isFinite);
    const notes = [group[0].notes, group.length === 1 ? '1 round' : `median of ${group.length} rounds`];
    if (train.length > 1) {
      const digits = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
      notes[1] += ` (train windows/s ${digits(Math.min(...train))}–${digits(Math.max(...train))})`;
    }
    const mses = new Set(group.map((l) => l.mse_after_5_epochs));
    if (mses.size > 1) notes.push(`MSE after 5 epochs differs between rounds: ${[...mses].join(', ')}`);
    folded.notes = notes.filter(Boolean).join('; ');
    return folded;
  });
}
