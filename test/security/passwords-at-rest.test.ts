// Passwords at rest (issue #10): history is per user so `su alice` cannot read the password root
// typed for ops, and what the state keeps is a salted scrypt hash, never the password nor an
// unsalted fast hash of it; hashes of older kshells still verify.

import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SecurityManager } from "../../modules/security/index.js";
import { StateStore } from "../../src/persistence/state-store.js";
import { Session } from "../../shell/session.js";
import { ok, TEST_KEY, tempDir } from "../helpers.js";

const legacyHash = (name: string, password: string): string => createHash("sha256").update(`kshell-password\n${name}\n${password}`).digest("hex");

function stateText(dir: string): string {
  return readdirSync(dir).map((name) => readFileSync(join(dir, name), "utf8")).join("\n");
}

describe("passwords at rest", () => {
  it("do not reach another user through history: alice cannot learn ops's password and su on to root", () => {
    const dir = tempDir();
    const session = new Session({ seed: 3, sealKey: TEST_KEY, store: StateStore.open(dir), interactive: true });
    ok(session, "user add ops --password s3cret --caps CAP_SETUID; user add alice --password a");
    ok(session, "su alice --password a");
    expect(ok(session, "history")).toEqual(["    1  history"]);
    expect(session.execute("su ops").error).toContain("su: authentication failure for ops [EACCES]");
    expect(ok(session, "whoami")).toEqual(["alice"]);
    ok(session, "exit; exit");
    session.close();
    expect(readdirSync(dir).filter((name) => name.startsWith("history")).sort()).toEqual(["history", "history.alice"]);
    expect(readFileSync(join(dir, "history.alice"), "utf8")).toBe("history\nsu ops\nwhoami\nexit; exit\n"); // her own lines only
    expect(readFileSync(join(dir, "history"), "utf8")).toContain("user add ops --password *** --caps CAP_SETUID");
    const reopened = new Session({ seed: 3, sealKey: TEST_KEY, store: StateStore.open(dir), interactive: true });
    ok(reopened, "su alice --password a");
    expect(ok(reopened, "history")).toEqual(["    1  history", "    2  su ops", "    3  whoami", "    4  exit; exit", "    5  history"]);
  });

  it("are kept as salted scrypt hashes: no password, no unsalted hash, a different salt per user", () => {
    const dir = tempDir();
    const session = new Session({ seed: 3, sealKey: TEST_KEY, store: StateStore.open(dir) });
    ok(session, "user add ops --password s3cret; user add dev --password s3cret; user add bob; su bob; su ops --password s3cret; exit");
    expect(session.execute("su dev --password wrong").ok).toBe(false);
    const journal = readFileSync(join(dir, "journal.jsonl"), "utf8");
    const stored = [...journal.matchAll(/user add \w+ --password-hash '(scrypt\$4096\$8\$1\$[0-9a-f]{32}\$[0-9a-f]{64})'/g)].map((m) => m[1]);
    expect(stored).toHaveLength(2);
    expect(stored[0]).not.toBe(stored[1]); // the same password, salted apart
    expect(journal).toContain(`su ops --password-hash '${stored[0]}'`); // what replay matches
    expect(journal).toMatch(/"line":"su dev",/); // a failed su keeps no password at all
    session.close();
    const text = stateText(dir);
    for (const secret of ["s3cret", "wrong", legacyHash("ops", "s3cret"), legacyHash("dev", "s3cret"), legacyHash("dev", "wrong")]) expect(text).not.toContain(secret);
    rmSync(join(dir, "lock"), { force: true });
    const again = new Session({ seed: 3, sealKey: TEST_KEY, store: StateStore.open(dir) });
    ok(again, "su bob; su dev --password s3cret");
    expect(again.execute("su ops --password nope").error).toContain("authentication failure");
  });

  it("of older kshells (unsalted SHA-256) still verify, from a snapshot or a journal", () => {
    const sec = new SecurityManager();
    sec.accounts.addUser({ name: "old", passwordHash: legacyHash("old", "pw") });
    expect(sec.accounts.checkPassword("old", "pw")).toBe(legacyHash("old", "pw"));
    expect(sec.accounts.checkPassword("old", "PW")).toBeUndefined();
    const copy = new SecurityManager();
    copy.restore(sec.toJSON());
    expect(copy.accounts.checkPassword("old", "pw")).toBeDefined();
    expect(copy.accounts.passwordHashMatches("old", legacyHash("old", "pw"))).toBe(true);
    expect(() => copy.accounts.addUser({ name: "eve", passwordHash: legacyHash("eve", "") })).toThrow("an empty password would let anyone su to 'eve'");
    expect(() => copy.accounts.addUser({ name: "big", passwordHash: `scrypt$1048576$8$1$${"0".repeat(32)}$${"0".repeat(64)}` })).toThrow("not a stored password");
  });
});
