import { describe, expect, it } from "vitest";
import { labelOf, messages, tf } from "./i18n";

describe("UI messages", () => {
  it("every locale has every key, and only the tier prefix and row unit may be empty", () => {
    const keys = Object.keys(messages["zh-CN"]);
    for (const [locale, dict] of Object.entries(messages)) {
      expect(Object.keys(dict).sort(), locale).toEqual([...keys].sort());
      for (const [key, text] of Object.entries(dict)) {
        if (key === "tierPrefix" || key === "rows") continue;
        expect(text.trim(), `${locale}.${key}`).not.toBe("");
      }
    }
  });

  it("Traditional Chinese is not a copy of Simplified", () => {
    expect(messages["zh-TW"].database).not.toBe(messages["zh-CN"].database);
  });
});

describe("labelOf", () => {
  it("names a code from the core's list, or shows the code when the list lacks it", () => {
    const list = [{ code: "pledge", label: "质押" }];
    expect(labelOf(list, "pledge")).toBe("质押");
    expect(labelOf(list, "surety")).toBe("surety");
    expect(labelOf(undefined, 4)).toBe("4");
  });
});

describe("tf", () => {
  it("fills every place of a message, in each locale, and leaves unknown places", () => {
    const values = { date: "2026-08-20", share: "87%", threshold: "60%" };
    expect(tf("zh-CN", "copiedWhole", values)).toBe("本报告文字与上次检查报告（2026-08-20）雷同 87%，雷同标准 60%。");
    for (const locale of ["zh-CN", "zh-TW", "en"] as const) {
      expect(tf(locale, "copiedWhole", values)).not.toMatch(/\{\w+\}/);
    }
    expect(tf("en", "evidenceNote", { share: "60%" })).toContain("{metres}");
  });
});
