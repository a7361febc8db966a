// Command lines generated from the registry's declarations (fast-check arbitraries). Each command
// gets its path, values for its arguments and options chosen by the argument's completion kind,
// name or option kind, and now and then something hostile: a boundary number, an empty or
// 255-character word, unicode, quotes, `;`, `#`, a repeated or missing flag. Names come from
// small fixed pools, so a generated `vol snap create v0 s0` meets the `vol create v0` of an
// earlier line and sequences reach deep states. Arguments that would take real time or memory
// (sleep, chaos, --len, read lengths) are drawn from bounded lists with the huge values rare.

import fc from "fast-check";
import type { ArgSpec, CommandSpec, OptionSpec } from "../../shell/command.js";
import { quoteWords } from "../../shell/quote.js";
import type { StateStore } from "../../src/persistence/state-store.js";
import type { Registry } from "../../shell/registry.js";
import type { Session } from "../../shell/session.js";
import { newSession } from "../helpers.js";

type Words = fc.Arbitrary<string>;

const pick = (...values: string[]): Words => fc.constantFrom(...values);
/** Mostly `common`, now and then `rare` (values that cost time or memory, or probe a limit). */
const mostly = (common: Words, rare: Words, rareWeight = 1): Words => fc.oneof({ arbitrary: common, weight: 40 }, { arbitrary: rare, weight: rareWeight });

export const POOLS = {
  volume: ["v0", "v1", "v2", "dv", "dv2"],
  snapshot: ["s0", "s1"],
  user: ["root", "alice", "bob", "nobody"],
  group: ["ops", "dev", "root"],
  domain: ["pd1", "pd2"],
  pool: ["pd1/sp1", "pd1/sp2", "pd2/sp1"],
  sds: ["sds1", "sds2", "sds3", "sds4"],
  sdc: ["host1", "host2"],
};

const HOSTILE: Words = fc.oneof(
  pick("", " ", "0", "-1", "-0", "4294967295", "4294967296", "9007199254740993", "1e309", "NaN", "Infinity", "0x", "0x100", "1.5", "00", "..", "/", "a/b/c", "*", "**", "?"),
  pick("'", '"', ";", "#", "\\", "--", "--json", "-h", "--help", "a;b", "#x", "$HOME", "`id`", "\u0000", "\n", "\t", "ü名前", "😀".repeat(40), "x".repeat(255), "x".repeat(64), "x".repeat(63)),
  pick("99999999999999999999G", "1T", "3G", "-5m", "1e3", "0.0001", "18446744073709551616", "vol/../audit", "vol/v0@s0", "v0@", "@s0", "v0@s0@s1"),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: -2, max: 2 ** 33 }).map(String),
);

const SIZES = mostly(pick("0", "1", "512", "4K", "64K", "1M", "8M", "64M", "1G", "2G", "1.5K", "0.5"), pick("3G", "1T", "2049M", "4G"));
const OFFSETS = mostly(pick("0", "1", "4095", "4096", "64K", "65535", "1M", "1023K", "7M", "8M"), pick("2G", "1T", "2147483647"));
const LENGTHS = mostly(pick("0", "1", "5", "21", "4K", "64K", "65537", "1M"), pick("64M", "67108865", "1G"), 2);
const DURATIONS = mostly(pick("0", "100ms", "1s", "10s", "30s", "1m", "2m", "5m", "10m"), pick("1h", "1d", "366d"));
const COUNTS = mostly(pick("0", "1", "2", "3", "4", "8", "16", "32", "255", "256"), pick("4294967295", "9007199254740991", "1000000"));
const IDS = pick("0", "1", "2", "3", "7", "99", "65535");
const FILE_NAMES = ["snap.json", "trail.jsonl", "trail.csv", "out.bin", "in.txt"];
const ACTIONS = ["vol.read", "vol.write", "vol.*", "audit.*", "*", "kernel.save", "cluster.sds.add", "sec.rule.add", "user.add", "nope.nope"];
const OBJECTS = ["vol/v0", "vol/dv", "vol", "audit", "audit/filter/1", "kernel", "clock", "cluster", "user/alice", "sec/rule/1", "vol/*", "/", "vol/v0/x"];
const CAPS = ["CAP_SYS_ADMIN", "CAP_AUDIT_READ", "CAP_AUDIT_CONTROL", "CAP_SETPCAP", "CAP_MAC_ADMIN", "CAP_FOWNER", "CAP_CHOWN", "CAP_NET_ADMIN", "sys_admin", "CAP_41", "CAP_63"];

/**
 * Paths under the run's scratch directory (see makeScratch), and ones that cannot be used: a directory, a missing
 * parent, an empty path; to read from, devices too. Nothing outside the scratch directory is
 * ever written (a write to /dev/null would replace it through lowdb's rename).
 */
function files(dir: string, reading: boolean): Words {
  const bad = [`${dir}/sub`, `${dir}/missing/x`, "/nonexistent/x", "", `${dir}/${"x".repeat(255)}`, `${dir}/ü名前;#'`];
  return mostly(pick(...FILE_NAMES.map((name) => `${dir}/${name}`)), pick(...bad, ...(reading ? ["/dev/null", "/dev/zero", "/proc/self/status", "/etc"] : [])), 4);
}

function argValues(arg: ArgSpec, spec: CommandSpec, dir: string): Words {
  const name = arg.name;
  if (arg.kind === "volume") return spec.path.join(" ") === "vol read" ? fc.oneof(pick(...POOLS.volume), pick(...POOLS.volume.map((v) => `${v}@s0`), "v0@s1")) : pick(...POOLS.volume);
  if (arg.kind === "user" || name === "owner") return pick(...POOLS.user, "alice:ops", "bob:dev", "1000");
  if (arg.kind === "sds" || name === "from" || name === "to") return pick(...POOLS.sds);
  if (arg.kind === "sdc") return pick(...POOLS.sdc);
  if (arg.kind === "file") return files(dir, spec.path[0] === "load");
  if (arg.kind === "level") return pick("public", "internal", "private", "isolated", "secret");
  if (arg.kind === "object" || name === "prefix") return pick(...OBJECTS);
  if (arg.kind === "action" || name === "action") return pick(...ACTIONS);
  if (arg.kind === "topic") return pick("vol", "cluster", "sec", "audit", "user", "kernel", "shell", "nope");
  if (arg.kind === "view") return pick("vol", "cluster", "audit", "all", "nope");
  if (arg.kind === "rule" || arg.kind === "audit-filter" || name === "id" || name === "seq") return IDS;
  if (arg.kind === "compliance-policy") return pick("p1", "p2");
  return byName(name, spec);
}

function byName(name: string, spec: CommandSpec): Words {
  const where = spec.path.join(" ");
  switch (name) {
    case "name":
      if (where.startsWith("vol")) return pick(...POOLS.volume);
      if (where.startsWith("user")) return pick("alice", "bob", "carol", "root");
      if (where.startsWith("group")) return pick(...POOLS.group);
      if (where.includes(" pd ")) return pick(...POOLS.domain);
      if (where.includes(" sds ")) return pick(...POOLS.sds);
      if (where.includes(" sdc ")) return pick(...POOLS.sdc);
      return pick("p1", "p2");
    case "pool":
      return pick(...POOLS.pool, "pd3/sp1", "pd1", "pd1/sp1/x");
    case "snapshot":
      return pick(...POOLS.snapshot);
    case "target":
      return pick(...POOLS.volume);
    case "host":
      return pick("web1", "web2", "host1");
    case "offset":
      return OFFSETS;
    case "length":
      return LENGTHS;
    case "size":
    case "capacity":
      return SIZES;
    case "duration":
      return DURATIONS;
    case "n":
      return mostly(pick("1", "3", "10", "100"), pick("0", "1000", "100000"));
    case "mode":
      return pick("0644", "600", "777", "0", "7777", "8", "rwx", "0o644");
    case "changes":
      return fc.tuple(pick("+", "-", ""), pick(...CAPS)).map(([sign, cap]) => `${sign}${cap}`);
    case "shard":
      return pick("0", "1", "7", "255", "256");
    case "op":
      return pick("read", "write", "delete", "READ");
    case "token":
      return pick("last", "abc", "last.last", "");
    case "setting":
      return pick("on", "off", "clear", "maybe");
    case "factor":
      return pick("0", "1", "2", "0.5", "100", "1000", "1001", "-1");
    case "text":
      return pick("hello", "world", "--json", "-n");
    case "verb":
      return pick("create", "write", "add", "sds", "nope");
    default:
      return pick(...POOLS.volume, ...POOLS.user, "x");
  }
}

function optionValues(option: OptionSpec, spec: CommandSpec, dir: string): Words {
  const where = spec.path.join(" ");
  switch (option.name) {
    case "user":
      return pick(...POOLS.user, "0", "1000", "65534");
    case "group":
    case "groups":
      return pick(...POOLS.group, "ops,dev", "ops,nope", "");
    case "caps":
      return fc.subarray(CAPS, { minLength: 1, maxLength: 3 }).map((caps) => caps.join(","));
    case "password":
      return pick("pw", "secret", "");
    case "pool":
      return pick(...POOLS.pool, "pd3/sp1", "pd1");
    case "data":
      return pick("hello", "written through host1", "ü", "x".repeat(300));
    case "hex":
      return pick("deadbeef", "0xab", "ab:cd", "abc", "zz", "");
    case "file":
      return files(dir, true);
    case "out":
      return files(dir, false);
    case "pattern":
      return pick("0x2a", "7", "a", "255", "256", "0x100", "ab");
    case "len":
      return mostly(pick("0", "1", "4K", "64K", "1M"), pick("64M", "67108865", "1G"), 2);
    case "sdc":
      return pick(...POOLS.sdc);
    case "sds":
      return pick(...POOLS.sds);
    case "object":
      return pick("vol:v*", "vol", "audit:filter/*", "audit", "kernel", "vol:[", "nope:x");
    case "action":
      return pick(...ACTIONS, "[");
    case "priority":
      return pick("0", "5", "-1", "1e9", "x");
    case "since":
    case "until":
      return pick("0", "10s", "-5m", "1h", "T+00:00:10", "x");
    case "fault-set":
      return pick("fs1", "fs2");
    case "duration":
      return where === "cluster chaos" ? mostly(pick("1s", "10s", "30s", "1m"), pick("10m", "0")) : DURATIONS;
    case "copies":
    case "min-copies":
      return pick("1", "2", "3", "0", "4");
  }
  switch (option.kind) {
    case "count":
      return COUNTS;
    case "duration":
      return DURATIONS;
    case "size":
      return SIZES;
    case "choice":
      return pick(...option.choices!, "NOPE", option.choices![0]!.toUpperCase());
    default:
      return pick("x", "node", "data", "capacity");
  }
}

const value = (valid: Words): Words => fc.oneof({ arbitrary: valid, weight: 24 }, { arbitrary: HOSTILE, weight: 1 });

/** The words of one option: --name value, --name=value, a bare flag, or the name without its value. */
function optionWords(option: OptionSpec, spec: CommandSpec, dir: string): fc.Arbitrary<string[]> {
  const flag = `--${option.name}`;
  if (option.kind === "flag") return fc.oneof({ arbitrary: fc.constant<string[]>([flag]), weight: 20 }, { arbitrary: fc.constant<string[]>([`${flag}=1`]), weight: 1 });
  const given = option.name === "file" || option.name === "out" ? optionValues(option, spec, dir) : value(optionValues(option, spec, dir));
  return fc.oneof(
    { arbitrary: given.map((v) => [flag, v]), weight: 16 },
    { arbitrary: given.map((v) => [`${flag}=${v}`]), weight: 3 },
    { arbitrary: fc.constant<string[]>([flag]), weight: 1 },
  );
}

/** The words of one command: its path, positional arguments and options (some extra, some missing). */
export function commandWords(spec: CommandSpec, dir: string): fc.Arbitrary<string[]> {
  const args = spec.args.map((arg) => {
    // Paths are never hostile words: those could name files outside the scratch directory.
    const one = arg.kind === "file" ? argValues(arg, spec, dir) : value(argValues(arg, spec, dir));
    if (arg.variadic) return fc.array(one, { maxLength: 3 });
    const keep = arg.required ? 30 : 10;
    return fc.oneof({ arbitrary: one.map((v) => [v]), weight: keep }, { arbitrary: fc.constant([] as string[]), weight: arg.required ? 1 : 6 });
  });
  const options = fc.subarray(spec.options as OptionSpec[], { maxLength: Math.min(spec.options.length, 4) }).chain((chosen) => fc.tuple(...chosen.map((option) => optionWords(option, spec, dir))));
  const takesPath = spec.args.some((arg) => arg.kind === "file"); // an extra word could become the path
  const extras = fc.oneof(
    { arbitrary: fc.constant([] as string[]), weight: 30 },
    { arbitrary: pick("--json", "--help", ...(takesPath ? [] : ["--nope", "extra", "--"])).map((w) => [w]), weight: 2 },
    { arbitrary: takesPath ? fc.constant([] as string[]) : HOSTILE.map((w) => [w]), weight: 1 },
  );
  return fc.tuple(fc.tuple(...args), options, extras, fc.boolean()).map(([positional, opts, extra, optionsFirst]) => {
    const flat = positional.flat();
    const flags = opts.flat();
    return [...spec.path, ...(optionsFirst ? [...flags, ...flat] : [...flat, ...flags]), ...extra];
  });
}

/** How often each command comes up: those that build state more often, reset (which empties it) seldom. */
function weightOf(spec: CommandSpec): number {
  const path = spec.path.join(" ");
  if (path === "reset") return 1;
  if (/^(vol create|vol write|vol snap create|cluster (pd|pool|sds|sdc) add|cluster (pd|pool) create|cluster map|user add|su|exit)$/.test(path)) return 24;
  if (/^(load|cluster chaos|top|watch|help)$/.test(path)) return 4;
  return 12;
}

/** One line: usually one command quoted as a person would type it, sometimes raw words or two commands. */
export function lineArbitrary(registry: Registry, dir: string): fc.Arbitrary<string> {
  const command = fc.oneof(...registry.commands.map((spec) => ({ arbitrary: commandWords(spec, dir), weight: weightOf(spec) })));
  const one = fc.oneof({ arbitrary: command.map(quoteWords), weight: 30 }, { arbitrary: command.map((words) => words.join(" ")), weight: 1 });
  return fc.oneof({ arbitrary: one, weight: 20 }, { arbitrary: fc.tuple(one, one).map(([a, b]) => `${a}; ${b}`), weight: 1 });
}

/** A cluster and some volumes, users and filters, in order; a run starts from a random part of it. */
export const SETUP_LINES: readonly string[] = [
  "vol create v0 --size 1M",
  "vol create v1 --size 8M --tier hdd",
  "vol write v0 0 --data hello",
  "vol snap create v0 s0",
  "cluster pd create pd1",
  "cluster pool create pd1/sp1 --copies 2 --shards 8",
  "cluster sds add sds1 --pool pd1/sp1 --capacity 1G",
  "cluster sds add sds2 --pool pd1/sp1 --capacity 1G",
  "cluster sds add sds3 --pool pd1/sp1 --capacity 1G",
  "cluster sdc add host1",
  "cluster sdc add host2",
  "vol create dv --type distributed --pool pd1/sp1 --size 8M",
  "cluster map dv host1",
  "vol write dv 0 --data 'written through host1'",
  "vol replicate start v0 v1 --bw 1M",
  "audit filter add --effect alert --level warning",
  "audit compliance add p1 --rule denies-recorded",
  "group add ops",
  "user add alice --group ops --caps CAP_AUDIT_READ --password pw",
  "user add bob --password pw",
  "sec rule add --effect deny --user bob --object vol --action 'vol.write'",
];

export interface Run {
  readonly interactive: boolean; // as the interactive shell: questions asked, the clock following a (fake) wall clock
  readonly persist: boolean; // with a state directory: every command journaled, and a restart must rebuild the same kernel
  readonly as: string; // who runs the generated lines (after the setup, as root)
  readonly setup: readonly string[];
  readonly lines: readonly string[];
}

/** A session's worth of input: part of the setup, perhaps su to an unprivileged user, then generated lines. */
export function runArbitrary(registry: Registry, dir: string, lines: fc.ArrayConstraints): fc.Arbitrary<Run> {
  return fc.record({
    interactive: fc.boolean(),
    persist: fc.boolean(),
    as: fc.constantFrom("root", "root", "alice", "bob"),
    setup: fc.subarray([...SETUP_LINES]),
    lines: fc.array(lineArbitrary(registry, dir), lines),
  });
}

/** A session for a run; an interactive one reads a wall clock that moves 250 ms at each look. */
export function sessionFor(run: Run, seed = 1, store?: StateStore): Session {
  let wallMs = 0;
  const jobSliceMs = Infinity; // long commands run to the end at once: the fuzzer judges each line before the next
  return run.interactive ? newSession({ seed, store, jobSliceMs, interactive: true, wallClockMs: () => (wallMs += 250) }) : newSession({ seed, store, jobSliceMs });
}

/** Every line of a run in order. */
export function linesOf(run: Run): string[] {
  const become = run.as === "root" ? [] : [`user add ${run.as} --password pw`, `su ${run.as}`];
  return [...run.setup, ...become, ...run.lines];
}
