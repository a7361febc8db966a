// The groups of verbs and the help page each command is documented on: what the help index, the
// help pages and completion share, apart from the registry so that no command file (help reads
// these) imports the registry that imports it.

import type { CommandSpec } from "./command.js";

/** Groups of verbs and what each is for; one-word commands are documented on the kernel and shell pages. */
export const GROUP_SUMMARIES: Readonly<Record<string, string>> = {
  audit: "the tamper-evident audit trail: query, verify, export, filters, compliance",
  user: "users: add, list, del; su, whoami, id, umask",
  group: "groups: add, list, del",
  sec: "security: capabilities, clearances, labels, modes, policy rules, conflicts, why",
  vol: "storage volumes with real bytes: IO, snapshots, replication, QoS, stats",
  cluster: "PowerFlex-style distributed block storage: topology, tokens, health, failures, rebuild, chaos",
};

export function pageOf(spec: Pick<CommandSpec, "page" | "path">): string {
  return spec.page ?? spec.path[0]!;
}
