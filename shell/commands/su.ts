import { capabilityNumber, hasCapability, type SecurityManager } from "../../modules/security/index.js";
import { fail } from "../../src/errors.js";
import { command, type InputOptions } from "../command.js";
import { passwordAsHash, passwordMatched } from "./user/password-words.js";

export default command({
  path: ["su"],
  page: "user",
  summary: "become another user: root (CAP_SETUID) may su to anyone, others need the user's password; exit returns",
  args: [{ name: "user", required: true, kind: "user" }],
  options: [
    { name: "password", kind: "string", summary: "the target user's password (not needed with CAP_SETUID; history shows ***)" },
    { name: "password-hash", kind: "string", replayOnly: true, summary: "its stored form: what the journal records, so replay needs no password; refused when typed" },
  ],
  examples: ["user add alice; su alice; whoami; exit"],
  gate: { type: "security", mutates: true, access: "read" },
  run: ({ kernel, session }, input) => {
    const target = kernel.security.accounts.uidOf(input.args.user);
    const self = kernel.security.accounts.credentials(session.subject.uid);
    const mayAnyone = hasCapability(self.capLow, self.capHigh, capabilityNumber("CAP_SETUID"));
    const accounts = kernel.security.accounts;
    if (!mayAnyone && !authenticated(accounts, input.args.user, input)) {
      fail("EACCES", `su: authentication failure for ${input.args.user}`, "give --password, or su from a user holding CAP_SETUID");
    }
    session.pushSubject({ name: input.args.user, uid: target, gid: kernel.security.accounts.credentials(target).gid });
    return { user: input.args.user, uid: target };
  },
  journalWords: passwordAsHash,
  describe: (r) => `now ${r.user}`,
  display: (r) => [`now ${r.user} (uid ${r.uid}); exit returns`],
});

/** Whether the typed password (or, on replay, the stored form the journal kept) is the user's; a match is noted for the journal. */
function authenticated(accounts: SecurityManager["accounts"], user: string, input: InputOptions): boolean {
  const replayed = input.options["password-hash"];
  if (typeof replayed === "string") return accounts.passwordHashMatches(user, replayed);
  if (typeof input.options.password !== "string") return false;
  const stored = accounts.checkPassword(user, input.options.password);
  if (stored !== undefined) passwordMatched(input, stored);
  return stored !== undefined;
}
