import { describe, expect, it } from "vitest";
import { endedQuarters, quarterName } from "./quarters";

describe("endedQuarters", () => {
  it("lists the quarters ended before a day, across the year's turn", () => {
    expect(endedQuarters("2026-11-23")).toEqual(["2026-09-30", "2026-06-30", "2026-03-31", "2025-12-31"]);
    expect(endedQuarters("2026-01-01", 2)).toEqual(["2025-12-31", "2025-09-30"]);
    expect(endedQuarters("2028-04-01", 1)).toEqual(["2028-03-31"]);
    expect(quarterName("2026-09-30")).toBe("2026Q3");
    expect(quarterName("2025-12-31")).toBe("2025Q4");
  });
});
