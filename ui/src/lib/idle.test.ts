import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushAll, flushBeforeLock, IdleWatch } from "./idle";

describe("IdleWatch", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("fires after the idle time and not before; activity starts the count again", () => {
    const onIdle = vi.fn();
    const touch = vi.fn();
    const w = new IdleWatch(10 * 60_000, onIdle, touch, 20_000, () => Date.now());
    w.start();
    vi.advanceTimersByTime(9 * 60_000);
    w.activity();
    vi.advanceTimersByTime(9 * 60_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("tells the core at most once per interval, and nothing after stopping", () => {
    const touch = vi.fn();
    const onIdle = vi.fn();
    const w = new IdleWatch(60_000, onIdle, touch, 20_000, () => Date.now());
    w.start();
    for (let i = 0; i < 50; i++) {
      w.activity();
      vi.advanceTimersByTime(100);
    }
    expect(touch).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(20_000);
    w.activity();
    expect(touch).toHaveBeenCalledTimes(2);
    w.stop();
    w.activity();
    vi.advanceTimersByTime(120_000);
    expect(onIdle).not.toHaveBeenCalled();
    expect(touch).toHaveBeenCalledTimes(2);
  });
});

describe("flush before lock", () => {
  it("waits for registered work, and not for removed work", async () => {
    const done: string[] = [];
    const remove = flushBeforeLock(async () => {
      await Promise.resolve();
      done.push("visit");
    });
    const gone = flushBeforeLock(async () => {
      done.push("removed");
    });
    gone();
    await flushAll();
    expect(done).toEqual(["visit"]);
    remove();
    await flushAll();
    expect(done).toEqual(["visit"]);
  });
});
