// `help`: the index (from the registry), a group's page (help/<group>.md), or one command's usage
// (from its declaration). Pages live beside the package, found by walking up from this file so
// that the bundled binary and the sources under test read the same folder.

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { fail } from "../src/errors.js";
import { usageOf, type CommandSpec, type Display } from "./command.js";
import { didYouMean } from "./did-you-mean.js";
import { GROUP_SUMMARIES, pageOf } from "./groups.js";
import { renderHelp, type HelpSource } from "./help-render.js";
import type { Registry } from "./registry.js";

/** What `help` hands back: the text, and whether it is a page of help/ (reflowed) or generated lines. */
export interface HelpText {
  readonly text: string;
  readonly source: HelpSource;
}

let helpDirectory: string | undefined;

export function helpDir(): string {
  if (helpDirectory !== undefined) return helpDirectory;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "help", "kernel.md"))) return (helpDirectory = join(dir, "help"));
    if (dirname(dir) === dir) return fail("ENOENT", "help pages not found beside the kshell installation");
  }
}

export function readPage(page: string): string {
  const path = join(helpDir(), `${page}.md`);
  if (!existsSync(path)) fail("ENOENT", `no help page for '${page}'`, "type `help` for the index");
  return readFileSync(path, "utf8").trimEnd();
}

export function helpText(registry: Registry, group: string | undefined, words: readonly string[]): HelpText {
  const lines = (text: string): HelpText => ({ text, source: "lines" });
  if (group === undefined) return lines(indexText(registry));
  const spec = registry.named([group, ...words].join(" "));
  if (spec !== undefined && (words.length > 0 || spec.path.length === 1)) return lines([usageText(spec), ...subcommandLines(registry, spec.path)].join("\n"));
  if (words.length > 0 && registry.verbsAfter([group, ...words]).length > 0) return lines(groupText(registry, [group, ...words])); // help vol snap
  if (words.length > 0) registry.match([group, ...words]); // fails with the verbs that exist
  if (GROUP_SUMMARIES[group] !== undefined || ["kernel", "shell"].includes(group)) return { text: readPage(group), source: "page" };
  const topics = [...Object.keys(GROUP_SUMMARIES), "kernel", "shell", ...registry.verbsAfter([])];
  return fail("ENOENT", `no help for '${group}'`, didYouMean(group, [...new Set(topics)], "help ") ?? "type `help` for the index");
}

export function usageText(spec: CommandSpec): string {
  const typed = spec.options.filter((option) => option.replayOnly !== true); // a journal's own options are no one's to type
  const width = Math.max(0, ...typed.map((option) => option.name.length + 3));
  return [
    `usage: \`${usageOf(spec)}\``,
    `  ${spec.summary}`,
    ...(spec.aliases === undefined ? [] : [`aliases: ${spec.aliases.map((alias) => `\`${[...spec.path.slice(0, -1), alias].join(" ")}\``).join(", ")}`]),
    ...(typed.length > 0 ? ["options:", ...typed.map((o) => `  ${o.name.length === 1 ? `-${o.name.padEnd(width + 1)}` : `--${o.name.padEnd(width)}`} ${o.summary}${o.aliases === undefined ? "" : ` (also --${o.aliases.join(", --")})`}`)] : []),
    "  --json, --help are accepted by every command",
    requirementLine(spec),
    "examples:",
    ...spec.examples.map((example) => `  ${example}`),
    `see also: help ${pageOf(spec)}`,
  ].join("\n");
}

/**
 * `vol --help`, `cluster sds -h`: the subcommands of a group of verbs that is no command itself,
 * or undefined when `words` are not such a group and --help.
 */
export function groupHelpOutcome(registry: Registry, words: readonly string[], display: Display): { readonly ok: true; readonly lines: string[]; readonly page: () => string[] } | undefined {
  const prefix = words.filter((word) => word !== "--help" && word !== "-h");
  if (prefix.length === words.length || prefix.length === 0 || registry.commands.some((spec) => spec.path.join(" ") === prefix.join(" "))) return undefined;
  if (registry.verbsAfter(prefix).length === 0) return undefined;
  const page = () => helpLines({ text: groupText(registry, prefix), source: "lines" }, display);
  return { ok: true, lines: page(), page };
}

/** Help text laid out for where it is shown: the display's colour and terminal width. */
export function helpLines(help: HelpText, display: Display): string[] {
  return renderHelp(help.text, help.source, { chalk: display.chalk, color: display.color, columns: display.columns?.() });
}

function groupText(registry: Registry, prefix: readonly string[]): string {
  const summary = prefix.length === 1 ? GROUP_SUMMARIES[prefix[0]!] : undefined;
  return [`${prefix.join(" ")}${summary !== undefined ? `: ${summary}` : ""}`, ...subcommandLines(registry, prefix), `see also: help ${prefix[0]}`].join("\n");
}

/** Every command under `prefix`, one a line with its summary (none: no lines). */
function subcommandLines(registry: Registry, prefix: readonly string[]): string[] {
  const under = registry.commands.filter((spec) => spec.path.length > prefix.length && prefix.every((word, i) => spec.path[i] === word));
  if (under.length === 0) return [];
  const sorted = [...under].sort((a, b) => a.path.join(" ").localeCompare(b.path.join(" ")));
  const width = Math.max(...sorted.map((spec) => spec.path.join(" ").length));
  return [`subcommands (help ${prefix.join(" ")} <verb> for one's usage):`, ...sorted.map((spec) => `  ${spec.path.join(" ").padEnd(width)}  ${spec.summary}`)];
}

/** What the gate asks of the command: its capability, or that it never reaches the kernel. */
function requirementLine(spec: CommandSpec): string {
  if (spec.gate === undefined) return "requires: nothing (runs in the shell, not the kernel)";
  const capability = typeof spec.gate.capability === "function" ? "a capability depending on the arguments or the object (see the summary and the group's help page)" : (spec.gate.capability ?? "no capability");
  const access = typeof spec.gate.access === "function" ? "read or write (by the arguments)" : (spec.gate.access ?? (spec.gate.mutates ? "write" : "read"));
  return `requires: ${capability}; ${access} access to the object (DAC, MAC and rules apply; see help sec)`;
}

function indexText(registry: Registry): string {
  const oneWord = (page: string) =>
    inPageOrder(page, registry.onPage(page).filter((spec) => spec.path.length === 1)).map((spec) => `  ${spec.path[0]!.padEnd(10)} ${spec.summary}`);
  return [
    "kshell: a kernel-style infrastructure simulator. Commands are `<group> <verb> [args] [--options]`.",
    "",
    "groups (help <group> for its page, help <group> <verb> for usage):",
    ...Object.entries(GROUP_SUMMARIES).map(([name, summary]) => `  ${name.padEnd(10)} ${summary}`),
    "",
    "kernel (help kernel):",
    ...oneWord("kernel"),
    "",
    "shell (help shell):",
    ...oneWord("shell"),
    "",
    "Any command takes --help and --json. Tab completes; Up/Down and Ctrl-R search history.",
  ].join("\n");
}

/** The commands in the order their page lists them ("- `status` — ..."); the registry's order is the files'. */
function inPageOrder(page: string, specs: readonly CommandSpec[]): CommandSpec[] {
  const text = readPage(page);
  const at = (spec: CommandSpec) => {
    const found = [`- \`${spec.path[0]}\``, `- \`${spec.path[0]} `].map((bullet) => text.indexOf(bullet)).filter((index) => index >= 0);
    return found.length === 0 ? Number.MAX_SAFE_INTEGER : Math.min(...found);
  };
  return [...specs].sort((a, b) => at(a) - at(b));
}
