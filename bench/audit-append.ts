// Audit append with the SHA-256 chain against pino writing the same entries to /dev/null.
// Bundled and run by bench/run.mjs; prints one JSON line of figures.

import pino from "pino";
import { AuditEventType, AuditingSystem, AuditLevel, type AuditRecord } from "../modules/audit/index.js";
import { Clock } from "../src/clock.js";

const ENTRIES = 200_000;
const ROUNDS = 5;

const records: AuditRecord[] = Array.from({ length: 1024 }, (_, i) => ({
  level: i % 7 === 0 ? AuditLevel.Warning : AuditLevel.Info,
  type: i % 3 === 0 ? AuditEventType.Security : AuditEventType.Storage,
  uid: i % 5 === 0 ? 1000 : 0,
  action: ["vol.write", "vol.read", "net.send", "ctr.start"][i % 4]!,
  object: `vol${i % 32}`,
  result: "success",
  message: `wrote ${4096 * (i % 16)} bytes at offset ${i * 512}`,
}));

function timeAudit(): number {
  const clock = new Clock();
  const audit = new AuditingSystem(clock, new Uint8Array(32));
  const start = process.hrtime.bigint();
  for (let i = 0; i < ENTRIES; i++) {
    clock.advance(1);
    audit.append(records[i & 1023]!);
  }
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** pino as it comes (default options), writing each entry with its sequence number and time. */
function timePino(): number {
  const logger = pino(pino.destination("/dev/null"));
  const start = process.hrtime.bigint();
  for (let i = 0; i < ENTRIES; i++) logger.info({ seq: i + 1, timeMs: i, ...records[i & 1023]! });
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const audit: number[] = [];
const logger: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  audit.push(timeAudit());
  logger.push(timePino());
}
const auditSeconds = median(audit);
const pinoSeconds = median(logger);
process.stdout.write(`${JSON.stringify({ entries: ENTRIES, auditPerSecond: ENTRIES / auditSeconds, pinoPerSecond: ENTRIES / pinoSeconds })}\n`);
