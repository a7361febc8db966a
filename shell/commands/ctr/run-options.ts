// What `ctr run` and `ctr create` share: the image argument, the options (workload, limits,
// restart policy, probes) and the ContainerSpec they make. The runtime parses the workload, the
// restart policy and the probes (modules/containers): the shell only turns cores into millicores
// and a probe typed with spaces, as the issue writes it ("http 80 /healthz period=5s"), into the
// runtime's form ("http:80/healthz,period=5s"), so both spellings work.

import { parseCores, type ContainerSpec } from "../../../modules/containers/index.js";
import { CONTAINER_PIDS_MAX, UID_MAX } from "../../../src/limits.js";
import { fail } from "../../../src/errors.js";
import type { KernelServices } from "../../../src/kernel.js";
import type { ArgSpec, OptionSpec, OptionsOf, SessionControl } from "../../command.js";

export const IMAGE_ARGUMENT = [{ name: "image", required: true, kind: "image" }] as const satisfies readonly ArgSpec[];

const PROBE_SUGGESTIONS = ["http:80/healthz", "tcp:80", "exec:true"]; // one word each: Tab inserts them unquoted

export const RUN_OPTIONS = [
  { name: "name", kind: "name", label: "container", required: true, example: "web", summary: "the container's name (unique; the object ctr/<name> at the gate)" },
  { name: "cmd", kind: "string", placeholder: "workload", summary: "the workload, e.g. \"serve 80\", \"leak 8M/s\", \"crash after 20s\" (default: the image's)" },
  { name: "cpu", aliases: ["cpus"], kind: "string", placeholder: "cores", suggestions: ["250m", "500m", "1", "2"], summary: "CPU limit in cores (1.5) or millicores (500m); a workload wanting more is throttled" },
  { name: "mem", aliases: ["memory"], kind: "size", suggestions: ["32M", "64M", "128M", "256M", "1G"], summary: "memory limit; above it the container is OOMKilled (exit 137)" },
  { name: "io", kind: "size", placeholder: "bytes/s", summary: "block IO limit per second" },
  { name: "pids", kind: "count", min: 1, max: CONTAINER_PIDS_MAX, summary: "most processes it may hold" },
  { name: "user", kind: "string", placeholder: "uid|name", summary: "the user its processes run as, by uid or name (docker run --user): not yours needs CAP_SETUID, as a pod's runAsUser; default the image's user, yours without CAP_SETUID" },
  { name: "restart", kind: "string", placeholder: "policy", suggestions: ["no", "on-failure", "on-failure:3", "always", "unless-stopped"], summary: "no (default), on-failure[:N], always, unless-stopped; restarts back off 10s doubling to 300s" },
  { name: "liveness", kind: "string", placeholder: "probe", suggestions: PROBE_SUGGESTIONS, summary: "restart the container when it fails: http:PORT[/PATH], tcp:PORT or exec:CMD, then ,period=5s,failure=3 ..." },
  { name: "readiness", kind: "string", placeholder: "probe", suggestions: PROBE_SUGGESTIONS, summary: "READY only while it passes (same form as --liveness; success=N allowed)" },
  { name: "startup", kind: "string", placeholder: "probe", suggestions: PROBE_SUGGESTIONS, summary: "holds the other probes back until it passes once (same form)" },
] as const satisfies readonly OptionSpec[];

/** The object the gate decides on: ctr/<name>, or the collection when --name is missing (refused a moment later). */
export function containerObject(input: { readonly options: { readonly name?: string } }): string {
  return input.options.name === undefined ? "ctr" : `ctr/${input.options.name}`;
}

type RunInput = { readonly args: { readonly image: string }; readonly options: OptionsOf<typeof RUN_OPTIONS> };

/** The spec the manager creates the container from, started by the session's user. */
export function containerSpecOf(input: RunInput, kernel: KernelServices, session: SessionControl): ContainerSpec {
  const o = input.options;
  const runBy = session.subject;
  const uidOf = (name: string) => kernel.security.accounts.uidOf(name);
  return {
    runBy,
    name: o.name,
    image: input.args.image,
    command: o.cmd,
    cpuMillicores: o.cpu === undefined ? undefined : parseCores(o.cpu),
    memoryBytes: o.mem,
    ioBytesPerSecond: o.io,
    pids: o.pids,
    restart: o.restart?.toLowerCase(),
    uid: o.user === undefined ? undefined : runAsUid(o.user, uidOf),
    liveness: probeForm(o.liveness),
    readiness: probeForm(o.readiness),
    startup: probeForm(o.startup),
  };
}

/** --user as docker takes it: a uid, or a user's name; a group after ':' is refused (the container runs in the user's primary group). */
function runAsUid(text: string, uidOf: (name: string) => number): number {
  if (text.includes(":")) fail("EINVAL", `bad --user '${text}': a group is not taken`, "give a uid or a user name: the container runs in that user's primary group");
  if (!/^\d+$/.test(text)) return uidOf(text);
  const uid = Number(text);
  if (uid > UID_MAX) fail("EINVAL", `--user ${text} is out of range (0..${UID_MAX})`);
  return uid;
}

/** "http 80 /healthz period=5s failure=3" -> "http:80/healthz,period=5s,failure=3"; the runtime's own form unchanged. */
export function probeForm(text: string | undefined): string | undefined {
  const spaced = text === undefined ? null : /^\s*(http|tcp|exec)\s+(.*)$/i.exec(text);
  if (text === undefined || spaced === null) return text?.trim();
  const words = spaced[2]!.trim().split(/\s+/);
  let fieldsAt = words.length; // the key=value words at the end
  while (fieldsAt > 0 && /^[a-z]+=/.test(words[fieldsAt - 1]!)) fieldsAt--;
  const kind = spaced[1]!.toLowerCase();
  const target = kind === "http" ? words.slice(0, fieldsAt).join("") : words.slice(0, fieldsAt).join(" "); // port and path meet: 80/healthz
  return [`${kind}:${target}`, ...words.slice(fieldsAt)].join(",");
}
