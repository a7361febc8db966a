import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { StateStore } from "../../src/persistence/state-store.js";
import { Session, type Outcome } from "../../shell/session.js";
import { exactDuration } from "../../shell/jobs.js";
import { runPlain } from "../../shell/plain.js";
import { formatDuration } from "../../shell/values.js";
import { newSession, ok, TEST_KEY, tempDir } from "../helpers.js";

const NODE = "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G"; // heartbeat timers to step through

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Starts `line` in steps (yielding after every step), lets `turns` event-loop turns pass, then interrupts it. */
async function interruptAfter(session: Session, line: string, turns: number): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const pending = session.executeEach(line, (outcome) => (outcomes.push(outcome), outcome.ok));
  expect(pending).toBeInstanceOf(Promise);
  for (let i = 0; i < turns; i++) await turn();
  expect(session.interrupt()).toBe(true);
  await pending;
  return outcomes;
}

function storedSession(dir: string, options: { jobSliceMs?: number } = {}): Session {
  return new Session({ seed: 3, sealKey: TEST_KEY, store: StateStore.open(dir), ...options });
}

function journalLines(dir: string): string[] {
  return readFileSync(join(dir, "journal.jsonl"), "utf8").trim().split("\n").map((text) => JSON.parse(text).line as string);
}

describe("long commands in steps", () => {
  it("run a sleep on an idle kernel in one step, at once", () => {
    const session = newSession({ jobSliceMs: 0 });
    expect(session.executeEach("sleep 365d", () => true)).toBeUndefined();
    expect(session.kernel.view.nowMs).toBe(365 * 86_400_000);
  });

  it("run a short sleep at once, with no promise and no yield", () => {
    const session = newSession();
    const outcomes: Outcome[] = [];
    expect(session.executeEach("sleep 2m; tick 5", (o) => (outcomes.push(o), true))).toBeUndefined();
    expect(outcomes.map((o) => o.lines)).toEqual([["clock T+00:02:00.0 (+2m)"], ["clock T+00:02:00.5 (+5 ticks)"]]);
  });

  it("report progress while a long sleep runs, and stop it on interrupt with what it covered", async () => {
    const session = newSession({ jobSliceMs: 0 });
    ok(session, NODE);
    expect(session.progress()).toBeUndefined();
    expect(session.interrupt()).toBe(false);
    const pending = session.executeEach("sleep 8h", () => true);
    await turn();
    await turn();
    expect(session.progress()).toMatch(/^sleep: \d+ s of 8h simulated, Ctrl-C stops$/);
    session.interrupt();
    await pending;
    const slept = session.kernel.view.nowMs;
    expect(slept).toBeGreaterThan(0);
    expect(slept).toBeLessThan(8 * 3_600_000);
    expect(slept % 10_000).toBe(0); // it stopped between steps
    expect(session.progress()).toBeUndefined();
    const done = session.kernel.view.audit.tail(1)[0]!;
    expect(done).toMatchObject({ action: "kernel.sleep", result: "success", message: `advanced ${formatDuration(slept)}` });
  });

  it("show the interrupted sleep and stop the rest of the line", async () => {
    const session = newSession({ jobSliceMs: 0 });
    ok(session, NODE);
    const outcomes = await interruptAfter(session, "sleep 8h; echo after", 3);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]!.interrupted).toBe(true);
    expect(outcomes[0]!.lines[0]).toMatch(/^clock T\+00:\d\d:\d0\.0 \(\+(?:\d+ s|\d+m(?: \d\ds)?) of 8h: interrupted\)$/);
  });

  it("journal what an interrupted sleep and tick covered, so replay rebuilds the same kernel", async () => {
    const dir = tempDir();
    const session = storedSession(dir, { jobSliceMs: 0 });
    ok(session, `${NODE}; sleep 1s`);
    await interruptAfter(session, "sleep 8h", 4);
    await interruptAfter(session, "tick 10000000", 4);
    const before = session.kernel.toSnapshot();
    const lines = journalLines(dir);
    expect(lines.slice(3)).toEqual(["sleep 1s", expect.stringMatching(/^sleep \d+0s$/), expect.stringMatching(/^tick \d+00$/)]);
    rmSync(join(dir, "lock"));
    const replayed = storedSession(dir);
    expect(replayed.kernel.toSnapshot()).toEqual(before);
    expect(ok(replayed, "audit verify")[0]).toMatch(/chain intact/);
  });

  it("leave the kernel exactly as the same command run at once does", async () => {
    const script = "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds add b --pool pd1/sp1 --capacity 1G; cluster sds fail b";
    const atOnce = newSession();
    ok(atOnce, script);
    ok(atOnce, "sleep 3h");
    const stepped = newSession({ jobSliceMs: 0 });
    ok(stepped, script);
    const outcomes: Outcome[] = [];
    await stepped.executeEach("sleep 3h", (o) => (outcomes.push(o), true));
    expect(outcomes[0]).toEqual({ ok: true, lines: ["clock T+03:00:00.0 (+3h)"], exit: false, view: undefined });
    expect(stepped.kernel.toSnapshot()).toEqual(atOnce.kernel.toSnapshot());
  });

  it("denied at the gate: nothing runs, the denial is shown", () => {
    const session = newSession({ jobSliceMs: 0 });
    ok(session, "user add alice; su alice");
    const outcomes: Outcome[] = [];
    expect(session.executeEach("cluster chaos --duration 1h", (o) => (outcomes.push(o), true))).toBeUndefined();
    expect(outcomes[0]!.error).toMatch(/permission denied: alice may not cluster.chaos cluster: CAP_SYS_ADMIN/);
  });
});

describe("cluster chaos in steps", () => {
  const POOL = "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds add b --pool pd1/sp1 --capacity 1G; cluster sds add c --pool pd1/sp1 --capacity 1G";

  it("shows progress, and when interrupted still heals and checks, journaling the duration it covered", async () => {
    const dir = tempDir();
    const session = storedSession(dir, { jobSliceMs: 0 });
    ok(session, POOL);
    const pending = session.executeEach("cluster chaos --duration 8h --seed 7", () => true);
    for (let i = 0; i < 5; i++) await turn();
    expect(session.progress()).toMatch(/^chaos: [\ddhm ]+ of 8h simulated, [\d,]+ ops, Ctrl-C stops$/);
    session.interrupt();
    await pending;
    const journaled = journalLines(dir).at(-1)!;
    const covered = /^cluster chaos --duration (\d+)m --seed 7$/.exec(journaled);
    expect(covered).not.toBeNull();
    // healed and cleaned up: no scratch volume or clients, every node running
    expect(session.kernel.view.cluster.names("sdc")).toEqual([]);
    expect(session.kernel.view.cluster.dashboard().health.status).toBe("HEALTHY");
    const before = session.kernel.toSnapshot();
    rmSync(join(dir, "lock"));
    expect(storedSession(dir).kernel.toSnapshot()).toEqual(before);
    // and a fresh run of that duration prints the same report, bar the interruption note
    const again = newSession({ seed: 3 });
    ok(again, POOL);
    const stopped = new Session({ seed: 3, sealKey: TEST_KEY, jobSliceMs: 0 });
    ok(stopped, POOL);
    const outcomes = await interruptAfter(stopped, "cluster chaos --duration 8h --seed 7", 3);
    const minutes = /for (\d+)m of 8h \(interrupted\)/.exec(outcomes[0]!.lines[0]!)![1];
    const whole = ok(again, `cluster chaos --duration ${minutes}m --seed 7`);
    expect(outcomes[0]!.lines).toEqual([whole[0]!.replace(/: (\d+) writes$/, " of 8h (interrupted): $1 writes"), ...whole.slice(1)]);
    expect(stopped.kernel.toSnapshot()).toEqual(again.kernel.toSnapshot());
  });
});

describe("a long command in a script", () => {
  it("shows its progress where the output has a progress line, then clears it", async () => {
    const session = newSession();
    ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds add b --pool pd1/sp1 --capacity 1G; cluster sds add c --pool pd1/sp1 --capacity 1G");
    const shown: (string | undefined)[] = [];
    const written: string[] = [];
    const out = { write: (text: string) => written.push(text), error: (text: string) => written.push(text), progress: (text: string | undefined) => shown.push(text) };
    const signal = new AbortController();
    const status = runPlain(session, ["cluster chaos --duration 8h", "echo never"], { keepGoing: false, echo: false, signal: signal.signal }, out);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    signal.abort();
    session.interrupt();
    expect(await status).toBe(130);
    expect(shown.at(-1)).toBeUndefined();
    expect(shown.slice(0, -1).length).toBeGreaterThan(0);
    for (const line of shown.slice(0, -1)) expect(line).toMatch(/^chaos: [\ddhm ]+ of 8h simulated, [\d,]+ ops, Ctrl-C stops$/);
    expect(written.join("")).toMatch(/for [\ddhm ]+ of 8h \(interrupted\)/);
    expect(written.at(-1)).toBe("kshell: interrupted\n");
  });
});

describe("exactDuration", () => {
  it.each([[2_230_000, "2230s"], [3_600_000, "1h"], [90_000, "90s"], [120_000, "2m"], [1500, "1500ms"], [0, "0ms"], [86_400_000, "1d"]])("writes %i ms as %s", (ms, text) => {
    expect(exactDuration(ms)).toBe(text);
  });
});
