// `ctr logs --since` and `ctr events --since`: the times `audit query --since` takes (its parser),
// `-5m` five minutes ago and `T+10s` ten seconds after boot, plus Docker's bare `5m`, which
// `docker logs --since 5m` reads as five minutes ago (scripts written for docker keep working).

import type { OptionSpec } from "../../command.js";
import { simTime } from "../audit/query-options.js";

export const SINCE_OPTION = { name: "since", kind: "string", placeholder: "time", summary: "only those of the last 30s, 5m (or -5m, as audit query), or since a simulated time T+10s" } as const satisfies OptionSpec;

/** The simulated time `--since <text>` starts at. */
export function sinceMsOf(text: string, nowMs: number): number {
  return simTime(text.startsWith("-") || text.startsWith("T+") ? text : `-${text}`, nowMs, "--since");
}
