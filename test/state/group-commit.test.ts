// Group commit with --state (issue 13): a script's runner writes journal records as commands run,
// syncs a batch of them with one fdatasync, and shows the batch's output only once that sync has
// returned; a failed sync undoes the batch and shows none of it. The fdatasync calls are counted,
// and made to fail, through a wrapper around node:fs (a real EIO from fdatasync needs a failing
// disk); everything else is the real file system.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SUBSYSTEMS } from "../../modules/subsystems.js";
import { StateStore } from "../../src/persistence/state-store.js";
import { runPlain, type Output } from "../../shell/plain.js";
import { Session } from "../../shell/session.js";
import { newSession, ok, tempDir } from "../helpers.js";

const syncs = vi.hoisted(() => ({ count: 0, failAt: 0 })); // failAt: the fdatasync call (from 1) that fails; 0 none

vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  const fdatasyncSync = (fd: number): void => {
    if (++syncs.count === syncs.failAt) throw Object.assign(new Error("EIO: i/o error, fdatasync"), { code: "EIO", errno: -5, syscall: "fdatasync" });
    real.fdatasyncSync(fd);
  };
  return { ...real, fdatasyncSync, default: { ...real, fdatasyncSync } };
});

afterEach(() => {
  syncs.count = syncs.failAt = 0;
});

/** A session on a state directory, and its store (to see what is not yet synced). */
function opened(dir = tempDir()): { dir: string; store: StateStore; session: Session } {
  const store = StateStore.open(dir);
  return { dir, store, session: new Session({ seed: 1, store }) };
}

/** What a script run shows: each write, with the records not yet synced when it was shown. */
function recorder(store?: StateStore) {
  const shown: { text: string; unsynced: number }[] = [];
  const put = (text: string) => shown.push({ text, unsynced: store?.unsyncedRecords ?? 0 });
  const out: Output = { write: put, error: put };
  return { out, shown, text: () => shown.map((piece) => piece.text).join("") };
}

/**
 * `batches` of lines, each coming in a turn of the event loop after the one before (typed into a
 * pipe). A line already in settles its promise at once, as node:readline's lines do.
 */
function typed(batches: readonly (readonly string[])[]): AsyncIterable<string> {
  const queue: string[] = [];
  let next = 0;
  const done = { done: true, value: undefined } as const;
  return {
    [Symbol.asyncIterator]: () => ({
      next: (): Promise<IteratorResult<string>> => {
        if (queue.length > 0) return Promise.resolve({ done: false, value: queue.shift()! });
        if (next === batches.length) return Promise.resolve(done);
        return new Promise((resolve) =>
          setImmediate(() => {
            queue.push(...batches[next++]!);
            resolve(queue.length > 0 ? { done: false, value: queue.shift()! } : done);
          }),
        );
      },
    }),
  };
}

// No batch ends on the machine's speed (YIELD_AFTER_MS of work): the tests name the batches, and under load a batch cut short would change them.
const plain = { keepGoing: false, echo: false, yieldAfterMs: Infinity };

/** The volumes a state directory holds once reopened. */
function volumesIn(dir: string): string[] {
  const { store, session } = opened(dir);
  try {
    const names = ok(session, "vol list --json").join("\n").match(/"name": "[^"]+"/g) ?? [];
    return names.map((field) => field.slice(9, -1));
  } finally {
    store.close();
  }
}

const MIXED = [
  "vol create a --size 1M",
  ...Array.from({ length: 60 }, (_, i) => [`vol write a ${i * 512} --data w${i}`, `vol read a ${i * 512} 3`, "vol list", "status"]).flat(),
  "user add alice",
  "sec rule add --effect allow --action vol.read --user alice",
  "sec rule check alice vol.read vol/a",
  "audit query --limit 3",
];

describe("group commit in a script", () => {
  it("syncs a batch of commands at once, shows nothing before its records are synced, and prints what it printed without it", async () => {
    const { dir, store, session } = opened();
    const run = recorder(store);
    expect(await runPlain(session, MIXED, plain, run.out)).toBe(0);
    expect(run.shown.filter((piece) => piece.unsynced > 0)).toEqual([]);
    expect(syncs.count).toBe(1); // every line was in: one batch (under GROUP_COMMIT_RECORDS_MAX), one sync; YIELD_AFTER_MS of work would end one sooner
    const memory = recorder();
    expect(await runPlain(newSession(), MIXED, plain, memory.out)).toBe(0);
    expect(run.text()).toBe(memory.text());
    store.close();
    const again = opened(dir);
    expect(ok(again.session, "vol read a 512 2")).toEqual(ok(newSession(), "vol create a --size 1M; vol write a 512 --data w1; vol read a 512 2").slice(-1));
    again.store.close();
  });

  it("shows a batch once the input has no further line yet", async () => {
    const { store, session } = opened();
    const run = recorder(store);
    expect(await runPlain(session, typed([["vol create a --size 1M", "vol list"], ["vol create b --size 1M"]]), plain, run.out)).toBe(0);
    expect(run.shown.map((piece) => piece.text.match(/^(created volume .|NAME)/gm))).toEqual([["created volume a", "NAME"], ["created volume b"]]);
    expect(run.shown.every((piece) => piece.unsynced === 0)).toBe(true);
    store.close();
  });

  it("syncs and shows a 1 MiB --file write before the next line runs", async () => {
    const file = join(tempDir(), "payload");
    writeFileSync(file, Buffer.alloc(1024 * 1024, 9));
    const { store, session } = opened();
    const run = recorder(store);
    expect(await runPlain(session, ["vol create a --size 2M", `vol write a 0 --file ${file}`, "vol list"], plain, run.out)).toBe(0);
    expect(run.shown).toHaveLength(2);
    expect(run.shown[0]!.text).toMatch(/wrote 1M to a/);
    expect(run.shown[1]!.text).toMatch(/^NAME/);
    store.close();
  });

  it("shows what ran before a long command while it runs", async () => {
    const store = StateStore.open(tempDir());
    const session = new Session({ seed: 1, store, jobSliceMs: 0 });
    const clockWhenShown: number[] = [];
    const out: Output = { write: () => clockWhenShown.push(session.kernel.view.nowMs), error: () => clockWhenShown.push(-1) };
    // a storage node's heartbeats are timers, so the sleep runs in steps
    expect(await runPlain(session, ["cluster pd create pd1", "cluster pool create pd1/sp1 --copies 2", "cluster sds add n1 --pool pd1/sp1 --capacity 1G", "sleep 1h"], plain, out)).toBe(0);
    expect(clockWhenShown[0]).toBeLessThan(3_600_000); // the setup's lines came out while the sleep was running
    expect(store.unsyncedRecords).toBe(0);
    store.close();
  });

  it("undoes a batch whose sync fails, shows none of its output, names its lines and ends with 74", async () => {
    const { dir, store, session } = opened();
    const run = recorder(store);
    syncs.failAt = 2; // the first batch's sync passes, the second's fails
    const batches = [["vol create a --size 1M", "vol write a 0 --data one"], ["vol create b --size 1M", "vol write b 0 --data two", "vol list"], ["vol create c --size 1M"]];
    expect(await runPlain(session, typed(batches), plain, run.out)).toBe(74);
    const text = run.text();
    expect(text).toMatch(/created volume a/);
    expect(text).not.toMatch(/created volume b|two|NAME/);
    expect(text.trimEnd().split("\n").at(-1)).toMatch(/^kshell: the state directory could not be synced \(EIO: i\/o error, fdatasync\): .* \(input lines 3 to 5\)$/);
    expect(ok(session, "vol list").join("\n")).not.toMatch(/^b /m); // the session itself is back as of line 2
    store.close();
    expect(volumesIn(dir)).toEqual(["a"]);
  });

  it("never shows a command that a failed sync took back, wherever the failure comes (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 6 }), async (sizes, failAt) => {
        const { dir, store, session } = opened();
        const names = sizes.map((size, batch) => Array.from({ length: size }, (_, i) => `v${batch}x${i}`));
        const run = recorder(store);
        syncs.count = 0;
        syncs.failAt = failAt;
        const status = await runPlain(session, typed(names.map((batch) => batch.map((name) => `vol create ${name} --size 64K`))), plain, run.out);
        syncs.failAt = 0;
        store.close();
        const shown = [...run.text().matchAll(/created volume (v\d+x\d+)/g)].map((match) => match[1]!);
        expect(volumesIn(dir).sort()).toEqual(shown.sort()); // exactly what was shown survives
        expect(status).toBe(shown.length === names.flat().length ? 0 : 74);
      }),
      { numRuns: 25 },
    );
  });
});

describe("without a runner that holds output (the interactive shell, tests)", () => {
  it("syncs each command before it returns", () => {
    const { store, session } = opened();
    ok(session, "vol create a --size 1M");
    expect(store.unsyncedRecords).toBe(0);
    const before = syncs.count;
    ok(session, "vol list; status");
    expect(syncs.count - before).toBe(2);
    store.close();
  });

  it("undoes the command whose sync failed, as before", () => {
    const { dir, store, session } = opened();
    ok(session, "vol create a --size 1M");
    syncs.failAt = syncs.count + 1;
    const outcome = session.execute("vol create b --size 1M");
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/could not be written \(EIO/);
    expect(ok(session, "vol list").join("\n")).not.toMatch(/^b /m);
    store.close();
    expect(volumesIn(dir)).toEqual(["a"]);
  });
});

describe("the store", () => {
  it("cuts records whose sync failed off the journal, and chains the next from the last synced", () => {
    const dir = tempDir();
    const store = StateStore.open(dir);
    store.readSnapshot(SUBSYSTEMS);
    store.readJournal();
    store.append({ t: 0, user: "root", line: "status" });
    store.sync();
    store.append({ t: 0, user: "root", line: "vol list" });
    syncs.failAt = syncs.count + 1;
    expect(() => store.sync()).toThrow(/EIO/);
    expect(store.unsyncedRecords).toBe(0);
    store.append({ t: 0, user: "root", line: "audit verify" });
    store.sync();
    store.close();
    const again = StateStore.open(dir);
    again.readSnapshot(SUBSYSTEMS);
    expect(again.readJournal().map((entry) => entry.line)).toEqual(["status", "audit verify"]);
    again.close();
  });
});
