// When the watcher looks: once a burst of events has gone quiet (a firewall reload is hundreds of events over
// several transactions), at the latest `maxDelayMs` after its first event, never two looks at once, and after a
// failed look not before a back-off that doubles with each failure in a row.
export type DebounceTiming = { quietMs: number; maxDelayMs: number; backoffFirstMs: number; backoffMaxMs: number };

export class Debounce {
  private timer?: NodeJS.Timeout;
  private burstStart?: number;
  private running?: Promise<void>;
  private pokedWhileRunning = false;
  private failures = 0;
  private notBefore = 0;
  private stopped = false;

  /** `look` answers whether it succeeded; a failure is retried after the back-off even if nothing else happens. */
  constructor(
    private readonly look: () => Promise<boolean>,
    private readonly timing: DebounceTiming,
  ) {}

  /** Something changed: look again soon (`now`: without waiting for quiet, as at start or on the periodic check). */
  poke(now = false): void {
    if (this.stopped) return;
    if (this.running) {
      this.pokedWhileRunning = true;
      return;
    }
    const at = Date.now();
    this.burstStart ??= at;
    const due = now ? at : Math.min(at + this.timing.quietMs, this.burstStart + this.timing.maxDelayMs);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), Math.max(due, this.notBefore) - at);
  }

  /** No more looks; waits for one under way to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private fire(): void {
    this.timer = undefined;
    this.burstStart = undefined;
    this.running = this.look().then((ok) => {
      this.failures = ok ? 0 : this.failures + 1;
      this.notBefore = ok ? 0 : Date.now() + backoffMs(this.failures, this.timing.backoffFirstMs, this.timing.backoffMaxMs);
      this.running = undefined;
      if (this.pokedWhileRunning || !ok) {
        this.pokedWhileRunning = false;
        this.poke();
      }
    });
  }
}

/** The wait after `failures` failures in a row: `firstMs`, doubling with each further one, at most `maxMs`. */
export const backoffMs = (failures: number, firstMs: number, maxMs: number) => Math.min(firstMs * 2 ** (failures - 1), maxMs);
