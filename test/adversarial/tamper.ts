// Tampering with the files of a state directory after an ordinary run, then using kshell as usual.
// The audit trail is edited in the six ways of issue #10 (recomputing hashes with the project's own
// chain functions, as an attacker who read the source would; never with the key), then one
// ordinary command runs in a new kshell and `audit verify` in another: the edit must be reported.
// The journal gets an injected root command (in the old record format and in a format guessed
// from its last record), a reordering, a dropped middle record, and state.json's users and labels
// are edited: the load must stop with a clear error (or refuse the record), and alice must never
// end up holding CAP_SYS_ADMIN.

import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { canonicalText, chainHash } from "../../modules/audit/chain.js";
import { AUDIT_LEVEL_NAMES, AUDIT_TYPE_NAMES } from "../../modules/audit/types.js";
import { baseline, freshState } from "./baseline.js";
import { applied, editStopsLoad, figure, holdsCapability, tamperReported, type Figure } from "./expectations.js";
import { copyState, editSnapshot, onState, readJson, type Json, type Run } from "./run.js";

type Entry = Json;

const TAMPERED = 3; // entries edited, dropped or truncated
const ESCALATION = "sec caps alice +CAP_SYS_ADMIN";

function hashOf(previous: string, e: Entry): string {
  const fields = { level: AUDIT_LEVEL_NAMES.indexOf(e.level), type: AUDIT_TYPE_NAMES.indexOf(e.type), uid: e.uid, action: e.action, object: e.object, result: e.result, message: e.message };
  return chainHash(previous, canonicalText(e.seq, e.timeMs, fields));
}

/** Recomputes the hashes from `from` on, and points the seal (not its MAC: no key) at the new head. */
function rechain(audit: Json, from: number): void {
  const entries = audit.entries as Entry[];
  for (let i = from; i < entries.length; i++) entries[i]!.hash = hashOf(i === 0 ? audit.anchorHash : entries[i - 1]!.hash, entries[i]!);
  const head = entries[entries.length - 1]!;
  if (audit.seal) audit.seal = { ...audit.seal, seq: head.seq, hash: head.hash };
}

function editAudit(edit: (audit: Json) => void): (state: string) => void {
  return (state) => {
    const file = join(state, "state.json");
    const snapshot = readJson(file) as Json;
    edit(snapshot.audit);
    writeFileSync(file, JSON.stringify(snapshot));
  };
}

const middle = (audit: Json) => Math.floor(audit.entries.length / 2);

export const AUDIT_TAMPERS: readonly { readonly name: string; readonly tamper: (state: string) => void }[] = [
  { name: "edit a message", tamper: editAudit((a) => (a.entries[middle(a)].message += " (edited)")) },
  {
    name: "edit one entry and recompute its hash",
    tamper: editAudit((a) => {
      const at = middle(a);
      a.entries[at].message += " (edited)";
      a.entries[at].hash = hashOf(a.entries[at - 1].hash, a.entries[at]);
    }),
  },
  {
    name: "rewrite the whole chain consistently",
    tamper: editAudit((a) => {
      a.entries[middle(a)].message += " (edited)";
      rechain(a, middle(a));
    }),
  },
  {
    name: "truncate the newest entries",
    tamper: editAudit((a) => {
      a.entries.splice(-TAMPERED);
      a.headSeq = a.entries[a.entries.length - 1].seq;
      rechain(a, a.entries.length - 1);
    }),
  },
  {
    name: "drop the oldest entries and raise lost",
    tamper: editAudit((a) => {
      const dropped = a.entries.splice(0, TAMPERED) as Entry[];
      a.anchorHash = dropped[dropped.length - 1]!.hash;
      a.lost += TAMPERED;
    }),
  },
  { name: "replace audit.key", tamper: (state) => writeFileSync(join(state, "audit.key"), randomBytes(32)) },
  { name: "remove audit.key", tamper: (state) => rmSync(join(state, "audit.key")) },
];

let settled: string | undefined;

/** A copy of the baseline with its journal folded into the snapshot: the trail an ordinary run leaves. */
async function settledState(): Promise<string> {
  if (settled === undefined) {
    settled = copyState(await baseline(), true);
    const settle = onState(settled, ["status"]);
    if (settle.status !== 0) throw new Error(`settling the baseline failed: ${settle.stderr}`);
  }
  return copyState(settled);
}

export async function auditTamper(tries: number): Promise<Figure> {
  const result = figure("audit tamper after an ordinary run", "all 6 kinds reported (audit.key replaced and removed counted apart)");
  for (let round = 0; round < tries; round++) {
    for (const { name, tamper } of AUDIT_TAMPERS) {
      result.tries++;
      const state = await settledState();
      const notApplied = applied(tamper, state);
      if (notApplied !== undefined) {
        result.failures.push(`${name}: ${notApplied}`);
        continue;
      }
      const ordinary = onState(state, ["vol list"]);
      const verify = onState(state, ["audit verify"]);
      if (!tamperReported(ordinary, verify)) result.failures.push(`${name}: not reported (audit verify said: ${verify.stdout.trim() || verify.stderr.trim()})`);
    }
  }
  return result;
}

const records = (state: string) => readFileSync(join(state, "journal.jsonl"), "utf8").split("\n").filter((line) => line !== "");
const writeRecords = (state: string, lines: readonly string[]) => writeFileSync(join(state, "journal.jsonl"), lines.map((line) => `${line}\n`).join(""));

/** The last record with its command replaced by root's escalation and any sequence number advanced. */
function guessedRecord(last: string): string {
  const record = JSON.parse(last) as Json;
  for (const key of Object.keys(record)) if (/seq/i.test(key) && typeof record[key] === "number") record[key]++;
  return JSON.stringify({ ...record, user: "root", line: ESCALATION });
}

interface FileEdit {
  readonly name: string;
  readonly file: RegExp;
  readonly mayRefuseRecord: boolean; // an injected record may instead be refused, the load going on
  readonly edit: (state: string) => void;
}

export const FILE_EDITS: readonly FileEdit[] = [
  { name: "journal: root command appended (old format)", file: /journal\.jsonl/, mayRefuseRecord: true, edit: (s) => writeRecords(s, [...records(s), JSON.stringify({ t: 0, user: "root", line: ESCALATION })]) },
  { name: "journal: root command appended (guessed format)", file: /journal\.jsonl/, mayRefuseRecord: true, edit: (s) => writeRecords(s, [...records(s), guessedRecord(records(s).at(-1)!)]) },
  { name: "journal: a record's command edited", file: /journal\.jsonl/, mayRefuseRecord: false, edit: (s) => writeRecords(s, records(s).map((r, i) => (i === 0 ? JSON.stringify({ ...JSON.parse(r), user: "root", line: ESCALATION }) : r))) },
  { name: "journal: two records reordered", file: /journal\.jsonl/, mayRefuseRecord: false, edit: (s) => writeRecords(s, [records(s)[1]!, records(s)[0]!, ...records(s).slice(2)]) },
  { name: "journal: a middle record dropped", file: /journal\.jsonl/, mayRefuseRecord: false, edit: (s) => writeRecords(s, records(s).filter((_, i) => i !== 1)) },
  { name: "state.json: alice given root's capabilities", file: /state\.json/, mayRefuseRecord: false, edit: editSnapshotUser((u) => (u.capabilities = [4294967295, 511])) },
  { name: "state.json: alice given uid 0", file: /state\.json/, mayRefuseRecord: false, edit: editSnapshotUser((u) => (u.uid = 0)) },
  { name: "state.json: vol/d owned by alice", file: /state\.json/, mayRefuseRecord: false, edit: editSnapshot((s) => (s.security.labels.find((l: Json) => l.path === "vol/d").owner = 1000)) },
];

function editSnapshotUser(edit: (user: Json) => void): (state: string) => void {
  return editSnapshot((s) => edit(s.security.accounts.users.find((u: Json) => u.name === "alice")));
}

/** Journal and snapshot edits: stopped (or the injected record refused), never alice escalated. */
export async function fileEdits(tries: number): Promise<Figure> {
  const result = figure("journal injection and state edits", "load stops with a clear error (or refuses the record); alice never gains CAP_SYS_ADMIN");
  for (let round = 0; round < tries; round++) {
    for (const e of FILE_EDITS) {
      result.tries++;
      const state = await freshState();
      const notApplied = applied(e.edit, state);
      if (notApplied !== undefined) {
        result.failures.push(`${e.name}: ${notApplied}`);
        continue;
      }
      const run = onState(state, ["user list"]);
      const problem = judgeEdit(e, run);
      if (problem !== undefined) result.failures.push(`${e.name}: ${problem}`);
    }
  }
  return result;
}

function judgeEdit(e: FileEdit, run: Run): string | undefined {
  if (holdsCapability(run.stdout, "alice", "CAP_SYS_ADMIN")) return "alice holds CAP_SYS_ADMIN";
  const stopped = editStopsLoad(run, e.file);
  if (stopped === undefined) return undefined;
  if (e.mayRefuseRecord && run.status === 0) return undefined; // the record refused, the rest loaded
  return `not stopped: ${stopped}`;
}
