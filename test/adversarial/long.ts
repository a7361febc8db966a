// The adversarial run's long form, `npm run adversarial -- --long` (scripts/adversarial.mjs
// bundles this file): the figures issue #10 quotes, printed as a table (attack, tries, goal,
// result) with every failure below it; exits 1 on any failure. Without --long it runs the short
// counts the CI test uses. --seed N changes the kill moments and chaos seeds; --only <name>
// runs the attacks whose short name contains it (escalation, tamper, edits, tokens, lock-races,
// lock-live-pid, kill-9, compaction, failed-replay, corrupt, chaos, chaos-draining, fuzz).

import { auditTamper, fileEdits } from "./tamper.js";
import { chaosSeeds, chaosWhileDraining, hostileInput } from "./chaos.js";
import { corruptState } from "./corrupt.js";
import { compactionCrash, failedReplay, killTrials, liveUnrelatedLock, lockRaces } from "./durability.js";
import { escalations } from "./escalation.js";
import type { Figure } from "./expectations.js";
import { removeScratch } from "./run.js";
import { tokenAttacks } from "./tokens.js";

/** Counts of each attack: the short form (CI) and the long one (the issue's figures). */
export const COUNTS = {
  short: { escalationRounds: 1, tamperRounds: 1, editRounds: 1, tokenRounds: 1, lockRaces: 5, killTrials: 3, compaction: 1, failedReplay: 1, chaosSeeds: 0, fuzzCommands: 0 },
  long: { escalationRounds: 3, tamperRounds: 3, editRounds: 2, tokenRounds: 3, lockRaces: 200, killTrials: 70, compaction: 10, failedReplay: 5, chaosSeeds: 108, fuzzCommands: 100_000 },
} as const;

/** Each attack by a short name (`--only <name>` runs the ones whose name contains it). */
function attacks(long: boolean, seed: number): (readonly [string, () => Promise<Figure> | Figure])[] {
  const n = long ? COUNTS.long : COUNTS.short;
  return [
    ["escalation", () => escalations(n.escalationRounds)],
    ["tamper", () => auditTamper(n.tamperRounds)],
    ["edits", () => fileEdits(n.editRounds)],
    ["tokens", () => tokenAttacks(n.tokenRounds)],
    ["lock-races", () => lockRaces(n.lockRaces)],
    ["lock-live-pid", () => liveUnrelatedLock()],
    ["kill-9", () => killTrials(n.killTrials, seed)],
    ["compaction", () => compactionCrash(n.compaction)],
    ["failed-replay", () => failedReplay(n.failedReplay)],
    ["corrupt", () => corruptState(long)],
    ...(n.chaosSeeds > 0 ? ([["chaos", () => chaosSeeds(n.chaosSeeds, seed)], ["chaos-draining", () => chaosWhileDraining()]] as const) : []),
    ...(n.fuzzCommands > 0 ? ([["fuzz", () => hostileInput(n.fuzzCommands, seed)]] as const) : []),
  ];
}

export async function runAll(long: boolean, seed: number, only: string, progress: (figure: Figure) => void): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const [name, step] of attacks(long, seed)) {
    if (!name.includes(only)) continue;
    const started = performance.now();
    const figure = await step();
    figure.seconds = (performance.now() - started) / 1000;
    removeScratch(false);
    figures.push(figure);
    progress(figure);
  }
  removeScratch(true);
  return figures;
}

export function table(figures: readonly Figure[]): string[] {
  const rows = figures.map((f) => [f.attack, String(f.tries), f.goal, `${f.failures.length === 0 ? "ok" : `${f.failures.length} FAILED`}${f.note === undefined ? "" : ` (${f.note})`}`]);
  const header = ["ATTACK", "TRIES", "GOAL", "RESULT"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  const failures = figures.flatMap((f) => f.failures.map((text) => `  ${f.attack}: ${text}`));
  return [line(header), ...rows.map(line), ...(failures.length > 0 ? ["", "failures:", ...failures] : [])];
}

export async function main(argv: readonly string[]): Promise<number> {
  const long = argv.includes("--long");
  const at = argv.indexOf("--seed");
  const seed = at < 0 ? 1 : Number(argv[at + 1]);
  if (!Number.isSafeInteger(seed) || seed < 0) {
    process.stderr.write("adversarial: --seed takes a whole number\n");
    return 2;
  }
  if (argv.includes("--help")) {
    process.stdout.write("npm run adversarial -- [--long] [--seed N] [--only NAME]   (see test/adversarial/)\n");
    return 0;
  }
  const onlyAt = argv.indexOf("--only");
  const only = onlyAt < 0 ? "" : (argv[onlyAt + 1] ?? "");
  const names = attacks(long, seed).map(([name]) => name);
  if (!names.some((name) => name.includes(only))) {
    process.stderr.write(`adversarial: no attack named like '${only}'; the attacks: ${names.join(", ")}\n`);
    return 2;
  }
  const started = performance.now();
  const figures = await runAll(long, seed, only, (f) => process.stderr.write(`  ${f.attack}: ${f.tries} tries, ${f.failures.length} failed, ${f.seconds?.toFixed(1)} s\n`));
  process.stdout.write(`${table(figures).join("\n")}\n\n${long ? "long" : "short"} form, seed ${seed}, ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return figures.some((f) => f.failures.length > 0) ? 1 : 0;
}
