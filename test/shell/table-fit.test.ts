// Tables on a terminal of known width (issue 17, Output): a table wider than the terminal is
// narrowed with "…" by the columns' priority instead of wrapping; pipes and scripts are not cut.

import { fc, test as property } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { Chalk } from "chalk";
import { CUT_NOTE } from "../../shell/display/audit.js";
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
      const lines = ok(auditSession(columns), "audit query --limit 8").slice(0, -1).filter((line) => line !== CUT_NOTE); // a cut message is said on a line of its own
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

/** The list commands of a small estate, with long names, on a terminal `columns` wide (undefined: a pipe). */
function estateSession(columns: () => number | undefined) {
  const session = newSession({ seed: 5, columns });
  const manifest = join(tempDir(), "pod.yaml");
  writeFileSync(manifest, "apiVersion: v1\nkind: Pod\nmetadata: {name: a-pod-with-a-rather-long-name}\nspec:\n  containers:\n  - {name: app, image: nginx}\n");
  ok(session, "vol create database-primary --size 1G; vol create scratch --size 64M --type file; vol create copy-of-database --size 1G --tier hdd");
  ok(session, "vol snap create database-primary before-migration; vol replicate start database-primary copy-of-database");
  ok(session, "user add alice; user add bob-the-operator; sec caps alice +CAP_SYS_ADMIN +CAP_NET_ADMIN");
  ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add sds1 --pool pd1/sp1 --capacity 1G; cluster sds add sds2 --pool pd1/sp1 --capacity 1G; cluster sds add sds3 --pool pd1/sp1 --capacity 1G");
  ok(session, "cluster sdc add host1; vol create dv --type distributed --pool pd1/sp1 --size 64M; cluster map dv host1; vol write dv 0 --data hello; cluster sds fail sds2; sleep 2m");
  ok(session, "net create lan --type bridged --cidr 10.0.0.0/24; net create backbone-overlay --type overlay --cidr 172.16.100.0/22");
  ok(session, `image pull nginx; node add worker-with-a-long-name --cpu 4 --mem 8G; pod apply -f ${manifest}; sleep 10s`);
  return session;
}

// Each list command at 60, 80 and 120 columns: the columns it keeps, and the line naming those it left out.
const FITS: Record<string, Record<60 | 80 | 120, readonly [string[], string]>> = {
  "vol list": {
    60: [["NAME", "STATE", "TYPE", "SIZE", "ATTACHED"], "(REPLICAS, SNAPS, PROV, ALLOCATED, TIER left out)"],
    80: [["NAME", "STATE", "TYPE", "TIER", "SIZE", "ALLOCATED", "ATTACHED"], "(REPLICAS, SNAPS, PROV left out at 80 columns)"],
    120: [["NAME", "STATE", "TYPE", "TIER", "SIZE", "ALLOCATED", "PROV", "ATTACHED", "SNAPS", "REPLICAS"], ""],
  },
  "user list": {
    60: [["NAME", "UID", "CLEARANCE", "CAPABILITIES"], "(PASSWORD, UMASK, GROUPS, GROUP left out at 60 columns)"],
    80: [["NAME", "UID", "GROUP", "GROUPS", "CLEARANCE", "UMASK", "CAPABILITIES"], "(PASSWORD left out at 80 columns)"],
    120: [["NAME", "UID", "GROUP", "GROUPS", "CLEARANCE", "PASSWORD", "UMASK", "CAPABILITIES"], ""],
  },
  "cluster sds list": {
    60: [["NODE", "STATE", "POOL", "CAPACITY", "USED", "REPLICAS"], "(FAULT-SET, MEDIA left out at 60 columns)"],
    80: [["NODE", "STATE", "POOL", "MEDIA", "FAULT-SET", "CAPACITY", "USED", "REPLICAS"], ""],
    120: [["NODE", "STATE", "POOL", "MEDIA", "FAULT-SET", "CAPACITY", "USED", "REPLICAS"], ""],
  },
  "net list": {
    60: [["NAME", "STATE", "TYPE", "CIDR", "IFS"], "(AGING, VLANS, GATEWAY left out at 60 columns)"],
    80: [["NAME", "STATE", "TYPE", "CIDR", "GATEWAY", "IFS"], "(AGING, VLANS left out at 80 columns)"],
    120: [["NAME", "STATE", "TYPE", "CIDR", "GATEWAY", "IFS", "VLANS", "AGING"], ""],
  },
  "cluster alerts": {
    60: [["ID", "SEVERITY", "RAISED", "MESSAGE"], "(CATEGORY, RESOLVED, SOURCE left out at 60 columns)"],
    80: [["ID", "SEVERITY", "SOURCE", "RAISED", "RESOLVED", "MESSAGE"], "(CATEGORY left out at 80 columns)"],
    120: [["ID", "SEVERITY", "CATEGORY", "SOURCE", "RAISED", "RESOLVED", "MESSAGE"], ""],
  },
  "pod list -o wide": {
    60: [["NAME", "STATUS", "NODE"], "(AGE, RESTARTS, IP, READY left out at 60 columns)"],
    80: [["NAME", "READY", "STATUS", "IP", "NODE"], "(AGE, RESTARTS left out at 80 columns)"],
    120: [["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE"], ""],
  },
  "vol snap list database-primary": {
    60: [["NAME", "PARENT", "CREATED", "SIZE", "CURRENT"], "(USED left out at 60 columns)"],
    80: [["NAME", "PARENT", "CREATED", "SIZE", "USED", "CURRENT"], ""],
    120: [["NAME", "PARENT", "CREATED", "SIZE", "USED", "CURRENT"], ""],
  },
  "node list": {
    60: [["NAME", "STATUS", "CPU", "MEMORY"], "(VERSION, ROLES, AGE, PODS left out at 60 columns)"],
    80: [["NAME", "STATUS", "ROLES", "AGE", "CPU", "MEMORY", "PODS"], "(VERSION left out at 80 columns)"],
    120: [["NAME", "STATUS", "ROLES", "AGE", "VERSION", "CPU", "MEMORY", "PODS"], ""],
  },
  "ctr list": {
    60: [["CONTAINER ID", "NAMES"], "(CREATED, PORTS, COMMAND, IMAGE, RESTARTS, STATUS left out)"],
    80: [["CONTAINER ID", "STATUS", "NAMES", "RESTARTS"], "(CREATED, PORTS, COMMAND, IMAGE left out at 80 columns)"],
    120: [["CONTAINER ID", "IMAGE", "COMMAND", "STATUS", "PORTS", "NAMES", "RESTARTS"], "(CREATED left out at 120 columns)"],
  },
};

describe("list commands on a narrow terminal", () => {
  let columns: number | undefined;
  const session = estateSession(() => columns);
  const cellsOf = (line: string) => line.split(/ {3,}/);
  const nameOf: Record<string, string> = { "ctr list": "NAMES", "cluster alerts": "ID" };

  for (const [command, fits] of Object.entries(FITS)) {
    columns = undefined;
    const piped = ok(session, command);
    const pipedCells = (row: number, name: string) => cellsOf(piped[row]!)[cellsOf(piped[0]!).indexOf(name)];

    it(`${command}: a pipe keeps every column and says nothing of fitting`, () => {
      const named = [...fits[60][0], ...fits[60][1].replace(/^\((.*) left out( at 60 columns)?\)$/, "$1").split(", ")];
      expect([...cellsOf(piped[0]!)].sort()).toEqual(named.sort()); // every column, those left out at 60 included
      expect(piped.join("\n")).not.toMatch(/left out/);
    });

    for (const width of [60, 80, 120] as const) {
      it(`${command} at ${width} columns: fits, leaves out the least important columns and says which, the name whole`, () => {
        columns = width;
        const lines = ok(session, command);
        const [kept, note] = fits[width];
        const table = note === "" ? lines : lines.slice(0, -1);
        if (note !== "") expect(lines.at(-1)).toBe(note);
        expect(table).toHaveLength(piped.length);
        expect(widest(lines)).toBeLessThanOrEqual(width); // the line naming what was left out too
        expect(cellsOf(table[0]!)).toEqual(kept);
        const name = nameOf[command] ?? kept[0]!;
        table.slice(1).forEach((line, at) => expect(cellsOf(line)[kept.indexOf(name)]).toBe(pipedCells(at + 1, name))); // names read as piped
      });
    }
  }

  it("keeps the addresses, times and states whole at 60 columns: a cut one says nothing", () => {
    columns = 60;
    expect(ok(session, "net list").join("\n")).toMatch(/ 172\.16\.100\.0\/22 {3}0$/m);
    expect(ok(session, "cluster sds list").join("\n")).toMatch(/ DOWN\/crashed /);
    expect(ok(session, "cluster alerts").join("\n")).toMatch(/ T\+00:01:00\.0 {3}storage node sds2 is DOWN/);
    expect(ok(session, "pod list -o wide")[1]).toMatch(/^a-pod-with-a-rather-long-name {3}Running {3}worker-with-a-lon…$/); // the name whole, NODE cut before it
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

  it("leaves columns out from the right, never the first, and names them on a last line that itself fits", () => {
    const wide = ["NAME", "ALPHA", "BRAVO", "CHARLIE", "DELTA"];
    const row = ["a-long-object-name", "alpha-value", "bravo-value", "charlie-value", "delta-value"];
    expect(drawTable(wide, [row], 40)).toEqual(["NAME                 ALPHA         BRAVO", "a-long-object-name   alpha-value   brav…", "(DELTA, CHARLIE left out at 40 columns)"]);
    expect(drawTable(wide, [row], 30, { leaveOut: ["BRAVO"] })).toEqual(["NAME                 ALPHA", "a-long-object-name   alpha-va…", "(BRAVO +2 more left out)"]);
    expect(drawTable(wide, [row], 12)).toEqual(["NAME", "a-long-obje…", "(4 columns left out)"]); // the name cut only once nothing else is left
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

  property.prop([table])("fits any width its name column fits, leaving columns out only with a line that names them; a table that fits is unchanged", ({ head: titles, rows: cells, columns, first }) => {
    const natural = drawTable(titles, cells);
    const fitted = drawTable(titles, cells, columns, { giveWay: [titles[first]!] });
    if (widest(natural) <= columns) expect(fitted).toEqual(natural);
    const leftOut = fitted.length > natural.length;
    expect(fitted).toHaveLength(natural.length + (leftOut ? 1 : 0));
    const table = leftOut ? fitted.slice(0, -1) : fitted;
    if (columns >= Math.max(titles[0]!.length, 4)) expect(widest(table)).toBeLessThanOrEqual(columns);
    if (leftOut) expect(fitted.at(-1)).toMatch(new RegExp(`^\\((([A-C]+, )*[A-C]+( \\+\\d+ more)? left out( at ${columns} columns)?|\\d+ columns left out)\\)$`));
    if (leftOut) expect(width(fitted.at(-1)!)).toBeLessThanOrEqual(columns); // columns ≥ 20: the shortest form fits
    expect(table[0]!.startsWith(titles[0]!)).toBe(true); // the name column is never left out
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
    const least = natural.map((width, column) => Math.min(width, Math.max(heads[column]!, 4)));
    const fitted = fitWidths(natural, least, columns, order);
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
