import { describe, expect, it } from "vitest";
import type { CalendarDay_Serialize as CalendarDay } from "./bindings";
import { monthGrid, visitKindOf } from "./agenda";

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
