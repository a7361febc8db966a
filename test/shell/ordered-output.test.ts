// The plain runner's one ordered writer over stdout and stderr, against sinks that finish their
// writes only when the test says (a pipe whose reader is slow).

import { describe, expect, it } from "vitest";
import { OrderedOutput, runPlain, type Output, type Sink } from "../../shell/plain.js";
import { OUTPUT_PENDING_BYTES_MAX } from "../../src/limits.js";
import { newSession } from "../helpers.js";

/** Two sinks sharing one pipe: every write is logged in order, and completes only on `finish`. */
function slowPipe() {
  const log: string[] = [];
  const unfinished: ((error?: Error | null) => void)[] = [];
  let inFlightMax = 0;
  const sink = (name: string): Sink => ({
    write(text, done) {
      log.push(`${name}:${text}`);
      unfinished.push(done);
      inFlightMax = Math.max(inFlightMax, unfinished.length);
      return false;
    },
  });
  const finish = (error?: Error) => unfinished.shift()?.(error);
  const finishAll = () => {
    while (unfinished.length > 0) finish();
  };
  return { stdout: sink("out"), stderr: sink("err"), log, finish, finishAll, inFlight: () => unfinished.length, inFlightMax: () => inFlightMax };
}

describe("OrderedOutput", () => {
  it("writes one run at a time, in the order given, joining what waits for the same stream", () => {
    const pipe = slowPipe();
    const out = new OrderedOutput(pipe.stdout, pipe.stderr);
    out.write("a1\n");
    out.write("a2\n");
    out.error("e1\n");
    out.write("a3\n");
    out.write("a4\n");
    out.error("e2\n");
    out.error("e3\n");
    expect(pipe.log).toEqual(["out:a1\n"]); // the first is written at once: an acknowledgement is never held back
    pipe.finishAll();
    pipe.finishAll();
    pipe.finishAll();
    pipe.finishAll();
    expect(pipe.log).toEqual(["out:a1\n", "out:a2\n", "err:e1\n", "out:a3\na4\n", "err:e2\ne3\n"]);
    expect(pipe.inFlightMax()).toBe(1);
  });

  it("asks the runner to wait once a slow reader has OUTPUT_PENDING_BYTES_MAX queued, and lets it on when written", async () => {
    const pipe = slowPipe();
    const out = new OrderedOutput(pipe.stdout, pipe.stderr);
    const line = `${"x".repeat(1023)}\n`;
    out.write(line); // in flight
    for (let i = 0; i < OUTPUT_PENDING_BYTES_MAX / line.length - 1; i++) out.write(line); // one line short of the limit, queued
    expect(out.ready()).toBeUndefined();
    out.error(line);
    const waiting = out.ready();
    expect(waiting).toBeInstanceOf(Promise);
    let settled = false;
    void waiting!.then(() => (settled = true));
    pipe.finish();
    await Promise.resolve();
    expect(settled).toBe(false);
    pipe.finishAll();
    pipe.finishAll();
    await waiting;
    expect(pipe.log.at(-1)).toBe(`err:${line}`);
    expect(out.ready()).toBeUndefined();
  });

  it("drains before exit: settles only once every write has finished", async () => {
    const pipe = slowPipe();
    const out = new OrderedOutput(pipe.stdout, pipe.stderr);
    await out.drained(); // nothing queued: at once
    out.write("a\n");
    out.error("e\n");
    let drained = false;
    const done = out.drained().then(() => (drained = true));
    pipe.finish();
    await Promise.resolve();
    expect(drained).toBe(false);
    pipe.finish();
    await done;
    expect(pipe.log).toEqual(["out:a\n", "err:e\n"]);
  });

  it("drops the rest once a write fails (the reader left), and never leaves a waiter hanging", async () => {
    const pipe = slowPipe();
    const out = new OrderedOutput(pipe.stdout, pipe.stderr);
    out.write("a\n");
    out.error("e\n");
    const done = out.drained();
    pipe.finish(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
    await done;
    out.write("more\n");
    expect(pipe.log).toEqual(["out:a\n"]);
    expect(pipe.inFlight()).toBe(0);
  });

  it("puts a terminal's progress line in the same order, and has none into a pipe", () => {
    const pipe = slowPipe();
    const out = new OrderedOutput(pipe.stdout, pipe.stderr, true);
    out.write("a\n");
    out.progress!("sleep: 1h of 8h");
    out.progress!(undefined);
    pipe.finishAll();
    pipe.finishAll();
    expect(pipe.log).toEqual(["out:a\n", "err:\rsleep: 1h of 8h\x1b[K\r\x1b[K"]);
    expect(new OrderedOutput(pipe.stdout, pipe.stderr).progress).toBeUndefined();
  });
});

describe("runPlain behind a slow reader", () => {
  // The output of a batch is shown once the input has no further line yet (group commit); a
  // line typed into a pipe comes a turn of the event loop later.
  async function* typed(lines: readonly string[]): AsyncIterable<string> {
    for (const line of lines) {
      await new Promise((resolve) => setImmediate(resolve));
      yield line;
    }
  }

  it("runs no further line while the output asks it to wait", async () => {
    let release!: () => void;
    const caughtUp = new Promise<void>((resolve) => (release = resolve));
    const written: string[] = [];
    const out: Output = { write: (text) => written.push(text), error: (text) => written.push(text), ready: () => (written.length === 1 ? caughtUp : undefined) };
    const status = runPlain(newSession(), typed(["echo a", "echo b"]), { keepGoing: false, echo: false }, out);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(written).toEqual(["a\n"]);
    release();
    expect(await status).toBe(0);
    expect(written).toEqual(["a\n", "b\n"]);
  });
});
