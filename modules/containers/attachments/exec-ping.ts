// `ctr exec <c> ping [-c N] <ip>`: busybox's ping, from the interface of the container's pod,
// answered by the network (real frames through bridges, routers and overlays; `net capture` sees
// them). A container outside any pod, or in a pod without a network, has no route.

import { PING_COUNT_MAX } from "../../../src/limits.js";
import type { PingResult } from "../../../src/pod-network.js";
import type { ExecResult } from "../types.js";

export const PING_DEFAULT_COUNT = 3; // as `net ping`

/** The count and address of `ping` arguments, or the usage error busybox gives. */
export function pingArguments(words: readonly string[]): { count: number; ip: string } | ExecResult {
  let count = PING_DEFAULT_COUNT;
  const rest = [...words];
  const at = rest.indexOf("-c");
  if (at >= 0) {
    const text = rest[at + 1] ?? "";
    if (!/^\d{1,4}$/.test(text) || Number(text) < 1 || Number(text) > PING_COUNT_MAX) return { exitCode: 1, output: [`ping: invalid number '${text}'`] };
    count = Number(text);
    rest.splice(at, 2);
  }
  if (rest.length !== 1 || !/^\d{1,3}(\.\d{1,3}){3}$/.test(rest[0]!)) return { exitCode: 1, output: ["BusyBox v1.36.1 multi-call binary.", "Usage: ping [-c CNT] HOST"] };
  return { count, ip: rest[0]! };
}

/** busybox's lines for a ping's result; exit 0 when any reply came. */
export function pingOutput(result: PingResult): ExecResult {
  const got = result.replies.filter((r) => r.rttMs !== undefined);
  const times = got.map((r) => r.rttMs!);
  const lines = [`PING ${result.destination} (${result.destination}): ${result.bytes - 8} data bytes`];
  for (const reply of got) lines.push(`${result.bytes} bytes from ${result.destination}: seq=${reply.seq - 1} ttl=${reply.ttl} time=${reply.rttMs!.toFixed(3)} ms`);
  lines.push("", `--- ${result.destination} ping statistics ---`);
  lines.push(`${result.replies.length} packets transmitted, ${got.length} packets received, ${Math.round((100 * (result.replies.length - got.length)) / result.replies.length)}% packet loss`);
  if (times.length > 0) lines.push(`round-trip min/avg/max = ${Math.min(...times).toFixed(3)}/${(times.reduce((a, b) => a + b, 0) / times.length).toFixed(3)}/${Math.max(...times).toFixed(3)} ms`);
  return { exitCode: got.length > 0 ? 0 : 1, output: lines };
}

export const NO_ROUTE: ExecResult = { exitCode: 1, output: ["ping: sendto: Network is unreachable"] };
