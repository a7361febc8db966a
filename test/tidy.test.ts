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
});
