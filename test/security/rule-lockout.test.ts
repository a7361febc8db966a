// A deny rule that would refuse its own removal is refused when added: rules bind root too, so
// `--object 'sec:*' --action 'sec.*'` once left no one able to list or delete rules, for good
// (it persists). Rules that spare sec.rule.list and sec.rule.del, or spare root and the author,
// are added as before.

import { describe, expect, it } from "vitest";
import { newSession, ok } from "../helpers.js";

const REFUSED = /^error: refused: this rule would deny (\w+) (sec\.rule\.list sec\/rule|sec\.rule\.del sec\/rule\/\d+), so no one could list or delete it again \(only reset or load would undo it\) \[EINVAL\] — leave sec\.rule\.list and sec\.rule\.del out of --action/;

describe("sec rule add refuses a lockout", () => {
  it.each([
    "--object 'sec:*' --action 'sec.*'",
    "", // deny everything to everyone
    "--action 'sec.rule.del'",
    "--object 'sec/rule/1'",
    "--object 'sec:rule*' --action 'sec.rule.l*'",
    "--group root --action 'sec.rule.*'",
  ])("refuses deny %s, adds nothing, and root still lists and explains", (options) => {
    const session = newSession();
    expect(session.execute(`sec rule add --effect deny ${options}`).error).toMatch(REFUSED);
    expect(ok(session, "sec rule list --json").join("\n")).toMatch(/"rules": \[\]/);
    expect(ok(session, "sec rule add --effect allow --action vol.read")).toEqual(["added rule #1 (allow)"]); // the refused one took no id
  });

  it("refuses a rule that would lock out its non-root author, naming them; spares root and others", () => {
    const session = newSession();
    ok(session, "user add alice --caps CAP_MAC_ADMIN; user add bob; su alice");
    expect(session.execute("sec rule add --effect deny --group alice --object 'sec:*' --action 'sec.*'").error).toMatch(/would deny alice sec\.rule\.list sec\/rule/);
    ok(session, "sec rule add --effect deny --user bob --object 'sec:*' --action 'sec.*'; sec rule list; sec rule del 1");
  });

  it("adds denies that spare the rule commands, or their recovery, and root deletes them", () => {
    const session = newSession();
    ok(session, "user add alice");
    ok(session, "sec rule add --effect deny --object 'sec:*' --action 'sec.clearance,sec.label'");
    ok(session, "sec rule add --effect deny --user alice --object 'sec:*' --action 'sec.*'");
    ok(session, "sec rule add --effect allow --object 'sec:*' --action 'sec.*'");
    ok(session, "sec rule del 3; sec rule del 1; sec rule del 2");
    expect(ok(session, "sec rule list --json").join("\n")).toMatch(/"rules": \[\]/);
  });

  it("refuses a deny of another rule's removal: two rules denying each other's would lock both in", () => {
    const session = newSession();
    ok(session, "sec rule add --effect deny --object 'sec/rule/2' --action sec.rule.del"); // rule #2 does not exist yet
    expect(session.execute("sec rule add --effect deny --object 'sec/rule/1' --action sec.rule.del").error).toMatch(/would deny root sec\.rule\.del sec\/rule\/1, so no one could list or delete rule\/1 again/);
    ok(session, "sec rule add --effect allow --action vol.read"); // #2: kept from deletion only while #1 is there
    expect(session.execute("sec rule del 2").error).toMatch(/denied/);
    ok(session, "sec rule del 1; sec rule del 2");
    expect(ok(session, "sec rule list --json").join("\n")).toMatch(/"rules": \[\]/);
  });
});
