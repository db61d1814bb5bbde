// Every field of a visit saves as it is typed. One save per field is in flight at a time; what is
// typed meanwhile replaces the waiting value (only the newest matters), so a burst of keystrokes
// becomes at most two writes and the last keystroke is always the one stored. Fields save
// independently of each other. A failed save keeps the value waiting and reports the error; the
// next keystroke or `retry()` sends it again.

export type SaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; at: Date }
  | { kind: "failed"; message: string };

/** Answers to saves of different fields can come back out of order (each is its own request):
 *  takes an answer only when its revision is higher than every one taken before. */
export class NewestAnswer {
  private taken = 0;

  take(revision: number): boolean {
    if (revision <= this.taken) return false;
    this.taken = revision;
    return true;
  }
}

export class Autosaver<E, R> {
  private waiting = new Map<string, E>();
  private inFlight = new Set<string>();
  private failed = new Map<string, E>();
  private idle: (() => void)[] = [];

  constructor(
    private readonly send: (edit: E) => Promise<{ ok: true; value: R } | { ok: false; message: string }>,
    private readonly onSaved: (value: R, key: string) => void,
    private readonly onState: (state: SaveState) => void,
  ) {}

  /** Queues `edit` as the newest value of `key` and sends it as soon as the field is free. */
  save(key: string, edit: E): void {
    this.failed.delete(key);
    this.waiting.set(key, edit);
    if (!this.inFlight.has(key)) void this.pump(key);
  }

  /** Sends again every edit whose save failed. */
  retry(): void {
    for (const [key, edit] of this.failed) this.save(key, edit);
  }

  /** Whether anything is waiting, in flight or failed. */
  get pending(): boolean {
    return this.waiting.size > 0 || this.inFlight.size > 0 || this.failed.size > 0;
  }

  /** Resolves when nothing is waiting or in flight (failed edits stay failed). */
  flush(): Promise<void> {
    if (this.waiting.size === 0 && this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private async pump(key: string): Promise<void> {
    this.inFlight.add(key);
    this.onState({ kind: "saving" });
    let edit = this.waiting.get(key);
    while (edit !== undefined) {
      this.waiting.delete(key);
      let result: { ok: true; value: R } | { ok: false; message: string };
      try {
        result = await this.send(edit);
      } catch (e) {
        result = { ok: false, message: String(e) };
      }
      if (result.ok) {
        this.onSaved(result.value, key);
      } else if (!this.waiting.has(key)) {
        // Keep it for a retry unless something newer for the field is already waiting.
        this.failed.set(key, edit);
      }
      if (!result.ok) this.onState({ kind: "failed", message: result.message });
      edit = this.waiting.get(key);
    }
    this.inFlight.delete(key);
    if (this.waiting.size === 0 && this.inFlight.size === 0) {
      if (this.failed.size === 0) this.onState({ kind: "saved", at: new Date() });
      for (const resolve of this.idle.splice(0)) resolve();
    }
  }
}
