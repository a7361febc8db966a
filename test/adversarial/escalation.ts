// Escalation attempts by a simulated user (alice: no capabilities, password `a`) on a copy of the
// baseline. Each attempt returns what got through, or undefined. The goal (issue #10): 0.
//   history:   alice reads `history` for passwords typed by root (same session and a later one)
//              and tries them on ops, who may su to root; no file of the state holds one in clear
//   labels:    alice fills the object-label table, then root creates a volume: it must get its
//              own label (not world-writable) or not exist, and alice must not be able to write it
//   host files: alice's --file, --out, save, load, audit export are refused; root's are refused
//              on the state directory's own files; /dev/zero and a file larger than the volume are
//              refused before reading

import { readFileSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { StateStore } from "../../src/persistence/state-store.js";
import { Session } from "../../shell/session.js";
import { ALICE_PASSWORD, freshState, OPS_PASSWORD } from "./baseline.js";
import { figure, hostFileRefused, stateFileRefused, type Figure } from "./expectations.js";
import { exists, filesOf, onState, scratch } from "./run.js";

const LABEL_FLOOD = 1100; // more object labels than the table holds
const AS_ALICE = `su alice --password ${ALICE_PASSWORD}`;

/** Passwords a `history` listing shows (anything but the *** mask). */
function passwordsIn(text: string): string[] {
  return [...text.matchAll(/--password[= ](\S+)/g)].map((m) => m[1]!).filter((p) => !/^\*+$/.test(p));
}

/** alice tries every password she read on ops, then ops' su to root. */
function triesPasswords(state: string, history: string): string | undefined {
  const passwords = passwordsIn(history);
  for (const password of passwords) {
    for (const user of ["ops", "ops2"]) {
      const run = onState(state, [AS_ALICE, `su ${user} --password ${password}`, "su root", "whoami"]);
      if (/^root$/m.test(run.stdout)) return `alice became root through ${user} with a password read from history (${password})`;
    }
  }
  return passwords.length === 0 ? undefined : `alice read passwords from history (${passwords.join(", ")})`;
}

function historyChain(state: string): string | undefined {
  const sameSession = onState(state, [`user add ops2 --password ${OPS_PASSWORD}2 --caps CAP_SETUID`, `su ops2 --password ${OPS_PASSWORD}2`, "exit", AS_ALICE, "history"]);
  const leaked = triesPasswords(state, sameSession.stdout);
  if (leaked !== undefined) return `same session: ${leaked}`;
  const later = onState(state, [AS_ALICE, "history"]);
  const laterLeak = triesPasswords(state, later.stdout);
  if (laterLeak !== undefined) return `later session: ${laterLeak}`;
  for (const [name, base64] of filesOf(state)) {
    if (Buffer.from(base64, "base64").toString("latin1").includes(OPS_PASSWORD)) return `${name} holds ops' password in clear`;
  }
  return undefined;
}

/** The interactive shell keeps history on disk: root's session, then alice's in a later one (kernel API: the Ink prompt cannot be piped). */
function interactiveHistory(state: string): string | undefined {
  const session = (store: StateStore) => new Session({ seed: 1, sealKey: readFileSync(join(state, "audit.key")), store, interactive: true });
  const rootStore = StateStore.open(state);
  const root = session(rootStore);
  for (const line of [`user add ops3 --password ${OPS_PASSWORD}3 --caps CAP_SETUID`, `su ops3 --password ${OPS_PASSWORD}3`, "exit"]) root.execute(line);
  root.close();
  rootStore.close();
  const aliceStore = StateStore.open(state);
  const alice = session(aliceStore);
  const lines = [AS_ALICE, "history"].flatMap((line) => [...alice.execute(line).lines]);
  alice.close();
  aliceStore.close();
  if (!lines.some((line) => /history/.test(line))) return `alice's history listing is missing (${lines.join(" / ")})`;
  const leaked = passwordsIn(lines.join("\n"));
  if (leaked.length > 0) return `alice's history shows passwords (${leaked.join(", ")})`;
  const files = [...filesOf(state)].filter(([, base64]) => Buffer.from(base64, "base64").toString("latin1").includes(`${OPS_PASSWORD}3`)).map(([name]) => name);
  return files.length > 0 ? `${files.join(", ")} hold ops3's password in clear` : undefined;
}

function labelFlood(state: string): string | undefined {
  const flood = Array.from({ length: LABEL_FLOOD }, (_, i) => `sec chmod vol/mine/j${i + 1} 600`);
  const run = onState(state, [AS_ALICE, ...flood, "exit", "vol create rootvol --size 1M", "vol list", "sec ls vol/rootvol"]);
  const created = /^rootvol\s/m.test(run.stdout);
  if (created) {
    const own = run.stdout.split("\n").find((line) => /\svol\/rootvol$/.test(line.trimEnd()));
    if (own === undefined) return "root's rootvol was created without a label of its own";
    if (/^\S{7}w/.test(own.trim())) return `root's rootvol is world-writable: ${own.trim()}`;
  }
  const write = onState(state, [AS_ALICE, "vol write rootvol 0 --data pwned"]);
  if (/^wrote /m.test(write.stdout)) return "alice wrote into root's rootvol";
  return undefined;
}

/** Runs `attempts` in one kshell (after `setup`), going on past failures: the ones that were not refused. */
function notRefused(state: string, setup: readonly string[], attempts: readonly string[], refused: (stderrLine: string) => boolean): string[] {
  const run = onState(state, [...setup, ...attempts.map((line, i) => `${line}\necho attempt-${i}-done`)]);
  if (run.hung) return [`${attempts[0]} ... hung`];
  // each attempt's stdout comes before its echo marker; a refused one printed nothing there
  const chunks = run.stdout.split(/^attempt-\d+-done$/m);
  const errors = run.stderr.split("\n").filter((line) => line !== "");
  const through = attempts.filter((_, i) => chunks[i]?.split("\n").some((line) => /^(wrote|read|exported|saved|loaded)\b/.test(line)) ?? true);
  const wrongErrors = errors.filter((line) => !refused(line)).map((line) => `error not a refusal: ${line}`);
  return [...through.map((line) => `'${line}' was not refused`), ...wrongErrors];
}

/** Root opens vol d to everyone's DAC, so only host-file rules can stop alice. */
function hostFilesAsAlice(state: string): string | undefined {
  const out = join(scratch(), "out.bin");
  const attempts = [`vol write d 0 --file ${join(state, "audit.key")}`, "vol write d 0 --file /etc/hostname", `vol read d 0 4 --out ${out}`, `audit export ${join(scratch(), "trail.jsonl")}`, `save ${join(scratch(), "snap.json")}`, `load ${join(state, "state.json")}`];
  const through = notRefused(state, ["sec chmod vol/d 666", AS_ALICE], attempts, hostFileRefused);
  if (through.length > 0) return `alice: ${through.join("; ")}`;
  if (exists(out)) return `alice's vol read --out created ${out}`;
  const data = onState(state, ["vol read d 0 9"]).stdout.trim();
  return data === "base-data" ? undefined : `vol d now holds '${data}'`;
}

function hostFilesAsRoot(state: string): string | undefined {
  const big = join(scratch(), "big.bin");
  writeFileSync(big, "");
  truncateSync(big, 2 * 1024 ** 3); // sparse: 2 GiB the volume cannot take
  // hf is large enough for any state file, so only a refusal stops a write from one
  const stateFiles = [`vol write hf 0 --file ${join(state, "audit.key")}`, `vol write hf 0 --file ${join(state, "state.json")}`, `vol read hf 0 4 --out ${join(state, "state.json")}`, `save ${join(state, "journal.jsonl")}`, `audit export ${join(state, "history")}`];
  const through = notRefused(state, ["vol create hf --size 64M"], [...stateFiles, "vol write hf 0 --file /dev/zero", `vol write hf 0 --file ${big}`], stateFileRefused);
  return through.length > 0 ? `root: ${through.join("; ")}` : undefined;
}

export const ESCALATIONS: readonly { readonly name: string; readonly attempt: (state: string) => string | undefined }[] = [
  { name: "history leaks passwords", attempt: historyChain },
  { name: "interactive history across sessions", attempt: interactiveHistory },
  { name: "label table flood", attempt: labelFlood },
  { name: "host files as alice", attempt: hostFilesAsAlice },
  { name: "host files as root: state files, /dev/zero, huge file", attempt: hostFilesAsRoot },
];

export async function escalations(tries: number): Promise<Figure> {
  const result = figure("escalation attempts", "0 escalations");
  for (let round = 0; round < tries; round++) {
    for (const e of ESCALATIONS) {
      result.tries++;
      const got = e.attempt(await freshState());
      if (got !== undefined) result.failures.push(`${e.name}: ${got}`);
    }
  }
  return result;
}
