// Every example in help/*.md runs, in order, in a fresh script session, and none may fail;
// every declared command's own examples run too.

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { helpDir } from "../shell/help-pages.js";
import { Registry } from "../shell/registry.js";
import { newSession } from "./helpers.js";

function exampleBlocks(page: string): string[] {
  const text = readFileSync(join(helpDir(), page), "utf8");
  return [...text.matchAll(/```ksh\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

describe("help examples", () => {
  const pages = readdirSync(helpDir()).filter((name) => name.endsWith(".md"));

  it.each(pages)("every example on help/%s runs without error", (page) => {
    const blocks = exampleBlocks(page);
    expect(blocks.length).toBeGreaterThan(0);
    const session = newSession();
    for (const line of blocks.flatMap((block) => block.split("\n")).filter((l) => l.trim() !== "")) {
      const outcome = session.execute(line);
      expect(outcome.error, `help/${page}: ${line}`).toBeUndefined();
    }
  });

  it.each(new Registry().commands.map((spec) => [spec.path.join(" "), spec] as const))("the examples of '%s' run", (_name, spec) => {
    expect(spec.examples.length).toBeGreaterThan(0);
    for (const example of spec.examples) {
      const outcome = newSession().execute(example);
      expect(outcome.error, example).toBeUndefined();
    }
  });

  it("answers help, help <group>, help <group> <verb> and <command> --help", () => {
    const session = newSession();
    expect(session.execute("help").lines.join("\n")).toContain("audit      the tamper-evident audit trail");
    expect(session.execute("help audit").lines.slice(0, 2)).toEqual(["audit — the tamper-evident audit trail", "======================================"]); // a heading, underlined without colour
    expect(session.execute("help audit verify").lines[0]).toBe("usage: audit verify");
    expect(session.execute("audit verify --help").lines).toEqual(session.execute("help audit verify").lines);
    expect(session.execute("help status").lines[0]).toBe("usage: status");
    expect(session.execute("help nothing").error).toMatch(/no help for 'nothing'/);
    expect(session.execute("help audit nothing").error).toMatch(/expected a known verb/);
  });
});
