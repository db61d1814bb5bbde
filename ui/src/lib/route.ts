// Today's route (components/RoutePanel.svelte): the officer's reordering and how a leg reads.

/** The stops' borrower ids with the one at `index` moved `by` places (-1 up, +1 down). */
export function moved(ids: number[], index: number, by: number): number[] {
  const to = index + by;
  if (index < 0 || index >= ids.length || to < 0 || to >= ids.length) return ids.slice();
  const out = ids.slice();
  const [id] = out.splice(index, 1);
  out.splice(to, 0, id!);
  return out;
}

/** Minutes as "45 分钟", "1 小时 24 分" (words from the locale). */
export function minutesText(minutes: number, words: { hours: string; minutes: string; min: string }): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} ${words.minutes}`;
  if (m === 0) return `${h} ${words.hours}`;
  return `${h} ${words.hours} ${m} ${words.min}`;
}
