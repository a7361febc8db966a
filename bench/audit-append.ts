// Audit append against its physical limit: a bare SHA-256 chain over the same canonical bytes.
// The limit gets each entry's canonical text prebuilt (outside the timed loop) and only chains:
// hash(previous hex + canonical) to hex, as chain.ts does. So the ratio says how much the append
// adds around the hash: filters, interning, the columns, building the canonical text.
// pino is shown beside it with a synchronous destination on /dev/null (its default destination
// buffers and writes later, while the audit trail does no I/O) and with a no-op stream.
// Rounds interleave audit, chain and pino; each figure is a median with min-max over rounds.
// Bundled and run by bench/run.mjs; prints one JSON line.

import { hash } from "node:crypto";
import { Writable } from "node:stream";
import pino from "pino";
import { AuditEventType, AuditingSystem, AuditLevel, type AuditRecord } from "../modules/audit/index.js";
import { canonicalText, GENESIS_HASH } from "../modules/audit/chain.js";
import { Clock } from "../src/clock.js";
import { AUDIT_ENTRY_MAX } from "../src/limits.js";
import { cpuSeconds as seconds } from "./cpu-time.js";

const ENTRIES = 10_000; // per round: short rounds, paired, so both sides of a ratio see the same machine
const ROUNDS = 31;

const records: AuditRecord[] = Array.from({ length: 1024 }, (_, i) => ({
  level: i % 7 === 0 ? AuditLevel.Warning : AuditLevel.Info,
  type: i % 3 === 0 ? AuditEventType.Security : AuditEventType.Storage,
  uid: i % 5 === 0 ? 1000 : 0,
  action: ["vol.write", "vol.read", "net.send", "ctr.start"][i % 4]!,
  object: `vol${i % 32}`,
  result: "success",
  message: `wrote ${4096 * (i % 16)} bytes at offset ${i * 512}`,
}));


// The trail runs full (the steady state of a kernel that has been up a while): each append also
// retires the oldest entry. Entry n is appended at simulated time n.
const clock = new Clock();
const trail = new AuditingSystem(clock, new Uint8Array(32));
let appended = 0;
function appendRound(): number {
  return seconds(() => {
    for (let i = 0; i < ENTRIES; i++) {
      clock.advance(1);
      trail.append(records[appended++ & 1023]!);
    }
  });
}

// The limit: the same canonical bytes the trail hashed, prebuilt, chained with nothing else.
let previous = GENESIS_HASH;
// All rounds' bytes are built before any timing, so the garbage collector does not move them mid-round.
const FIRST_TIMED = Math.ceil((AUDIT_ENTRY_MAX + 2 * ENTRIES) / ENTRIES) * ENTRIES; // whole untimed rounds: fill the ring, warm the code
const canonical = Array.from({ length: ROUNDS * ENTRIES }, (_, i) => canonicalText(FIRST_TIMED + i + 1, FIRST_TIMED + i + 1, records[(FIRST_TIMED + i) & 1023]!));
function chainRound(round: number): number {
  return seconds(() => {
    for (let i = round * ENTRIES; i < (round + 1) * ENTRIES; i++) previous = hash("sha256", previous + canonical[i]!, "hex");
  });
}

function pinoRound(logger: pino.Logger): number {
  return seconds(() => {
    for (let i = 0; i < ENTRIES; i++) logger.info({ seq: i + 1, timeMs: i, ...records[i & 1023]! });
  });
}

const syncPino = pino(pino.destination({ dest: "/dev/null", sync: true }));
const noopPino = pino(new Writable({ write: (_chunk, _encoding, done) => done() }));
const audit: number[] = [];
const chain: number[] = [];
const pinoSync: number[] = [];
const pinoNoop: number[] = [];
while (appended < FIRST_TIMED) appendRound();
for (let round = 0; round < ROUNDS; round++) chainRound(round); // warm the chain's code the same way
previous = GENESIS_HASH;
for (let round = 0; round < ROUNDS; round++) {
  chain.push(ENTRIES / chainRound(round));
  audit.push(ENTRIES / appendRound());
  pinoSync.push(ENTRIES / pinoRound(syncPino));
  pinoNoop.push(ENTRIES / pinoRound(noopPino));
}
if (trail.lastSeq() !== FIRST_TIMED + ROUNDS * ENTRIES || trail.verify().ok !== true) throw new Error("the trail does not verify after the bench");
const ratios = audit.map((value, i) => value / chain[i]!);
process.stdout.write(`${JSON.stringify({ entries: ENTRIES, audit, chain, pinoSync, pinoNoop, ratios })}\n`);
