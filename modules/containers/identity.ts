// A container's id and hostname. The id is 64 hex digits, the SHA-256 of its serial (the n-th
// container this kernel created), so the same script gives the same ids; the hostname is the
// short id (12 digits), as Docker sets it.

import { createHash } from "node:crypto";
import { SHORT_ID_LENGTH } from "./images/index.js";

export function containerIdOf(serial: number): string {
  return createHash("sha256").update(`kshell container ${serial}`).digest("hex");
}

export function hostnameOf(serial: number): string {
  return containerIdOf(serial).slice(0, SHORT_ID_LENGTH);
}
