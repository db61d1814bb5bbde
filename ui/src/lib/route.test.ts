import { describe, expect, it } from "vitest";
import { minutesText, moved } from "./route";

describe("today's route", () => {
  it("moves one stop up or down and nothing past either end", () => {
    expect(moved([7, 8, 9], 2, -1)).toEqual([7, 9, 8]);
    expect(moved([7, 8, 9], 0, 1)).toEqual([8, 7, 9]);
    expect(moved([7, 8, 9], 0, -1)).toEqual([7, 8, 9]);
    expect(moved([7, 8, 9], 2, 1)).toEqual([7, 8, 9]);
    const ids = [1, 2];
    moved(ids, 0, 1);
    expect(ids).toEqual([1, 2]);
  });

  it("reads a leg's time as people say it", () => {
    const zh = { hours: "小时", minutes: "分钟", min: "分" };
    expect(minutesText(0, zh)).toBe("0 分钟");
    expect(minutesText(45, zh)).toBe("45 分钟");
    expect(minutesText(60, zh)).toBe("1 小时");
    expect(minutesText(84, zh)).toBe("1 小时 24 分");
  });
});
