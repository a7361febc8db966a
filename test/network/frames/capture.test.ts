// The capture ring (fixed frames and bytes, oldest dropped and counted, snaplen, filter) and the
// pcap file it saves (classic format, exact header bytes, simulated timestamps).

import { fc, test as prop } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { CaptureRing, compileFilter, icmpEchoFrame, pcapFile, readPcapFile, udpFrame, arpRequestFrame } from "../../../modules/network/frames/index.js";
import { CAPTURE_BYTES_MAX, CAPTURE_FRAME_MAX, CAPTURE_SNAPLEN_MAX } from "../../../src/limits.js";
import { IP_A, IP_B, MAC_A, MAC_B, PING_DATA, hex } from "./fixtures.js";

/** A frame of `length` bytes whose bytes all say `mark`: which one it was shows in what is read back. */
const marked = (length: number, mark: number): Uint8Array => new Uint8Array(length).fill(mark & 0xff);

describe("CaptureRing", () => {
  it("defaults to the named limits", () => {
    const ring = new CaptureRing();
    expect(ring.snaplen).toBe(CAPTURE_SNAPLEN_MAX);
    for (let i = 0; i < CAPTURE_FRAME_MAX; i++) ring.record(marked(60, i), i);
    expect([ring.length, ring.dropped]).toEqual([CAPTURE_FRAME_MAX, 0]);
    ring.record(marked(60, 7), CAPTURE_FRAME_MAX); // the CAPTURE_FRAME_MAX+1-th frame
    expect([ring.length, ring.dropped, ring.at(0).timeMs]).toEqual([CAPTURE_FRAME_MAX, 1, 1]);
    expect(CAPTURE_BYTES_MAX).toBeGreaterThanOrEqual(CAPTURE_SNAPLEN_MAX);
  });

  it("drops the oldest frame when its slots are full, and counts it", () => {
    const ring = new CaptureRing({ frames: 3 });
    for (let i = 0; i < 5; i++) ring.record(marked(10, i), i * 100);
    expect(ring.records().map((record) => [record.timeMs, record.frame[0]])).toEqual([[200, 2], [300, 3], [400, 4]]);
    expect(ring.dropped).toBe(2);
  });

  it("drops the oldest frames when its bytes are full, wrapping the arena without corrupting a kept frame", () => {
    const ring = new CaptureRing({ frames: 100, bytes: 100 });
    ring.record(marked(40, 1), 1);
    ring.record(marked(40, 2), 2);
    ring.record(marked(30, 3), 3); // does not fit before the end: wraps, and frame 1 goes
    expect(ring.records().map((record) => hex(record.frame))).toEqual([hex(marked(40, 2)), hex(marked(30, 3))]);
    ring.record(marked(50, 4), 4); // 30..80 runs into frame 2 (40..80)
    expect(ring.records().map((record) => record.frame[0])).toEqual([3, 4]);
    expect([ring.dropped, ring.bytesHeld]).toEqual([2, 80]);
  });

  it("keeps snaplen bytes and the original length", () => {
    const ring = new CaptureRing({ snaplen: 64 });
    const frame = icmpEchoFrame({ srcMac: MAC_A, dstMac: MAC_B, src: IP_A, dst: IP_B, type: "request", id: 1, seq: 1, data: PING_DATA });
    ring.record(frame, 5);
    expect(ring.at(0)).toMatchObject({ timeMs: 5, origLen: 98 });
    expect(hex(ring.at(0).frame)).toBe(hex(frame.subarray(0, 64)));
  });

  it("records only what its filter matches, and counts what it saw", () => {
    const ring = new CaptureRing({ filter: compileFilter("icmp") });
    const ping = icmpEchoFrame({ srcMac: MAC_A, dstMac: MAC_B, src: IP_A, dst: IP_B, type: "request", id: 1, seq: 1, data: PING_DATA });
    expect(ring.offer(arpRequestFrame({ srcMac: MAC_A, srcIp: IP_A, targetIp: IP_B }), 1)).toBe(false);
    expect(ring.offer(ping, 2)).toBe(true);
    expect([ring.length, ring.seen]).toEqual([1, 2]);
    ring.clear();
    expect([ring.length, ring.seen, ring.dropped]).toEqual([0, 0, 0]);
  });

  it.each([0, -1, 1.5, CAPTURE_SNAPLEN_MAX + 1])("refuses snaplen %s with EINVAL", (snaplen) => {
    expect(() => new CaptureRing({ snaplen })).toThrow(expect.objectContaining({ code: "EINVAL", message: expect.stringContaining("snaplen") }));
  });

  it("gives an empty frame a place of its own, so a frame written over it never hides a kept one", () => {
    const ring = new CaptureRing({ frames: 2, bytes: 120 });
    [0, 3, 118].forEach((length, i) => ring.record(marked(length, i + 1), i));
    expect(ring.records().map((record) => hex(record.frame))).toEqual([hex(marked(118, 3))]);
  });

  prop.prop([fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 120 })), { maxLength: 200 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 120, max: 400 })], { numRuns: 500 })(
    "keeps the newest frames, whole and in order, within its slots and bytes",
    (lengths, frames, bytes) => {
      const ring = new CaptureRing({ frames, bytes });
      lengths.forEach((length, i) => ring.record(marked(length, i), i));
      const kept = ring.records();
      const first = lengths.length - kept.length;
      expect(ring.dropped).toBe(first);
      expect(kept.length).toBeLessThanOrEqual(frames);
      expect(ring.bytesHeld).toBeLessThanOrEqual(bytes);
      kept.forEach((record, k) => {
        expect(record.timeMs).toBe(first + k);
        expect(hex(record.frame)).toBe(hex(marked(lengths[first + k]!, first + k)));
      });
      if (lengths.length > 0) expect(kept.length).toBeGreaterThan(0); // the newest is always kept
      if (lengths.length <= frames && lengths.reduce((sum, length) => sum + Math.max(length, 1), 0) <= bytes) expect(ring.dropped).toBe(0); // nothing goes while all fits (an empty frame takes a byte)
    },
  );
});

describe("pcapFile", () => {
  const ping = icmpEchoFrame({ srcMac: MAC_A, dstMac: MAC_B, src: IP_A, dst: IP_B, type: "request", id: 1, seq: 1, data: PING_DATA });
  const send = udpFrame({ srcMac: MAC_A, dstMac: MAC_B, src: IP_A, dst: IP_B, srcPort: 5000, dstPort: 6000, payload: new Uint8Array(10) });

  it("writes the classic header: magic a1b2c3d4, version 2.4, zone 0, sigfigs 0, snaplen, link type 1", () => {
    const file = pcapFile([], 65535);
    expect(hex(file)).toBe("d4c3b2a1" + "0200" + "0400" + "00000000" + "00000000" + "ffff0000" + "01000000");
  });

  it("writes each frame with its simulated time in seconds and microseconds, captured and original lengths", () => {
    const file = pcapFile([{ timeMs: 1_234.5, frame: ping, origLen: 98 }, { timeMs: 3_000, frame: send, origLen: send.length }], 64);
    const view = new DataView(file.buffer);
    expect([view.getUint32(24, true), view.getUint32(28, true), view.getUint32(32, true), view.getUint32(36, true)]).toEqual([1, 234_500, 64, 98]);
    expect(hex(file.subarray(40, 104))).toBe(hex(ping.subarray(0, 64)));
    expect(file.length).toBe(24 + 16 + 64 + 16 + send.length);
    const read = readPcapFile(file);
    expect(read.snaplen).toBe(64);
    expect(read.records.map((record) => [record.timeMs, record.frame.length, record.origLen])).toEqual([[1234.5, 64, 98], [3000, send.length, send.length]]);
  });

  it("round-trips a capture ring through a file", () => {
    const ring = new CaptureRing({ snaplen: 96 });
    [ping, send, ping].forEach((frame, i) => ring.record(frame, 1000 * i + 7));
    const read = readPcapFile(pcapFile(ring.records(), ring.snaplen));
    expect(read.records.map((record) => hex(record.frame))).toEqual(ring.records().map((record) => hex(record.frame)));
    expect(read.records.map((record) => record.timeMs)).toEqual([7, 1007, 2007]);
  });

  it("refuses times a pcap timestamp cannot hold, and files it cannot read", () => {
    expect(() => pcapFile([{ timeMs: -1, frame: ping, origLen: 98 }])).toThrow(expect.objectContaining({ code: "EINVAL" }));
    expect(() => pcapFile([{ timeMs: 2 ** 32 * 1000, frame: ping, origLen: 98 }])).toThrow(/pcap timestamp/);
    expect(() => readPcapFile(new Uint8Array(10))).toThrow(/shorter than its 24-byte header/);
    const bad = pcapFile([{ timeMs: 0, frame: ping, origLen: 98 }]);
    expect(() => readPcapFile(bad.subarray(0, bad.length - 1))).toThrow(/says 98 bytes/);
    bad[0] = 0;
    expect(() => readPcapFile(bad)).toThrow(/not a classic pcap file/);
  });
});
