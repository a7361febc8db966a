// A list without a name covers every object but shows rows only of those the viewer may read
// (shell/commands/vol/readable.ts says why); where that leaves it empty, it says how many it left out.

/** The rows `readable` keeps, and how many it left out. */
export function readableRows<T>(all: readonly T[], readable: (row: T) => boolean): { rows: T[]; unreadable: number } {
  const rows = all.filter(readable);
  return { rows, unreadable: all.length - rows.length };
}

/** An empty list of what the viewer may read, when there are others: "(no container you may read: 3 left out)". */
export function noneReadable(what: string, unreadable: number): string {
  return `(no ${what} you may read: ${unreadable} left out)`;
}
