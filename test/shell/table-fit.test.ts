// Tables on a terminal of known width (issue 17, Output): a table wider than the terminal is
// narrowed with "…" by the columns' priority instead of wrapping; pipes and scripts are not cut.

import { fc, test as property } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { Chalk } from "chalk";
import { liveSnapshot } from "../../shell/display/live.js";
import { createRequire } from "node:module";
import { drawTable, fitWidths, truncate } from "../../shell/display/table.js";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { newSession, ok, tempDir } from "../helpers.js";

const ANSI = /\x1b\[[0-9;]*m/g;
const width = (line: string) => line.replace(ANSI, "").length;
const widest = (lines: readonly string[]) => Math.max(...lines.map(width));

/** A session whose terminal is `columns` wide (undefined: a pipe), with a day's audit trail. */
function auditSession(columns: number | undefined, color = false) {
  const session = newSession({ seed: 3, columns: () => columns, color });
  ok(session, "vol create database-primary --size 1G; vol create scratch --size 64M --type file; user add alice; vol snap create database-primary before-migration");
  return session;
}

describe("audit query on a terminal", () => {
  const piped = ok(auditSession(undefined), "audit query --limit 8");
  const table = piped.slice(0, -1); // the last line says how many matched

  it("is wider than 120 columns when nothing is cut (the case to fit)", () => {
    expect(widest(table)).toBeGreaterThan(120);
    expect(piped.join("\n")).not.toMatch(/…/);
  });

  // Left out in this order until MESSAGE has 32 columns or all it needs; MESSAGE is cut last (display/audit.ts).
  const kept = { 60: ["ACTION", "RESULT", "MESSAGE"], 80: ["SEQ", "ACTION", "RESULT", "MESSAGE"], 120: ["SEQ", "TIME", "LEVEL", "ACTION", "OBJECT", "RESULT", "MESSAGE"] };
  const cellsOf = (line: string) => line.split(/ {3,}/);
  const pipedCell = (row: number, name: string) => cellsOf(table[row]!)[cellsOf(table[0]!).indexOf(name)];
  for (const columns of [60, 80, 120] as const) {
    it(`fits ${columns} columns by leaving out ID, UID, TYPE, LEVEL, TIME, OBJECT and SEQ in turn, MESSAGE last`, () => {
      const lines = ok(auditSession(columns), "audit query --limit 8").slice(0, -1);
      expect(lines).toHaveLength(table.length);
      expect(widest(lines)).toBeLessThanOrEqual(columns);
      expect(cellsOf(lines[0]!)).toEqual(kept[columns]);
      lines.slice(1).forEach((line, at) => {
        const cells = cellsOf(line);
        kept[columns].forEach((name, column) => {
          if (name === "MESSAGE" && cells[column]!.endsWith("…")) expect(pipedCell(at + 1, name)!.startsWith(cells[column]!.slice(0, -1))).toBe(true);
          else expect(cells[column]).toBe(pipedCell(at + 1, name)); // the columns kept read as piped
        });
      });
    });
  }

  it("keeps every message whole when the columns left out make room, and cuts it with … only when they cannot", () => {
    expect(ok(auditSession(80), "audit query --limit 8").join("\n")).not.toMatch(/…/);
    const at60 = ok(auditSession(60), "audit query --limit 8");
    expect(at60).toContain("vol.snap.create   success   database-primary@before-migrati…");
    const at40 = ok(auditSession(40), "audit query --limit 8");
    expect(widest(at40.slice(0, -1))).toBeLessThanOrEqual(40);
    expect(at40[1]).toBe("vol.create        success   1G block on…");
  });

  it("narrows a coloured table as a plain one: the bold header still names the columns", () => {
    const plain = ok(auditSession(80), "audit query --limit 8");
    const coloured = ok(auditSession(80, true), "audit query --limit 8");
    expect(coloured.join("\n")).toMatch(/\x1b\[1m/);
    expect(coloured.map((line) => line.replace(ANSI, ""))).toEqual(plain);
  });

});

describe("pod list -o wide on a terminal", () => {
  it("cuts the other columns before NODE and IP", () => {
    let columns: number | undefined;
    const session = newSession({ seed: 5, columns: () => columns });
    const manifest = join(tempDir(), "pod.yaml");
    writeFileSync(manifest, "apiVersion: v1\nkind: Pod\nmetadata: {name: a-pod-with-a-rather-long-name}\nspec:\n  containers:\n  - {name: app, image: nginx}\n");
    ok(session, `image pull nginx; node add worker-with-a-long-name --cpu 4 --mem 8G; pod apply -f ${manifest}; sleep 10s`);
    const piped = ok(session, "pod list -o wide");
    expect(widest(piped)).toBeGreaterThan(60);
    columns = 80;
    const at80 = ok(session, "pod list -o wide");
    expect(widest(at80)).toBeLessThanOrEqual(80);
    expect(at80[1]).toMatch(/ {3}<none> {3}worker-with-a-long-name$/);
    expect(at80[1]).toMatch(/^a-pod-wit… +1\/1 +Running +0 /); // the name alone gave way
    columns = 60;
    const at60 = ok(session, "pod list -o wide");
    expect(widest(at60)).toBeLessThanOrEqual(60);
    expect(at60[0]).toMatch(/^NAME +READY +STATUS +RESTARTS +AGE +IP +NODE$/);
    expect(at60[1]).toMatch(/^a-p… +1\/1 +Runni… +0 +10s +<none> +worker-wi…$/); // the others at their headers' width before NODE gives way
  });
});

describe("drawTable", () => {
  const head = ["NAME", "STATE", "NOTE"];
  const rows = [["web", "Running", "serves the front page of the shop"], ["database", "Stopped", "-"]];

  it("lays a table out as it was laid out by hand: left-aligned, three spaces, no trailing blanks", () => {
    expect(drawTable(head, rows)).toEqual(["NAME       STATE     NOTE", "web        Running   serves the front page of the shop", "database   Stopped   -"]);
  });

  it("leaves a table that fits alone, and never cuts without a width", () => {
    expect(drawTable(head, rows, 200)).toEqual(drawTable(head, rows));
    expect(drawTable(head, rows, undefined, { giveWay: ["NOTE"] }).join("\n")).not.toMatch(/…/);
  });

  it("keeps colour codes whole in a cut cell and counts only what shows", () => {
    const chalk = new Chalk({ level: 1 });
    const lines = drawTable(head, [["web", chalk.green("Running"), chalk.red("serves the front page of the shop")]], 30, { giveWay: ["NOTE"] });
    expect(widest(lines)).toBeLessThanOrEqual(30);
    expect(lines[1]).toMatch(/\x1b\[31mserves …?.*\x1b\[39m/);
    expect(lines[1]!.replace(ANSI, "")).toBe("web    Running   serves the f…");
  });

  const cliTableTruncate = (createRequire(import.meta.url)("cli-table3/src/utils") as { truncate: (text: string, width: number, ellipsis: string) => string }).truncate;

  property.prop([fc.string({ unit: fc.oneof(fc.constantFrom("a", " ", "~", "\x1b[31m", "\x1b[39m", "界", "é"), fc.string({ maxLength: 1 })), maxLength: 40 }), fc.integer({ min: 1, max: 30 })])(
    "cuts a cell as cli-table3's own truncate does (its plain ASCII shortcut included)",
    (text, width) => {
      fc.pre(width < text.replace(ANSI, "").length);
      expect(truncate(text, width)).toBe(cliTableTruncate(text, width, "…"));
    },
  );

  const cell = fc.string({ unit: fc.constantFrom("a", "b", "-", ".", "7", " "), maxLength: 30 }).map((text) => text.trim()); // as cells are: no blanks at the ends
  const table = fc.integer({ min: 1, max: 6 }).chain((count) =>
    fc.record({
      head: fc.array(fc.string({ unit: fc.constantFrom("A", "B", "C"), minLength: 1, maxLength: 6 }), { minLength: count, maxLength: count }),
      rows: fc.array(fc.array(cell, { minLength: count, maxLength: count }), { maxLength: 8 }),
      columns: fc.integer({ min: 20, max: 200 }),
      first: fc.nat({ max: count - 1 }),
    }),
  );

  property.prop([table])("fits any width that leaves each column its header; a table that fits is unchanged", ({ head: titles, rows: cells, columns, first }) => {
    const natural = drawTable(titles, cells);
    const least = titles.reduce((sum, title) => sum + Math.max(title.length, 4), 3 * (titles.length - 1));
    const fitted = drawTable(titles, cells, columns, { giveWay: [titles[first]!] });
    expect(fitted).toHaveLength(natural.length);
    if (widest(natural) <= columns) expect(fitted).toEqual(natural);
    if (columns >= least) expect(widest(fitted)).toBeLessThanOrEqual(columns);
  });

  const widths = fc.integer({ min: 1, max: 8 }).chain((count) =>
    fc.record({
      natural: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: count, maxLength: count }),
      heads: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: count, maxLength: count }),
      order: fc.shuffledSubarray([...Array(count).keys()], { minLength: count, maxLength: count }),
      columns: fc.integer({ min: 10, max: 250 }),
    }),
  );

  property.prop([widths])("cuts columns in their order, each to its header's width (4 at least) before the next gives way", ({ natural, heads, order, columns }) => {
    const fitted = fitWidths(natural, heads, columns, order);
    const least = natural.map((width, column) => Math.min(width, Math.max(heads[column]!, 4)));
    fitted.forEach((width, column) => expect(width).toBeGreaterThanOrEqual(least[column]!));
    fitted.forEach((width, column) => expect(width).toBeLessThanOrEqual(natural[column]!));
    const total = (list: readonly number[]) => list.reduce((sum, width) => sum + width, 3 * (list.length - 1));
    if (total(least) <= columns) expect(total(fitted)).toBe(Math.min(columns, total(natural)));
    const cutAt = order.map((column) => fitted[column]! < natural[column]!);
    const lastCut = cutAt.lastIndexOf(true);
    for (let at = 0; at < lastCut; at++) expect(fitted[order[at]!]).toBe(least[order[at]!]); // every earlier column at its least
  });
});

describe("tables in a live pane", () => {
  it("fit the pane's box (the terminal less its borders and padding), not the whole terminal", () => {
    const session = auditSession(80);
    ok(session, "vol create scratch-volume-two --size 64M");
    const snapshot = liveSnapshot(session.kernel.view, "audit", session.display, {}, 8, { columns: 80 });
    const lines = snapshot.sections.flatMap((section) => section.lines);
    expect(lines[0]).toMatch(/^SEQ .* MESSAGE$/); // the audit pane drops columns by its own priority (audit-live.ts), MESSAGE last
    expect(widest(lines)).toBeLessThanOrEqual(76);
  });
});
