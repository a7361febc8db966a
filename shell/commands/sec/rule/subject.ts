// How `sec rule add` and `sec rule check` name subjects and objects.

import { POD_RULE_PREFIX, SubjectKind, type Credentials } from "../../../../modules/security/index.js";
import { POD_ACTIONS } from "../../../../src/decisions.js";
import { fail } from "../../../../src/errors.js";
import { compileGlob } from "../../../../src/glob.js";
import type { KernelServices } from "../../../../src/kernel.js";
import { HOST_ACTIONS } from "../../../../src/persistence/user-file.js";
import { OBJECT_PATHS } from "../../../arg-kinds.js";
import type { OptionSpec, OptionsOf } from "../../../command.js";
import { didYouMean } from "../../../did-you-mean.js";
import type { Registry } from "../../../registry.js";

export interface SubjectMatch {
  readonly subjectKind: number;
  readonly subjectId: number;
  readonly subjectText: string;
}

/** The options that name a rule's subject (at most one of them). */
export const SUBJECT_OPTIONS = [
  { name: "user", kind: "user", placeholder: "string", summary: "match one user" },
  { name: "uid", kind: "count", summary: "match one uid" },
  { name: "group", kind: "group", placeholder: "string", summary: "match members of a group" },
  { name: "gid", kind: "count", summary: "match members of a gid" },
  { name: "pod", kind: "string", placeholder: "glob", summary: "match pods by name, e.g. 'web*' (a pod also matches its uid's rules)" },
] as const satisfies readonly OptionSpec[];

/** The subject of --user/--uid/--group/--gid/--pod (at most one; none matches anyone). */
export function subjectMatch(kernel: KernelServices, input: { readonly options: OptionsOf<typeof SUBJECT_OPTIONS> }): SubjectMatch {
  const o = input.options;
  const given = (["user", "uid", "group", "gid", "pod"] as const).filter((name) => o[name] !== undefined);
  if (given.length > 1) fail("EINVAL", `give one subject, not --${given.join(" and --")}`);
  const accounts = kernel.security.accounts;
  if (o.user !== undefined) return { subjectKind: SubjectKind.Uid, subjectId: accounts.uidOf(o.user), subjectText: o.user };
  if (o.uid !== undefined) return { subjectKind: SubjectKind.Uid, subjectId: o.uid, subjectText: `uid:${o.uid}` };
  if (o.group !== undefined) return { subjectKind: SubjectKind.Gid, subjectId: accounts.gidOf(o.group), subjectText: `group:${o.group}` };
  if (o.gid !== undefined) return { subjectKind: SubjectKind.Gid, subjectId: o.gid, subjectText: `gid:${o.gid}` };
  if (o.pod !== undefined) return { subjectKind: SubjectKind.Pod, subjectId: 0, subjectText: `${POD_RULE_PREFIX}${o.pod}` };
  return { subjectKind: SubjectKind.Any, subjectId: 0, subjectText: "*" };
}

/**
 * "audit:filter/*" -> type audit, glob filter/*; "vol/db" (a path, as errors and `sec why` write
 * it) -> type vol, glob db; "audit" -> any name; "*" -> anything. A type the kernel does not have
 * is refused, as is a type with nothing after its ':' or '/': a rule that could never match, or
 * one wider than it reads, would look like policy and decide nothing.
 */
export function objectMatch(text: string, vocabulary: RuleVocabulary): { objectType: string; objectGlob: string } {
  const cut = text.includes(":") ? text.indexOf(":") : text.indexOf("/");
  const objectType = cut < 0 ? text : text.slice(0, cut);
  const objectGlob = cut < 0 ? "*" : text.slice(cut + 1);
  if (objectType !== "*" && !vocabulary.types.includes(objectType)) {
    fail("EINVAL", `no object type '${objectType}' in --object '${text}'`, didYouMean(objectType, vocabulary.types) ?? `object types: ${vocabulary.types.join(", ")}; write type:glob or a path, e.g. audit:filter/* or vol/db`);
  }
  if (objectGlob === "") fail("EINVAL", `--object '${text}' names no objects after '${text[cut]}'`, `write ${objectType}:* for every ${objectType} object, or ${objectType}/<name>`);
  compileGlob(objectGlob); // its length, refused here rather than by the table
  return { objectType, objectGlob };
}

/** Comma-separated action globs, each matching at least one action the kernel decides (a typo would match none, silently). */
export function actionMatch(text: string, vocabulary: RuleVocabulary): string {
  const globs = text.split(",").map((glob) => glob.trim());
  for (const glob of globs) {
    if (glob === "") fail("EINVAL", `--action '${text}' has an empty action`, "write comma-separated globs, e.g. vol.read,audit.*");
    const pattern = compileGlob(glob);
    if (!vocabulary.actions.some((action) => pattern.test(action))) {
      fail("EINVAL", `--action '${glob}' matches no action`, didYouMean(glob, vocabulary.actions) ?? "actions are dotted command names, e.g. vol.read or audit.*");
    }
  }
  return globs.join(",");
}

/** What a rule may name: the object types and actions of the gated commands, and the host-file and pod actions decided apart from them. */
export interface RuleVocabulary {
  readonly types: readonly string[];
  readonly actions: readonly string[];
}

export function ruleVocabulary(registry: Registry): RuleVocabulary {
  const actions = [...registry.gatedActions(), ...HOST_ACTIONS, ...POD_ACTIONS];
  const types = new Set([...actions.map((action) => action.split(".")[0]!), ...OBJECT_PATHS.map((path) => path.split("/")[0]!)].filter((type) => type !== "")); // "": a kind whose value is itself a path
  return { types: [...types].sort(), actions: [...new Set(actions)].sort() };
}

/** The credentials of a user named on the command line. */
export function credentialsOf(kernel: KernelServices, user: string): Credentials {
  return kernel.security.accounts.credentials(kernel.security.accounts.uidOf(user));
}
