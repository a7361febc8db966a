// Texts a new user reads once and notices: the placeholder an option's usage names, the spacing of
// a line with nothing to report.

import { describe, expect, it } from "vitest";
import { newSession, ok } from "../helpers.js";

describe("small texts", () => {
  it("audit query's usage names --id's value an id, not a count", () => {
    const usage = ok(newSession(), "audit query --help").join("\n");
    expect(usage).toContain("[--id <id>]");
    expect(usage).not.toContain("--id <count>");
  });

  it("cluster jobs with nothing running: one space after the colon", () => {
    expect(ok(newSession(), "cluster jobs")).toEqual(["running: none", "finished: none yet"]);
  });

  it("watch without a group names itself once", () => {
    expect(newSession().execute("watch").error).toBe("error: watch: missing <group> [EINVAL] — usage: watch <group>");
  });
});
