// Issue #9: live panes show only what the commands they mirror would show the viewer. Without
// CAP_AUDIT_READ, `audit tail` is refused, so is `watch audit`, and top's audit pane says so
// instead of listing root's entries; a DAC denial of `vol list` blanks the volume panes alike.

import { cleanup, render } from "ink-testing-library";
import { afterEach, describe, expect, it } from "vitest";
import { LiveView } from "../../shell/components/LiveView.js";
import { newSession, ok } from "../helpers.js";
import { frameWhere } from "./frames.js";

afterEach(cleanup);

describe("live panes follow their commands' rules", () => {
  it("refuses watch audit with audit tail's EPERM and blanks top's audit pane for a user without CAP_AUDIT_READ", () => {
    const session = newSession();
    ok(session, "user add bob; vol create v --size 1M; su bob");
    const denied = "error: permission denied: bob may not audit.tail audit: CAP_AUDIT_READ is not in bob's capability set [EPERM] — sec why bob audit.tail audit";
    expect(session.execute("audit tail 3").error).toBe(denied);
    expect(session.execute("watch audit").error).toBe(denied);
    const top = ok(session, "top");
    expect(top.slice(top.indexOf("audit tail"))).toEqual(["audit tail", "audit: needs CAP_AUDIT_READ"]);
    expect(top.join("\n")).not.toContain("audit.tail");
    expect(ok(session, "watch vol").join("\n")).toMatch(/^v\s+Available/m); // vol list is allowed, so is its pane
    ok(session, "exit; sec caps bob +CAP_AUDIT_READ; su bob");
    expect(ok(session, "watch audit").join("\n")).toContain("sec.caps");
  });

  it("blanks the volume panes when vol list is denied by DAC", () => {
    const session = newSession();
    ok(session, "user add bob; vol create v --size 1M; sec chmod vol 0700; su bob");
    expect(session.execute("vol list").error).toMatch(/^error: permission denied: bob may not vol.list vol: bob lacks read/);
    const top = ok(session, "top");
    expect(top).toContain("vol: denied by dac: bob lacks read (r) on vol (rwx------)");
    expect(top.join("\n")).not.toMatch(/^v\s+Available/m);
  });

  it("keeps the denials for the interactive view, which draws them on every redraw", async () => {
    const session = newSession({ interactive: true, wallClockMs: () => 0 });
    ok(session, "user add bob; vol create v --size 1M; su bob");
    const view = session.execute("top").view!;
    expect(view.denials).toEqual({ sec: "sec: needs CAP_AUDIT_READ", audit: "audit: needs CAP_AUDIT_READ" }); // the security pane reads the audit trail too
    const { lastFrame } = render(<LiveView session={session} view={{ name: "watch", group: "audit", denials: view.denials }} onLeave={() => {}} />);
    const frame = await frameWhere(lastFrame, (f) => f.includes("q/Esc/Ctrl-C leave"));
    expect(frame).toContain("audit: needs CAP_AUDIT_READ");
    expect(frame).not.toContain("user.su");
  });
});
