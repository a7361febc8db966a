// Tab completion of snapshots (after vol@ and as a snapshot argument) and of host paths after the
// options that take one.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { command } from "../../shell/command.js";
import { complete } from "../../shell/complete.js";
import { COMMANDS, Registry } from "../../shell/registry.js";
import { newSession, ok, tempDir } from "../helpers.js";

describe("completing snapshots", () => {
  const session = newSession();
  ok(session, "vol create db --size 1M; vol snap create db before; vol snap create db base; vol create web --size 1M; vol snap create web w1");
  const candidates = (line: string) => complete(line, session.registry, session.kernel.view).candidates;

  it("offers a volume's snapshots after volume@", () => {
    expect(candidates("vol read db@")).toEqual(["db@base", "db@before"]);
    expect(candidates("vol read db@bef")).toEqual(["db@before"]);
    expect(candidates("vol read web@")).toEqual(["web@w1"]);
    expect(candidates("vol read nope@")).toEqual([]);
  });

  it("offers the snapshots of the volume named before a snapshot argument", () => {
    expect(candidates("vol snap delete db ")).toEqual(["base", "before"]);
    expect(candidates("vol snap restore web ")).toEqual(["w1"]);
  });
});

describe("completing host paths", () => {
  const dir = tempDir();
  writeFileSync(join(dir, "payload.bin"), "x");
  writeFileSync(join(dir, "pod.yaml"), "x");
  mkdirSync(join(dir, "sub"));
  mkdirSync(join(dir, ".git"));
  writeFileSync(join(dir, ".hidden.yaml"), "x");
  const apply = command({ path: ["pod", "apply"], summary: "a stand-in for pod apply -f", args: [], options: [{ name: "f", kind: "string", summary: "manifest" }], examples: [], run: () => ({}), display: () => [] });
  const registry = new Registry([...COMMANDS.filter((spec) => spec.path.join(" ") !== "pod apply"), apply]);
  const session = newSession({ registry });
  const candidates = (line: string) => complete(line, session.registry, session.kernel.view).candidates;

  it.each([
    [`vol write db 0 --file ${dir}/pay`, [`${dir}/payload.bin`]],
    [`vol read db 0 4 --out ${dir}/`, [`${dir}/payload.bin`, `${dir}/pod.yaml`, `${dir}/sub/`]],
    [`pod apply -f ${dir}/po`, [`${dir}/pod.yaml`]],
    [`pod apply -f ${dir}/.`, [`${dir}/.git/`, `${dir}/.hidden.yaml`]], // dotfiles only when the word asks for them, as bash does
    [`save ${dir}/s`, [`${dir}/sub/`]],
    [`load ${dir}/pa`, [`${dir}/payload.bin`]],
  ])("%s", (line, expected) => {
    expect(candidates(line)).toEqual(expected);
  });

  it("offers no files for an option that takes none", () => {
    expect(candidates(`vol create db --size ${dir}/`)).toEqual([]);
  });
});
