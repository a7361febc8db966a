// A typed password never reaches the journal or the snapshot: `user add` stores it salted and
// stretched (hashPassword, a fresh random salt each time) and journals that stored form, as
// useradd -p takes one; `su` journals the stored form it matched, or no password at all when it
// did not, so replay reaches the same outcome without the password. The history shows *** (the
// session redacts every --password).
//
// The salt comes from the host's random source, not the seeded PRNG: a salt drawn from the seed
// would be the same in every state of that seed (so no salt at all against precomputed guesses),
// and drawing it would shift every later random number of the run. No transcript shows a stored
// password, so the output stays the same for the same script and seed.

import { randomBytes } from "node:crypto";
import { hashPassword, PASSWORD_SALT_BYTES } from "../../../modules/security/index.js";
import type { InputOptions } from "../../command.js";

// The stored form made or matched for one command's input, shared by its run and its journal words.
const storedForms = new WeakMap<InputOptions, string>();

/** The stored form `user add` keeps: the journal's --password-hash on replay, else the typed password hashed with a new salt. */
export function storedPasswordOf(input: InputOptions): string | undefined {
  const password = input.options.password;
  const replayed = input.options["password-hash"];
  if (typeof password !== "string" || password === "") return typeof replayed === "string" ? replayed : undefined;
  let stored = storedForms.get(input);
  if (stored === undefined) storedForms.set(input, (stored = hashPassword(password, randomBytes(PASSWORD_SALT_BYTES))));
  return stored;
}

/** Notes the stored form `su` matched, for its journal words. */
export function passwordMatched(input: InputOptions, stored: string): void {
  storedForms.set(input, stored);
}

/**
 * The words with `--password <pw>` (or `--password=<pw>`) replaced by `--password-hash <stored>`
 * when the command made or matched one; without it the password is dropped. An empty password is
 * no secret and stays as typed, so replay refuses it again.
 */
export function passwordAsHash(words: readonly string[], input: InputOptions): readonly string[] {
  const password = input.options.password;
  if (typeof password !== "string" || password === "") return words;
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === "--password") i++;
    else if (!words[i]!.startsWith("--password=")) kept.push(words[i]!);
  }
  const stored = storedForms.get(input);
  return stored === undefined ? kept : [...kept, "--password-hash", stored];
}
