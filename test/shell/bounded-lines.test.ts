// A piped run's lines are bounded (shell/bounded-lines.ts): whatever the chunking, a line up to
// INPUT_LINE_LENGTH_MAX + 1 characters comes through whole, a longer one is cut there and ends
// at once, and its rest up to its newline is dropped; input with no newline at all (/dev/zero)
// gives a line the session refuses, not a crash. Through the binary too.

import { spawnSync } from "node:child_process";
import { once } from "node:events";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boundedLines } from "../../shell/bounded-lines.js";
import { INPUT_LINE_LENGTH_MAX } from "../../src/limits.js";
import { KSHELL, tempDir } from "../helpers.js";

const KEPT = INPUT_LINE_LENGTH_MAX + 1;

/** What boundedLines passes on for `text` fed in chunks cut at `cuts` (byte offsets). */
async function through(text: string, cuts: readonly number[]): Promise<string> {
  const bytes = Buffer.from(text);
  const stream = boundedLines();
  let out = "";
  stream.on("data", (chunk: Buffer) => (out += chunk.toString()));
  let at = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    stream.write(bytes.subarray(at, cut));
    at = cut;
  }
  stream.end(bytes.subarray(at));
  await once(stream, "end");
  return out;
}

/** The lines as the session should get them: each cut to KEPT characters. */
function expected(lines: readonly string[], endsWithNewline: boolean): string {
  const kept = lines.map((line) => line.slice(0, KEPT));
  const last = lines.at(-1)!;
  return kept.join("\n") + (endsWithNewline || last.length >= KEPT ? "\n" : "");
}

describe("bounded input lines", () => {
  it("pass lines up to the limit whole and cut longer ones, whatever the chunking", async () => {
    const line = fc.oneof(fc.string({ maxLength: 40 }), fc.integer({ min: KEPT - 2, max: KEPT + 3000 }).map((n) => "é".repeat(n)));
    await fc.assert(
      fc.asyncProperty(fc.array(line.map((l) => l.replaceAll("\n", " ")), { minLength: 1, maxLength: 6 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 8 }), async (lines, newlineAtEnd, cuts) => {
        const text = lines.join("\n") + (newlineAtEnd ? "\n" : "");
        expect(await through(text, cuts)).toBe(expected(lines, newlineAtEnd));
      }),
      { numRuns: 60 },
    );
  });

  it("end a line with no newline at all (/dev/zero) once it is over the limit", async () => {
    const stream = boundedLines();
    let out = "";
    stream.on("data", (chunk: Buffer) => (out += chunk.toString()));
    for (let i = 0; i < 64; i++) stream.write(Buffer.alloc(64 * 1024)); // 4 MiB of zeros, never a newline
    expect(out).toBe(`${"\0".repeat(KEPT)}\n`);
  });

  it.each([
    ["kshell < /dev/zero", [] as string[]],
    ["kshell run /dev/zero", ["run", "/dev/zero"]],
  ])("%s: one clear error line, exit status 1, no stack trace", (_, args) => {
    const run = spawnSync(process.execPath, [KSHELL, ...args], { stdio: [args.length === 0 ? "pipe" : "ignore", "pipe", "pipe"], input: args.length === 0 ? Buffer.alloc(2 * 1024 * 1024) : undefined, encoding: "utf8", env: { ...process.env, KSHELL_HOME: tempDir("kshell-home-"), NO_COLOR: "1" } });
    expect([run.status, run.stdout, run.stderr]).toEqual([1, "", `error: line 1: line is longer than ${INPUT_LINE_LENGTH_MAX} characters, the limit [EINVAL]\n`]);
  });
});
