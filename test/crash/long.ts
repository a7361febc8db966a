// The crash test's long form, `npm run crash -- [--kills N] [--seed N]` (scripts/crash.mjs bundles
// this file and runs it against the built binary dist/kshell.js): N kills (50 by default) of a
// child kshell running the seeded workload, then the report — kills, acknowledged writes lost,
// acknowledged volumes or snapshots lost, directories that failed to load, the seed — with every
// failure and the state directories kept for reproduction below it. Exits 1 on any loss or failed
// load, 2 on bad arguments.

import { removeScratch } from "../adversarial/run.js";
import { crashRun, type CrashReport } from "./harness.js";

const KILLS_DEFAULT = 50;
const REFUSED_SHOWN = 5; // refused commands listed in the report

/** The report, as the lines printed. */
export function reportLines(report: CrashReport): string[] {
  const r = report;
  return [
    `kills                      ${r.kills} (${r.killsMidCommand} in the middle of a command, ${r.killsDuringSave} of them during save; ${r.killsInBurst} of ${r.bursts} bursts in the middle of their batch; ${r.killsAtBoot} while starting)`,
    `commands answered          ${r.steps} (${r.writesAcknowledged} writes acknowledged)`,
    `acknowledged writes lost   ${r.lostWrites} (goal 0)`,
    `volumes/snapshots lost     ${r.lostObjects} (goal 0)`,
    `failed loads               ${r.failedLoads} (goal 0)`,
    `slowest start              ${r.startSecondsMax.toFixed(1)} s (replaying the journal)`,
    `refused commands           ${r.refused.length}${r.refused.length > 0 ? `: ${r.refused.slice(0, REFUSED_SHOWN).join("; ")}` : ""}`,
    `seed                       ${r.seed} (${r.seconds.toFixed(1)} s)`,
    ...(r.failures.length > 0 ? ["", "failures:", ...r.failures.map((text) => `  ${text}`)] : []),
    ...(r.kept.length > 0 ? ["", "kept for reproduction (state/ and commands.log):", ...r.kept.map((dir) => `  ${dir}`)] : []),
  ];
}

/** Whether the run met the goals: nothing acknowledged lost, every directory loaded. */
export function passed(report: CrashReport): boolean {
  return report.lostWrites === 0 && report.lostObjects === 0 && report.failedLoads === 0 && report.failures.length === 0;
}

function numberAfter(argv: readonly string[], flag: string, fallback: number): number | undefined {
  const at = argv.indexOf(flag);
  if (at < 0) return fallback;
  const value = Number(argv[at + 1]);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

export async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes("--help")) {
    process.stdout.write("npm run crash -- [--kills N] [--seed N]   (see test/crash/)\n");
    return 0;
  }
  const kills = numberAfter(argv, "--kills", KILLS_DEFAULT);
  const seed = numberAfter(argv, "--seed", 1);
  if (kills === undefined || seed === undefined) {
    process.stderr.write("crash: --kills and --seed take a whole number\n");
    return 2;
  }
  const report = await crashRun({ kills, seed, progress: (text) => process.stderr.write(`  ${text}\n`) });
  removeScratch(true);
  process.stdout.write(`${reportLines(report).join("\n")}\n`);
  return passed(report) ? 0 : 1;
}
