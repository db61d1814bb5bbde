// The phone dialog's arithmetic (components/PhoneDialog.svelte).
import type { Answer } from "./bindings";

/** Seconds left as m:ss. */
export function countdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

/** How many photos were taken into the visit beyond the `seen` already counted. */
export function newlyTaken(answers: Answer[], seen: number): number {
  return Math.max(0, answers.filter((a) => a.accepted).length - seen);
}
