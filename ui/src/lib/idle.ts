// Locking when the officer walks away: the window counts idle time from the last key press,
// click, scroll or pointer move, and tells the core that the officer is still there (at most
// every `touchEvery` ms, so typing does not flood the IPC). The core locks by itself a minute
// after the policy's time as well, should the window stop counting.

export const ACTIVITY_EVENTS = ["keydown", "pointerdown", "pointermove", "wheel", "touchstart"] as const;

export class IdleWatch {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastTouch = -Infinity;

  constructor(
    private readonly idleMs: number,
    private readonly onIdle: () => void,
    private readonly touch: () => void,
    private readonly touchEvery = 20_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts counting from now. */
  start(): void {
    this.arm();
  }

  /** The officer did something: count again, and tell the core if it has not heard lately. */
  activity(): void {
    if (this.timer === null) return;
    this.arm();
    const t = this.now();
    if (t - this.lastTouch >= this.touchEvery) {
      this.lastTouch = t;
      this.touch();
    }
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.onIdle();
    }, this.idleMs);
  }
}

/** Work to finish before the database locks (an open visit's unsaved fields). */
const beforeLock = new Set<() => Promise<void>>();

/** Registers `flush` to run before locking; returns the function that removes it. */
export function flushBeforeLock(flush: () => Promise<void>): () => void {
  beforeLock.add(flush);
  return () => beforeLock.delete(flush);
}

/** Runs every registered flush, waiting at most `limitMs` for them. */
export async function flushAll(limitMs = 5_000): Promise<void> {
  const all = Promise.all([...beforeLock].map((f) => f().catch(() => undefined)));
  await Promise.race([all, new Promise((r) => setTimeout(r, limitMs))]);
}
