import { capabilityNumber, DEFAULT_CLEARANCE, levelNumber, parseMode, SECURITY_LEVEL_NAMES, withCapability, type CapabilityWords } from "../../../modules/security/index.js";
import { command } from "../../command.js";
import { fail } from "../../../src/errors.js";
import { passwordAsHash, storedPasswordOf } from "./password-words.js";

/** The capabilities `--caps` names, trimmed. */
const capsOf = (caps: string | undefined): string[] => (caps === undefined ? [] : caps.split(",").map((cap) => cap.trim()));
const clearanceOf = (level: string | undefined): number => (level === undefined ? DEFAULT_CLEARANCE : levelNumber(level));

export default command({
  path: ["user", "add"],
  summary: "add a user (like useradd): uid, a private group (or --group), supplementary groups, clearance, capabilities, password, umask",
  args: [{ name: "name", required: true, of: "user" }],
  options: [
    { name: "uid", kind: "count", summary: "user id (default: the first free from 1000)" },
    { name: "group", kind: "string", summary: "primary group (default: a new group named like the user)" },
    { name: "groups", kind: "string", placeholder: "g1,g2", summary: "supplementary groups" },
    { name: "clearance", kind: "choice", choices: SECURITY_LEVEL_NAMES, summary: "MAC clearance (default public; another needs CAP_MAC_ADMIN, as sec clearance does)" },
    { name: "caps", kind: "string", placeholder: "CAP_A,CAP_B", summary: "capabilities to grant (you must hold each)" },
    { name: "password", kind: "string", summary: "lets others su to this user without CAP_SETUID (history shows ***)" },
    { name: "password-hash", kind: "string", replayOnly: true, summary: "the stored form of a password (useradd -p): what the journal records; refused when typed" },
    { name: "umask", kind: "string", placeholder: "022", summary: "bits taken from what the user creates (default 022: others may read)" },
  ],
  examples: ["user add alice", "user add ops --uid 2000 --clearance internal --caps CAP_AUDIT_READ,CAP_NET_ADMIN --password s3cret", "user add ci --umask 077"],
  gate: { type: "user", mutates: true, capability: "CAP_SETUID", inputCapabilities: (input) => [...capsOf(input.options.caps), ...(clearanceOf(input.options.clearance) === DEFAULT_CLEARANCE ? [] : ["CAP_MAC_ADMIN"])] },
  run: ({ kernel, session }, input) => {
    const o = input.options;
    const name = input.args.name;
    if (/^\d+$/.test(name)) fail("EINVAL", `user name '${name}' is all digits: it would read as a uid`, "begin it with a letter (useradd refuses names of digits only too)");
    if (o.password === "") fail("EINVAL", `an empty password would let anyone su to '${name}'`, "give a password, or none: then only a user holding CAP_SETUID may su to it");
    let caps: CapabilityWords = [0, 0];
    for (const cap of capsOf(o.caps)) caps = withCapability(caps, capabilityNumber(cap), true); // the gate checked you hold each
    const uid = kernel.objects.create(session.subject, `user/${name}`, () => kernel.security.accounts.addUser({
      name,
      uid: o.uid,
      group: o.group,
      groups: o.groups === undefined ? undefined : o.groups.split(",").map((g) => g.trim()),
      clearance: clearanceOf(o.clearance),
      capabilities: caps,
      passwordHash: storedPasswordOf(input),
      umask: o.umask === undefined ? undefined : parseMode(o.umask),
    }));
    session.renameSubjects((id) => kernel.security.accounts.nameOfUid(id)); // --uid may name a removed user's uid again
    return { name, uid };
  },
  journalWords: passwordAsHash,
  describe: (r) => `uid ${r.uid}`,
  display: (r) => [`added user ${r.name} (uid ${r.uid})`],
});
