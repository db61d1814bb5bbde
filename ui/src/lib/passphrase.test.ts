import { describe, expect, it } from "vitest";
import { newPassphraseProblem } from "./passphrase";

describe("newPassphraseProblem", () => {
  it("counts characters, not bytes or spaces, and wants the same text twice", () => {
    expect(newPassphraseProblem("zh-CN", "保后管理口令八字", "保后管理口令八字", 8)).toBeNull();
    expect(newPassphraseProblem("zh-CN", "保后管理口令七", "保后管理口令七", 8)).toBe("口令至少需要的字符数：8");
    expect(newPassphraseProblem("en", "   1234567   ", "   1234567   ", 8)).toBe("Characters needed at least: 8");
    expect(newPassphraseProblem("zh-CN", "baohou-demo", "baohou-dem0", 8)).toBe("两次输入的口令不一致");
  });
});
