// The lines of a script as they come, for the plain runner (plain.ts): `ready` says whether the
// next one has come in already (so the runner shows what ran before it waits), `wait` waits for
// it. From an array or any iterable at once; from a readline interface (a piped script, `kshell
// run file`) queued from its 'line' events; from another async iterable through its iterator.

import { Interface as ReadlineInterface } from "node:readline";
import { PIPED_LINES_AHEAD_MAX } from "../src/limits.js";

export const NOT_READY = Symbol("the next line has not come in yet");
const NOT_READY_YET = Promise.resolve(NOT_READY);
const DONE: IteratorResult<string> = { done: true, value: undefined };

/**
 * The script's lines: `ready` gives the next one if it has already come in (from a readline
 * interface at once, from another async source as a promise), `wait` waits for it.
 */
export interface LineReader {
  ready(): IteratorResult<string> | typeof NOT_READY | Promise<IteratorResult<string> | typeof NOT_READY>;
  wait(): Promise<IteratorResult<string>>;
  close(): void;
}

export function lineReader(lines: AsyncIterable<string> | Iterable<string>): LineReader {
  if (lines instanceof ReadlineInterface) return queuedLines(lines);
  if (!(Symbol.asyncIterator in lines)) {
    const iterator = lines[Symbol.iterator]();
    return { ready: () => iterator.next(), wait: async () => iterator.next(), close: () => void iterator.return?.() };
  }
  const iterator = lines[Symbol.asyncIterator]();
  let next: Promise<IteratorResult<string>> | undefined;
  return {
    // A line already read settles its promise at once, so it wins the race against one settled after it.
    ready: async () => {
      next ??= iterator.next();
      const first = await Promise.race([next, NOT_READY_YET]);
      if (first !== NOT_READY) next = undefined;
      return first;
    },
    wait: () => {
      const waited = next ?? iterator.next();
      next = undefined;
      return waited;
    },
    close: () => void iterator.return?.(),
  };
}

/**
 * The lines of a readline interface (a piped script, `kshell run file`), queued as its 'line'
 * events come: a line already read is taken at once, with no promise and no turn of the event
 * loop (its async iterator cost a few of each per line, ~5% of a script of cheap commands). Past
 * PIPED_LINES_AHEAD_MAX lines not yet run the input is paused, as that iterator does.
 */
function queuedLines(reader: ReadlineInterface): LineReader {
  const queue: string[] = [];
  let taken = 0; // queue[taken] is the next line
  let closed = false;
  let paused = false;
  let wake: (() => void) | undefined;
  const woken = () => {
    wake?.();
    wake = undefined;
  };
  const onLine = (line: string) => {
    queue.push(line);
    if (!paused && queue.length - taken >= PIPED_LINES_AHEAD_MAX) {
      paused = true;
      reader.pause();
    }
    woken();
  };
  const onClose = () => {
    closed = true;
    woken();
  };
  reader.on("line", onLine);
  reader.on("close", onClose);
  const take = (): IteratorResult<string> | typeof NOT_READY => {
    if (taken === queue.length) return closed ? DONE : NOT_READY;
    const value = queue[taken++]!;
    if (taken === queue.length) queue.length = taken = 0;
    else if (taken === PIPED_LINES_AHEAD_MAX) {
      queue.splice(0, taken); // the lines already run go, should the queue never empty
      taken = 0;
    }
    if (paused && !closed && queue.length - taken < PIPED_LINES_AHEAD_MAX / 2) {
      paused = false;
      reader.resume();
    }
    return { done: false, value };
  };
  return {
    ready: take,
    wait: async () => {
      for (let next = take(); ; next = take()) {
        if (next !== NOT_READY) return next;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    close: () => {
      reader.off("line", onLine);
      reader.off("close", onClose);
    },
  };
}
