// A host path typed as bash users type it: `~/web.yaml` and `~` are under $HOME, as bash would
// have expanded them; `~user`, a quoted `a~b` and a `~` further in stay as typed.

import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expandHome } from "../../src/persistence/user-file.js";
import { newSession, ok, tempDir } from "../helpers.js";

const POD = `apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - {name: app, image: busybox, command: ["log hi every 1s"]}
`;

describe("~ in host paths", () => {
  it.each([
    ["~", "/home/ann"],
    ["~/web.yaml", "/home/ann/web.yaml"],
    ["~/a/../b.yaml", "/home/ann/b.yaml"],
    ["~bob/web.yaml", "~bob/web.yaml"],
    ["a~/web.yaml", "a~/web.yaml"],
    ["./~/web.yaml", "./~/web.yaml"],
    ["/tmp/web.yaml", "/tmp/web.yaml"],
    ["web.yaml", "web.yaml"],
  ])("%s -> %s", (typed, expected) => {
    expect(expandHome(typed, "/home/ann")).toBe(expected);
  });

  describe("in commands, with HOME set", () => {
    const home = tempDir("kshell-home-");
    const saved = process.env.HOME;
    beforeAll(() => {
      process.env.HOME = home;
    });
    afterAll(() => {
      process.env.HOME = saved;
    });

    it("pod apply -f ~/web.yaml reads the manifest in $HOME", () => {
      writeFileSync(join(home, "web.yaml"), POD);
      const session = newSession();
      ok(session, "image pull busybox");
      expect(ok(session, "pod apply -f ~/web.yaml")).toEqual(["pod/web created"]);
    });

    it("vol write --file ~/x, vol read --out ~/y, save ~/s.json and audit export ~/a.jsonl use $HOME", () => {
      writeFileSync(join(home, "bytes.txt"), "hello home");
      const session = newSession();
      ok(session, "vol create v --size 1M");
      ok(session, "vol write v 0 --file ~/bytes.txt");
      ok(session, "vol read v 0 10 --out ~/copy.bin");
      ok(session, "save ~/s.json");
      ok(session, "audit export ~/a.jsonl");
      for (const name of ["copy.bin", "s.json", "a.jsonl"]) expect(existsSync(join(home, name))).toBe(true);
      expect(ok(session, "vol read v 0 10").join("\n")).toContain("hello home");
    });

    it("a missing ~/ file is named by its real place", () => {
      const outcome = newSession().execute("pod apply -f ~/absent.yaml");
      expect(outcome.error).toContain(join(home, "absent.yaml"));
      expect(outcome.error).not.toContain("no such directory ~");
    });
  });
});
