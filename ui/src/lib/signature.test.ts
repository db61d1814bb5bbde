import { describe, expect, it } from "vitest";
import { inkBounds, inkLength, isSignature, strokeWidth, type Stroke } from "./signature";

const line = (x0: number, y0: number, x1: number, y1: number, n = 10): Stroke =>
  Array.from({ length: n + 1 }, (_, i) => ({ x: x0 + ((x1 - x0) * i) / n, y: y0 + ((y1 - y0) * i) / n, pressure: 0.5 }));

describe("signature ink", () => {
  it("a pen's pressure thickens the line; a mouse or finger draws evenly", () => {
    expect(strokeWidth(0.1, "pen")).toBeLessThan(strokeWidth(0.9, "pen"));
    expect(strokeWidth(0, "pen")).toBe(strokeWidth(0.5, "pen"));
    expect(strokeWidth(0.1, "mouse")).toBe(strokeWidth(0.9, "touch"));
    expect(strokeWidth(7, "pen")).toBe(strokeWidth(1, "pen"));
  });

  it("measures the ink and refuses a tap or a short dash as a signature", () => {
    expect(inkLength([line(0, 0, 30, 40)])).toBeCloseTo(50);
    expect(isSignature([])).toBe(false);
    expect(isSignature([[{ x: 5, y: 5, pressure: 0.5 }]])).toBe(false);
    expect(isSignature([line(0, 0, 30, 40)])).toBe(false);
    expect(isSignature([line(0, 0, 30, 40), line(40, 0, 80, 30)])).toBe(true);
  });

  it("keeps the part of the pad with ink, with a margin, inside the pad", () => {
    const pad = { width: 600, height: 200 };
    expect(inkBounds([], 10, pad)).toBeNull();
    expect(inkBounds([line(100, 50, 300, 120)], 10, pad)).toEqual({ x: 90, y: 40, width: 220, height: 90 });
    expect(inkBounds([line(2, 3, 595, 198)], 10, pad)).toEqual({ x: 0, y: 0, width: 600, height: 200 });
    expect(inkBounds([[{ x: 50, y: 50, pressure: 0 }]], 0, pad)).toEqual({ x: 50, y: 50, width: 1, height: 1 });
  });
});
