// Samples and what the bench says about them: nearest-rank percentiles, readable durations, interleaved loops.

export type Samples = number[];

/** Nearest-rank percentile: a value that was really measured, never an interpolation. */
export function percentile(samples: Samples, p: number): number {
  if (samples.length === 0) throw new Error("no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const p50 = (samples: Samples) => percentile(samples, 50);
export const p95 = (samples: Samples) => percentile(samples, 95);

export function duration(ms: number): string {
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 10_000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Runs every step once per round and collects each step's durations. The order flips every round, so a step
 * never always runs right after the same neighbour (caches, a busy core): paired samples, comparable ratios.
 * A first round, numbered -1, warms the page cache and is not kept.
 */
export async function interleave<K extends string>(
  rounds: number,
  steps: Record<K, (round: number) => Promise<number>>,
): Promise<Record<K, Samples>> {
  const names = Object.keys(steps) as K[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<K, Samples>;
  for (let round = -1; round < rounds; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      const ms = await steps[name](round);
      if (round >= 0) samples[name].push(ms);
    }
  }
  return samples;
}

/** Wall time of `rounds` calls, one sample each. */
export async function repeat(rounds: number, fn: () => unknown | Promise<unknown>): Promise<Samples> {
  const samples: Samples = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  return samples;
}
