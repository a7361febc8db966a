// Rendered help (issue 17): headings, `code`, lists and a hanging indent at the terminal's width;
// the same layout without one escape code under NO_COLOR and in pipes (wrapped at 80). Ink-free.

import { readdirSync } from "node:fs";
import { Chalk } from "chalk";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { helpDir, helpText, type HelpText } from "../../shell/help-pages.js";
import { HELP_WIDTH_PIPED, helpWidth, renderHelp, type HelpStyle } from "../../shell/help-render.js";
import { Registry } from "../../shell/registry.js";
import { newSession, ok } from "../helpers.js";

const ESCAPE = /\x1b/;
const ANSI = /\x1b\[[0-9;]*m/g;
const registry = new Registry();
const pages = readdirSync(helpDir()).map((name) => name.replace(/\.md$/, ""));
const plain = (columns: number | undefined): HelpStyle => ({ chalk: new Chalk({ level: 0 }), color: false, columns });
const coloured = (columns: number | undefined): HelpStyle => ({ chalk: new Chalk({ level: 1 }), color: true, columns });
const visible = (line: string) => [...line.replace(ANSI, "")].length;

/** The lines of a page's ``` blocks, as the renderer shows them (indented 2): the one thing never wrapped. */
function verbatimLines(text: string): Set<string> {
  return new Set([...text.matchAll(/```\w*\n([\s\S]*?)```/g)].flatMap((match) => match[1]!.split("\n").map((line) => `  ${line}`)));
}

/** Every help text there is: each page, each command's usage, the index, each group's subcommand list. */
function everyHelp(): { name: string; help: HelpText; verbatim: Set<string> }[] {
  const groups = [...new Set(registry.commands.filter((spec) => spec.path.length > 1).map((spec) => spec.path.slice(0, -1).join(" ")))];
  const topics = [[], ...pages.map((page) => [page]), ...registry.commands.map((spec) => spec.path), ...groups.map((group) => group.split(" "))];
  return topics.map((words) => {
    const help = helpText(registry, words[0], words.slice(1));
    return { name: ["help", ...words].join(" "), help, verbatim: verbatimLines(help.text) };
  });
}

describe("help laid out at the terminal's width", () => {
  const all = everyHelp();

  it.each([60, 80, 120])("fits every line of every help text in %i columns (a code block's lines are kept whole)", (columns) => {
    const width = helpWidth(columns);
    for (const { name, help, verbatim } of all) {
      for (const style of [plain(columns), coloured(columns)]) {
        for (const line of renderHelp(help.text, help.source, style)) {
          if (!verbatim.has(line.replace(ANSI, ""))) expect(visible(line), `${name} at ${columns}: ${line}`).toBeLessThanOrEqual(width);
        }
      }
    }
  });

  it("caps a wide terminal at 100 columns and lays out pipes at 80", () => {
    expect(helpWidth(120)).toBe(100);
    expect(helpWidth(undefined)).toBe(HELP_WIDTH_PIPED);
    expect(HELP_WIDTH_PIPED).toBe(80);
    const vol = helpText(registry, "vol", []);
    expect(renderHelp(vol.text, vol.source, plain(undefined))).toEqual(renderHelp(vol.text, vol.source, plain(80)));
    expect(Math.max(...renderHelp(vol.text, vol.source, plain(120)).map(visible))).toBeGreaterThan(80); // a wide terminal is used
  });

  it("writes no escape code without colour (NO_COLOR, pipes), at any width", () => {
    for (const columns of [60, 80, 120, undefined]) {
      for (const { name, help } of all) expect(renderHelp(help.text, help.source, plain(columns)).join("\n"), name).not.toMatch(ESCAPE);
    }
  });

  it("shows headings bold and code in colour on a terminal, underlined and bare without colour", () => {
    const page = "# vol — volumes\n\nCreate one with `vol create`, then **read** it.";
    expect(renderHelp(page, "page", coloured(80))).toEqual(["\x1b[1mvol — volumes\x1b[22m", "", "Create one with \x1b[36mvol create\x1b[39m, then \x1b[1mread\x1b[22m it."]);
    expect(renderHelp(page, "page", plain(80))).toEqual(["vol — volumes", "=============", "", "Create one with vol create, then read it."]);
    expect(renderHelp("## Commands", "page", plain(80))).toEqual(["Commands", "--------"]);
  });

  it("wraps a bullet or a numbered item under its own text, and keeps code blocks as written", () => {
    const page = [
      "- `vol delete <name> [--force]` — refuses a volume attached to a host, mapped to an sdc, with",
      "  snapshots or in a replication session",
      "2. **DAC** — owner and mode bits decide",
      "",
      "```ksh",
      "vol create db --size 64M     # a long example line that is kept whole whatever the width is",
      "```",
    ].join("\n");
    expect(renderHelp(page, "page", plain(40))).toEqual([
      "• vol delete <name> [--force] — refuses",
      "  a volume attached to a host, mapped to",
      "  an sdc, with snapshots or in a",
      "  replication session",
      "2. DAC — owner and mode bits decide",
      "",
      "  vol create db --size 64M     # a long example line that is kept whole whatever the width is",
    ]);
  });

  it("aligns a wrapped option or subcommand description under its text, and a usage line under its words", () => {
    const lines = ok(newSession({ columns: () => 60 }), "vol create --help");
    expect(lines[0]).toBe("usage: vol create <name> --size <size> [--type");
    expect(lines[1]).toMatch(/^ {7}<block\|object\|file\|distributed>/); // under "vol", after "usage: "
    const group = ok(newSession({ columns: () => 60 }), "vol --help");
    const at = group.findIndex((line) => line.startsWith("  vol delete "));
    const column = group[at]!.indexOf("delete a volume");
    expect(column).toBeGreaterThan(10);
    expect(group[at + 1]!.slice(0, column).trim()).toBe(""); // the next line continues the description
    expect(group[at + 1]![column]).not.toBe(" ");
  });

  it("hangs a wrapped label line under its text, and other lines under their indent", () => {
    expect(renderHelp("requires: CAP_SYS_ADMIN; write access to the object", "lines", plain(30))).toEqual(["requires: CAP_SYS_ADMIN; write", "          access to the object"]);
    expect(renderHelp("kshell: a kernel-style infrastructure simulator", "lines", plain(30))).toEqual(["kshell: a kernel-style", "infrastructure simulator"]);
  });

  it("keeps a generated line that fits exactly as written (an example's spacing is the user's)", () => {
    expect(renderHelp('examples:\n  echo "a  b"', "lines", plain(80))).toEqual(["examples:", '  echo "a  b"']);
  });

  it("cuts a word longer than the line rather than overflowing", () => {
    expect(renderHelp(`${"x".repeat(70)} end`, "page", plain(30))).toEqual(["x".repeat(30), "x".repeat(30), `${"x".repeat(10)} end`]);
  });

  it("loses no word and overflows no line, for any text and width (property)", () => {
    const word = fc.stringMatching(/^[a-z<>\[\]|.,][a-z<>\[\]|.,-]{0,11}$/); // no word a list marker could be read from
    const span = fc.oneof(word, word.map((w) => `\`${w}\``), fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => `\`${ws.join(" ")}\``), word.map((w) => `**${w}**`));
    const paragraph = fc.array(span, { minLength: 1, maxLength: 40 }).map((spans) => spans.join(" "));
    const item = fc.tuple(fc.constantFrom("", "- ", "1. "), paragraph).map(([lead, text]) => lead + text);
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 5 }), fc.integer({ min: 30, max: 120 }), fc.boolean(), (items, columns, color) => {
        const text = items.join("\n\n");
        const lines = renderHelp(text, "page", color ? coloured(columns) : plain(columns));
        const words = (s: string) => s.replace(/[`*]|^- |^1\. /gm, "").split(/\s+/).filter((w) => w !== "");
        expect(lines.every((line) => visible(line) <= helpWidth(columns))).toBe(true);
        expect(words(lines.map((line) => line.replace(ANSI, "").replace(/^• /, "")).join("\n"))).toEqual(words(text));
      }),
    );
  });
});

describe("help through the session", () => {
  it("prints help pages without escape codes and at 80 columns when no terminal is given", () => {
    for (const line of ["help", "help vol", "vol --help", "vol create --help", "help cluster"]) {
      const lines = ok(newSession(), line);
      expect(lines.join("\n"), line).not.toMatch(ESCAPE);
      expect(lines.every((l) => visible(l) <= 80 || l.startsWith("  "))).toBe(true);
    }
  });

  it("marks help outcomes as pages for the pager, and nothing else", () => {
    const session = newSession();
    for (const line of ["help vol", "vol --help", "vol create --help"]) {
      const outcome = session.execute(line);
      expect(outcome.page?.(), line).toEqual(outcome.lines); // the same page, laid out again on demand
    }
    expect(session.execute("help vol --json").page).toBeUndefined();
    expect(session.execute("status").page).toBeUndefined();
  });
});
