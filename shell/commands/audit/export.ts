import type { AuditEntry } from "../../../modules/audit/index.js";
import { writeRegularFile } from "../../../src/persistence/user-file.js";
import { command } from "../../command.js";
import { countOf } from "../../../src/units.js";

const CSV_COLUMNS = ["seq", "timeMs", "level", "type", "uid", "action", "object", "result", "message", "alert", "acked", "hash", "correlation"] as const;

export default command({
  path: ["audit", "export"],
  summary: "write every retained entry to a file as JSON lines or CSV, and mark them exported",
  args: [{ name: "file", required: true, kind: "file" }],
  options: [{ name: "format", kind: "choice", choices: ["jsonl", "csv"], summary: "file format (default jsonl)" }],
  examples: ["audit export /tmp/kshell-audit.jsonl", "audit export /tmp/kshell-audit.csv --format csv"],
  gate: { type: "security", mutates: true, capability: "CAP_AUDIT_READ", access: "read" },
  run: ({ kernel, session }, input) => {
    const entries = kernel.audit.entries();
    const format = input.options.format ?? "jsonl";
    const file = input.args.file;
    session.userFile("export to", file, "write", () => writeRegularFile(file, format === "csv" ? toCsv(entries) : toJsonLines(entries)));
    return { file: input.args.file, format, entries: entries.length, exportedThroughSeq: kernel.audit.markExported() };
  },
  describe: (r) => `${countOf(r.entries, "entry", "entries")} to ${r.file} as ${r.format}`,
  display: (r) => [`exported ${countOf(r.entries, "entry", "entries")} to ${r.file} (${r.format}), through #${r.exportedThroughSeq}`],
});

function toJsonLines(entries: readonly AuditEntry[]): string {
  return entries.map((entry) => `${JSON.stringify(entry)}\n`).join("");
}

function toCsv(entries: readonly AuditEntry[]): string {
  const rows = entries.map((entry) => CSV_COLUMNS.map((column) => csvField(String(entry[column]))).join(","));
  return `${[CSV_COLUMNS.join(","), ...rows].join("\n")}\n`;
}

function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
