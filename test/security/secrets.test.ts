// Passwords never rest in clear text (issue #9): the journal keeps their hash, history shows ***,
// history is per user, and the journal still replays to the same state.

import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { StateStore } from "../../src/persistence/state-store.js";
import { usageOf } from "../../shell/command.js";
import { complete } from "../../shell/complete.js";
import { redactPasswords } from "../../shell/history.js";
import { Session } from "../../shell/session.js";
import { ok, TEST_KEY, tempDir } from "../helpers.js";

/** Every file of the state directory, as text. */
function stateFiles(dir: string): string {
  return readdirSync(dir).map((name) => readFileSync(join(dir, name), "utf8")).join("\n");
}

/** A second session on `dir`, as after kill -9 (the first never closed). */
function reopen(dir: string, interactive = false): { session: Session; store: StateStore } {
  rmSync(join(dir, "lock"));
  const store = StateStore.open(dir);
  return { session: new Session({ seed: 3, sealKey: TEST_KEY, store, interactive }), store };
}

describe("passwords", () => {
  it("are journaled as their hash, and the journal replays to the same state after kill -9", () => {
    const dir = tempDir();
    const first = new Session({ seed: 3, sealKey: TEST_KEY, store: StateStore.open(dir), interactive: true });
    ok(first, "user add ops --password s3cret --caps CAP_SETUID; user add alice --password=wonder; su alice --password wonder");
    expect(first.execute("su ops --password 'not it'").error).toBe("error: su: authentication failure for ops [EACCES] — give --password, or su from a user holding CAP_SETUID");
    ok(first, "su ops --password s3cret; user add bob; exit; exit");
    const before = first.kernel.toSnapshot();
    for (const secret of ["s3cret", "wonder", "not it"]) expect(stateFiles(dir)).not.toContain(secret);
    expect(readFileSync(join(dir, "journal.jsonl"), "utf8")).toContain("su ops --password-hash ");
    const { session, store } = reopen(dir);
    expect(session.kernel.toSnapshot()).toEqual(before);
    expect(session.execute("exit").exit).toBe(true); // the journal's su shells ended with their session
    session.close();
    expect(stateFiles(dir)).not.toContain("s3cret");
    store.close();
  });

  it("are never taken as their stored hash when typed: only replay reads --password-hash", () => {
    const dir = tempDir();
    const session = new Session({ seed: 3, sealKey: TEST_KEY, store: StateStore.open(dir) });
    ok(session, "user add ops --password s3cret; user add bob; su bob");
    const hash = /--password-hash '(scrypt\$[^']+)'/.exec(readFileSync(join(dir, "journal.jsonl"), "utf8"))![1]!;
    expect(session.execute(`su ops --password-hash ${hash}`).error).toBe("error: su: --password-hash is only read back from the journal, never typed [EPERM] — give --password");
    expect(ok(session, "whoami")).toEqual(["bob"]);
    ok(session, "exit");
    expect(session.execute(`user add eve --password-hash ${hash}`).error).toBe("error: user add: --password-hash is only read back from the journal, never typed [EPERM] — give --password");
    expect(ok(session, "user list").join("\n")).not.toContain("eve");
    expect(complete("su ops --pass", session.registry, session.kernel.view).candidates).toEqual(["--password"]); // not offered either
    expect(usageOf(session.registry.match(["su"]))).toBe("su <user> [--password <string>]");
    const { session: replayed } = reopen(dir); // the journal's own --password-hash still replays
    expect(ok(replayed, "user add alice; su alice; su ops --password s3cret; whoami")).toContain("ops");
  });

  it("may not be empty: anyone could su to the user, and replay refuses it again", () => {
    const dir = tempDir();
    const session = new Session({ seed: 3, sealKey: TEST_KEY, store: StateStore.open(dir) });
    expect(session.execute('user add eve --password ""').error).toBe("error: an empty password would let anyone su to 'eve' [EINVAL] — give a password, or none: then only a user holding CAP_SETUID may su to it");
    ok(session, "user add bob; su bob");
    expect(session.execute('su eve --password ""').ok).toBe(false);
    const before = session.kernel.toSnapshot();
    const { session: replayed } = reopen(dir); // the journal holds the refused add as its hash
    expect(replayed.kernel.toSnapshot()).toEqual(before);
    expect(ok(replayed, "user list").join("\n")).not.toMatch(/^eve /m);
  });
});

describe("history", () => {
  it("is per user, like ~/.bash_history, with passwords shown as ***", () => {
    const dir = tempDir();
    const session = new Session({ seed: 3, sealKey: TEST_KEY, store: StateStore.open(dir), interactive: true });
    ok(session, "user add ops --password s3cret --caps CAP_SETUID; user add alice --password a");
    ok(session, "su alice --password a");
    ok(session, "whoami");
    expect(ok(session, "history")).toEqual(["    1  whoami", "    2  history"]);
    ok(session, "exit");
    expect(ok(session, "history")).toEqual([
      "    1  user add ops --password *** --caps CAP_SETUID; user add alice --password ***",
      "    2  su alice --password ***",
      "    3  history", // alice typed the exit, in her own shell
    ]);
    expect(readFileSync(join(dir, "history.alice"), "utf8")).toBe("whoami\nhistory\nexit\n");
    expect(stateFiles(dir)).not.toContain("s3cret");
    const { session: next, store } = reopen(dir, true);
    ok(next, "su alice --password a");
    expect(ok(next, "history 2")).toEqual(["    3  exit", "    4  history 2"]);
    store.close();
  });

  it("redacts every form of --password, quoted or not, and only it", () => {
    expect(redactPasswords("su ops --password s3cret")).toBe("su ops --password ***");
    expect(redactPasswords("user add a --password='x y' --caps CAP_SETUID; su a --password \"p;q\"")).toBe("user add a --password=*** --caps CAP_SETUID; su a --password ***");
    expect(redactPasswords("su a --password 'unterminated")).toBe("su a --password ***");
    expect(redactPasswords("su a --password-hash 0a1b")).toBe("su a --password-hash 0a1b");
  });
});
