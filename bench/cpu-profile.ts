// KSHELL_BENCH_PROFILE=<file.cpuprofile> on an in-process benchmark (`KSHELL_BENCH_PROFILE=/tmp/dp.cpuprofile
// node bench/run.mjs --only datapath`): the run's CPU profile is written there (Chrome DevTools
// opens it) and its top functions by self time go to stderr, for a closing note's "before and after".

import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";

const TOP = 20;

interface Profile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number } }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Runs `run`, profiled when KSHELL_BENCH_PROFILE names a file. */
export function withCpuProfile<T>(run: () => T): T {
  const file = process.env.KSHELL_BENCH_PROFILE;
  if (file === undefined || file === "") return run();
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.start");
  const result = run();
  session.post("Profiler.stop", (error, reply) => {
    if (error !== null) throw error;
    writeFileSync(file, JSON.stringify(reply.profile));
    process.stderr.write(topSelfTime(reply.profile as Profile));
  }); // the main thread's own session answers before post returns
  session.disconnect();
  return result;
}

/** The TOP functions by self time: ms, share, name and place. */
function topSelfTime(profile: Profile): string {
  const byNode = new Map<number, number>();
  profile.samples.forEach((node, i) => byNode.set(node, (byNode.get(node) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const byName = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const micros = byNode.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || "(anonymous)"} ${url.split("/").pop()}:${lineNumber + 1}`;
    byName.set(name, (byName.get(name) ?? 0) + micros);
    total += micros;
  }
  const rows = [...byName].sort((a, b) => b[1] - a[1]).slice(0, TOP);
  return rows.map(([name, micros]) => `${(micros / 1000).toFixed(1).padStart(9)} ms ${((100 * micros) / total).toFixed(1).padStart(5)} %  ${name}\n`).join("");
}
