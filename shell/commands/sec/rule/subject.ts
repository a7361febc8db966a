// How `sec rule add` and `sec rule check` name subjects and objects.

import { POD_RULE_PREFIX, SubjectKind, type Credentials } from "../../../../modules/security/index.js";
import type { KernelServices } from "../../../../src/kernel.js";
import { fail } from "../../../../src/errors.js";
import type { OptionSpec, OptionsOf } from "../../../command.js";

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

/** "audit:filter/*" -> type audit, glob filter/*; "audit" -> any name; "*" -> anything. */
export function objectMatch(text: string): { objectType: string; objectGlob: string } {
  const colon = text.indexOf(":");
  if (colon < 0) return { objectType: text, objectGlob: "*" };
  const objectType = text.slice(0, colon);
  if (objectType === "") fail("EINVAL", `bad object '${text}'`, "write type:glob, e.g. audit:filter/*");
  return { objectType, objectGlob: text.slice(colon + 1) || "*" };
}

/** The credentials of a user named on the command line. */
export function credentialsOf(kernel: KernelServices, user: string): Credentials {
  return kernel.security.accounts.credentials(kernel.security.accounts.uidOf(user));
}
