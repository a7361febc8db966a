// House rules that keep the project in order (STYLE.md 15).

import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { helpDir } from "../shell/help-pages.js";
import { GROUP_SUMMARIES, pageOf, Registry } from "../shell/registry.js";
import { ROOT_DIR } from "./helpers.js";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

const registry = new Registry();
const KERNEL_DIRS = ["src", "modules"].map((dir) => join(ROOT_DIR, dir));
const ALL_SOURCES = [...KERNEL_DIRS, join(ROOT_DIR, "shell")].flatMap(sourceFiles);

describe("tidy", () => {
  it("documents every command on its group's help page, and every page documents commands", () => {
    const pages = readdirSync(helpDir()).map((name) => name.replace(/\.md$/, ""));
    for (const spec of registry.commands) {
      const page = pageOf(spec);
      expect(pages, `help page for ${spec.path.join(" ")}`).toContain(page);
      const text = readFileSync(join(helpDir(), `${page}.md`), "utf8");
      expect(text, `help/${page}.md mentions ${spec.path.join(" ")}`).toContain(`\`${spec.path.join(" ")}`);
    }
    for (const page of pages) expect(registry.onPage(page).length, `commands on help/${page}.md`).toBeGreaterThan(0);
    for (const group of Object.keys(GROUP_SUMMARIES)) expect(pages).toContain(group);
  });

  it("declares each command in its own file at shell/commands/<group>/<verb>.ts", () => {
    const files = sourceFiles(join(ROOT_DIR, "shell", "commands")).filter((path) => readFileSync(path, "utf8").includes("export default command("));
    expect(files.length).toBe(registry.commands.length);
  });

  it("keeps wall time, Math.random and console output out of the kernel", () => {
    for (const file of KERNEL_DIRS.flatMap(sourceFiles)) {
      const text = readFileSync(file, "utf8");
      expect(text, relative(ROOT_DIR, file)).not.toMatch(/Date\.now\(|new Date\(|Math\.random\(|performance\.now\(|console\.log\(/);
    }
  });

  it("keeps imports pointing shell -> modules -> src", () => {
    for (const file of KERNEL_DIRS.flatMap(sourceFiles)) {
      expect(readFileSync(file, "utf8"), relative(ROOT_DIR, file)).not.toMatch(/from "(\.\.\/)+shell\//);
    }
  });

  it("keeps functions short (under ~70 lines)", () => {
    for (const file of ALL_SOURCES) {
      const lines = readFileSync(file, "utf8").split("\n");
      let start = -1;
      lines.forEach((line, index) => {
        if (/^(export )?(async )?function |^  (private |static |async )*[a-zA-Z]+\(.*\)(: [^=]+)? \{$/.test(line)) start = index;
        if ((line === "}" || line === "  }") && start >= 0) {
          expect(index - start, `${relative(ROOT_DIR, file)}:${start + 1}`).toBeLessThan(70);
          start = -1;
        }
      });
    }
  });

  it("keeps hot state in fixed tables (src/table/), not in Maps and Sets", () => {
    // A Map or Set held by a class or a module lives as long as the kernel and grows with it.
    // Function-local ones (one report's grouping, one IO's tally) are not state and are not matched.
    const allowed: Record<string, string> = {
      "src/persistence/state-lock.ts heldHere": "the locks this process holds, one per open state directory: not kernel state",
      "modules/cluster/chaos.ts lastAcknowledged": "the chaos run's checker, dropped with the run: a test harness, not kernel state",
      "modules/cluster/chaos.ts failedSince": "the chaos run's checker, as above",
      "modules/cluster/chaos.ts down": "the chaos run's checker, as above",
      "modules/cluster/reports.ts BELOW_FULL": "a constant set of state names",
      "modules/security/accounts.ts slotByUid": "an index of the fixed users table, bounded by USER_COUNT_MAX",
      "modules/security/rules.ts actionIds": "interned action names, bounded by ACTION_CACHE_MAX",
      "modules/security/labels.ts BOOT_PATHS": "a constant set of the boot labels' paths",
    };
    const held = /^(?:export )?(?:const|let) (\w+)(?::[^=]+)? = new (?:Map|Set)\b|^  (?:(?:private|protected|public|readonly|static) )*(\w+)(?::[^=]+)? = (?:new (?:Map|Set)\b|Array\.from\(.*new (?:Map|Set)\b)/;
    const found: string[] = [];
    for (const file of KERNEL_DIRS.flatMap(sourceFiles)) {
      const path = relative(ROOT_DIR, file).split("\\").join("/");
      if (path.startsWith("src/table/")) continue;
      for (const line of readFileSync(file, "utf8").split("\n")) {
        const match = held.exec(line);
        if (match !== null) found.push(`${path} ${match[1] ?? match[2]}`);
      }
    }
    expect(found.filter((entry) => allowed[entry] === undefined), "hot state in a Map or Set: use src/table/ (or allow it here, with a reason)").toEqual([]);
    expect(Object.keys(allowed).filter((entry) => !found.includes(entry)), "allow-list entries that no longer match anything").toEqual([]);
  });
});
