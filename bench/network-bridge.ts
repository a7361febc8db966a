// Bridge forwarding: frames per second through LearningBridge.forward() (learn, look up, forward,
// count) as a ratio to a plain Map-based learning switch doing the same work on the same frames
// in the same run (goal >= 2x). 16 ports (12 access in VLANs 10 and 20, 4 trunks carrying both),
// 512 stations, frames between stations of one VLAN with some broadcasts and unknown unicasts.
// Rounds alternate the two so a noisy machine moves both; prints one JSON line with the median
// ratio and its spread. Bundled and run by bench/run.mjs (or: esbuild --bundle, then node).

import { LearningBridge } from "../modules/network/bridge/index.js";
import { Rng } from "../src/rng.js";

const PORTS = 16;
const STATIONS = 512;
const FRAMES = 8192;
const PASSES = 40;
const ROUNDS = 15;

interface Station {
  readonly mac: number;
  readonly port: number;
  readonly vlan: number;
  readonly tagged: boolean;
}

function portVlan(port: number): number {
  return port < 6 ? 10 : 20;
}

function makeFrame(dst: number, src: number, vlan: number | undefined): Uint8Array {
  const header = vlan === undefined ? 14 : 18;
  const bytes = new Uint8Array(Math.max(60, header + 46));
  for (let i = 0; i < 6; i++) {
    bytes[i] = Math.floor(dst / 256 ** (5 - i)) % 256;
    bytes[6 + i] = Math.floor(src / 256 ** (5 - i)) % 256;
  }
  if (vlan !== undefined) bytes.set([0x81, 0x00, vlan >> 8, vlan & 0xff], 12);
  bytes.set([0x08, 0x00], header - 2);
  return bytes;
}

function workload(): { ports: Uint8Array; frames: Uint8Array[] } {
  const rng = new Rng(14);
  const stations: Station[] = Array.from({ length: STATIONS }, (_, i) => {
    const port = i % PORTS;
    const trunk = port >= 12;
    return { mac: 0x5254_0000_0000 + i + 1, port, vlan: trunk ? (i % 2 === 0 ? 10 : 20) : portVlan(port), tagged: trunk };
  });
  const ports = new Uint8Array(FRAMES);
  const frames: Uint8Array[] = [];
  for (let i = 0; i < FRAMES; i++) {
    const src = stations[rng.nextBelow(STATIONS)]!;
    const peers = stations.filter((s) => s.vlan === src.vlan && s !== src);
    const roll = rng.nextBelow(100);
    const dst = roll < 5 ? 0xffff_ffff_ffff : roll < 10 ? 0x5254_00ff_0000 + i : peers[rng.nextBelow(peers.length)]!.mac;
    ports[i] = src.port;
    frames.push(makeFrame(dst, src.mac, src.tagged ? src.vlan : undefined));
  }
  return { ports, frames };
}

function kernelBridge(): LearningBridge {
  const bridge = new LearningBridge();
  for (let port = 0; port < PORTS; port++) bridge.attach(port, port >= 12 ? { mode: "trunk", allowed: [10, 20] } : { mode: "access", vlan: portVlan(port) });
  return bridge;
}

// ---- the baseline: a learning switch written the plain way ---------------------------------

interface PlainPort {
  readonly access: number | undefined;
  readonly vlans: Set<number>;
  up: boolean;
  isolated: boolean;
  rxPackets: number;
  rxBytes: number;
  txPackets: number;
  txBytes: number;
  floods: number;
  drops: number;
}

class MapSwitch {
  readonly fdb = new Map<number, Map<number, { port: number; seenMs: number }>>(); // vlan -> mac -> entry
  readonly ports: PlainPort[] = Array.from({ length: PORTS }, (_, port) => ({
    access: port >= 12 ? undefined : portVlan(port),
    vlans: new Set(port >= 12 ? [10, 20] : [portVlan(port)]),
    up: true,
    isolated: false,
    ...{ rxPackets: 0, rxBytes: 0, txPackets: 0, txBytes: 0, floods: 0, drops: 0 },
  }));
  agingMs = 300_000;

  forward(p: number, bytes: Uint8Array, nowMs: number): { kind: string; vlan?: number; ports?: number[] } {
    const port = this.ports[p]!;
    port.rxPackets++;
    port.rxBytes += bytes.length;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const dst = view.getUint16(0) * 2 ** 32 + view.getUint32(2);
    const src = view.getUint16(6) * 2 ** 32 + view.getUint32(8);
    const tag = view.getUint16(12) === 0x8100 ? view.getUint16(14) & 0xfff : undefined;
    const vlan = tag === undefined ? port.access : port.access === undefined && port.vlans.has(tag) ? tag : undefined;
    if (vlan === undefined) {
      port.drops++;
      return { kind: "drop" };
    }
    let table = this.fdb.get(vlan);
    if (table === undefined) this.fdb.set(vlan, (table = new Map()));
    const known = table.get(src);
    if (known === undefined) table.set(src, { port: p, seenMs: nowMs });
    else {
      known.port = p;
      known.seenMs = nowMs;
    }
    const entry = (bytes[0]! & 1) === 0 ? table.get(dst) : undefined;
    const length = tag === undefined ? bytes.length : bytes.length - 4;
    if (entry !== undefined && nowMs - entry.seenMs < this.agingMs && entry.port !== p) {
      const to = this.ports[entry.port]!;
      to.txPackets++;
      to.txBytes += to.access === undefined ? length + 4 : length;
      return { kind: "unicast", vlan, ports: [entry.port] };
    }
    const out = this.ports.map((_, q) => q).filter((q) => q !== p && this.ports[q]!.up && this.ports[q]!.vlans.has(vlan) && !(port.isolated && this.ports[q]!.isolated));
    for (const q of out) {
      this.ports[q]!.txPackets++;
      this.ports[q]!.txBytes += this.ports[q]!.access === undefined ? length + 4 : length;
    }
    port.floods++;
    return { kind: "flood", vlan, ports: out };
  }
}

// ---- the run ---------------------------------------------------------------------------------

let sink = 0; // keeps the decisions alive so no run is optimised away

function framesPerSecond(forward: (port: number, frame: Uint8Array, nowMs: number) => { kind: string }, ports: Uint8Array, frames: Uint8Array[]): number {
  const start = process.hrtime.bigint();
  let nowMs = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    for (let i = 0; i < FRAMES; i++) {
      if (forward(ports[i]!, frames[i]!, nowMs).kind === "flood") sink++;
      nowMs += 0.01;
    }
  }
  return (PASSES * FRAMES) / (Number(process.hrtime.bigint() - start) / 1e9);
}

const { ports, frames } = workload();
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rounds: { bridge: number; map: number }[] = [];
for (let round = 0; round < ROUNDS + 2; round++) {
  const bridge = kernelBridge();
  const plain = new MapSwitch();
  const kernelFps = framesPerSecond((port, frame, nowMs) => bridge.forward(port, frame, nowMs), ports, frames);
  const mapFps = framesPerSecond((port, frame, nowMs) => plain.forward(port, frame, nowMs), ports, frames);
  if (round >= 2) rounds.push({ bridge: kernelFps, map: mapFps }); // the first two warm up the JIT
}
const ratios = rounds.map((r) => r.bridge / r.map).sort((a, b) => a - b);
const quartile = (q: number): number => ratios[Math.round(q * (ratios.length - 1))]!;
process.stdout.write(
  `${JSON.stringify({
    bridgeFps: median(rounds.map((r) => r.bridge)),
    mapFps: median(rounds.map((r) => r.map)),
    ratio: median(ratios),
    ratioMin: ratios[0],
    ratioQ1: quartile(0.25),
    ratioQ3: quartile(0.75),
    ratioMax: ratios[ratios.length - 1],
    rounds: ROUNDS,
    ratios,
    sink,
  })}\n`,
);
