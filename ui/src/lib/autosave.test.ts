import { describe, expect, it } from "vitest";
import { Autosaver, NewestAnswer, type SaveState } from "./autosave";

/** A backend whose answers the test releases one by one, recording what it was sent. */
function backend(fail: (e: string) => boolean = () => false) {
  const sent: string[] = [];
  const release: (() => void)[] = [];
  const send = (edit: string) =>
    new Promise<{ ok: true; value: string } | { ok: false; message: string }>((resolve) => {
      sent.push(edit);
      release.push(() => resolve(fail(edit) ? { ok: false, message: `磁盘已满：${edit}` } : { ok: true, value: edit }));
    });
  return { sent, release, send };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe("Autosaver", () => {
  it("stores the last keystroke of a burst with at most two writes per field", async () => {
    const b = backend();
    const saved: string[] = [];
    const s = new Autosaver<string, string>(b.send, (v) => saved.push(v), () => {});
    for (const text of ["1", "13", "132", "132."]) s.save("counted", text);
    expect(b.sent).toEqual(["1"]);
    b.release.shift()!();
    await tick();
    expect(b.sent).toEqual(["1", "132."]);
    b.release.shift()!();
    await s.flush();
    expect(saved).toEqual(["1", "132."]);
    expect(s.pending).toBe(false);
  });

  it("saves fields independently", async () => {
    const b = backend();
    const s = new Autosaver<string, string>(b.send, () => {}, () => {});
    s.save("a", "A1");
    s.save("b", "B1");
    expect(b.sent).toEqual(["A1", "B1"]);
    b.release.splice(0).forEach((r) => r());
    await s.flush();
  });

  it("keeps a failed edit and sends it again on retry", async () => {
    let full = true;
    const b = backend(() => full);
    const states: SaveState[] = [];
    const saved: string[] = [];
    const s = new Autosaver<string, string>(b.send, (v) => saved.push(v), (st) => states.push(st));
    s.save("conclusion", "实盘1422吨");
    b.release.shift()!();
    await s.flush();
    expect(states.at(-1)).toEqual({ kind: "failed", message: "磁盘已满：实盘1422吨" });
    expect(s.pending).toBe(true);
    full = false;
    s.retry();
    b.release.shift()!();
    await s.flush();
    expect(saved).toEqual(["实盘1422吨"]);
    expect(states.at(-1)?.kind).toBe("saved");
    expect(s.pending).toBe(false);
  });

  it("a thrown transport error is a failure, not a lost edit", async () => {
    const s = new Autosaver<string, string>(
      () => Promise.reject(new Error("IPC closed")),
      () => {},
      () => {},
    );
    s.save("k", "v");
    await s.flush();
    expect(s.pending).toBe(true);
  });
});

describe("NewestAnswer", () => {
  it("takes answers newer than any taken, and drops one that comes back late", () => {
    const newest = new NewestAnswer();
    expect(newest.take(1)).toBe(true);
    expect(newest.take(3)).toBe(true);
    // The answer to the save sent second, overtaken by the third.
    expect(newest.take(2)).toBe(false);
    expect(newest.take(3)).toBe(false);
    expect(newest.take(4)).toBe(true);
  });
});
