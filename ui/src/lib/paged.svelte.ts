// A long list shown a page at a time: a portfolio of 10,000 guarantees has tens of thousands of
// tasks, and a page of rows is what a person reads (and what the window can hold lightly).

/** How many rows a long list shows at first, and how many more each press adds. */
export const PAGE = 200;

/** The first rows of `list`, a page more at each `more()`; back to the first page whenever the
 *  list itself is new (a new filter or search makes a new one). Call it while a component is
 *  being set up. */
export function paged<T>(list: () => T[]): { readonly rows: T[]; readonly total: number; more(): void } {
  let limit = $state(PAGE);
  const all = $derived(list());
  $effect.pre(() => {
    void all;
    limit = PAGE;
  });
  const rows = $derived(all.slice(0, limit));
  return {
    get rows() {
      return rows;
    },
    get total() {
      return all.length;
    },
    more() {
      limit += PAGE;
    },
  };
}
