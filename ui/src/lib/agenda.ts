// Which tasks the portfolio screen puts in front of the officer: what is late, what is due
// today, and what falls due in the coming days; the rest waits in the full list.
import type { TaskView } from "./bindings";
import { daysBetween } from "./format";

/** Overdue and due-today tasks, then those due within `days` of `asOf`; in the core's order. */
export function pressing(tasks: TaskView[], asOf: string, days = 7): TaskView[] {
  return tasks.filter(
    (t) =>
      t.state === "overdue" ||
      t.state === "due_today" ||
      (t.state === "upcoming" && daysBetween(asOf, t.due) <= days),
  );
}
