// Spike detection for the emerging-issue detector (苗头性、倾向性问题). Pure.
//
// A topic's series is its count per day: `days[0..N-1]` the N baseline days, oldest first, then
// `days[N]`, the day under test. The topic is flagged when
//
//     count ≥ MIN_COUNT                       (a handful of cases is never a trend)
//     count ≥ mean + K · σ                    (well above its own recent past)
//
// where mean is the baseline days' mean and σ = max(stddev, √max(mean, 1)): the baseline's
// sample standard deviation, floored at the Poisson standard deviation of its mean (and at 1),
// so that a quiet or perfectly flat history does not make any small rise look infinite.
// score = (count − mean) / σ, the number of σ above the mean; topics are ranked by it.
// Defaults: N = 28 days, K = 3, MIN_COUNT = 5 (docs/decisions/011-emerging-issues.md).

export const BASELINE_DAYS = 28;
export const SPIKE_K = 3;
export const MIN_COUNT = 5;

export interface SpikeOptions {
  k?: number;
  minCount?: number;
}

export interface SpikeResult {
  count: number;
  /** Mean of the baseline days. */
  baseline: number;
  /** The σ used (after the floor). */
  sigma: number;
  /** (count − baseline) / sigma. */
  score: number;
  flagged: boolean;
}

/** Tests the last value of `series` against the values before it. */
export function testSpike(series: readonly number[], opts: SpikeOptions = {}): SpikeResult {
  const k = opts.k ?? SPIKE_K;
  const minCount = opts.minCount ?? MIN_COUNT;
  const count = series.at(-1) ?? 0;
  const base = series.slice(0, -1);
  const n = base.length;
  const mean = n ? base.reduce((a, b) => a + b, 0) / n : 0;
  const variance = n > 1 ? base.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : 0;
  const sigma = Math.max(Math.sqrt(variance), Math.sqrt(Math.max(mean, 1)));
  const score = (count - mean) / sigma;
  return { count, baseline: mean, sigma, score, flagged: count >= minCount && count >= mean + k * sigma };
}

export interface Spike<K extends string = string> extends SpikeResult {
  key: K;
  series: number[];
}

/** Every flagged key of a family of series, highest score first (ties: higher count, then key). */
export function detectSpikes<K extends string>(series: ReadonlyMap<K, readonly number[]>, opts: SpikeOptions = {}): Spike<K>[] {
  const out: Spike<K>[] = [];
  for (const [key, s] of series) {
    const r = testSpike(s, opts);
    if (r.flagged) out.push({ key, series: [...s], ...r });
  }
  return out.sort((a, b) => b.score - a.score || b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
