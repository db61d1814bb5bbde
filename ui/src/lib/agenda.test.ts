import { describe, expect, it } from "vitest";
import type { TaskView } from "./bindings";
import { pressing } from "./agenda";

function task(state: TaskView["state"], due: string): TaskView {
  return {
    guarantee_id: 1,
    contract_no: "WT-1",
    borrower: "甲",
    officer: "张伟",
    kind: "periodic_check",
    kind_label: "定期检查",
    due,
    state,
    state_label: state,
    days_overdue: 0,
    rule: "periodic.every_by_tier.2",
    reason: "…",
  };
}

describe("pressing tasks", () => {
  it("keeps late and today's work and the coming week, drops later and done", () => {
    const tasks = [
      task("overdue", "2026-10-01"),
      task("due_today", "2026-11-23"),
      task("upcoming", "2026-11-30"),
      task("upcoming", "2026-12-01"),
      task("done", "2026-11-20"),
    ];
    expect(pressing(tasks, "2026-11-23").map((t) => t.due)).toEqual([
      "2026-10-01",
      "2026-11-23",
      "2026-11-30",
    ]);
    expect(pressing(tasks, "2026-11-23", 8)).toHaveLength(4);
  });
});
