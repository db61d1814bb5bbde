// Chart data from the core's overview (lib/bindings): the numbers a chart draws. Amounts stay
// exact strings in the core; here they become 万元 numbers only to size bars and slices.
import type { Maturing, OverduePoint, Share } from "./bindings";
import { yuanToWan } from "./format";

/** 万元 as a number, for a chart's scale (the labels show the exact text). */
export function wanNumber(yuan: string): number {
  return Number(yuanToWan(yuan).replace(/,/g, ""));
}

export interface Series {
  labels: string[];
  counts: number[];
  amounts: number[];
}

export function seriesOf(shares: Share[]): Series {
  return {
    labels: shares.map((s) => s.label),
    counts: shares.map((s) => s.count),
    amounts: shares.map((s) => wanNumber(s.amount)),
  };
}

/** "2026-10-31" → "2026-10" (a month end), today's point keeps its day. */
export function trendLabels(points: OverduePoint[]): string[] {
  return points.map((p, i) => (i === points.length - 1 ? p.day : p.day.slice(0, 7)));
}

/** Maturities grouped by the 30-day span they fall in: 0–30, 31–60, 61–90 days. */
export function maturingBuckets(items: Maturing[], days: number, span = 30): { count: number; amount: number }[] {
  const buckets = Array.from({ length: Math.ceil(days / span) }, () => ({ count: 0, amount: 0 }));
  for (const m of items) {
    const i = Math.min(buckets.length - 1, Math.max(0, Math.ceil(m.days_left / span) - 1));
    const b = buckets[i];
    if (b) {
      b.count += 1;
      b.amount += wanNumber(m.amount);
    }
  }
  return buckets;
}
