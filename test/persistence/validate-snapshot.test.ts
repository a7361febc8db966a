// The snapshot validator against a busy kernel's own snapshot: it passes as it is, and any one
// field replaced with a hostile value is either refused with one line naming a path, or restores
// without anything but a KernelError (no TypeError, RangeError or assertion from a restore that
// trusted the file). Mutations are seeded (fast-check), so a failure names its seed.

import { SUBSYSTEMS } from "../../modules/subsystems.js";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { isKernelError } from "../../src/errors.js";
import { Kernel, type KernelSnapshot } from "../../src/kernel.js";
import { validateSnapshot } from "../../src/persistence/validate-snapshot.js";
import { newSession, ok, TEST_KEY } from "../helpers.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

let snapshot: KernelSnapshot;
let leaves: (string | number)[][];

function leafPaths(value: Json, path: (string | number)[], out: (string | number)[][]): void {
  if (Array.isArray(value)) value.slice(0, 4).forEach((item, index) => leafPaths(item, [...path, index], out)); // a few of each list
  else if (typeof value === "object" && value !== null) for (const [key, item] of Object.entries(value)) leafPaths(item, [...path, key], out);
  out.push(path);
}

function replaced(root: Json, path: readonly (string | number)[], value: Json): Json {
  const copy = structuredClone(root) as Record<string | number, Json>;
  if (path.length === 0) return value;
  let parent = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  parent[path.at(-1)!] = value;
  return copy as Json;
}

const HOSTILE: Json[] = [null, -1, 0, 1.5, 99, 2 ** 31, 2 ** 40, 2 ** 60, 1e300, -1e300, "", "x", "*".repeat(300), [], [1, 2, 3], {}, true];

describe("validateSnapshot", () => {
  beforeAll(() => {
    const session = newSession();
    ok(session, "user add alice --password a --clearance internal");
    ok(session, "sec rule add --effect deny --user alice --object vol:* --action vol.snap.*");
    ok(session, "vol create data --size 1M --tier hdd; sec chmod vol/data 640; vol write data 4096 --data hello; vol snap create data before");
    ok(session, "vol create copy --size 1M; vol replicate start data copy --bw 512K; audit filter add --effect drop --level debug");
    ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2 --consistency eventual");
    ok(session, "cluster sds add sds1 --pool pd1/sp1 --capacity 64M; cluster sds add sds2 --pool pd1/sp1 --capacity 64M");
    ok(session, "cluster sdc add host1; vol create dv --type distributed --pool pd1/sp1 --size 4M; cluster map dv host1");
    ok(session, "vol write dv 0 --data cluster; sleep 2s");
    snapshot = JSON.parse(JSON.stringify(session.kernel.toSnapshot())) as KernelSnapshot;
    leaves = [];
    leafPaths(snapshot as unknown as Json, [], leaves);
  });

  it("passes a busy kernel's snapshot and hands back the same object, unchanged", () => {
    const before = JSON.stringify(snapshot);
    const checked = validateSnapshot(snapshot, SUBSYSTEMS);
    expect(checked).toEqual({ snapshot });
    expect("snapshot" in checked && checked.snapshot).toBe(snapshot);
    expect(JSON.stringify(snapshot)).toBe(before);
  });

  it.each([
    [null, "expected a kernel snapshot (a JSON object), got null"],
    [[], "expected a kernel snapshot (a JSON object), got a list of 0"],
    ["", 'expected a kernel snapshot (a JSON object), got ""'],
    [0, "expected a kernel snapshot (a JSON object), got 0"],
  ])("refuses %j as a whole", (value, problem) => {
    expect(validateSnapshot(value, SUBSYSTEMS)).toEqual({ problem });
  });

  it("names the path of the first bad field", () => {
    const bad = replaced(snapshot as unknown as Json, ["security", "accounts", "users", 1, "clearance"], 99);
    expect(validateSnapshot(bad, SUBSYSTEMS)).toEqual({ problem: "security.accounts.users[1].clearance: expected a level 0..3, got 99" });
  });

  it("refuses any field replaced with a hostile value in one line, or restores it without a crash", () => {
    fc.assert(
      fc.property(fc.nat(), fc.constantFrom(...HOSTILE), (pick, value) => {
        const path = leaves[pick % leaves.length]!;
        const checked = validateSnapshot(replaced(snapshot as unknown as Json, path, value), SUBSYSTEMS);
        if ("problem" in checked) {
          expect(checked.problem).not.toContain("\n");
          return;
        }
        try {
          Kernel.fromSnapshot(checked.snapshot, { sealKey: TEST_KEY, subsystems: SUBSYSTEMS });
        } catch (error) {
          if (!isKernelError(error)) throw new Error(`${path.join(".")} = ${JSON.stringify(value)} passed validation but restoring threw ${String(error)}`);
        }
      }),
      { seed: 10, numRuns: 400 },
    );
  });
});
