// A table of audit entries cuts long messages short (at AUDIT_MESSAGE_WIDTH_MAX in a pipe, to the
// terminal's width on one) and says so on a last line; --no-trunc shows every message whole, as
// docker ps --no-trunc does; --json always holds them whole.

import { describe, expect, it } from "vitest";
import { CUT_NOTE } from "../../shell/display/audit.js";
import { AUDIT_MESSAGE_WIDTH_MAX } from "../../src/limits.js";
import { newSession, ok } from "../helpers.js";

const DENIAL = "permission denied: bob may not audit.tail audit: CAP_AUDIT_READ is not in bob's capability set";

/** A session whose trail holds a message longer than a table shows: the EPERM of bob's refused watch sec. */
function withLongMessage(columns?: number) {
  const session = newSession(columns === undefined ? {} : { columns: () => columns });
  ok(session, "user add bob; su bob");
  session.execute("watch sec");
  ok(session, "exit");
  return session;
}

describe("audit messages whole with --no-trunc", () => {
  it("cuts a long message in a pipe and says how to see it whole", () => {
    expect(DENIAL.length).toBeGreaterThan(AUDIT_MESSAGE_WIDTH_MAX);
    const lines = ok(withLongMessage(), "audit query --user bob --level error");
    expect(lines).toHaveLength(3); // header, the row, the note
    expect(lines[1]).toMatch(/kernel\.watch\s+sec\s+EPERM\s+permission denied: bob may not audit\.tail.*…$/);
    expect(lines[1]).not.toContain(DENIAL);
    expect(lines[2]).toBe(CUT_NOTE);
  });

  it("shows every message whole with --no-trunc, in audit query and audit tail, without the note", () => {
    const session = withLongMessage();
    const query = ok(session, "audit query --user bob --level error --no-trunc");
    expect(query).toHaveLength(2);
    expect(query[1]!.endsWith(DENIAL)).toBe(true);
    const tail = ok(session, "audit tail 20 --no-trunc");
    expect(tail.some((line) => line.endsWith(DENIAL))).toBe(true);
    expect(tail).not.toContain(CUT_NOTE);
  });

  it("shows them whole on an 80-column terminal too, where the table is otherwise fitted and cut", () => {
    const session = withLongMessage(80);
    const fitted = ok(session, "audit query --user bob --level error");
    for (const line of fitted) expect(line.length).toBeLessThanOrEqual(80);
    expect(fitted.at(-1)).toBe(CUT_NOTE);
    const whole = ok(session, "audit query --user bob --level error --no-trunc");
    expect(whole[0]).toMatch(/^SEQ\s+ID\s+TIME\s+LEVEL\s+TYPE\s+UID\s+ACTION\s+OBJECT\s+RESULT\s+MESSAGE$/); // every column, as in a pipe
    expect(whole[1]!.endsWith(DENIAL)).toBe(true);
  });

  it("adds no note when nothing was cut, and keeps --json whole and free of display fields", () => {
    const session = withLongMessage();
    expect(ok(session, "audit query --type security --limit 3")).not.toContain(CUT_NOTE);
    const data = JSON.parse(ok(session, "audit query --user bob --level error --no-trunc --json").join("\n"));
    expect(Object.keys(data)).toEqual(["entries", "matched"]);
    expect(data.entries[0].message).toBe(DENIAL);
  });
});
