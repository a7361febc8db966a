// Corrupt state: each case edits one file of a copy of the baseline state directory the way a bad
// disk, a bad editor or an attacker would, then starts kshell on it. The goal (issue #10): a clear
// one-line error on stderr naming the file (and the bad field, where there is one), exit 2, every
// state file byte-identical afterwards, the lock released, and no hang.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { freshState } from "./baseline.js";
import { applied, figure, lockReleased, refusedLoad, type Figure } from "./expectations.js";
import { editSnapshot, filesOf, kshell, type Json } from "./run.js";

const CORRUPT_TIMEOUT_MS = 3_000; // a load that takes longer spins (the issue: an hour of CPU)


interface CorruptCase {
  readonly name: string;
  readonly file: RegExp; // the file the error must name
  readonly field?: RegExp; // the field it must name
  readonly short: boolean; // in the CI short form (the list); the long form runs all
  readonly corrupt: (state: string) => void;
}

const STATE = /state\.json/;
const JOURNAL = /journal\.jsonl/;

function replaceFile(name: string, content: string | ((old: string) => string)): (state: string) => void {
  return (state) => {
    const file = join(state, name);
    writeFileSync(file, typeof content === "string" ? content : content(readFileSync(file, "utf8")));
  };
}

/** Edits the journal's records (parsed lines); the baseline's journal holds at least three. */
function editJournal(edit: (lines: string[]) => void): (state: string) => void {
  return replaceFile("journal.jsonl", (old) => {
    const lines = old.split("\n").filter((line) => line !== "");
    edit(lines);
    return lines.map((line) => `${line}\n`).join("");
  });
}

const users = (s: Json) => s.security.accounts.users as Json[];
const volume = (s: Json, name: string) => (s.storage.volumes as Json[]).find((v) => v.name === name)!;
const label = (s: Json, path: string) => (s.security.labels as Json[]).find((l) => l.path === path)!;

export const CORRUPT_CASES: readonly CorruptCase[] = [
  { name: "state.json = null", file: STATE, short: true, corrupt: replaceFile("state.json", "null") },
  { name: "state.json = []", file: STATE, short: true, corrupt: replaceFile("state.json", "[]") },
  { name: "state.json truncated", file: STATE, short: true, corrupt: replaceFile("state.json", (old) => old.slice(0, Math.floor(old.length / 2))) },
  { name: "clearance 99", file: STATE, field: /clearance/, short: true, corrupt: editSnapshot((s) => (users(s)[1]!.clearance = 99)) },
  { name: "clock 1e308", file: STATE, field: /clock/i, short: true, corrupt: editSnapshot((s) => (s.clockMs = 1e308)) },
  { name: "volume state 99", file: STATE, field: /volume/, short: true, corrupt: editSnapshot((s) => (volume(s, "d").state = 99)) },
  { name: "mode 2^40", file: STATE, field: /mode/, short: true, corrupt: editSnapshot((s) => (label(s, "vol/d").mode = 2 ** 40)) },
  { name: "bad rule glob", file: STATE, field: /glob|rule/i, short: true, corrupt: editSnapshot((s) => (s.security.rules.rules[0].objectGlob = "x".repeat(500))) },
  { name: "bad chunk ids", file: STATE, field: /chunk/i, short: true, corrupt: editSnapshot((s) => (volume(s, "d").chunks = [[-7, 1e12]])) },
  { name: "size 2^60", file: STATE, field: /size/i, short: true, corrupt: editSnapshot((s) => (volume(s, "d").sizeBytes = 2 ** 60)) },
  { name: "cluster nodes of wrong type", file: STATE, field: /nodes/, short: true, corrupt: editSnapshot((s) => (s.cluster.nodes = "sds1")) },
  { name: "cluster tokens of wrong type", file: STATE, field: /tokens/, short: true, corrupt: editSnapshot((s) => (s.cluster.tokens = 42)) },
  { name: "journal time 1e300 (appended)", file: JOURNAL, short: true, corrupt: editJournal((lines) => lines.push(JSON.stringify({ t: 1e300, user: "root", line: "sleep 1s" }))) },
  { name: "journal time 1e300 (edited)", file: JOURNAL, short: true, corrupt: editJournal((lines) => (lines[1] = JSON.stringify({ ...JSON.parse(lines[1]!), t: 1e300 }))) },
  { name: "journal garbage line in the middle", file: JOURNAL, short: true, corrupt: editJournal((lines) => lines.splice(1, 0, "garbage{")) },
  // the long form's further cases
  { name: "state.json empty", file: STATE, short: false, corrupt: replaceFile("state.json", "") },
  { name: "state.json = {}", file: STATE, short: false, corrupt: replaceFile("state.json", "{}") },
  { name: "state.json = 42", file: STATE, short: false, corrupt: replaceFile("state.json", "42") },
  { name: "state.json binary", file: STATE, short: false, corrupt: replaceFile("state.json", "\u0000\u0001\u00ff garbage") },
  { name: "version 999", file: STATE, field: /version/, short: false, corrupt: editSnapshot((s) => (s.version = 999)) },
  { name: "format other", file: STATE, field: /format/, short: false, corrupt: editSnapshot((s) => (s.format = "other")) },
  { name: "rng of wrong length", file: STATE, field: /rng/, short: false, corrupt: editSnapshot((s) => (s.rng = [1])) },
  { name: "clock negative", file: STATE, field: /clock/i, short: false, corrupt: editSnapshot((s) => (s.clockMs = -5)) },
  { name: "seed a string", file: STATE, field: /seed/, short: false, corrupt: editSnapshot((s) => (s.seed = "seven")) },
  { name: "audit entries a string", file: STATE, field: /entries|audit/, short: false, corrupt: editSnapshot((s) => (s.audit.entries = "x")) },
  { name: "audit headSeq negative", file: STATE, field: /headSeq|audit/, short: false, corrupt: editSnapshot((s) => (s.audit.headSeq = -5)) },
  { name: "audit entry level unknown", file: STATE, field: /level|audit/, short: false, corrupt: editSnapshot((s) => (s.audit.entries[0].level = "loud")) },
  { name: "uid 2^40", file: STATE, field: /uid/, short: false, corrupt: editSnapshot((s) => (users(s)[1]!.uid = 2 ** 40)) },
  { name: "capabilities of wrong type", file: STATE, field: /capabilit/, short: false, corrupt: editSnapshot((s) => (users(s)[1]!.capabilities = "all")) },
  { name: "label path empty", file: STATE, field: /path|label/, short: false, corrupt: editSnapshot((s) => (label(s, "vol/d").path = "")) },
  { name: "label owner -1", file: STATE, field: /owner|label/, short: false, corrupt: editSnapshot((s) => (label(s, "vol/d").owner = -1)) },
  { name: "rule effect unknown", file: STATE, field: /effect|rule/, short: false, corrupt: editSnapshot((s) => (s.security.rules.rules[0].effect = "maybe")) },
  { name: "volume tier 9", file: STATE, field: /tier/, short: false, corrupt: editSnapshot((s) => (volume(s, "d").tier = 9)) },
  { name: "volume name empty", file: STATE, field: /name|volume/, short: false, corrupt: editSnapshot((s) => (volume(s, "d").name = "")) },
  { name: "volume slot 999", file: STATE, field: /slot|volume/, short: false, corrupt: editSnapshot((s) => (volume(s, "d").slot = 999)) },
  { name: "volumes a number", file: STATE, field: /volumes/, short: false, corrupt: editSnapshot((s) => (s.storage.volumes = 7)) },
  { name: "node capacity negative", file: STATE, field: /capacity|nodes/, short: false, corrupt: editSnapshot((s) => (s.cluster.nodes[0].capacity = -1)) },
  { name: "node pool 99", file: STATE, field: /pool|nodes/, short: false, corrupt: editSnapshot((s) => (s.cluster.nodes[0].pool = 99)) },
  { name: "replicas truncated", file: STATE, field: /replicas/, short: false, corrupt: editSnapshot((s) => (s.cluster.replicas = s.cluster.replicas.slice(0, 3))) },
  { name: "replicaStates 99", file: STATE, field: /replica/i, short: false, corrupt: editSnapshot((s) => (s.cluster.replicaStates[0] = 99)) },
  { name: "cluster domains of wrong shape", file: STATE, field: /domains/, short: false, corrupt: editSnapshot((s) => (s.cluster.domains = [[0]])) },
  { name: "cluster health a string", file: STATE, field: /health/, short: false, corrupt: editSnapshot((s) => (s.cluster.health = "ok")) },
  { name: "cluster timers 1e300", file: STATE, field: /timers/, short: false, corrupt: editSnapshot((s) => (s.cluster.timers = [1e300, 1e300])) },
  { name: "cluster pool copies 0", file: STATE, field: /copies|pools/, short: false, corrupt: editSnapshot((s) => (s.cluster.pools[0].copies = 0)) },
  { name: "audit.key 5 bytes", file: /audit\.key/, short: false, corrupt: replaceFile("audit.key", "short") },
  { name: "journal record of wrong type", file: JOURNAL, short: false, corrupt: editJournal((lines) => (lines[1] = "[1,2,3]")) },
  { name: "journal line not a string", file: JOURNAL, short: false, corrupt: editJournal((lines) => (lines[1] = JSON.stringify({ ...JSON.parse(lines[1]!), line: 7 }))) },
  { name: "journal user unknown", file: JOURNAL, short: false, corrupt: editJournal((lines) => (lines[1] = JSON.stringify({ ...JSON.parse(lines[1]!), user: "mallory" }))) },
  { name: "journal time negative", file: JOURNAL, short: false, corrupt: editJournal((lines) => (lines[1] = JSON.stringify({ ...JSON.parse(lines[1]!), t: -1e9 }))) },
  { name: "journal size 2^60 line", file: JOURNAL, short: false, corrupt: editJournal((lines) => lines.push(JSON.stringify({ ...JSON.parse(lines[0]!), line: "vol resize d 1152921504606846976" }))) },
];

/** Runs every case (or only the short ones) once and judges it. */
export async function corruptState(long: boolean): Promise<Figure> {
  const result = figure("corrupt state and journal files", "each: exit 2, one line naming file and field, files untouched, lock released, no hang");
  for (const c of CORRUPT_CASES) {
    if (!long && !c.short) continue;
    result.tries++;
    const problem = await tryCase(c);
    if (problem !== undefined) result.failures.push(`${c.name}: ${problem}`);
  }
  return result;
}

async function tryCase(c: CorruptCase): Promise<string | undefined> {
  const state = await freshState();
  const notApplied = applied(c.corrupt, state);
  if (notApplied !== undefined) return notApplied;
  const before = filesOf(state);
  const run = kshell(["--state", state], ["status"], CORRUPT_TIMEOUT_MS);
  const refused = refusedLoad(run, c.file, c.field);
  if (refused !== undefined) return refused;
  const after = filesOf(state);
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((name) => before.get(name) !== after.get(name));
  if (changed.length > 0) return `changed ${changed.join(", ")}`;
  if (!lockReleased(state, run)) return "left its lock behind";
  return undefined;
}
