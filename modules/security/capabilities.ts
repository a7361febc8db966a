// Linux capabilities: the 41 that Linux defines, with their real names and numbers
// (capability(7), include/uapi/linux/capability.h). A set is 64 bits held as two 32-bit words,
// so it lives in typed-array columns; bits 41..63 are reserved and refused by name.

import { fail } from "../../src/errors.js";

export const CAPABILITY_NAMES = [
  "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
  "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
  "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
  "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
  "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
  "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
  "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
  "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
] as const;

export type CapabilityName = (typeof CAPABILITY_NAMES)[number];
export const CAP_LAST_CAP = CAPABILITY_NAMES.length - 1; // 40, as /proc/sys/kernel/cap_last_cap says
const CAPABILITY_BITS = 64;

/** The number of a capability name (case-insensitive, CAP_ prefix optional). */
export function capabilityNumber(name: string): number {
  const upper = name.toUpperCase();
  const full = upper.startsWith("CAP_") ? upper : `CAP_${upper}`;
  const index = CAPABILITY_NAMES.indexOf(full as CapabilityName);
  if (index >= 0) return index;
  const reserved = /^CAP_(\d+)$/.exec(full);
  if (reserved !== null && Number(reserved[1]) < CAPABILITY_BITS) {
    fail("EINVAL", `capability bit ${reserved[1]} is reserved`, `Linux defines bits 0..${CAP_LAST_CAP}`);
  }
  return fail("EINVAL", `unknown capability '${name}'`, "help sec lists the 41 names, e.g. CAP_NET_ADMIN");
}

/** A 64-bit capability set as [low word, high word]. */
export type CapabilityWords = [number, number];

export const NO_CAPABILITIES: CapabilityWords = [0, 0];
export const ALL_CAPABILITIES: CapabilityWords = [0xffffffff, (1 << (CAP_LAST_CAP - 31)) - 1];

export function hasCapability(low: number, high: number, capability: number): boolean {
  return capability < 32 ? ((low >>> capability) & 1) === 1 : ((high >>> (capability - 32)) & 1) === 1;
}

export function withCapability(words: CapabilityWords, capability: number, present: boolean): CapabilityWords {
  const [low, high] = words;
  if (capability < 32) {
    const bit = (1 << capability) >>> 0;
    return [present ? (low | bit) >>> 0 : (low & ~bit) >>> 0, high];
  }
  const bit = (1 << (capability - 32)) >>> 0;
  return [low, present ? (high | bit) >>> 0 : (high & ~bit) >>> 0];
}

export function capabilityList(low: number, high: number): CapabilityName[] {
  return CAPABILITY_NAMES.filter((_, capability) => hasCapability(low, high, capability));
}

/** The set as capsh prints it: "=ep" for all, "" for none, else the names. */
export function capabilityText(low: number, high: number): string {
  if (low === ALL_CAPABILITIES[0] && high === ALL_CAPABILITIES[1]) return "all";
  const names = capabilityList(low, high);
  return names.length === 0 ? "none" : names.map((name) => name.toLowerCase()).join(",");
}
