// Trail verification: recompute the hash chain over the ring's retained window, from the anchor,
// and check the HMAC seal. The report names the first bad entry and says what is wrong with it:
// deleted, reordered, edited (or the chain before it rewritten), truncated, or a seal that does
// not match the key or the head it sealed. Read-only: it never changes the ring.

import { entryHash, sealIsValid, type Seal } from "./chain.js";
import type { AuditRing } from "./ring.js";

export interface VerifyReport {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly sealed: boolean;
  readonly badSeq?: number;
  readonly problem?: string;
}

/** Recomputes the chain over the retained window and checks the seal; names the first bad entry. */
export function verifyTrail(ring: AuditRing, sealKey: Uint8Array, checkpoint: Seal | undefined): VerifyReport {
  const firstSeq = ring.lost + 1;
  const base = { checked: ring.count, firstSeq, lastSeq: ring.headSeq, sealed: checkpoint !== undefined };
  let previous = ring.anchorHash;
  for (let position = 0; position < ring.count; position++) {
    const slot = ring.slotAt(position);
    const seq = ring.seqs[slot]!;
    const expectedSeq = firstSeq + position;
    if (seq !== expectedSeq) return { ...base, ok: false, ...sequenceProblem(ring, position, expectedSeq) };
    const expected = entryHash(previous, seq, ring.timesMs[slot]!, ring.fieldsAt(slot));
    if (expected !== ring.hashAt(slot)) {
      return { ...base, ok: false, badSeq: seq, problem: `entry #${seq} does not match its hash (edited, or the chain before it was rewritten)` };
    }
    previous = expected;
  }
  if (firstSeq + ring.count - 1 !== ring.headSeq) {
    const badSeq = firstSeq + ring.count;
    return { ...base, ok: false, badSeq, problem: `trail truncated: entries #${badSeq}..#${ring.headSeq} are missing` };
  }
  return verifySeal(ring, sealKey, checkpoint, base);
}

/** Tells a deleted entry (its number appears nowhere later) from a reordered one. */
function sequenceProblem(ring: AuditRing, position: number, expectedSeq: number): { badSeq: number; problem: string } {
  for (let later = position + 1; later < ring.count; later++) {
    if (ring.seqs[ring.slotAt(later)] === expectedSeq) {
      return { badSeq: expectedSeq, problem: `entry #${expectedSeq} is out of order (reordered)` };
    }
  }
  return { badSeq: expectedSeq, problem: `entry #${expectedSeq} is missing (deleted)` };
}

function verifySeal(ring: AuditRing, sealKey: Uint8Array, seal: Seal | undefined, base: Omit<VerifyReport, "ok">): VerifyReport {
  if (seal === undefined) return { ...base, ok: true };
  if (!sealIsValid(sealKey, seal, ring.lost - ring.lostSinceCheckpoint)) {
    return { ...base, ok: false, badSeq: seal.seq, problem: "the seal does not match the audit key (seal forged, key replaced, or the oldest entries dropped)" };
  }
  if (seal.seq > ring.headSeq) {
    return { ...base, ok: false, badSeq: ring.headSeq + 1, problem: `trail truncated: sealed head #${seal.seq} is gone, last entry is #${ring.headSeq}` };
  }
  if (seal.seq >= base.firstSeq) {
    const slot = ring.slotAt(seal.seq - base.firstSeq);
    if (ring.hashAt(slot) !== seal.hash) {
      return { ...base, ok: false, badSeq: seal.seq, problem: `entry #${seal.seq} differs from the sealed head (chain rewritten)` };
    }
  }
  return { ...base, ok: true };
}
