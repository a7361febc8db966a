// Snapshot files are sealed with the key (issue 10): `save <file>` writes a sealed file that
// `load` takes back with the same key; an edited file, or one sealed with another key, is refused.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { newSession, ok, tempDir } from "../helpers.js";

describe("save <file> and load <file>", () => {
  it("load a file saved with the same key", () => {
    const file = join(tempDir(), "snap.json");
    const session = newSession();
    ok(session, "user add alice");
    ok(session, `save ${file}`);
    const other = newSession();
    ok(other, `load ${file}`);
    expect(ok(other, "user list").join("\n")).toContain("alice");
  });

  it("refuse an edited file, naming it", () => {
    const file = join(tempDir(), "snap.json");
    ok(newSession(), `save ${file}`);
    writeFileSync(file, readFileSync(file, "utf8").replace('"seed":1', '"seed":2'));
    const outcome = newSession().execute(`load ${file}`);
    expect(outcome.error).toBe(`error: cannot load ${file}: does not match its seal: edited outside kshell, or sealed with another audit.key [EINVAL]`);
  });

  it("check the seal against the text as written, and a file reformatted since by its fields", () => {
    const file = join(tempDir(), "snap.json");
    const session = newSession();
    ok(session, "user add alice");
    ok(session, `save ${file}`);
    const written = readFileSync(file, "utf8");
    writeFileSync(file, JSON.stringify(JSON.parse(written), null, 2)); // same fields, other text: still sealed right
    const other = newSession();
    ok(other, `load ${file}`);
    expect(ok(other, "user list").join("\n")).toContain("alice");
    writeFileSync(file, JSON.stringify({ ...JSON.parse(written), seed: 2 }, null, 2)); // reformatted and edited
    expect(newSession().execute(`load ${file}`).error).toContain("does not match its seal");
    writeFileSync(file, written.replace('"seed":1', '"seed":2')); // edited, as written otherwise
    expect(newSession().execute(`load ${file}`).error).toContain("does not match its seal");
  });

  it("refuse a file sealed with another key, or with no seal", () => {
    const file = join(tempDir(), "snap.json");
    ok(newSession({ sealKey: new Uint8Array(32).fill(9) }), `save ${file}`);
    expect(newSession().execute(`load ${file}`).error).toContain("does not match its seal");
    const { seal: _seal, ...unsealed } = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify(unsealed));
    expect(newSession().execute(`load ${file}`).error).toBe(`error: cannot load ${file}: has no seal (written by an older kshell, or the seal was removed) [EINVAL]`);
  });
});
