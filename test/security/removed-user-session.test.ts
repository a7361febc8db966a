// A shell whose user is removed goes on as the bare uid, as a Linux shell does after userdel:
// whoami, id and the prompt agree on it, the journal records it, and replay (after a crash,
// before any compaction) runs those records as that uid instead of refusing the state.

import { describe, expect, it } from "vitest";
import { StateStore } from "../../src/persistence/state-store.js";
import { Session } from "../../shell/session.js";
import { newSession, ok, TEST_KEY, tempDir } from "../helpers.js";

const ORPHANED = "user add carol --caps CAP_SETUID; su carol; su root; user del carol; exit";

describe("a session whose user is removed", () => {
  it("is its uid for whoami and id, after exit back to it", () => {
    const session = newSession();
    expect(ok(session, ORPHANED)).toContain("logout: back to 1000");
    expect(ok(session, "whoami")).toEqual(["1000"]);
    expect(ok(session, "id")[0]).toMatch(/^uid=1000\(1000\) /);
    expect(session.subject).toMatchObject({ name: "1000", uid: 1000 });
  });

  it("is its uid at once when the user removes itself, and the name again when --uid gives it back", () => {
    const session = newSession();
    ok(session, "user add carol --caps CAP_SETUID,CAP_DAC_OVERRIDE; su carol; user del carol");
    expect(ok(session, "whoami")).toEqual(["1000"]);
    ok(session, "exit");
    const again = newSession();
    ok(again, "user add carol --caps CAP_SETUID; su carol; su root; user del carol; user add carol2 --uid 1000; exit");
    expect(ok(again, "whoami")).toEqual(["carol2"]);
  });

  it("refuses a user name of digits only: it would read as a uid", () => {
    expect(newSession().execute("user add 1000").error).toMatch(/user name '1000' is all digits: it would read as a uid \[EINVAL\]/);
  });

  it("leaves a journal that replays: the records run as the uid", () => {
    const dir = tempDir();
    let store = StateStore.open(dir);
    ok(new Session({ seed: 1, sealKey: TEST_KEY, store }), `${ORPHANED}; vol list`);
    store.close(); // as after kill -9: no compaction, the journal holds every record
    store = StateStore.open(dir);
    const session = new Session({ seed: 1, sealKey: TEST_KEY, store });
    expect(ok(session, "audit query --action vol.list --json").join("\n")).toMatch(/"uid": 1000/);
    store.close();
  });
});
