import { describe, expect, it } from "vitest";
import { countdown, newlyTaken } from "./phone";

describe("the phone dialog", () => {
  it("shows the time left as minutes and seconds", () => {
    expect(countdown(600)).toBe("10:00");
    expect(countdown(61)).toBe("1:01");
    expect(countdown(9.7)).toBe("0:09");
    expect(countdown(-3)).toBe("0:00");
  });

  it("counts only photos taken since it last looked", () => {
    const taken = { file: "a.jpg", accepted: true, message: "电脑已收下" };
    const refused = { file: "b.txt", accepted: false, message: "不是照片" };
    expect(newlyTaken([], 0)).toBe(0);
    expect(newlyTaken([taken, refused], 0)).toBe(1);
    expect(newlyTaken([taken, refused, taken], 1)).toBe(1);
    expect(newlyTaken([taken, refused, taken], 2)).toBe(0);
    expect(newlyTaken([refused], 0)).toBe(0);
  });
});
