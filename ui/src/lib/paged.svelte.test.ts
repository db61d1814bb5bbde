import { flushSync } from "svelte";
import { describe, expect, it } from "vitest";
import { PAGE, paged } from "./paged.svelte";

describe("paged", () => {
  it("shows a page, a page more at each press, and the first page again for a new list", () => {
    let list = $state(Array.from({ length: 450 }, (_, i) => i));
    const stop = $effect.root(() => {
      const page = paged(() => list);
      flushSync();
      expect(page.rows).toHaveLength(PAGE);
      expect(page.total).toBe(450);
      page.more();
      flushSync();
      expect(page.rows).toHaveLength(2 * PAGE);
      page.more();
      flushSync();
      expect(page.rows).toHaveLength(450);
      expect(page.rows.at(-1)).toBe(449);
      // A new filter makes a new list: back to its first page.
      list = Array.from({ length: 300 }, (_, i) => i * 2);
      flushSync();
      expect(page.rows).toHaveLength(PAGE);
      expect(page.total).toBe(300);
      expect(page.rows[1]).toBe(2);
    });
    stop();
  });
});
