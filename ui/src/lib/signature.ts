// The ink of an on-screen signature: strokes of points in the pad's CSS pixels, with the pen's
// pressure. The pad draws them; these decide how thick a line is, whether there is enough ink to
// be a signature, and which part of the pad to keep.

export interface InkPoint {
  x: number;
  y: number;
  /** 0..1 from a pen; a mouse or a finger reports 0.5 (or 0 when pressed with no pressure). */
  pressure: number;
}

export type Stroke = InkPoint[];

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Line width in CSS pixels: a pen's pressure thickens the line; a mouse or finger draws evenly. */
export function strokeWidth(pressure: number, pointerType: string): number {
  if (pointerType !== "pen") return 2.6;
  const p = Math.min(1, Math.max(0, pressure || 0.5));
  return 1.2 + p * 3.2;
}

/** Total length of the ink, in CSS pixels. */
export function inkLength(strokes: Stroke[]): number {
  let total = 0;
  for (const s of strokes) {
    for (let i = 1; i < s.length; i++) {
      total += Math.hypot(s[i]!.x - s[i - 1]!.x, s[i]!.y - s[i - 1]!.y);
    }
  }
  return total;
}

/** A tap, a dot or a short dash is not a signature: at least `min` pixels of ink are needed. */
export function isSignature(strokes: Stroke[], min = 60): boolean {
  return inkLength(strokes) >= min;
}

/**
 * The box around the ink with `margin` pixels on each side, kept inside the pad; `null` when
 * there is no ink.
 */
export function inkBounds(strokes: Stroke[], margin: number, pad: { width: number; height: number }): Box | null {
  const points = strokes.flat();
  if (points.length === 0) return null;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x0 = Math.max(0, Math.floor(Math.min(...xs) - margin));
  const y0 = Math.max(0, Math.floor(Math.min(...ys) - margin));
  const x1 = Math.min(pad.width, Math.ceil(Math.max(...xs) + margin));
  const y1 = Math.min(pad.height, Math.ceil(Math.max(...ys) + margin));
  return { x: x0, y: y0, width: Math.max(1, x1 - x0), height: Math.max(1, y1 - y0) };
}
