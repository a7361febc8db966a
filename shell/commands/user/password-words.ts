// A typed password never reaches the journal: `user add` and `su` journal its hash instead (the
// stored form, as useradd -p takes one), which replays to the same accounts and the same su
// outcome. The history shows it as *** (the session redacts every --password).

import { passwordHash } from "../../../modules/security/index.js";
import type { ParsedInput } from "../../command.js";

/** The words with `--password <pw>` (or `--password=<pw>`) replaced by `--password-hash <hash>` for `user`. */
export function passwordAsHash(words: readonly string[], input: ParsedInput, user: string): readonly string[] {
  const password = input.options.password;
  if (typeof password !== "string") return words;
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === "--password") i++;
    else if (!words[i]!.startsWith("--password=")) kept.push(words[i]!);
  }
  return [...kept, "--password-hash", passwordHash(user, password)];
}
