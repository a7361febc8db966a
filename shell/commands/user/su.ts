import { capabilityNumber, hasCapability, type SecurityManager } from "../../../modules/security/index.js";
import { fail } from "../../../src/errors.js";
import { command, type ParsedInput } from "../../command.js";
import { passwordAsHash, passwordMatched } from "./password-words.js";

export default command({
  path: ["su"],
  page: "user",
  summary: "become another user: root (CAP_SETUID) may su to anyone, others need the user's password; exit returns",
  args: [{ name: "user", required: true, complete: "user" }],
  options: [
    { name: "password", kind: "string", summary: "the target user's password (not needed with CAP_SETUID; history shows ***)" },
    { name: "password-hash", kind: "string", replayOnly: true, summary: "its stored form: what the journal records, so replay needs no password; refused when typed" },
  ],
  examples: ["user add alice; su alice; whoami; exit"],
  gate: { action: "user.su", type: "security", mutates: true, access: "read", object: (input) => `user/${input.args.user}` },
  run: ({ kernel, session }, input) => {
    const target = kernel.security.accounts.uidOf(input.args.user!);
    const self = kernel.security.accounts.credentials(session.subject.uid);
    const mayAnyone = hasCapability(self.capLow, self.capHigh, capabilityNumber("CAP_SETUID"));
    const accounts = kernel.security.accounts;
    if (!mayAnyone && !authenticated(accounts, input)) {
      fail("EACCES", `su: authentication failure for ${input.args.user}`, "give --password, or su from a user holding CAP_SETUID");
    }
    session.pushSubject({ name: input.args.user!, uid: target, gid: kernel.security.accounts.credentials(target).gid });
    return { user: input.args.user!, uid: target };
  },
  journalWords: passwordAsHash,
  describe: (r) => `now ${r.user}`,
  display: (r) => [`now ${r.user} (uid ${r.uid}); exit returns`],
});

/** Whether the typed password (or, on replay, the stored form the journal kept) is the user's; a match is noted for the journal. */
function authenticated(accounts: SecurityManager["accounts"], input: ParsedInput): boolean {
  const user = input.args.user!;
  const replayed = input.options["password-hash"] as string | undefined;
  if (replayed !== undefined) return accounts.passwordHashMatches(user, replayed);
  if (typeof input.options.password !== "string") return false;
  const stored = accounts.checkPassword(user, input.options.password);
  if (stored !== undefined) passwordMatched(input, stored);
  return stored !== undefined;
}
