// Tampering with a state directory outside kshell, and crashes at the wrong moment (issue 10):
// every edit is caught at start, naming the file (and the record), also after ordinary runs;
// replay reproduces what happened, failures included, and never applies a record twice.

import { createHmac } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalText, chainHash } from "../../modules/audit/chain.js";
import { AUDIT_LEVEL_NAMES, AUDIT_TYPE_NAMES } from "../../modules/audit/index.js";
import { kshell, startKshell, tempDir } from "../helpers.js";

type Entry = { seq: number; timeMs: number; level: string; type: string; uid: number; action: string; object: string; result: string; message: string; hash: string };
type Saved = { audit: { headSeq: number; lost: number; anchorHash: string; entries: Entry[] }; security: { accounts: unknown }; seal?: string };

/** A state directory after a few commands, a save and one more ordinary run. */
function stateAfterOrdinaryRuns(): { state: string; file: string } {
  const state = tempDir();
  expect(kshell(["--state", state], "sleep 1s\ntick 2\nuser add alice\nstatus\naudit stats\nsleep 1s\nsave\n").status).toBe(0);
  expect(kshell(["--state", state], "status\n").status).toBe(0);
  return { state, file: join(state, "state.json") };
}

function edit(file: string, change: (saved: Saved) => void): void {
  const saved = JSON.parse(readFileSync(file, "utf8")) as Saved;
  change(saved);
  writeFileSync(file, JSON.stringify(saved, null, 2));
}

/** Seals state.json again with the directory's key, as only someone holding audit.key could. */
function reseal(state: string): void {
  const file = join(state, "state.json");
  const { seal: _seal, ...body } = JSON.parse(readFileSync(file, "utf8")) as Saved;
  const key = readFileSync(join(state, "audit.key"));
  const seal = createHmac("sha256", key).update(`kshell-state\n${JSON.stringify(body)}`).digest("hex");
  writeFileSync(file, JSON.stringify({ ...body, seal }, null, 2));
}

function rehash(entries: Entry[], from: number, previous: string): void {
  for (const entry of entries.slice(from)) {
    const fields = { ...entry, level: AUDIT_LEVEL_NAMES.indexOf(entry.level as never), type: AUDIT_TYPE_NAMES.indexOf(entry.type as never) };
    entry.hash = chainHash(previous, canonicalText(entry.seq, entry.timeMs, fields));
    previous = entry.hash;
  }
}

const tampers: [string, (s: Saved) => void, RegExp][] = [
  ["an edited message", (s) => void (s.audit.entries[2]!.message = "nothing to see"), /entry #3 does not match its hash/],
  ["an edited entry with its hash recomputed", (s) => {
    s.audit.entries[2]!.message = "nothing to see";
    rehash(s.audit.entries.slice(0, 3), 2, s.audit.entries[1]!.hash);
  }, /entry #4 does not match its hash/],
  ["the whole chain rewritten consistently", (s) => {
    s.audit.entries[2]!.message = "nothing to see";
    rehash(s.audit.entries, 0, s.audit.anchorHash);
  }, /differs from the sealed head \(chain rewritten\)/],
  ["the newest entries truncated", (s) => {
    s.audit.entries = s.audit.entries.slice(0, -2);
    s.audit.headSeq -= 2;
  }, /trail truncated: sealed head #\d+ is gone/],
  ["the oldest entries dropped and lost raised", (s) => {
    const dropped = s.audit.entries.splice(0, 2);
    s.audit.anchorHash = dropped[1]!.hash;
    s.audit.lost += 2;
  }, /the oldest entries dropped/],
];

describe("audit tampering after ordinary runs", () => {
  it.each(tampers)("%s: state.json is refused at start, naming it", (_kind, tamper) => {
    const { state, file } = stateAfterOrdinaryRuns();
    edit(file, tamper);
    const run = kshell(["--state", state], "status\n");
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`kshell: cannot use state ${file}: does not match its seal: edited outside kshell, or sealed with another audit.key\n`);
    expect(readFileSync(file, "utf8")).toContain("audit"); // left as it was
  });

  it.each(tampers)("%s, state.json resealed with the key: a warning at start, and verify fails after further runs", (_kind, tamper, problem) => {
    const { state, file } = stateAfterOrdinaryRuns();
    edit(file, tamper);
    reseal(state);
    for (let run = 0; run < 2; run++) {
      const ordinary = kshell(["--state", state], "audit stats\n");
      expect(ordinary.status).toBe(0);
      expect(ordinary.stderr).toMatch(new RegExp(`^kshell: warning: the audit trail in ${state} does not verify: failed at #\\d+: .*; see audit verify\\n$`));
      if (run === 0) expect(ordinary.stderr).toMatch(problem); // later runs: the head has moved past the old seal
    }
    const verify = kshell(["--state", state], "audit verify\n");
    expect(verify.status).toBe(1);
    expect(verify.stderr).toMatch(/audit trail verification failed at #\d+/);
  });

  it("a replaced audit.key: state.json is refused; a missing one is an error, never made anew", () => {
    const { state, file } = stateAfterOrdinaryRuns();
    const key = join(state, "audit.key");
    const original = readFileSync(key);
    writeFileSync(key, Buffer.alloc(32, 1));
    expect(kshell(["--state", state], "status\n").stderr).toContain(`${file}: does not match its seal`);
    rmSync(key);
    const run = kshell(["--state", state], "status\n");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${key}: is missing, but the directory holds state sealed with it`);
    expect(kshell([], "echo a run without --state\n", { KSHELL_HOME: state }).status).toBe(0); // borrows the default dir's key: never makes one here
    expect(existsSync(key)).toBe(false);
    writeFileSync(key, original, { mode: 0o600 });
    expect(kshell(["--state", state], "audit verify\n").status).toBe(0);
  });

  it("users edited in state.json are refused at start", () => {
    const { state, file } = stateAfterOrdinaryRuns();
    edit(file, (s) => void (s.security.accounts = JSON.parse(JSON.stringify(s.security.accounts).replace('"alice"', '"mallory"'))));
    const run = kshell(["--state", state], "user list\n");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${file}: does not match its seal`);
  });
});

describe("journal injection", () => {
  it("a line appended to journal.jsonl stops the load, naming the record", () => {
    const { state } = stateAfterOrdinaryRuns();
    expect(kshell(["--state", state], "user add mallory\n").status).toBe(0);
    const journal = join(state, "journal.jsonl");
    writeFileSync(journal, ""); // compacted at exit; a journal of one kept record, then the injected one
    const run0 = startKshell(["--state", state], ["status"], "HEALTH");
    return run0.seen.then(async () => {
      run0.child.kill("SIGKILL");
      await run0.exited;
      appendFileSync(journal, '{"t":0,"user":"root","line":"sec caps mallory +CAP_SYS_ADMIN"}\n');
      const run = kshell(["--state", state], "user list\n");
      expect(run.status).toBe(2);
      expect(run.stderr).toBe(`kshell: cannot use state ${journal}: record 2: seq: not a record number\n`);
    });
  });
});

describe("a crash in compaction", () => {
  it("between the snapshot's rename and emptying the journal applies nothing twice", async () => {
    const state = tempDir();
    const run = startKshell(["--state", state], ["sleep 10s", "sec rule add --effect deny --uid 1000 --action vol.delete", "echo ready"], "ready");
    await run.seen;
    run.child.kill("SIGKILL");
    await run.exited;
    const journal = join(state, "journal.jsonl");
    const before = readFileSync(journal, "utf8");
    expect(kshell(["--state", state], "save\n").status).toBe(0); // the snapshot now holds those records
    writeFileSync(journal, before); // put them back, as a crash before the truncation leaves them
    const after = kshell(["--state", state], "clock\nsec rule list\n");
    expect(after.status).toBe(0);
    expect(after.stdout).toContain("T+00:00:10");
    expect(after.stdout.match(/vol\.delete/g)).toHaveLength(1);
  });
});

describe("failed commands through kill -9", () => {
  it("replay as the failures they were: export, vol read --out and save on a missing directory", async () => {
    const state = tempDir();
    const failing = ["audit export /nonexistent-dir/x", "vol create d --size 1M", "vol read d 0 4 --out /nonexistent-dir/y", "save /nonexistent-dir/z"];
    const run = startKshell(["--state", state, "--keep-going"], [...failing, "audit query --json", "echo ready"], "ready");
    await run.seen;
    run.child.kill("SIGKILL");
    await run.exited;
    const stdout = run.output().stdout;
    const before = JSON.parse(stdout.slice(stdout.indexOf("\n{") + 1, stdout.lastIndexOf("\n}") + 2)) as { entries: Entry[] };
    const after = JSON.parse(kshell(["--state", state], "audit query --json\n").stdout) as { entries: Entry[] };
    expect(after.entries.slice(0, before.entries.length)).toEqual(before.entries); // same entries, same hashes
    // Each failure is audited twice: the host file operation at the gate, then the command that asked for it.
    expect(before.entries.filter((e) => e.result === "ENOENT").map((e) => `${e.action} ${e.message}`)).toEqual([
      "host.write cannot export to /nonexistent-dir/x: no such directory /nonexistent-dir",
      "audit.export cannot export to /nonexistent-dir/x: no such directory /nonexistent-dir",
      "host.write cannot write /nonexistent-dir/y: no such directory /nonexistent-dir",
      "vol.read cannot write /nonexistent-dir/y: no such directory /nonexistent-dir",
      "host.write cannot save to /nonexistent-dir/z: no such directory /nonexistent-dir",
      "kernel.save cannot save to /nonexistent-dir/z: no such directory /nonexistent-dir",
    ]);
    const stats = JSON.parse(kshell(["--state", state], "audit stats --json\n").stdout) as { exportedThroughSeq: number };
    expect(stats.exportedThroughSeq).toBe(0);
    expect(kshell(["--state", state], "audit verify\n").status).toBe(0);
  });
});
