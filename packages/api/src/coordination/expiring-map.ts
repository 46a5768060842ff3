/**
 * A map whose entries lapse at their own time. Lapsed entries read as absent at once and are
 * removed in a sweep at most once per `sweepEveryMs`, on a write, so a long-running single
 * instance keeps only what is live (one claim per titled conversation and one rate window per
 * user would otherwise pile up for the life of the process).
 */
export class ExpiringMap<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private nextSweepAt = 0;

  constructor(private readonly sweepEveryMs = 60_000) {}

  get(key: string, now: number): V | undefined {
    const entry = this.entries.get(key);
    return entry && entry.expiresAt > now ? entry.value : undefined;
  }

  set(key: string, value: V, expiresAt: number, now: number): void {
    if (now >= this.nextSweepAt) this.sweep(now);
    this.entries.set(key, { value, expiresAt });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
  get size(): number {
    return this.entries.size;
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    this.nextSweepAt = now + this.sweepEveryMs;
  }
}
