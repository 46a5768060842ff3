/**
 * Batches text deltas into frames. Measured here: one WebSocket message per token reaches only
 * about a third of a bare socket's token rate, while one message per ~16 ms frame reaches
 * several times it. The first delta after a quiet spell goes out at once, so coalescing never
 * delays the first token a reader sees; the others go with the next frame.
 *
 * A quiet spell is a few frames without a delta, not one: a thousand replies streaming at once
 * each get a token every 16–30 ms, and with "one frame since the last flush" as the test nearly
 * every token counted as the first after a quiet spell and went out alone (pnpm bench streaming).
 */
export function createDeltaCoalescer(publish: (text: string) => void, windowMs = 16) {
  const coalescer = new DeltaCoalescer(publish, windowMs, frameClock(windowMs));
  return {
    push: (text: string) => coalescer.push(text),
    /** Sends whatever is pending now (before `done`, or on stop). */
    flush: () => coalescer.flush(),
  };
}

/** Frames without a delta that make a quiet spell. */
const QUIET_FRAMES = 4;

class DeltaCoalescer {
  private pending = "";
  private lastPushAt = Number.NEGATIVE_INFINITY;
  private queued = false;

  constructor(
    private readonly publish: (text: string) => void,
    private readonly windowMs: number,
    private readonly clock: FrameClock,
  ) {}

  push(text: string): void {
    this.pending += text;
    const now = performance.now();
    const quiet = now - this.lastPushAt >= QUIET_FRAMES * this.windowMs;
    this.lastPushAt = now;
    if (this.queued) return;
    if (quiet) return this.flush();
    this.queued = true;
    this.clock.add(this);
  }

  flush(): void {
    if (this.queued) this.clock.remove(this);
    this.queued = false;
    if (!this.pending) return;
    const text = this.pending;
    this.pending = "";
    this.publish(text);
  }
}

/** Frames grow with load up to this bound, so a delta never waits longer than it. */
export const MAX_FRAME_MS = 50;
/** Replies with text waiting per tick at which the frame starts to grow past its base length. */
const REPLIES_PER_BASE_FRAME = 250;

/**
 * One timer per frame length for every reply being written, instead of one timer per reply and
 * frame: with a thousand replies streaming, arming and firing a thousand timers every 16 ms was
 * a share of the relay's CPU of its own. Runs only while some coalescer has text waiting.
 *
 * The frame grows with the replies it flushes (within MAX_FRAME_MS): at a model's pace (40
 * tokens/s) nearly every 16 ms frame carries one token, so each token paid for a whole event
 * (a bus publish, a WebSocket message); with a thousand replies at once, longer frames carry
 * two or three tokens per event (pnpm bench paced).
 */
class FrameClock {
  private readonly waiting = new Set<DeltaCoalescer>();
  private timer: NodeJS.Timeout | null = null;
  private frameMs: number;

  constructor(private readonly windowMs: number) {
    this.frameMs = windowMs;
  }

  add(coalescer: DeltaCoalescer): void {
    this.waiting.add(coalescer);
    this.timer ??= setTimeout(() => this.tick(), this.frameMs);
  }

  remove(coalescer: DeltaCoalescer): void {
    this.waiting.delete(coalescer);
  }

  private tick(): void {
    const flushed = this.waiting.size;
    for (const coalescer of this.waiting) coalescer.flush();
    this.frameMs = Math.min(Math.max(MAX_FRAME_MS, this.windowMs), this.windowMs * Math.max(1, flushed / REPLIES_PER_BASE_FRAME));
    this.timer = this.waiting.size > 0 ? setTimeout(() => this.tick(), this.frameMs) : null;
  }
}

const clocks = new Map<number, FrameClock>();

function frameClock(windowMs: number): FrameClock {
  let clock = clocks.get(windowMs);
  if (!clock) {
    clock = new FrameClock(windowMs);
    clocks.set(windowMs, clock);
  }
  return clock;
}
