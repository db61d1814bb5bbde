// The agenda's choices, kept out of the components so they can be tested: which tasks a filter
// shows, how a month lays out on a Monday-first grid, and which tasks a visit answers.
import type {
  CalendarDay_Serialize as CalendarDay,
  GuaranteeSummary_Serialize as GuaranteeSummary,
  Product,
  RiskTier,
  TaskKind,
  TaskView_Serialize as TaskView,
  VisitKind,
} from "./bindings";
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

export type TaskFilter = {
  officer: string | "all";
  tier: RiskTier | "all";
  product: Product | "all";
  bank: string | "all";
  /** overdue; due today; this week (overdue, today and the next 7 days); all. */
  scope: "overdue" | "today" | "week" | "all";
  /** One day of the calendar, picked. */
  day: string | null;
};

/** The tasks the filter keeps, in the core's order (overdue first). */
export function filterTasks(
  tasks: TaskView[],
  byId: Map<number, GuaranteeSummary>,
  f: TaskFilter,
  asOf: string,
): TaskView[] {
  const scoped =
    f.scope === "week"
      ? pressing(tasks, asOf)
      : f.scope === "overdue"
        ? tasks.filter((t) => t.state === "overdue")
        : f.scope === "today"
          ? tasks.filter((t) => t.state === "due_today")
          : tasks;
  return scoped.filter((t) => {
    if (f.day !== null && t.due !== f.day) return false;
    const g = t.guarantee_id !== null ? byId.get(t.guarantee_id) : undefined;
    if (f.officer !== "all") {
      const names = g ? [g.officer_a, g.officer_b] : [t.officer];
      if (!names.includes(f.officer)) return false;
    }
    if (f.tier !== "all" && g?.risk_tier !== f.tier) return false;
    if (f.product !== "all" && g?.product !== f.product) return false;
    if (f.bank !== "all" && g?.lending_bank !== f.bank) return false;
    return true;
  });
}

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
      return "emergency";
    default:
      return null;
  }
}
