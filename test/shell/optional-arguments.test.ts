// Arguments and options left out never reach an audit entry or a message as "undefined": every
// command in the registry runs with only its required arguments, then with each of its flags, on
// a kernel where those arguments name real objects; and `audit ack` needs <seq> or --all.

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../shell/registry.js";
import { newSession, ok, tempDir } from "../helpers.js";

const SETUP = [
  "vol create d --size 1M",
  "user add alice",
  "cluster pd create pd1",
  "cluster pool create pd1/sp1 --copies 2",
  "cluster sds add s1 --pool pd1/sp1 --capacity 1G",
  "cluster sds add s2 --pool pd1/sp1 --capacity 1G",
  "cluster sdc add h1",
];
const VALUE_OF: Partial<Record<string, string>> = { volume: "d", user: "alice", sds: "s1", sdc: "h1", file: join(tempDir(), "out") };
const SKIPPED = ["exit", "reset", "load"]; // they end or replace the session under test
const UNSET = /undefined|NaN|\[object Object\]/;

/** Each command's line with only its required arguments, then once with each of its flags. */
function linesOf(spec: (typeof COMMANDS)[number]): string[] {
  const args = spec.args.filter((arg) => arg.required).map((arg) => VALUE_OF[arg.kind ?? ""] ?? "1");
  const flags = spec.options.filter((option) => option.kind === "flag" && option.replayOnly !== true).map((option) => [`--${option.name}`]);
  return [[], ...flags].map((extra) => [...spec.path, ...args, ...extra].join(" "));
}

describe("left-out arguments", () => {
  it("never show as undefined in an audit entry, an output line or an error", () => {
    const found: string[] = [];
    for (const spec of COMMANDS.filter((candidate) => !SKIPPED.includes(candidate.path[0]!))) {
      const session = newSession();
      for (const line of SETUP) ok(session, line);
      for (const line of linesOf(spec)) {
        const outcome = session.execute(line);
        for (const text of [...outcome.lines, outcome.error ?? ""]) if (UNSET.test(text)) found.push(`${line}: shows ${text}`);
        for (const entry of session.kernel.view.audit.tail(4)) if (UNSET.test(JSON.stringify(entry))) found.push(`${line}: audits ${JSON.stringify(entry)}`);
      }
    }
    expect([...new Set(found)]).toEqual([]);
  });
});

describe("audit ack", () => {
  it("without <seq> or --all is a usage error that reaches neither the gate nor the audit trail", () => {
    const session = newSession();
    const before = session.kernel.view.audit.tail(1)[0]!.seq;
    expect(session.execute("audit ack")).toMatchObject({ ok: false, error: "error: audit ack: missing <seq> (or --all) [EINVAL] — usage: audit ack <seq>|--all" });
    expect(session.execute("audit ack 1 --all")).toMatchObject({ ok: false, error: "error: audit ack: give <seq> or --all, not both [EINVAL] — usage: audit ack <seq>|--all" });
    expect(session.kernel.view.audit.tail(1)[0]!.seq).toBe(before);
  });

  it("shows <seq>|--all in its usage", () => {
    expect(ok(newSession(), "audit ack --help")[0]).toBe("usage: audit ack <seq>|--all");
  });

  it("acknowledges by sequence number or all at once, audited against the entry or the trail", () => {
    const session = newSession();
    ok(session, "audit ack --all");
    expect(session.execute("audit ack 1")).toMatchObject({ ok: false });
    const objects = session.kernel.view.audit.tail(4).filter((entry) => entry.action === "audit.ack").map((entry) => `${entry.object} ${entry.result}`);
    expect(objects).toContain("audit success");
    expect(objects.at(-1)).toMatch(/^audit\/1 /);
  });
});
