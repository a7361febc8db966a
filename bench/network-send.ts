// The whole `net send` path in frames per second: real frame bytes built (Ethernet, IPv4 with its
// checksum, UDP with its checksum), the bridge's learning and lookup, per-interface counters, the
// receiving stack's parse, and a capture running on the network (its filter and ring). Measured
// through the shell's session, as a person or a script would run it: one command of many frames,
// and many commands of one frame (the gate and the audit trail on each). Bundled and run by
// bench/run.mjs; prints one JSON line of figures.

import { Session } from "../shell/session.js";

const FRAMES = 100_000;
const COMMANDS = 2_000;
const ROUNDS = 5;

function session(): Session {
  const s = new Session({ seed: 1, sealKey: new Uint8Array(32).fill(7) });
  for (const line of ["net create lan --cidr 10.0.0.0/24", "net if add lan a", "net if add lan b", "sleep 1s", "net capture start lan --filter udp", "net ping a 10.0.0.3 -c 1"]) {
    const outcome = s.execute(line);
    if (!outcome.ok) throw new Error(`${line}: ${outcome.error}`);
  }
  return s;
}

function time(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const oneCommand: number[] = [];
const manyCommands: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const s = session();
  oneCommand.push(FRAMES / time(() => s.execute(`net send a 10.0.0.3 --bytes 64 --count ${FRAMES}`)));
  manyCommands.push(COMMANDS / time(() => {
    for (let i = 0; i < COMMANDS; i++) s.execute("net send a 10.0.0.3 --bytes 64");
  }));
}
process.stdout.write(`${JSON.stringify({ frames: FRAMES, rounds: ROUNDS, sendFps: median(oneCommand), sendFpsMin: Math.min(...oneCommand), sendFpsMax: Math.max(...oneCommand), commandFps: median(manyCommands), commandFpsMin: Math.min(...manyCommands), commandFpsMax: Math.max(...manyCommands) })}\n`);
