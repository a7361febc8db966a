import { capabilityNumber, hasCapability, passwordHash } from "../../../modules/security/index.js";
import { fail } from "../../../src/errors.js";
import { command } from "../../command.js";
import { passwordAsHash } from "./password-words.js";

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
    const hash = input.options["password-hash"] ?? (input.options.password === undefined ? undefined : passwordHash(input.args.user!, input.options.password as string));
    if (!mayAnyone && !accounts.passwordHashMatches(input.args.user!, hash as string | undefined)) {
      fail("EACCES", `su: authentication failure for ${input.args.user}`, "give --password, or su from a user holding CAP_SETUID");
    }
    session.pushSubject({ name: input.args.user!, uid: target, gid: kernel.security.accounts.credentials(target).gid });
    return { user: input.args.user!, uid: target };
  },
  journalWords: (words, input) => passwordAsHash(words, input, input.args.user!),
  describe: (r) => `now ${r.user}`,
  display: (r) => [`now ${r.user} (uid ${r.uid}); exit returns`],
});
