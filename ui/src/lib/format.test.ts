import { describe, expect, it } from "vitest";
import { daysBetween, distanceText, groupYuan, localToday, minuteOf, yuanToWan, ratioToPercent, roundDecimal, typedYuan, withOffset } from "./format";

describe("yuanToWan", () => {
  it.each([
    ["5000000.00", "500.00"],
    ["12345678.00", "1234.57"],
    ["12345.00", "1.23"],
    ["12350.00", "1.24"],
    ["0.01", "0.00"],
    ["49.99", "0.00"],
    ["50.00", "0.01"],
    ["999999999999.99", "100000000.00"],
    ["-12350.00", "-1.24"],
    ["300", "0.03"],
  ])("%s 元 is %s 万元", (yuan, wan) => {
    expect(yuanToWan(yuan)).toBe(wan);
  });

  it("refuses what is not an amount", () => {
    expect(() => yuanToWan("1e6")).toThrow();
    expect(() => yuanToWan("")).toThrow();
  });
});

describe("groupYuan", () => {
  it.each([
    ["5000000.00", "5,000,000.00"],
    ["999.5", "999.50"],
    ["1000", "1,000.00"],
    ["-1234567.89", "-1,234,567.89"],
  ])("%s → %s", (yuan, grouped) => {
    expect(groupYuan(yuan)).toBe(grouped);
  });
});

describe("dates", () => {
  it("counts calendar days across a month end and a leap day", () => {
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2);
    expect(daysBetween("2026-11-23", "2026-11-01")).toBe(-22);
  });
  it("formats the local date", () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
  });
});

describe("roundDecimal and ratioToPercent", () => {
  it("round half away from zero, exactly", () => {
    expect(roundDecimal("1.235", 2)).toBe("1.24");
    expect(roundDecimal("-1.235", 2)).toBe("-1.24");
    expect(roundDecimal("65", 2)).toBe("65.00");
    expect(roundDecimal("-0.001", 2)).toBe("0.00");
    expect(roundDecimal("0.5", 0)).toBe("1");
  });
  it("turn ratios into percents", () => {
    expect(ratioToPercent("-0.3")).toBe("-30.0%");
    expect(ratioToPercent("0.2051")).toBe("20.5%");
    expect(ratioToPercent("1.5")).toBe("150.0%");
    expect(ratioToPercent("0")).toBe("0.0%");
    expect(ratioToPercent("-0.00049")).toBe("0.0%");
  });
});

describe("minuteOf", () => {
  it("shows a recorded time to the minute in its own zone, and nothing for none", () => {
    expect(minuteOf("2026-11-23T16:40:12.5+08:00")).toBe("2026-11-23 16:40");
    expect(minuteOf(null)).toBe("");
    expect(minuteOf(undefined)).toBe("");
  });
});

describe("typedYuan", () => {
  it.each([
    ["80,000", "80000"],
    ["8万", "80000"],
    ["1.23456万", "12345.6"],
    ["0.0001万", "1"],
    ["1234.5", "1234.5"],
    ["¥1,000 元", "1000"],
    ["  0012.10 ", "12.1"],
    ["3万元", "30000"],
    ["0.000001万", "0.01"],
  ])("%s is %s 元", (typed, yuan) => {
    expect(typedYuan(typed)).toBe(yuan);
  });

  it.each(["", "abc", "1.234", "1e6", "-5", "0.0000001万", "1,2.3.4"])("refuses %s", (typed) => {
    expect(typedYuan(typed)).toBeNull();
  });
});

describe("withOffset", () => {
  it("adds seconds and the offset", () => {
    expect(withOffset("2026-11-23T10:30", 480)).toBe("2026-11-23T10:30:00+08:00");
    expect(withOffset("2026-11-23T10:30:15", -330)).toBe("2026-11-23T10:30:15-05:30");
    expect(withOffset("2026-11-23T10:30", 0)).toBe("2026-11-23T10:30:00+00:00");
  });
});

describe("distanceText", () => {
  it.each([
    [0, "0 米"],
    [850, "850 米"],
    [1240, "1.2 公里"],
    [9960, "10.0 公里"],
    [36400, "36 公里"],
  ])("%d m reads %s, as the PDF prints it", (m, text) => {
    expect(distanceText(m, "米", "公里")).toBe(text);
  });
});
