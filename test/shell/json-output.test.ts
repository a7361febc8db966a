// --json is data for scripts: every command's JSON parses, carries numbers as numbers (rounded,
// no float noise from the simulated clock) and absence as null, never display text like "-",
// "12ms" or "1.0G". The commands run on a kernel with something in every subsystem.

import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { jsonNumber, jsonText } from "../../shell/json-output.js";
import type { Session } from "../../shell/session.js";
import { leaves, newSession, ok } from "../helpers.js";

const SETUP = [
  "vol create db --size 64M; vol write db 4096 --data hello; vol snap create db before",
  "vol create copy --size 64M --tier hdd; vol replicate start db copy --bw 16M; sleep 1s",
  "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2",
  "cluster sds add sds1 --pool pd1/sp1 --capacity 1G; cluster sds add sds2 --pool pd1/sp1 --capacity 1G; cluster sds add sds3 --pool pd1/sp1 --capacity 1G",
  "cluster sdc add host1; vol create dv --type distributed --pool pd1/sp1 --size 64M; cluster map dv host1",
  'vol write dv 0 --data "hello cluster"; cluster sds fail sds2; sleep 45s',
  "net create lan --type bridged --cidr 10.0.0.0/24; sleep 2s; net if add lan a; net if add lan b; net ping a 10.0.0.3 -c 2",
  'image pull nginx; image pull busybox; ctr run nginx --name web --mem 64M --cpu 500m; ctr run busybox --name leaky --cmd "leak 8M/s" --mem 32M --restart always',
  "node add w1 --cpu 4 --mem 8G; sleep 7s; user add alice",
];

// Every command a script reads figures from: lists, shows, status, the live views' one-shot JSON.
const COMMANDS = [
  "status", "top", "watch cluster", "watch vol", "watch net", "watch ctr", "watch audit", "watch sec", "watch pod", "clock",
  "vol list", "vol show db", "vol stats", "vol snap list db", "vol replicate status", "vol qos db", "vol read db 4096 5",
  "cluster status", "cluster sds list", "cluster sds show sds1", "cluster sdc list", "cluster alerts --all", "cluster health",
  "cluster rebuild status", "cluster shard list", "cluster tree", "cluster locate dv",
  "net list", "net show lan", "net fdb lan", "net stats", "net if list lan", "net leases lan",
  "ctr list -a", "ctr show leaky", "ctr stats -a", "ctr events", "image list", "image show nginx",
  "node list", "node show w1", "pod list", "user list", "sec rule list", "audit stats", "audit tail", "audit verify", "history",
];

const DISPLAY_TEXT = /^-$|^\d+(?:\.\d+)?\s?(?:ms|s|[KMGT]|[KMGT]i?B)$/;

describe("--json output", () => {
  let session: Session;
  beforeAll(() => {
    session = newSession();
    for (const line of SETUP) ok(session, line);
  });

  it.each(COMMANDS)("%s --json: numbers without noise, no display strings", (line) => {
    const parsed: unknown = JSON.parse(ok(session, `${line} --json`).join("\n"));
    const bad: string[] = [];
    for (const [path, leaf] of leaves(parsed)) {
      if (typeof leaf === "number" && !/^-?\d+(?:\.\d{1,3})?$/.test(String(leaf))) bad.push(`${path}: ${leaf}`);
      if (typeof leaf === "string" && DISPLAY_TEXT.test(leaf)) bad.push(`${path}: "${leaf}"`);
    }
    expect(bad).toEqual([]);
  });

  it("gives a storage node without a fault set null, a user's capabilities as a list", () => {
    const nodes = JSON.parse(ok(session, "cluster sds list --json").join("\n")).nodes;
    expect(nodes[0]).toMatchObject({ name: "sds1", faultSet: null, state: expect.stringMatching(/^[A-Z]+$/), draining: false });
    expect(ok(session, "cluster sds list").join("\n")).toMatch(/sds1\s+ACTIVE\s+pd1\/sp1\s+\S+\s+-\s/);
    const users = JSON.parse(ok(session, "user list --json").join("\n")).users;
    expect(users.find((u: { name: string }) => u.name === "alice").capabilities).toEqual([]);
    expect(users.find((u: { name: string }) => u.name === "root").capabilities.length).toBeGreaterThan(0);
  });
});

describe("jsonNumber", () => {
  it.each([
    [1069993.4461560003, 1069993.446], [1000.1000095367432, 1000.1], [0.10000953674316407, 0.1], [7000.749181667728, 7000.749],
    [42, 42], [-0.0001, 0], [Number.NaN, null], [Number.POSITIVE_INFINITY, null],
  ])("%d -> %s", (value, expected) => {
    expect(jsonNumber(value)).toBe(expected);
  });

  it("keeps integers, and moves a fraction by at most half a thousandth, printing at most three decimals", () => {
    fc.assert(fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (value) => {
      const rounded = jsonNumber(value)!;
      if (Number.isInteger(value)) expect(rounded).toBe(value);
      expect(Math.abs(rounded - value)).toBeLessThanOrEqual(0.0005 + 1e-9);
      expect(String(rounded)).toMatch(/^-?\d+(?:\.\d{1,3})?$/);
    }));
  });

  it("rounds after toJSON, so a live snapshot's figures are rounded too", () => {
    const snapshot = { toJSON: () => ({ nowMs: 1.23456 }) };
    expect(JSON.parse(jsonText(snapshot))).toEqual({ nowMs: 1.235 });
  });
});
