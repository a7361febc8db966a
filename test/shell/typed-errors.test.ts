// The checks that moved out of `run` bodies into declarations (argument kinds, option rules) give
// the same error lines as before, and — running as the command starts, inside the gate — are
// still refused after the permission check and recorded in the audit trail.

import { describe, expect, it } from "vitest";
import { newSession, ok } from "../helpers.js";

describe("declared checks, as a person sees them", () => {
  const session = newSession();
  ok(session, "vol create db --size 1M");
  const refused: [string, string][] = [
    ["vol create a", "error: vol create: --size is required [EINVAL] — e.g. --size 1G"],
    ["vol create a --size 1G --thin --thick", "error: vol create: --thin and --thick exclude each other [EINVAL]"],
    ["vol create a --size 1G --pool pd/sp", "error: vol create: --pool is for distributed volumes [EINVAL]"],
    ["vol create a --size 1G --pool pd/sp --type block", "error: vol create: --pool is for distributed volumes [EINVAL]"],
    ["vol resize db 1Q", "error: bad size '1Q' [EINVAL] — use bytes or a unit: 512, 4K, 10M, 2G"],
    ["vol read db x 5", "error: bad offset 'x' [EINVAL] — use bytes or a unit: 512, 4K, 10M, 2G"],
    ["vol read db 0 5Q", "error: bad length '5Q' [EINVAL] — use bytes or a unit: 512, 4K, 10M, 2G"],
    ["vol write db 1Q --data x", "error: bad offset '1Q' [EINVAL] — use bytes or a unit: 512, 4K, 10M, 2G"],
    ["vol attach db bad!name", "error: host name 'bad!name' is not valid [EINVAL] — use letters, digits, '.', '_' and '-', starting with a letter or digit"],
    ["audit tail 0", "error: entry count 0 is out of range (1..9007199254740991) [EINVAL]"],
    ["audit ack x", "error: bad sequence number 'x': expected a whole number [EINVAL]"],
    ["audit filter del 0", "error: filter id 0 is out of range (1..9007199254740991) [EINVAL]"],
    ["audit filter add", "error: audit filter add: --effect is required [EINVAL] — choose one of: keep, drop, alert"],
    ["audit compliance add p1", "error: audit compliance add: --rule is required [EINVAL] — choose one of: denies-recorded, critical-acked, exported-before-wrap"],
    ["sec rule add", "error: sec rule add: --effect is required [EINVAL] — choose one of: allow, deny, audit"],
    ["sec rule del x", "error: bad rule id 'x': expected a whole number [EINVAL]"],
    ["cluster sds add s1 --pool pd1/sp1", "error: cluster sds add: --pool and --capacity are required [EINVAL] — e.g. --pool pd1/sp1 --capacity 1G"],
    ["cluster sds weight s1 x", "error: bad capacity 'x' [EINVAL] — use bytes or a unit: 512, 4K, 10M, 2G"],
    ["cluster shard show x", "error: bad shard id 'x': expected a whole number [EINVAL]"],
    ["cluster alert resolve 0", "error: alert id 0 is out of range (1..9007199254740991) [EINVAL]"],
    ["history x", "error: bad history count 'x': expected a whole number [EINVAL]"],
    ["tick 0", "error: tick count 0 is out of range (1..10000000) [EINVAL]"],
    ["sleep x", "error: bad duration 'x' [EINVAL] — use a number with a unit: 500ms, 10s, 5m, 1h, 2d, or several: 2m20s, 1h02m"],
  ];
  it.each(refused)("%s", (line, error) => {
    expect(session.execute(line)).toMatchObject({ ok: false, error });
  });

  it("audits a malformed argument as the failed call it always was", () => {
    session.execute("audit tail x");
    expect(ok(session, "audit tail 2").join("\n")).toMatch(/audit\.tail +audit +EINVAL +bad entry count 'x'/);
  });

  it("refuses a user without the right before looking at the arguments", () => {
    const other = newSession();
    ok(other, "user add alice");
    ok(other, "su alice");
    expect(other.execute("vol create b").error).toMatch(/^error: permission denied: alice may not vol\.create vol\/b/);
    expect(other.execute("sec rule del x").error).toMatch(/^error: permission denied: alice may not sec\.rule\.del sec\/rule\/x/);
  });
});
