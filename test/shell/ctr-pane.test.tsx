// The containers pane (`watch ctr`, and in `top`): rows read from the runtime's kept figures, state,
// READY, HEALTH, RESTARTS, CPU and memory against the limits, AGE; sorted and filtered as ctop and
// k9s do; laid out to fit 120x40 and 80x24 terminals; the live view's s, r and / keys.

import { fc, test as property } from "@fast-check/vitest";
import { render as renderInk } from "ink";
import { cleanup, render } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { CONTAINER_STATE_NAMES, HEALTH_NAMES, type ContainerRow, type ContainerSpec } from "../../modules/containers/index.js";
import { ROOT, type Operation } from "../../src/gate.js";
import { PANE_FILTER_LENGTH_MAX } from "../../src/limits.js";
import { LiveView } from "../../shell/components/LiveView.js";
import { compareNames, CTR_SORT_KEYS, filterRows, meter, sortRows, type CtrOrder } from "../../shell/display/ctr-live.js";
import { liveSnapshot } from "../../shell/display/live.js";
import type { Session } from "../../shell/session.js";
import { newSession, ok } from "../helpers.js";
import { frameWhere, QuietKeyboard, SmallTerminal, type } from "./frames.js";

afterEach(cleanup);

const MIB = 1024 ** 2;
const RUN: Operation = { action: "ctr.run", object: "ctr", type: "container", mutates: true, access: "write" };

/** Runs containers through the gate, as `ctr run` does. */
function run(session: Session, ...specs: ContainerSpec[]): void {
  session.kernel.syscall(ROOT, RUN, (kernel) => {
    for (const image of new Set(specs.map((spec) => spec.image))) kernel.containers.images.pull(image);
    for (const spec of specs) kernel.containers.run(spec);
  });
}

/** web serves within its limits; leaky leaks into its limit (OOMKilled, restarted); burner wants more CPU than it may; once exits. */
function story(session: Session): void {
  run(
    session,
    { name: "web", image: "nginx", memoryBytes: 64 * MIB, cpuMillicores: 500, liveness: "http:80" },
    { name: "leaky", image: "busybox", command: "leak 8M/s", memoryBytes: 64 * MIB, restart: "always" },
    { name: "burner", image: "busybox", command: "cpu 1.5", cpuMillicores: 1000 },
    { name: "once", image: "busybox", command: "sleep 5" },
  );
  ok(session, "sleep 2m");
}

/** The containers pane's lines (summary first, then the table), as `watch ctr` draws it. */
function paneLines(session: Session, controls: Parameters<typeof liveSnapshot>[5] = {}, group = "ctr"): string[] {
  const snapshot = liveSnapshot(session.kernelView(), group, session.display, {}, 6, controls);
  return [...snapshot.sections.find((s) => s.title === "containers")!.lines];
}

const rowOf = (lines: readonly string[], name: string) => lines.find((line) => line.startsWith(`${name} `)) ?? "";

describe("the containers pane's rows", () => {
  it("says how to start one when there are none", () => {
    expect(paneLines(newSession())).toEqual(["(no containers: ctr run <image> --name <name>)"]);
  });

  it("shows each container's state, reason, READY, HEALTH, RESTARTS, CPU and memory against its limits, AGE and image", () => {
    const session = newSession();
    story(session);
    const lines = paneLines(session);
    expect(lines[0]).toBe("4 containers: 1 restarting, 2 running, 1 terminated; sort name↑");
    expect(lines[1]).toMatch(/^NAME\s+STATE\s+READY\s+HEALTH\s+RESTARTS\s+CPU\s+MEM\s+AGE\s+IMAGE$/);
    const kept = new Map(session.kernelView().containers.rows().map((r) => [r.name, r]));
    expect(rowOf(lines, "leaky")).toMatch(new RegExp(`^leaky\\s+Restarting \\(OOMKilled\\)\\s+0/1\\s+-\\s+${kept.get("leaky")!.restarts}\\s`));
    expect(kept.get("leaky")!.restarts).toBeGreaterThan(0);
    expect(rowOf(lines, "burner")).toMatch(/^burner\s+Running\s+1\/1\s+-\s+0\s+████████ 1000m\/1000m\s+█░░░░░░░ 2\.0M\/host\s+2m\s+busybox:latest$/); // throttled at its limit
    expect(rowOf(lines, "web")).toMatch(/^web\s+Running\s+1\/1\s+healthy\s+0\s+░░░░░░░░ 0m\/500m\s+█░░░░░░░ 8\.0M\/64M\s+2m\s+nginx:latest$/);
    expect(rowOf(lines, "once")).toMatch(/^once\s+Terminated\s+0\/1\s+-\s+0\s+0m\s+░░░░░░░░ 0\/host\s+2m/);
  });

  it("reads the kept figures without changing anything: drawing a hundred frames writes no audit entry, event or log line", () => {
    const session = newSession();
    story(session);
    const view = session.kernelView();
    const before = { audit: view.audit.stats().recorded, events: view.containers.events().length, rows: view.containers.rows() };
    const first = paneLines(session);
    for (let draw = 0; draw < 100; draw++) expect(paneLines(session)).toEqual(first);
    expect({ audit: view.audit.stats().recorded, events: view.containers.events().length, rows: view.containers.rows() }).toEqual(before);
  });

  it("follows the clock: the leaking container's restarts climb with back-off as time passes", () => {
    const session = newSession();
    story(session);
    const restartsAt = () => Number(rowOf(paneLines(session), "leaky").split(/\s{2,}/)[4]);
    const early = restartsAt();
    ok(session, "sleep 10m");
    expect(restartsAt()).toBeGreaterThan(early);
    expect(rowOf(paneLines(session), "web")).toMatch(/\s12m\s/); // AGE
  });

  it("sorts by a column (trouble first by state, biggest first by figure) and filters by name, image or state", () => {
    const session = newSession();
    story(session);
    const names = (lines: readonly string[]) => lines.slice(2).map((line) => line.split(" ")[0]);
    expect(names(paneLines(session))).toEqual(["burner", "leaky", "once", "web"]);
    expect(names(paneLines(session, { sort: { key: "state", reversed: false } }))).toEqual(["leaky", "burner", "web", "once"]);
    expect(names(paneLines(session, { sort: { key: "cpu", reversed: false } }))[0]).toBe("burner");
    expect(names(paneLines(session, { sort: { key: "mem", reversed: false } }))[0]).toBe("web");
    expect(names(paneLines(session, { sort: { key: "name", reversed: true } }))).toEqual(["web", "once", "leaky", "burner"]);
    expect(names(paneLines(session, { sort: { key: "nonsense", reversed: false } }))).toEqual(["burner", "leaky", "once", "web"]); // an unknown key: the default
    const nginx = paneLines(session, { filters: { containers: "NGINX" } });
    expect(nginx[0]).toBe("4 containers: 1 restarting, 2 running, 1 terminated; sort name↑; filter 'NGINX': 1 shown");
    expect(names(nginx)).toEqual(["web"]);
    expect(names(paneLines(session, { filters: { containers: "running" } }))).toEqual(["burner", "web"]);
    expect(paneLines(session, { filters: { containers: "zzz" } }).slice(1)).toEqual(["(no container matches 'zzz')"]);
  });

  it("keeps top's pane to eight rows and says how many more watch ctr shows", () => {
    const session = newSession();
    run(session, ...Array.from({ length: 12 }, (_, n) => ({ name: `box${String(n).padStart(2, "0")}`, image: "busybox" })));
    ok(session, "sleep 1s");
    const top = paneLines(session, {}, "all");
    expect(top.slice(2, -1).map((line) => line.split(" ")[0])).toEqual(["box00", "box01", "box02", "box03", "box04", "box05", "box06", "box07"]);
    expect(top.at(-1)).toBe("… 4 more: watch ctr");
    expect(paneLines(session)).toHaveLength(14); // watch ctr: summary, head and all 12
  });

  it("follows ctr list's rules: a user who may not list containers is refused watch ctr and sees why in top", () => {
    const session = newSession();
    story(session);
    ok(session, "user add bob; sec chmod ctr 0700; su bob");
    const denied = session.execute("ctr list").error!;
    expect(denied).toMatch(/permission denied: bob may not ctr\.list ctr: bob lacks read/);
    expect(session.execute("watch ctr").error).toMatch(/permission denied: bob may not kernel\.watch ctr: bob lacks read \(r\) on ctr \(rwx------\)/); // the same DAC, decided on watch's own object
    const top = ok(session, "top");
    expect(top.slice(top.indexOf("containers"), top.indexOf("containers") + 2)).toEqual(["containers", "ctr: denied by dac: bob lacks read (r) on ctr (rwx------)"]);
    expect(top.join("\n")).not.toContain("leaky");
  });

  it("drops HEALTH and IMAGE and shows percentages in a narrow terminal", () => {
    const session = newSession();
    story(session);
    const narrow = paneLines(session, { columns: 80 });
    expect(narrow[1]).toMatch(/^NAME\s+STATE\s+READY\s+RESTARTS\s+CPU\s+MEM\s+AGE$/);
    expect(rowOf(narrow, "leaky")).toMatch(/^leaky\s+Restarting\s+0\/1/); // the reason needs the wide layout
    expect(rowOf(narrow, "burner")).toMatch(/█████ 100%\s+█░░░░ 0%\s+2m$/);
    expect(paneLines(session, { columns: 120 })[1]).not.toContain("IMAGE");
  });
});

describe("pane cells", () => {
  it.each([
    [0, 8, "░░░░░░░░"], [0.001, 8, "█░░░░░░░"], [0.5, 8, "████░░░░"], [1, 5, "█████"], [3.5, 5, "█████"], [-1, 5, "░░░░░"],
  ])("fills a meter to %f of %i blocks", (fraction, width, bar) => {
    expect(meter(fraction, width)).toBe(bar);
  });
});

const rowArbitrary: fc.Arbitrary<ContainerRow> = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/),
  state: fc.constantFrom(...CONTAINER_STATE_NAMES),
  image: fc.constantFrom("nginx:latest", "busybox:latest", "redis:7.4"),
  cpuMillicores: fc.integer({ min: 0, max: 4000 }),
  cpuLimitMillicores: fc.integer({ min: 0, max: 4000 }),
  memoryBytes: fc.integer({ min: 0, max: 2 ** 30 }),
  memoryLimitBytes: fc.integer({ min: 0, max: 2 ** 30 }),
  restarts: fc.integer({ min: 0, max: 20 }),
  ready: fc.boolean(),
  health: fc.constantFrom(...HEALTH_NAMES),
  reason: fc.constantFrom("", "Completed", "Error", "OOMKilled"),
  uptimeMs: fc.integer({ min: 0, max: 10 ** 7 }),
  createdMs: fc.integer({ min: 0, max: 10 ** 7 }),
}) as fc.Arbitrary<ContainerRow>;

const NOW_MS = 10 ** 7;
const figureOf: Record<string, (r: ContainerRow) => number | string> = {
  name: (r) => r.name,
  cpu: (r) => -r.cpuMillicores,
  mem: (r) => -r.memoryBytes,
  restarts: (r) => -r.restarts,
  age: (r) => r.createdMs, // oldest first
  state: (r) => ["Failed", "Restarting", "Stopping", "Starting", "Paused", "Running", "Created", "Stopped", "Terminated"].indexOf(r.state),
};

describe("sorting and filtering (property)", () => {
  property.prop([fc.uniqueArray(rowArbitrary, { selector: (r) => r.name, maxLength: 30 }), fc.constantFrom(...CTR_SORT_KEYS), fc.boolean()])("a sort is a permutation in the key's order, ties by name", (rows, key, reversed) => {
    const order: CtrOrder = { key, reversed };
    const sorted = sortRows(rows, order, NOW_MS);
    expect([...sorted].sort((a, b) => compareNames(a.name, b.name))).toEqual([...rows].sort((a, b) => compareNames(a.name, b.name)));
    for (let i = 1; i < sorted.length; i++) {
      const [a, b] = [figureOf[key]!(sorted[i - 1]!), figureOf[key]!(sorted[i]!)];
      const byKey = typeof a === "string" ? compareNames(a, b as string) : a - (b as number);
      expect(byKey * (reversed ? -1 : 1)).toBeLessThanOrEqual(0);
      if (byKey === 0) expect(compareNames(sorted[i - 1]!.name, sorted[i]!.name)).toBeLessThan(0);
    }
  });

  property.prop([fc.array(rowArbitrary, { maxLength: 30 }), fc.stringMatching(/^[a-zA-Z0-9]{0,4}$/)])("a filter keeps exactly the rows whose name, image or state contains it", (rows, filter) => {
    const kept = filterRows(rows, filter);
    const wanted = filter.toLowerCase();
    expect(kept).toEqual(rows.filter((r) => [r.name, r.image, r.state].some((text) => text.toLowerCase().includes(wanted))));
  });
});

describe("watch ctr frames", () => {
  for (const [columns, rows] of [[120, 40], [80, 24]] as const) {
    it(`fits ${columns}x${rows}: every line within the width, the frame shorter than the screen, the rows that fit shown`, () => {
      const session = newSession({ interactive: true, wallClockMs: () => 0 });
      story(session);
      run(session, ...Array.from({ length: 40 }, (_, n) => ({ name: `worker-${String(n).padStart(2, "0")}`, image: "redis", memoryBytes: 128 * MIB, liveness: "tcp:6379" })));
      ok(session, "sleep 30s");
      const terminal = new SmallTerminal(columns, rows);
      const instance = renderInk(<LiveView session={session} view={{ name: "watch", group: "ctr", denials: {} }} onLeave={() => {}} />, {
        stdout: terminal as unknown as NodeJS.WriteStream,
        stdin: new QuietKeyboard() as unknown as NodeJS.ReadStream,
        debug: true,
        patchConsole: false,
      });
      const frame = terminal.frames.filter((written) => written.includes("kshell watch ctr")).at(-1) ?? "";
      instance.unmount();
      const lines = frame.split("\n");
      expect(lines.length).toBeLessThan(rows);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(columns);
      expect(frame).toContain("44 containers: 1 restarting, 42 running, 1 terminated; sort name↑");
      expect(frame).toMatch(columns === 120 ? /NAME\s+STATE\s+READY\s+HEALTH\s+RESTARTS\s+CPU\s+MEM\s+AGE/ : /NAME\s+STATE\s+READY\s+RESTARTS\s+CPU\s+MEM\s+AGE/);
      expect(frame).toMatch(columns === 120 ? /│ burner\s+Running\s+1\/1\s+-\s+0\s+████████ 1000m\/1000m\s+█░░░░░░░ 2\.0M\/host\s+2m30s\s+│/ : /│ burner\s+Running\s+1\/1\s+0\s+█████ 100%\s+█░░░░ 0%\s+2m30s\s+│/);
      expect(frame).toMatch(/│ worker-\d\d\s+Running\s+1\/1\s/);
      expect(frame).toContain("s sort · r reverse"); // a sortable pane says so, at 80 columns too
    });
  }

  it("takes s (next column), r (reverse) and / (a filter: q and Esc are text then, Enter keeps it, Esc clears it)", async () => {
    const session = newSession({ interactive: true, wallClockMs: () => 0 });
    story(session);
    let left = 0;
    const { lastFrame, stdin } = render(<LiveView session={session} view={{ name: "watch", group: "ctr", denials: {} }} onLeave={() => left++} />);
    await frameWhere(lastFrame, (f) => f.includes("sort name↑"));
    await type(stdin, "s");
    await frameWhere(lastFrame, (f) => f.includes("sort state↑") && f.indexOf("leaky") < f.indexOf("burner"));
    await type(stdin, "r");
    await frameWhere(lastFrame, (f) => f.includes("sort state↓") && f.indexOf("once") < f.indexOf("web"));
    await type(stdin, "/", "w", "q", "\x7f", "e", "b");
    let frame = await frameWhere(lastFrame, (f) => f.includes("filter: web▏"));
    expect(left).toBe(0); // q was text
    await type(stdin, "\r");
    frame = await frameWhere(lastFrame, (f) => f.includes("filter 'web': 1 shown") && f.includes("Ctrl-C leave"));
    expect(frame).not.toContain("burner");
    await type(stdin, "/", "\x1b");
    await frameWhere(lastFrame, (f) => f.includes("sort state↓") && !f.includes("filter '") && f.includes("burner") && f.includes("q/Esc/Ctrl-C leave"));
    expect(left).toBe(0); // Esc cleared the filter
    await type(stdin, "q");
    expect(left).toBe(1);
  });

  it("keeps a typed filter to PANE_FILTER_LENGTH_MAX characters", async () => {
    const session = newSession({ interactive: true, wallClockMs: () => 0 });
    story(session);
    const { lastFrame, stdin } = render(<LiveView session={session} view={{ name: "watch", group: "ctr", denials: {} }} onLeave={() => {}} />);
    await type(stdin, "/", "x".repeat(PANE_FILTER_LENGTH_MAX + 10));
    const frame = await frameWhere(lastFrame, (f) => f.includes("filter: x"));
    expect(frame).toContain(`filter: ${"x".repeat(PANE_FILTER_LENGTH_MAX)}▏`);
  });
});
