// Stored passwords, as crypt(3) keeps them: salted and stretched, here by scrypt
// (`scrypt$N$r$p$salt$key`), slow enough to make guessing costly and quick enough for `su` (a
// few ms). The salt is handed in (the shell draws it at random), so this module stays
// deterministic. Hashes of older kshells (unsalted SHA-256 of name and password, 64 hex digits)
// still verify, so their state files and journals load.

import { hash, scryptSync, timingSafeEqual } from "node:crypto";
import { assert } from "../../src/assert.js";
import { SCRYPT_N_MAX, SCRYPT_P_MAX, SCRYPT_R_MAX } from "../../src/limits.js";

// scrypt's cost: N 2^12, r 8 (4 MiB, a few ms a try). A stored hash names its own, within bounds,
// so a state file cannot make `su` spin or allocate without limit.
const SCRYPT_N = 4096;
const SCRYPT_R = 8;
const SCRYPT_P = 1;
const SCRYPT_KEY_BYTES = 32;
export const PASSWORD_SALT_BYTES = 16;
const STORED_SCRYPT = /^scrypt\$(\d{1,6})\$(\d{1,2})\$(\d)\$([0-9a-f]{32})\$([0-9a-f]{64})$/;
const STORED_LEGACY = /^[0-9a-f]{64}$/; // kshell before issue 10: SHA-256 of name and password

/** Whether `text` is a stored password this kshell can verify. */
export function isStoredPassword(text: string): boolean {
  const match = STORED_SCRYPT.exec(text);
  if (match === null) return STORED_LEGACY.test(text);
  const [n, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return n >= 2 && n <= SCRYPT_N_MAX && (n & (n - 1)) === 0 && r >= 1 && r <= SCRYPT_R_MAX && p >= 1 && p <= SCRYPT_P_MAX;
}

/** The stored form of a password: what the journal and the snapshot keep instead of it. */
export function hashPassword(password: string, salt: Uint8Array): string {
  assert(salt.length === PASSWORD_SALT_BYTES, "a password salt is PASSWORD_SALT_BYTES bytes");
  const key = scryptSync(password, salt, SCRYPT_KEY_BYTES, { N: SCRYPT_N, r: SCRYPT_R, p: SCRYPT_P });
  return `scrypt$${SCRYPT_N}$${SCRYPT_R}$${SCRYPT_P}$${Buffer.from(salt).toString("hex")}$${key.toString("hex")}`;
}

/** Whether `password` is the one `stored` was made from; a malformed stored form matches nothing. */
export function passwordVerifies(stored: string, name: string, password: string): boolean {
  if (!isStoredPassword(stored)) return false;
  const match = STORED_SCRYPT.exec(stored);
  if (match === null) return stored === legacyPasswordHash(name, password);
  const [n, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const key = scryptSync(password, Buffer.from(match[4]!, "hex"), SCRYPT_KEY_BYTES, { N: n, r, p, maxmem: 256 * SCRYPT_N_MAX * SCRYPT_R_MAX });
  return timingSafeEqual(key, Buffer.from(match[5]!, "hex"));
}

/** The stored form of kshell before issue 10: unsalted, unstretched SHA-256. */
export function legacyPasswordHash(name: string, password: string): string {
  return hash("sha256", `kshell-password\n${name}\n${password}`, "hex");
}
