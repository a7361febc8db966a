// Security levels for mandatory access control (Bell-LaPadula): objects carry a level, subjects
// a clearance. A subject may read at or below its clearance (no read up) and write at or above
// it (no write down), unless it holds CAP_MAC_OVERRIDE.

import { fail } from "../../src/errors.js";

export const SECURITY_LEVEL_NAMES = ["public", "internal", "private", "isolated"] as const;
export type SecurityLevelName = (typeof SECURITY_LEVEL_NAMES)[number];
export const SecurityLevel = { Public: 0, Internal: 1, Private: 2, Isolated: 3 } as const;

export function levelNumber(name: string): number {
  const index = SECURITY_LEVEL_NAMES.indexOf(name.toLowerCase() as SecurityLevelName);
  if (index < 0) fail("EINVAL", `unknown security level '${name}'`, `levels: ${SECURITY_LEVEL_NAMES.join(" < ")}`);
  return index;
}

export function levelName(level: number): SecurityLevelName {
  return SECURITY_LEVEL_NAMES[level]!;
}
