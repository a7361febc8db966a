// House rules that keep the project in order (STYLE.md 15).

import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { GROUP_SUMMARIES, pageOf } from "../shell/groups.js";
import { helpDir } from "../shell/help-pages.js";
import { Registry } from "../shell/registry.js";
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

/** The shell files `file` imports other than for types: `import x from`, `export ... from`, not `import type`. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found = [...text.matchAll(/^(?:import|export) (?!type )[^;]*?from "(\.[^"]+)\.js";$/gms)].map((match) => resolve(dirname(file), match[1]!));
  return found.flatMap((base) => [`${base}.ts`, `${base}.tsx`].filter((path) => path.startsWith(join(ROOT_DIR, "shell")) && existsFile(path)));
}

function existsFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

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

  it("declares each command in its own file, at the path of its words (vol/snap/create.ts is `vol snap create`)", () => {
    const dir = join(ROOT_DIR, "shell", "commands");
    const files = sourceFiles(dir).filter((path) => readFileSync(path, "utf8").includes("export default command("));
    expect(files.length).toBe(registry.commands.length);
    for (const file of files) {
      const words = /^ {2}path: \[(.*)\],$/m.exec(readFileSync(file, "utf8"))?.[1]?.split(", ").map((word) => JSON.parse(word) as string);
      expect(words?.join("/"), relative(ROOT_DIR, file)).toBe(relative(dir, file).replace(/\.tsx?$/, ""));
    }
  });

  it("keeps shell/commands/index.gen.ts, the registry's list, as scripts/gen-commands.mjs writes it", () => {
    expect(() => execFileSync("node", [join(ROOT_DIR, "scripts", "gen-commands.mjs"), "--check"], { stdio: "pipe" })).not.toThrow();
  });

  it("has no import loop among the shell's files at run time (type-only imports aside)", () => {
    const files = sourceFiles(join(ROOT_DIR, "shell"));
    const imports = new Map(files.map((file) => [file, runtimeImports(file)]));
    const state = new Map<string, "open" | "done">();
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === "done") return;
      expect(state.get(file), `import loop: ${[...trail, file].map((f) => relative(ROOT_DIR, f)).join(" -> ")}`).not.toBe("open");
      state.set(file, "open");
      for (const next of imports.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, "done");
    };
    for (const file of files) visit(file, []);
  });

  it("leaves parsing to the declarations: no value parsers, casts or ! on arguments in command files", () => {
    // cluster token issue checks its operation and --sdc before its offset and length, as it always has;
    // audit query's --since/--until and --user read times and uids relative to the kernel's state
    const parsesItself = ["cluster/token/issue.ts", "audit/query-options.ts"];
    const dir = join(ROOT_DIR, "shell", "commands");
    for (const file of sourceFiles(dir)) {
      const text = readFileSync(file, "utf8");
      const name = relative(dir, file);
      expect(text, name).not.toMatch(/input\.args\.[\w-]+!|(?:\bo|input\.options)(?:\.[\w]+|\["[\w-]+"\]) as (?:string|number)\b/);
      if (!parsesItself.includes(name)) expect(text, name).not.toMatch(/\b(?:parseSize|parseCount|parseDuration|validateName)\(/);
    }
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

  it("changes every state machine's state through transition(), and declares each machine as data", () => {
    const kernelFiles = KERNEL_DIRS.flatMap(sourceFiles).map((file) => ({ name: relative(ROOT_DIR, file), text: readFileSync(file, "utf8") }));
    // A state column is written only with transition(); the exceptions bring a row back or start one.
    const STATE_WRITE = /\b(states|replicaStates|conditions|draining)(\[[^\]]*\]\s*=(?!=)|\.(fill|set)\()/;
    const ALLOWED: readonly (readonly [RegExp, string])[] = [
      [/= row\.state;/, "restore: a saved row, checked by the snapshot schema"],
      [/\.set\(saved\.(states|conditions|replicaStates|draining)\)/, "restore: saved columns, checked by the snapshot schema"],
      [/states\[slot\] = VolumeState\.Created;/, "a fresh volume row starts in the machine's first state"],
    ];
    for (const { name, text } of kernelFiles) {
      text.split("\n").forEach((line, index) => {
        if (!STATE_WRITE.test(line) || line.includes("transition(") || ALLOWED.some(([allowed]) => allowed.test(line))) return;
        expect.fail(`${name}:${index + 1} writes a state column without transition(): ${line.trim()}`);
      });
    }
    // Every list of state names is a machine's: a defineMachine() declaration takes it.
    const all = kernelFiles.map((file) => file.text).join("\n");
    const lists = [...all.matchAll(/export const ([A-Z_]*(?:STATES|STATE_NAMES|CONDITIONS)) = \[/g)].map((match) => match[1]!);
    expect(lists.length).toBeGreaterThanOrEqual(6);
    for (const list of lists) expect(all, `${list} is declared as a machine`).toMatch(new RegExp(`defineMachine\\([^,]*,\\s*${list}\\b`));
  });

  it("keeps every limit in src/limits.ts, re-exported from nowhere else", () => {
    const limits = join(ROOT_DIR, "src", "limits.ts");
    for (const file of ALL_SOURCES.filter((path) => path !== limits)) {
      const text = readFileSync(file, "utf8");
      expect(text, `${relative(ROOT_DIR, file)} declares a limit: move it to src/limits.ts`).not.toMatch(/const [A-Z_]+_(MAX|MIN|LIMIT)\b =/);
      expect(text, `${relative(ROOT_DIR, file)} re-exports a limit`).not.toMatch(/export \{[^}]*\b[A-Z_]+_(MAX|MIN|LIMIT)\b[^}]*\}/);
    }
  });

  it("keeps hot state in fixed tables (src/table/), not in Maps and Sets", () => {
    // A Map or Set held by a class or a module lives as long as the kernel and grows with it.
    // Function-local ones (one report's grouping, one IO's tally) are not state and are not matched.
    const allowed: Record<string, string> = {
      "src/chunks/chunk-host.ts stores": "the session's chunk devices by name, bounded by CHUNK_DEVICE_MAX: not kernel state",
      "src/chunks/chunk-host.ts cache": "chunks read back, bounded by CHUNK_CACHE_BYTES (least recently used go first)",
      "src/chunks/chunk-folders.ts hosts": "the session's chunk generations (one or two at a time): not kernel state",
      "src/chunks/chunk-space.ts devices": "a kernel's chunk devices by name, bounded by CHUNK_DEVICE_MAX",
      "src/chunks/chunk-pins.ts latest": "the last piece of one vol write --file in each slot, cleared when the command ends: bounded by one command's chunks",
      "src/chunks/chunk-pins.ts devices": "a chunk host's devices by name, bounded by CHUNK_DEVICE_MAX: not kernel state",
      "src/chunks/chunk-pins.ts reserved": "the slots the journal names, by device (CHUNK_DEVICE_MAX), emptied at each snapshot: bounded by JOURNAL_BYTES_MAX",
      "src/chunks/slot-files.ts slots": "the in-memory slot store of kernels without a folder (unit tests), bounded by the device's ids",
      "src/persistence/state-lock.ts heldHere": "the locks this process holds, one per open state directory: not kernel state",
      "modules/cluster/chaos.ts lastAcknowledged": "the chaos run's checker, dropped with the run: a test harness, not kernel state",
      "modules/cluster/chaos.ts failedSince": "the chaos run's checker, as above",
      "modules/cluster/chaos.ts down": "the chaos run's checker, as above",
      "modules/cluster/reports.ts BELOW_FULL": "a constant set of state names",
      "modules/security/accounts.ts slotByUid": "an index of the fixed users table, bounded by USER_COUNT_MAX",
      "modules/security/rules.ts actionIds": "interned action names, bounded by RULE_ACTION_CACHE_MAX",
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
