// IO token attacks through `cluster token issue` and `cluster token verify` on the baseline's
// cluster (dv's chunk 0 on two of three nodes). A token minted by a twin state directory built by
// the same script with the same seed is a forgery with the seed-derived key; a spent token is
// replayed on the same node, on the other holder, after a restart, and a fresh one is shown to the
// node that does not hold the chunk. Goal (issue #10): every one refused.

import { baseline, ORDINARY } from "./baseline.js";
import { figure, tokenRefused, type Figure } from "./expectations.js";
import { copyState, onState, scratch, type Run } from "./run.js";

const ISSUE = "cluster token issue dv write 0 4K --sdc host1 --json --text"; // --text: the signed token itself, not only its fields

/** The token text from `cluster token issue --json --text` (its `token` field, else the longest base64url word). */
export function tokenOf(run: Run): string | undefined {
  try {
    const value = JSON.parse(run.stdout) as { token?: unknown };
    if (typeof value.token === "string") return value.token;
  } catch {
    // not JSON: look for the token in the text
  }
  return run.stdout.match(/[A-Za-z0-9_-]{80,}/)?.[0];
}

let placed: { holders: string[]; other: string } | undefined;

/** The nodes holding dv's chunk 0 and the one that does not, from `cluster locate dv` (the same in every copy). */
function placement(state: string): { holders: string[]; other: string } {
  placed ??= locateChunk(state);
  return placed;
}

function locateChunk(state: string): { holders: string[]; other: string } {
  const locate = onState(state, ["cluster locate dv"]).stdout;
  const row = locate.split("\n").find((line) => /^0\s/.test(line)) ?? "";
  const holders = (row.trim().split(/\s+/).at(-1) ?? "").split(",").filter((name) => name !== "");
  const other = ["sds1", "sds2", "sds3"].find((name) => !holders.includes(name)) ?? "sds3";
  return { holders, other };
}

function issued(state: string): string | undefined {
  return tokenOf(onState(state, [ISSUE]));
}

const verify = (token: string, node: string) => `cluster token verify ${token} --sds ${node}`;

interface TokenAttack {
  readonly name: string;
  /** The run presenting the attacking token, and how many tokens it presented honestly before; undefined when no token could be had. */
  readonly attack: (state: string, twin: string) => { run: Run; honest: number } | undefined;
}

const attackRun = (run: Run, honest = 0) => ({ run, honest });

export const TOKEN_ATTACKS: readonly TokenAttack[] = [
  {
    name: "forged: minted by a same-seed twin",
    attack: (state, twin) => {
      const token = issued(twin);
      return token === undefined ? undefined : attackRun(onState(state, [verify(token, placement(state).holders[0]!)]));
    },
  },
  {
    name: "forged: a field altered, signature kept",
    attack: (state) => {
      const token = issued(state);
      if (token === undefined) return undefined;
      const altered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(token, "base64url").toString()), length: 1 << 20 })).toString("base64url");
      return attackRun(onState(state, [verify(altered, placement(state).holders[0]!)]));
    },
  },
  {
    name: "replayed on the same node",
    attack: (state) => {
      const holder = placement(state).holders[0]!;
      return attackRun(onState(state, [ISSUE, verify("last", holder), verify("last", holder)]), 1);
    },
  },
  {
    name: "replayed on the other holder",
    attack: (state) => {
      const { holders } = placement(state);
      return attackRun(onState(state, [ISSUE, verify("last", holders[0]!), verify("last", holders[1] ?? holders[0]!)]), 1);
    },
  },
  {
    name: "replayed after a restart",
    attack: (state) => {
      const token = issued(state);
      if (token === undefined) return undefined;
      const holder = placement(state).holders[0]!;
      onState(state, [verify(token, holder)]);
      return attackRun(onState(state, [verify(token, holder)]));
    },
  },
  {
    name: "shown to a node without the chunk",
    attack: (state) => attackRun(onState(state, [ISSUE, verify("last", placement(state).other)])),
  },
  {
    name: "expired",
    attack: (state) => attackRun(onState(state, [ISSUE, "sleep 61s", verify("last", placement(state).holders[0]!)])),
  },
];

export async function tokenAttacks(tries: number): Promise<Figure> {
  const result = figure("IO token forgery and replay", "0 forged or replayed tokens accepted");
  const twin = `${scratch("kshell-adv-", true)}/twin`; // built as the baseline was, with the same (default) seed
  onState(twin, ORDINARY);
  for (let round = 0; round < tries; round++) {
    for (const a of TOKEN_ATTACKS) {
      result.tries++;
      const attempt = a.attack(copyState(await baseline()), twin);
      if (attempt === undefined) result.failures.push(`${a.name}: no token could be had from cluster token issue`);
      else if (!tokenRefused(attempt.run, attempt.honest)) result.failures.push(`${a.name}: accepted (${attempt.run.stdout.trim().split("\n").at(-1)})`);
    }
  }
  return result;
}
