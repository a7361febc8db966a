// Pod subjects: the subject a pod runs as (src/decisions.ts), which is not a user account. A pod
// gets its uid, gid, capabilities and MAC level when it is applied, from what its manifest asks,
// bounded by the user who applies it (a pod is never above its applier):
//
//   uid           runAsUser, default the applier's; another uid needs CAP_SETUID (as su does;
//                 runAsUidOf, the rule `ctr run --user` follows too)
//   gid           the applier's primary group (runAsGroup and fsGroup are not modelled)
//   capabilities  for uid 0, the set a container runtime grants a root process (Docker's default
//                 14: CAP_CHOWN, CAP_DAC_OVERRIDE, ...), none for other uids (Linux clears a
//                 non-root process's effective set); plus those the manifest adds. All of them
//                 within the applier's own set: an added one the applier lacks is EPERM, a
//                 default one it lacks is left out (the bounding-set rule)
//   level         the manifest's (seLinuxOptions.level), default Public — least privilege: a
//                 pod reads and writes Public objects unless it says otherwise; never above the
//                 applier's clearance (EACCES)
//
// The enforcer decides for a pod as for a user, from Credentials built here: the same four
// layers; rules match it by its uid (sec rule add --uid N).

import type { PodSecurityRequest, PodSubject } from "../../src/decisions.js";
import { POD_SUBJECT_PREFIX } from "../../src/decisions.js";
import { fail } from "../../src/errors.js";
import type { Subject } from "../../src/gate.js";
import { UID_MAX } from "../../src/limits.js";
import type { Accounts, Credentials } from "./accounts.js";
import { CAPABILITY_NAMES, capabilityList, capabilityNumber, hasCapability, NO_CAPABILITIES, withCapability, type CapabilityWords } from "./capabilities.js";
import { levelName, levelNumber, SecurityLevel } from "./levels.js";

/** What a container runtime grants a root process by default (moby's oci/caps/defaults.go). */
export const POD_DEFAULT_CAPABILITIES = [
  "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
  "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
] as const;

const CAP_SETUID = capabilityNumber("CAP_SETUID");

/** The subject pod `pod` runs as, checked against `applier` (see the top of this file). */
export function podSubjectOf(accounts: Accounts, pod: string, security: PodSecurityRequest, applier: Subject): PodSubject {
  const name = `${POD_SUBJECT_PREFIX}${pod}`;
  const by = accounts.credentials(applier.uid);
  const who = accounts.nameOfUid(applier.uid); // the account's name: the subject handed in may only say "uid N"
  const uid = runAsUidOf(accounts, name, security.runAsUser, applier);
  const level = security.level === undefined ? SecurityLevel.Public : levelNumber(security.level);
  if (level > by.clearance) {
    fail("EACCES", `${name} may not run at level ${levelName(level)}: above ${who}'s clearance ${levelName(by.clearance)}`, "a pod is never above the user who applies it");
  }
  let words: CapabilityWords = NO_CAPABILITIES;
  for (const cap of uid === 0 ? POD_DEFAULT_CAPABILITIES : []) {
    const number = capabilityNumber(cap);
    if (hasCapability(by.capLow, by.capHigh, number)) words = withCapability(words, number, true);
  }
  for (const cap of security.capabilities) {
    const number = capabilityNumber(cap);
    if (!hasCapability(by.capLow, by.capHigh, number)) fail("EPERM", `${name} may not add ${CAPABILITY_NAMES[number]}: ${who} does not hold it`, "a pod only gets capabilities its applier holds");
    words = withCapability(words, number, true);
  }
  return { name, uid, gid: by.gid, capabilities: capabilityList(words[0], words[1]), level: levelName(level) };
}

/**
 * The uid `name` (pod/web, ctr/web) runs as when `applier` starts it, the one rule for pods and
 * containers: `requested` if given; else `fallback` (a container's image user) when the applier
 * may run as anyone, else the applier's own uid (as rootless docker and podman do). A uid other
 * than the applier's needs CAP_SETUID, as su does: EPERM without it.
 */
export function runAsUidOf(accounts: Accounts, name: string, requested: number | undefined, applier: Subject, fallback = applier.uid): number {
  const by = accounts.credentials(applier.uid);
  const mayRunAsAnyone = hasCapability(by.capLow, by.capHigh, CAP_SETUID);
  const uid = requested ?? (mayRunAsAnyone ? fallback : applier.uid);
  if (!Number.isInteger(uid) || uid < 0 || uid > UID_MAX) fail("EINVAL", `${name}: uid ${uid} is out of range (0..${UID_MAX})`);
  if (uid !== applier.uid && !mayRunAsAnyone) {
    fail("EPERM", `${name} may not run as uid ${uid}: ${accounts.nameOfUid(applier.uid)} (uid ${applier.uid}) does not hold CAP_SETUID`, `leave the uid out to run as yourself (uid ${applier.uid}), or have root grant CAP_SETUID (sec caps ${accounts.nameOfUid(applier.uid)} +CAP_SETUID)`);
  }
  return uid;
}

/** A pod subject as the enforcer reads a subject: its own set and level, no supplementary groups. */
export function podCredentials(subject: PodSubject): Credentials {
  let words: CapabilityWords = NO_CAPABILITIES;
  for (const cap of subject.capabilities) words = withCapability(words, capabilityNumber(cap), true);
  return { uid: subject.uid, gid: subject.gid, groups: [], clearance: levelNumber(subject.level), capLow: words[0], capHigh: words[1] };
}
