// When the watcher looks: once per burst, within the maximum delay, one look at a time, backing off on failure.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Debounce } from "./debounce";

const timing = { quietMs: 200, maxDelayMs: 1000, backoffFirstMs: 1000, backoffMaxMs: 8000 };

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A look that records when it ran, answering with the given results in turn (then true). */
function looker(results: boolean[] = [], takesMs = 0) {
  const times: number[] = [];
  const look = async () => {
    times.push(Date.now());
    if (takesMs) await new Promise((resolve) => setTimeout(resolve, takesMs));
    return results.shift() ?? true;
  };
  return { times, look };
}

describe("Debounce", () => {
  it("looks once for a burst of 50 events, when it has been quiet for quietMs", async () => {
    const { times, look } = looker();
    const debounce = new Debounce(look, timing);
    const start = Date.now();
    for (let i = 0; i < 50; i++) {
      debounce.poke();
      await vi.advanceTimersByTimeAsync(5);
    }
    await vi.advanceTimersByTimeAsync(5000);
    expect(times).toEqual([start + 250 - 5 + 200]);
  });

  it("looks at most maxDelayMs after the first event of a burst that never goes quiet", async () => {
    const { times, look } = looker();
    const debounce = new Debounce(look, timing);
    const start = Date.now();
    for (let i = 0; i < 30; i++) {
      debounce.poke();
      await vi.advanceTimersByTimeAsync(100);
    }
    await debounce.stop();
    expect(times.slice(0, 2)).toEqual([start + 1000, start + 2000]);
  });

  it("looks at once when asked (start, periodic check)", async () => {
    const { times, look } = looker();
    const debounce = new Debounce(look, timing);
    const start = Date.now();
    debounce.poke(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(times).toEqual([start]);
  });

  it("events during a look lead to one more look after it, never two at once", async () => {
    const { times, look } = looker([], 300);
    const debounce = new Debounce(look, timing);
    const start = Date.now();
    debounce.poke(true);
    await vi.advanceTimersByTimeAsync(50);
    for (let i = 0; i < 10; i++) debounce.poke();
    await vi.advanceTimersByTimeAsync(5000);
    expect(times).toEqual([start, start + 300 + 200]);
  });

  it("retries a failed look after a back-off that doubles, up to its maximum, and resets on success", async () => {
    const { times, look } = looker([false, false, false, false, false, true]);
    const debounce = new Debounce(look, timing);
    const start = Date.now();
    debounce.poke(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(times.map((t) => t - start)).toEqual([0, 1000, 3000, 7000, 15000, 23000]);
    const later = Date.now();
    debounce.poke();
    await vi.advanceTimersByTimeAsync(1000);
    expect(times.at(-1)).toBe(later + 200);
  });

  it("an event during the back-off does not shorten it", async () => {
    const { times, look } = looker([false]);
    const debounce = new Debounce(look, timing);
    const start = Date.now();
    debounce.poke(true);
    await vi.advanceTimersByTimeAsync(100);
    debounce.poke();
    await vi.advanceTimersByTimeAsync(5000);
    expect(times.map((t) => t - start)).toEqual([0, 1000]);
  });

  it("stops: no look after stop, and stop waits for the one under way", async () => {
    const { times, look } = looker([], 300);
    const debounce = new Debounce(look, timing);
    debounce.poke(true);
    await vi.advanceTimersByTimeAsync(10);
    let stopped = false;
    void debounce.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(300);
    expect(stopped).toBe(true);
    debounce.poke(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(times).toHaveLength(1);
  });
});
