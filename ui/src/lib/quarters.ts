// The quarters a quarterly analysis report can be written for: those already ended.

/** The last day (YYYY-MM-DD) of each of the `count` quarters ended before `day`, newest first. */
export function endedQuarters(day: string, count = 4): string[] {
  const year0 = Number(day.slice(0, 4));
  const month0 = Number(day.slice(5, 7));
  let year = year0;
  // The quarter before the one `day` is in, numbered 1–4; 0 means the last of the year before.
  let q = Math.floor((month0 - 1) / 3);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    if (q === 0) {
      year -= 1;
      q = 4;
    }
    const month = q * 3;
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    out.push(`${year}-${String(month).padStart(2, "0")}-${String(last).padStart(2, "0")}`);
    q -= 1;
  }
  return out;
}

/** `2026Q3` for the quarter's last day. */
export function quarterName(end: string): string {
  return `${end.slice(0, 4)}Q${Number(end.slice(5, 7)) / 3}`;
}
