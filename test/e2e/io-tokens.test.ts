// IO tokens through the binary (issue 10): the signing key belongs to the state directory, so two
// state directories with the same seed refuse each other's tokens; the key is not in state.json;
// transcripts that issue tokens stay byte-identical across state directories.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tokenKeyFor } from "../../modules/cluster/token-service.js";
import { kshell, tempDir } from "../helpers.js";

const SETUP = [
  "cluster pd create pd1",
  "cluster pool create pd1/sp1 --copies 2",
  "cluster sds add a --pool pd1/sp1 --capacity 1G",
  "cluster sds add b --pool pd1/sp1 --capacity 1G",
  "cluster sdc add h1",
  "vol create dv --type distributed --pool pd1/sp1 --size 8M",
  "cluster map dv h1",
].join("\n");

describe("IO tokens and the state directory", () => {
  it("a token from one state directory is refused by another with the same seed, accepted by its own after a restart", () => {
    const mine = tempDir();
    const theirs = tempDir();
    expect(kshell(["--state", mine], `${SETUP}\nsave\n`).status).toBe(0);
    const issued = kshell(["--state", theirs], `${SETUP}\ncluster token issue dv write 0 4K --sdc h1 --text\nsave\n`);
    expect(issued.status).toBe(0);
    const text = issued.stdout.split("\n").find((line) => /^[\w-]{40,}$/.test(line))!;
    const refused = kshell(["--state", mine], `cluster token verify ${text}\n`);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^error: line 1: node [ab] refused the IO token for dv: bad signature \(forged or altered\) \[EACCES\]$/m);
    expect(kshell(["--state", theirs], `cluster token verify ${text}\n`).stdout).toMatch(/^accepted by [ab]: write on dv/);
    const saved = readFileSync(join(theirs, "state.json"), "utf8");
    expect(Object.keys((JSON.parse(saved) as { cluster: { tokens: object } }).cluster.tokens)).not.toContain("key");
    expect(saved).not.toContain(tokenKeyFor(readFileSync(join(theirs, "audit.key"))).toString("hex"));
  });

  it("prints the same transcript in any state directory: a token's fields, not its signature", () => {
    const script = `${SETUP}\ncluster token issue dv read 0 4K --sdc h1\ncluster token verify last\n`;
    const first = kshell(["--seed", "5"], script);
    const second = kshell(["--seed", "5"], script);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^token for read of 4K at 0 on dv by h1: nonce \w+, expires in 1m, single use$/m);
    expect(second.stdout).toBe(first.stdout);
  });
});
