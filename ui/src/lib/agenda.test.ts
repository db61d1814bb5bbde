import { describe, expect, it } from "vitest";
import type { CalendarDay_Serialize as CalendarDay, GuaranteeSummary_Serialize as GuaranteeSummary, TaskView_Serialize as TaskView } from "./bindings";
import { filterTasks, monthGrid, pressing, visitKindOf } from "./agenda";

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

function guarantee(id: number, over: Partial<GuaranteeSummary>): GuaranteeSummary {
  return {
    id,
    contract_no: `WT-${id}`,
    borrower_name: "甲",
    lending_bank: "工商银行湖州分行",
    product: "working_capital_loan",
    amount: "5000000.00",
    start_date: "2026-01-05",
    maturity_date: "2027-01-04",
    risk_tier: 2,
    five_level_class: "normal",
    status: "active",
    officer_a: "张伟",
    officer_b: "李娜",
    counter_guarantee_kinds: [],
    last_on_site_visit: null,
    open_signals: 0,
    ...over,
  };
}

describe("filterTasks", () => {
  const byId = new Map([
    [1, guarantee(1, {})],
    [2, guarantee(2, { risk_tier: 4, officer_a: "王强", officer_b: null, lending_bank: "湖州银行", product: "bank_acceptance_bill" })],
  ]);
  const tasks = [
    { ...task("overdue", "2026-11-20"), guarantee_id: 1 },
    { ...task("upcoming", "2026-11-25"), guarantee_id: 2 },
    { ...task("upcoming", "2027-01-10"), guarantee_id: 2 },
    { ...task("upcoming", "2026-11-30"), guarantee_id: null, officer: "王强", kind: "visit_plan" as const },
  ];
  const all = { officer: "all", tier: "all", product: "all", bank: "all", scope: "all", day: null } as const;
  it("filters by officer (A or B, or the officer of an officer's task), tier, product, bank", () => {
    expect(filterTasks(tasks, byId, { ...all, officer: "李娜" }, "2026-11-23").map((t) => t.due)).toEqual(["2026-11-20"]);
    expect(filterTasks(tasks, byId, { ...all, officer: "王强" }, "2026-11-23")).toHaveLength(3);
    expect(filterTasks(tasks, byId, { ...all, tier: 4 }, "2026-11-23")).toHaveLength(2);
    expect(filterTasks(tasks, byId, { ...all, product: "bank_acceptance_bill" }, "2026-11-23")).toHaveLength(2);
    expect(filterTasks(tasks, byId, { ...all, bank: "湖州银行" }, "2026-11-23")).toHaveLength(2);
  });
  it("scopes to overdue, this week, or one day", () => {
    expect(filterTasks(tasks, byId, { ...all, scope: "overdue" }, "2026-11-23")).toHaveLength(1);
    expect(filterTasks(tasks, byId, { ...all, scope: "week" }, "2026-11-23")).toHaveLength(3);
    expect(filterTasks(tasks, byId, { ...all, day: "2027-01-10" }, "2026-11-23")).toHaveLength(1);
  });
});

describe("monthGrid", () => {
  it("starts on Monday: November 2026 begins on a Sunday, after six empty cells", () => {
    const days: CalendarDay[] = Array.from({ length: 30 }, (_, i) => ({
      date: `2026-11-${String(i + 1).padStart(2, "0")}`,
      working: true,
      holiday: null,
      make_up: false,
    }));
    const grid = monthGrid(days);
    expect(grid.slice(0, 6)).toEqual([null, null, null, null, null, null]);
    expect(grid[6]?.date).toBe("2026-11-01");
    expect(monthGrid([])).toEqual([]);
  });
});

describe("visitKindOf", () => {
  it("maps the visit tasks and nothing else", () => {
    expect(visitKindOf("emergency_check")).toBe("emergency");
    expect(visitKindOf("maturity_notice")).toBeNull();
  });
});
