// The adversarial run's short form (issue #10), through the built binary: a small count of each
// attack, each asserting the goal — 0 escalations, every tamper kind reported, 0 forged or
// replayed tokens accepted, 0 lost or doubled records, every corrupt-state case a clear error with
// the files untouched and the lock released. The goals themselves live in expectations.ts; the
// long form is `npm run adversarial -- --long`.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseline } from "./baseline.js";
import { corruptState } from "./corrupt.js";
import { compactionCrash, failedReplay, killTrials, liveUnrelatedLock, lockRaces } from "./durability.js";
import { escalations } from "./escalation.js";
import { COUNTS } from "./long.js";
import { removeScratch } from "./run.js";
import { auditTamper, fileEdits } from "./tamper.js";
import { tokenAttacks } from "./tokens.js";

const n = COUNTS.short;
const SLOW_MS = 60_000; // the machines are shared; a healthy attack takes a few seconds

describe("the adversarial run, short form", () => {
  beforeAll(async () => {
    await baseline();
  }, SLOW_MS);
  afterAll(() => removeScratch(true));

  it("lets no simulated user escalate (history, label flood, host files)", async () => {
    expect((await escalations(n.escalationRounds)).failures).toEqual([]);
  }, SLOW_MS);

  it("reports every kind of audit tampering after an ordinary run", async () => {
    expect((await auditTamper(n.tamperRounds)).failures).toEqual([]);
  }, SLOW_MS);

  it("stops a load on injected, edited, reordered or dropped journal records and edited snapshots", async () => {
    expect((await fileEdits(n.editRounds)).failures).toEqual([]);
  }, SLOW_MS);

  it("accepts no forged or replayed IO token", async () => {
    expect((await tokenAttacks(n.tokenRounds)).failures).toEqual([]);
  }, SLOW_MS);

  it("loses no acknowledged user when kshells race for a stale lock, and a reused pid blocks no one", async () => {
    expect((await lockRaces(n.lockRaces)).failures).toEqual([]);
    expect((await liveUnrelatedLock()).failures).toEqual([]);
  }, SLOW_MS);

  it("keeps every acknowledged write through kill -9", async () => {
    expect((await killTrials(n.killTrials, 1)).failures).toEqual([]);
  }, SLOW_MS);

  it("applies nothing twice after a crash between snapshot and journal truncation", async () => {
    expect((await compactionCrash(n.compaction)).failures).toEqual([]);
  }, SLOW_MS);

  it("replays failed host-file commands as failures", async () => {
    expect((await failedReplay(n.failedReplay)).failures).toEqual([]);
  }, SLOW_MS);

  it("refuses every corrupt state file with one clear line, untouched, unlocked, without hanging", async () => {
    expect((await corruptState(false)).failures).toEqual([]);
  }, SLOW_MS);
});
