// The agenda's choices kept out of the components so they can be tested: how a month lays out
// on a Monday-first grid, and which tasks a visit answers. (Which tasks a filter keeps is the
// core's: tasks/filter.rs.)
import type { CalendarDay_Serialize as CalendarDay, TaskKind, VisitKind } from "./bindings";

/** The month's days on a Monday-first grid, with empty cells before the 1st. */
export function monthGrid(days: CalendarDay[]): (CalendarDay | null)[] {
  if (days.length === 0) return [];
  const first = new Date(`${days[0]!.date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  const lead = (first + 6) % 7;
  return [...Array<null>(lead).fill(null), ...days];
}

/** The visit a task is answered by, if a visit answers it. */
export function visitKindOf(kind: TaskKind): VisitKind | null {
  switch (kind) {
    case "first_check":
      return "first";
    case "periodic_check":
      return "periodic";
    case "maturity_check":
      return "maturity";
    case "emergency_check":
    case "signal_check":
      return "emergency";
    default:
      return null;
  }
}
