// The subsystem contract (src/subsystem.ts) from the outside: a kernel built from the real list
// plus a tiny fake subsystem shows the fake's status row, saves and restores its part of
// state.json, refuses a bad part with one line, completes its object names, labels its objects
// and types its manager in the services a command sees — with no edit anywhere else. Then the
// house rules that keep the contract honest: src/ never imports modules/, and no module imports
// another (modules/subsystems.ts, the list, excepted).

import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { SUBSYSTEMS } from "../../modules/subsystems.js";
import { fail, isKernelError } from "../../src/errors.js";
import { OBJECT_LABEL_USER_MAX } from "../../src/limits.js";
import { ROOT, type Operation } from "../../src/gate.js";
import { Kernel, type KernelSnapshot } from "../../src/kernel.js";
import { duplicate, list, name, object } from "../../src/persistence/schema-parts.js";
import { validateSnapshot } from "../../src/persistence/validate-snapshot.js";
import { checkList, type Subsystem } from "../../src/subsystem.js";
import { ROOT_DIR, TEST_KEY } from "../helpers.js";
import { sourceFiles } from "./source-files.js";

const WIDGET_MAX = 4;

/** A fixed table of at most WIDGET_MAX names: the smallest manager there is. */
class Widgets {
  names: string[] = [];
  add(widget: string): void {
    if (this.names.length === WIDGET_MAX) fail("ENOSPC", `widget table is full: ${WIDGET_MAX} widgets (WIDGET_MAX)`);
    this.names.push(widget);
  }
  delete(widget: string): void {
    if (!this.names.includes(widget)) fail("ENOENT", `no widget '${widget}'`);
    this.names = this.names.filter((n) => n !== widget);
  }
}

interface SavedWidgets {
  readonly names: string[];
}

const WIDGET_KINDS = { widget: { path: "widget", labelled: true } } as const;

const widget: Subsystem<"widget", Widgets, SavedWidgets, { names(): string[] }, typeof WIDGET_KINDS> = {
  name: "widget",
  kinds: WIDGET_KINDS,
  auditType: "system",
  needs: ["performance"],
  offers: [],
  saved: {
    schema: object({ names: list(name, WIDGET_MAX, "WIDGET_MAX") }),
    check: (saved) => {
      const at = duplicate(saved.names, (n) => n);
      return at < 0 ? undefined : `widget.names[${at}]: '${saved.names[at]}' is used twice`;
    },
  },
  build: () => {
    const widgets = new Widgets();
    const view = { names: () => [...widgets.names] };
    return {
      manager: widgets,
      view,
      names: { widget: view.names },
      save: () => ({ names: [...widgets.names] }),
      restore: (saved) => {
        widgets.names = [...saved.names];
      },
      status: () => [{ subsystem: "widget", used: widgets.names.length, capacity: WIDGET_MAX, health: "ok", detail: "fake" }],
    };
  },
};

const WITH_WIDGET = [...SUBSYSTEMS, widget] as const;
const ADD: Operation = { action: "widget.add", object: "widget", type: "system", mutates: true, access: "write" };

function kernelWithWidgets(...names: string[]): Kernel<typeof WITH_WIDGET> {
  const kernel = new Kernel({ seed: 1, sealKey: TEST_KEY, subsystems: WITH_WIDGET });
  // Typed services: `k.widget` is a Widgets, `k.storage` still the storage manager.
  for (const n of names) kernel.syscall(ROOT, ADD, (k) => k.objects.create(ROOT, `widget/${n}`, () => k.widget.add(n)));
  return kernel;
}

function problemOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isKernelError(error)) return error.message;
    throw error;
  }
  return "(none)";
}

describe("a subsystem added to the list", () => {
  it("shows its status row, with the others' rows unchanged", () => {
    const plain = new Kernel({ seed: 1, sealKey: TEST_KEY, subsystems: SUBSYSTEMS }).view.status();
    const rows = kernelWithWidgets("a", "b").view.status();
    expect(rows[0]).toEqual({ subsystem: "widget", used: 2, capacity: WIDGET_MAX, health: "ok", detail: "fake" });
    expect(rows.slice(1).map((r) => r.subsystem)).toEqual(plain.map((r) => r.subsystem));
    expect(plain.map((r) => r.subsystem)).toEqual(["containers", "network", "storage", "cluster", "security/users", "security/rules", "audit"]);
  });

  it("saves its part of state.json under its name, which validates and restores to the same snapshot", () => {
    const kernel = kernelWithWidgets("a", "b");
    const text = JSON.stringify(kernel.toSnapshot());
    const parsed = JSON.parse(text) as KernelSnapshot<typeof WITH_WIDGET>;
    expect(parsed.widget).toEqual({ names: ["a", "b"] });
    const checked = validateSnapshot(parsed, WITH_WIDGET);
    if (!("snapshot" in checked)) throw new Error(checked.problem);
    const restored = Kernel.fromSnapshot(checked.snapshot, { sealKey: TEST_KEY, subsystems: WITH_WIDGET });
    expect(restored.view.widget.names()).toEqual(["a", "b"]);
    expect(JSON.stringify(restored.toSnapshot())).toBe(text);
    expect(restored.view.security.objectPaths()).toContain("widget/a"); // its labels survive the restore's prune: the objects exist
  });

  it("refuses a bad part with one line: its schema first, then its cross-field check", () => {
    const saved = JSON.parse(JSON.stringify(kernelWithWidgets("a").toSnapshot())) as Record<string, unknown>;
    expect(validateSnapshot({ ...saved, widget: { names: ["a", "b", "c", "d", "e"] } }, WITH_WIDGET)).toEqual({ problem: "widget.names: expected a list of at most 4 (WIDGET_MAX), got a list of 5" });
    expect(validateSnapshot({ ...saved, widget: { names: [""] } }, WITH_WIDGET)).toEqual({ problem: 'widget.names[0]: expected a name, got ""' });
    expect(validateSnapshot({ ...saved, widget: { names: ["a", "a"] } }, WITH_WIDGET)).toEqual({ problem: "widget.names[1]: 'a' is used twice" });
    expect(validateSnapshot({ ...saved, widget: undefined }, WITH_WIDGET)).toEqual({ problem: "widget: expected an object, got nothing" });
    // The installed list knows no widget: the part is ignored, as a newer file's fields are.
    expect("snapshot" in validateSnapshot(saved, SUBSYSTEMS)).toBe(true);
  });

  it("completes its object names through the kernel's view", () => {
    const kernel = kernelWithWidgets("gear", "cog");
    expect(kernel.view.complete("widget")).toEqual(["gear", "cog"]);
    expect(kernel.view.complete("volume")).toEqual([]);
    expect(kernel.view.complete("no-such-kind")).toBeUndefined();
  });

  it("labels its objects in the same call that makes them, and a full table fails clearly", () => {
    const kernel = kernelWithWidgets("a", "b", "c", "d");
    expect(kernel.view.security.objectPaths()).toEqual(expect.arrayContaining(["widget/a", "widget/d"]));
    expect(problemOf(() => kernelWithWidgets("a", "b", "c", "d", "e"))).toBe("widget table is full: 4 widgets (WIDGET_MAX)");
    expect(kernel.view.security.objectPaths().filter((p) => p.startsWith("widget/"))).toHaveLength(4); // the refused fifth left no label
    kernel.syscall(ROOT, { ...ADD, action: "widget.delete" }, (k) => k.objects.delete("widget/a", () => k.widget.delete("a")));
    expect(kernel.view.security.objectPaths()).not.toContain("widget/a");
    expect(problemOf(() => kernel.syscall(ROOT, { ...ADD, action: "widget.delete" }, (k) => k.objects.delete("widget/b", () => k.widget.delete("zz"))))).toBe("no widget 'zz'");
    expect(kernel.view.security.objectPaths()).toContain("widget/b"); // a delete that failed keeps the label
  });

  it("checks the label's room before making the object: a user past the label quota gets the quota error and no object", () => {
    const kernel = new Kernel({ seed: 1, sealKey: TEST_KEY, subsystems: WITH_WIDGET });
    const alice = kernel.syscall(ROOT, ADD, (k) => {
      const uid = k.objects.create(ROOT, "user/alice", () => k.security.accounts.addUser({ name: "alice" }));
      return { name: "alice", uid, gid: k.security.accounts.credentials(uid).gid };
    });
    let made = 0;
    const make = () => {
      made++;
    };
    // alice owns her user label already (chown'd below) and fills her share with labelled objects of her own.
    kernel.syscall(ROOT, ADD, (k) => k.security.labels.set("user/alice", { owner: alice.uid }));
    for (let i = 1; i < OBJECT_LABEL_USER_MAX; i++) kernel.syscall(ROOT, ADD, (k) => k.objects.create(alice, `widget/w${i}`, make));
    expect(made).toBe(OBJECT_LABEL_USER_MAX - 1);
    expect(problemOf(() => kernel.syscall(ROOT, ADD, (k) => k.objects.create(alice, "widget/one-more", make)))).toMatch(/^label quota exceeded: uid 1000 already owns 64 labelled objects/);
    expect(made).toBe(OBJECT_LABEL_USER_MAX - 1); // refused before `make` ran: nothing half-made
  });

  it("is refused when it needs a port no subsystem before it provides, or repeats a name; a list must provide the kernel's ports", () => {
    const needsBlocks = { ...widget, needs: ["blockDevices"] } as const;
    expect(problemOf(() => checkList([needsBlocks, ...SUBSYSTEMS]))).toBe("subsystem 'widget' needs port 'blockDevices', which no subsystem before it provides");
    expect(() => checkList([...SUBSYSTEMS, needsBlocks])).not.toThrow();
    expect(problemOf(() => checkList([...SUBSYSTEMS, { ...widget, name: "audit" }]))).toBe("subsystem 'audit' is listed twice or takes a name of the kernel's");
    expect(problemOf(() => checkList([...SUBSYSTEMS, { ...widget, name: "clock" }]))).toBe("subsystem 'clock' is listed twice or takes a name of the kernel's");
    expect(problemOf(() => new Kernel({ seed: 1, sealKey: TEST_KEY, subsystems: [widget] }))).toBe("the kernel needs port 'trail', which no subsystem in the list provides");
    const sneaky: typeof widget = { ...widget, build: (context, ports) => (ports.blockDevices.mappedClients("x"), widget.build(context, ports)) };
    expect(() => new Kernel({ seed: 1, sealKey: TEST_KEY, subsystems: [...SUBSYSTEMS, sneaky] })).toThrow("assertion failed: subsystem 'widget' uses port 'blockDevices', which its declaration does not list in needs");
  });
});

describe("imports point one way", () => {
  const importsOf = (file: string) => [...readFileSync(file, "utf8").matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map((m) => m[1]!);

  it("src/ never imports modules/", () => {
    for (const file of sourceFiles(join(ROOT_DIR, "src"))) {
      for (const target of importsOf(file)) expect(target, `${relative(ROOT_DIR, file)} imports ${target}`).not.toMatch(/modules\//);
    }
  });

  it("no module imports another module (the list, modules/subsystems.ts, excepted)", () => {
    const modulesDir = join(ROOT_DIR, "modules");
    for (const file of sourceFiles(modulesDir)) {
      const own = relative(modulesDir, file).split("/")[0]!;
      if (own === "subsystems.ts") continue;
      for (const target of importsOf(file)) {
        const resolved = relative(modulesDir, join(file, "..", target));
        const other = resolved.startsWith("..") ? undefined : resolved.split("/")[0];
        expect(other === undefined || other === own, `${relative(ROOT_DIR, file)} imports ${target}`).toBe(true);
      }
    }
  });

  it("every module declares its subsystem in index.ts, and the list holds each once", () => {
    expect(SUBSYSTEMS.map((s) => s.name)).toEqual(["audit", "security", "cluster", "storage", "network", "containers"]);
    for (const s of SUBSYSTEMS) expect(readFileSync(join(ROOT_DIR, "modules", s.name, "index.ts"), "utf8")).toContain('export { subsystem } from "./subsystem.js";');
    expect(v.safeParse(SUBSYSTEMS[0].saved.schema, {}).success).toBe(false);
  });
});
