// `ctr exec`: simulated commands run inside a container's namespaces, answered from the model —
// enough to see isolation (its own PID 1, its own hostname, its own namespace ids) and to drive
// exec probes. Known: ps, hostname, cat /etc/hostname, id, whoami, ls -l|cat /proc/self/ns,
// readlink /proc/self/ns/KIND, curl|wget localhost:PORT, echo, true, false, exit N, sleep N, and
// ping [-c N] IP from the interface of the container's pod (answered by the network: `ping`).
// Anything else exits 127 as busybox sh says.

import { namespaceLines, namespacesOf } from "./namespaces.js";
import type { ExecResult } from "./types.js";
import { answersAt, pidsOf, type Program } from "./workload.js";

export interface ExecContext {
  readonly hostname: string;
  readonly uid: number;
  readonly program: Program;
  readonly activeMs: number;
  readonly namespaceIds: Uint32Array;
  readonly slot: number;
  readonly protocol: "http" | "tcp"; // what its image's server speaks: only an http one answers curl
  /** ping's arguments -> its output, from the container's pod interface (attachments/); absent: no network. */
  readonly ping?: (words: readonly string[]) => ExecResult;
}

const ok = (...output: string[]): ExecResult => ({ exitCode: 0, output });

/** The commands runExec knows (what Tab offers after `ctr exec <name>`). */
export const EXEC_COMMANDS = ["cat", "curl", "echo", "exit", "false", "hostname", "id", "ls", "ping", "ps", "readlink", "sleep", "true", "wget", "whoami"] as const;

export function runExec(context: ExecContext, command: string): ExecResult {
  const words = command.trim().split(/\s+/).filter((w) => w !== "");
  const [verb = "", ...rest] = words;
  const argument = rest.join(" ");
  switch (verb) {
    case "ps": return ok(...psLines(context, command));
    case "hostname": return ok(context.hostname);
    case "id": return ok(idLine(context.uid));
    case "whoami": return ok(userName(context.uid));
    case "true": return ok();
    case "false": return { exitCode: 1, output: [] };
    case "echo": return ok(argument);
    case "sleep": return ok();
    case "ping": return context.ping === undefined ? { exitCode: 1, output: ["ping: sendto: Network is unreachable"] } : context.ping(rest);
    case "exit": return { exitCode: /^\d{1,3}$/.test(rest[0] ?? "") ? Number(rest[0]) & 255 : 0, output: [] };
    case "cat": return cat(context, argument);
    case "ls": return argument === "-l /proc/self/ns" || argument === "/proc/self/ns" ? ok(...namespaceLines(context.namespaceIds, context.slot)) : cannotOpen(argument);
    case "readlink": return readlink(context, argument);
    case "curl":
    case "wget": return httpGet(context, rest[rest.length - 1] ?? "");
    default: return { exitCode: 127, output: [`sh: ${verb}: not found`] };
  }
}

function psLines(context: ExecContext, command: string): string[] {
  const user = userName(context.uid);
  const lines = ["PID   USER     TIME  COMMAND", `    1 ${user.padEnd(8)} 0:00 ${context.program.text}`];
  const pids = pidsOf(context.program);
  for (let pid = 2; pid <= pids; pid++) lines.push(`${String(pid).padStart(5)} ${user.padEnd(8)} 0:00 ${context.program.text}`);
  lines.push(`${String(pids + 1).padStart(5)} ${user.padEnd(8)} 0:00 ${command.trim()}`);
  return lines;
}

function cat(context: ExecContext, path: string): ExecResult {
  if (path === "/etc/hostname") return ok(context.hostname);
  if (path === "/proc/self/ns") return ok(...namespaceLines(context.namespaceIds, context.slot));
  return cannotOpen(path);
}

function readlink(context: ExecContext, path: string): ExecResult {
  const match = /^\/proc\/(?:self|1)\/ns\/(\w+)$/.exec(path);
  const found = match === null ? undefined : namespacesOf(context.namespaceIds, context.slot).find((n) => n.kind === match[1]);
  return found === undefined ? { exitCode: 1, output: [] } : ok(`${found.kind}:[${found.id}]`);
}

function httpGet(context: ExecContext, url: string): ExecResult {
  const match = /^(?:http:\/\/)?(?:localhost|127\.0\.0\.1):(\d{1,5})(\/\S*)?$/.exec(url);
  if (match === null) return { exitCode: 6, output: [`curl: (6) Could not resolve host: ${url}`] };
  const port = Number(match[1]);
  const program = context.program;
  if (program.servePort === port && context.activeMs >= program.serveAtMs && !answersAt(program, context.activeMs, port)) return { exitCode: 28, output: [`curl: (28) Operation timed out after 1000 milliseconds with 0 bytes received`] };
  if (!answersAt(program, context.activeMs, port)) return { exitCode: 7, output: [`curl: (7) Failed to connect to localhost port ${match[1]}: Connection refused`] };
  if (context.protocol !== "http") return { exitCode: 52, output: ["curl: (52) Empty reply from server"] }; // redis, postgres: not HTTP; they close the connection
  return ok("HTTP/1.1 200 OK");
}

/** busybox cat's answer for a path the model does not have (ls answers the same here). */
function cannotOpen(path: string): ExecResult {
  return { exitCode: 1, output: [`cat: can't open '${path}': No such file or directory`] };
}

function userName(uid: number): string {
  return uid === 0 ? "root" : String(uid);
}

function idLine(uid: number): string {
  return uid === 0 ? "uid=0(root) gid=0(root) groups=0(root)" : `uid=${uid} gid=${uid} groups=${uid}`;
}
