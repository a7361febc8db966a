// Frame codecs and capture (modules/network/frames) against the plainest code doing the same
// copying: building a 1 KiB UDP frame (checksums included) / allocating and filling the same
// bytes; filtering and recording it in the capture ring / copying it into a kept array; decoding a
// line per frame; writing a pcap of a full ring. Bundled and run by bench/run.mjs; prints one
// JSON line of figures (medians of ROUNDS, with the spread: (max - min) / median).

import { CaptureRing, compileFilter, decodeLine, parseIpv4, parseMac, pcapFile, udpFrame } from "../modules/network/frames/index.js";

const FRAMES = 200_000;
const ROUNDS = 7;
const payload = new Uint8Array(1000).fill(0x61);
const fields = { srcMac: parseMac("52:54:00:00:00:01"), dstMac: parseMac("52:54:00:00:00:02"), src: parseIpv4("10.0.0.1"), dst: parseIpv4("10.0.0.2"), srcPort: 40000, dstPort: 9000, payload, vlan: 10 };
const frame = udpFrame(fields);

function perSecond(work: () => void, count: number): number {
  const start = process.hrtime.bigint();
  work();
  return count / (Number(process.hrtime.bigint() - start) / 1e9);
}

function measure(work: () => void, count: number): { median: number; spread: number } {
  const values = Array.from({ length: ROUNDS }, () => perSecond(work, count)).sort((a, b) => a - b);
  const median = values[Math.floor(ROUNDS / 2)]!;
  return { median, spread: (values.at(-1)! - values[0]!) / median };
}

let sink = 0;
const build = measure(() => {
  for (let i = 0; i < FRAMES; i++) sink += udpFrame(fields)[i & 1023] ?? 0;
}, FRAMES);
const plainBuild = measure(() => {
  for (let i = 0; i < FRAMES; i++) {
    const bytes = new Uint8Array(frame.length);
    bytes.set(payload, frame.length - payload.length);
    sink += bytes[i & 1023] ?? 0;
  }
}, FRAMES);

const filter = compileFilter("udp port 9000 and vlan 10 and host 10.0.0.2");
const ring = new CaptureRing({ filter });
const capture = measure(() => {
  for (let i = 0; i < FRAMES; i++) ring.offer(frame, i);
}, FRAMES);
const kept: Uint8Array[] = new Array<Uint8Array>(4096);
const plainCapture = measure(() => {
  for (let i = 0; i < FRAMES; i++) kept[i & 4095] = frame.slice();
}, FRAMES);
const decode = measure(() => {
  for (let i = 0; i < FRAMES / 10; i++) sink += decodeLine(frame).length;
}, FRAMES / 10);
const records = ring.records();
const pcapBytes = pcapFile(records).length;
const pcap = measure(() => {
  for (let i = 0; i < 10; i++) sink += pcapFile(records).length;
}, 10);

console.log(JSON.stringify({ build, plainBuild, capture, plainCapture, decode, pcapMBps: { median: (pcap.median * pcapBytes) / 1024 ** 2, spread: pcap.spread }, ringFrames: records.length, sink: sink > 0 }));
