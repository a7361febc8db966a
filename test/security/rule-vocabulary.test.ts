// `sec rule add` takes an object as a path (vol/db, the form errors and `sec why` write) as well
// as type:glob, and refuses what could never match or is wider than it reads: an unknown object
// type, nothing after ':' or '/', an action glob that matches no action. A rule that is accepted
// decides: the real decision, `sec rule check` and the listing agree.

import { describe, expect, it } from "vitest";
import { newSession, ok } from "../helpers.js";

function withReadableVolume() {
  const session = newSession();
  ok(session, "vol create rv --size 1M; vol write rv 0 --data s; sec chmod vol/rv 644; user add bob");
  return session;
}

describe("sec rule add's objects and actions", () => {
  it("reads --object vol/rv as type vol, name rv: the rule denies bob's read, and check and list say so", () => {
    const session = withReadableVolume();
    ok(session, "su bob; vol read rv 0 1; exit"); // readable before the rule
    ok(session, "sec rule add --effect deny --user bob --object vol/rv --action vol.read");
    expect(ok(session, "sec rule list").join("\n")).toMatch(/^1 +0 +deny +bob +vol:rv +vol\.read +0$/m);
    expect(ok(session, "sec rule check bob vol.read vol/rv")).toEqual(["deny by rule #1"]);
    ok(session, "su bob");
    expect(session.execute("vol read rv 0 1").error).toMatch(/permission denied: bob may not vol\.read vol\/rv: a matching deny rule wins/);
  });

  it("reads a path glob (vol/r*) and a nested one (audit/filter/*) as the type:glob forms do", () => {
    const session = withReadableVolume();
    ok(session, "sec rule add --effect deny --user bob --object 'vol/r*' --action vol.read; sec rule add --effect allow --object audit/filter/* --action 'audit.*'");
    expect(ok(session, "sec rule list").join("\n")).toMatch(/vol:r\*[\s\S]*audit:filter\/\*/);
    expect(ok(session, "sec rule check bob vol.read vol/rv")).toEqual(["deny by rule #1"]);
  });

  it.each([
    ["volume:rv", /no object type 'volume' in --object 'volume:rv'.*object types: audit, cluster, ctr, group, host, image, kernel, net, node, pod, sec, user, vol;/],
    ["nosuchtype:*", /no object type 'nosuchtype'/],
    ["vol:", /--object 'vol:' names no objects after ':'.*write vol:\* for every vol object, or vol\/<name>/],
    ["vol/", /--object 'vol\/' names no objects after '\/'/],
  ])("refuses --object %s, adding no rule", (object, message) => {
    const session = withReadableVolume();
    expect(session.execute(`sec rule add --effect deny --user bob --object '${object}' --action vol.read`).error).toMatch(message);
    expect(ok(session, "sec rule list --json").join("\n")).toMatch(/"rules": \[\]/);
  });

  it.each([
    ["vol.raed", /--action 'vol\.raed' matches no action.*did you mean `vol\.read`\?/],
    ["vol.read,,vol.write", /has an empty action/],
    ["nothing.*", /--action 'nothing\.\*' matches no action/],
  ])("refuses --action %s", (action, message) => {
    const session = withReadableVolume();
    expect(session.execute(`sec rule add --effect deny --user bob --object vol --action '${action}'`).error).toMatch(message);
  });

  it("takes the actions decided apart from commands (host files, pods) and globs over many", () => {
    const session = withReadableVolume();
    ok(session, "sec rule add --effect allow --object 'host/tmp/*' --action host.read; sec rule add --effect deny --pod 'web*' --object vol --action vol.mount; sec rule add --effect audit --action 'kernel.*, vol.*'");
    expect(ok(session, "sec rule list").join("\n")).toMatch(/host:tmp\/\* +host\.read[\s\S]*vol:\* +vol\.mount[\s\S]*kernel\.\*,vol\.\*/);
  });
});
