import { describe, expect, it } from "vitest";
import { maturingBuckets, seriesOf, trendLabels, wanNumber } from "./charts";
import type { Maturing } from "./bindings";

describe("chart data", () => {
  it("turns exact amounts into 万元 numbers", () => {
    expect(wanNumber("5000000.00")).toBe(500);
    expect(wanNumber("12345678.90")).toBe(1234.57);
    expect(wanNumber("123456789012.00")).toBe(12345678.9);
  });

  it("keeps the order and the counts of the shares", () => {
    const s = seriesOf([
      { code: "1", label: "良好", count: 3, amount: "1000000.00" },
      { code: "2", label: "正常", count: 0, amount: "0.00" },
    ]);
    expect(s).toEqual({ labels: ["良好", "正常"], counts: [3, 0], amounts: [100, 0] });
  });

  it("labels month ends by month and today by its day", () => {
    expect(
      trendLabels([
        { day: "2026-09-30", tasks: 1, checks: 1, guarantees: 1 },
        { day: "2026-10-31", tasks: 2, checks: 1, guarantees: 1 },
        { day: "2026-11-23", tasks: 3, checks: 2, guarantees: 2 },
      ]),
    ).toEqual(["2026-09", "2026-10", "2026-11-23"]);
  });

  it("puts maturities in their 30-day span, today in the first", () => {
    const m = (days_left: number, amount: string): Maturing => ({
      guarantee_id: 1, contract_no: "X", borrower: "B", maturity: "2026-12-01",
      days_left, amount, tier: 2, officer: "张伟",
    });
    const b = maturingBuckets([m(0, "100.00"), m(30, "10000.00"), m(31, "20000.00"), m(90, "30000.00")], 90);
    expect(b.map((x) => x.count)).toEqual([2, 1, 1]);
    expect(b.map((x) => x.amount)).toEqual([1.01, 2, 3]);
  });
});
