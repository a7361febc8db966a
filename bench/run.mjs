// kshell benchmarks: each figure is a ratio against a baseline measured in the same run, so a
// noisy shared machine moves both sides together. Goals from the spine issue:
//   piped start-up (echo exit | kshell) / node -e 0          <= 2.0
//   interactive first prompt frame (under a pty) / node -e 0 <= 4.0
//   scripted throughput of cheap commands                    >= 20,000 commands/s
//   audit append with the SHA-256 chain / pino to /dev/null  >= 3.0
//   security decisions, 256 rules, audit write included / node-casbin enforceSync >= 1,000
//                                                          / a plain loop over rule objects >= 1.0
//   sequential 1 MiB volume writes of 64 MiB / Uint8Array.set of the same bytes >= 0.5
//   cluster: replicated writes / 3x Uint8Array.set >= 0.5; token issue+verify / bare HMAC >= 0.5;
//            replicas moved on a 17th node / minimum <= 1.15; max/mean replicas per node <= 1.25;
//            rebuild of a failed node / Uint8Array.set of its bytes >= 0.3; chaos ops/s (reported)
//   network frames: build, filter+capture, decode, pcap write, against plain copies (reported)
//   the Day-5 path through the binary (bench/day5.mjs, alone: `node bench/day5.mjs`): 1 GiB to a
//   two-copy volume / fs.writeSync of both copies >= 0.5; start-up with that state / empty <= 1.5;
//   peak RSS <= 400 MB with and without --state; save after a 1 MiB change <= 50 ms
// Run with `npm run bench`. Nothing here is a test: it reports, it does not fail.

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

const root = new URL("..", import.meta.url).pathname;
const kshell = join(root, "dist", "kshell.js");
const scratch = mkdtempSync(join(tmpdir(), "kshell-bench-"));
const env = { ...process.env, KSHELL_HOME: scratch, NO_COLOR: "1" };
const RUNS = 21;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function timeRun(args, input = "") {
  const start = process.hrtime.bigint();
  spawnSync(process.execPath, args, { input, env });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Milliseconds from starting `args` under a pty until `ready` shows (or it exits); see pty-time.py. */
function timeUnderPty(args, ready = "") {
  const out = execFileSync("python3", [join(root, "bench", "pty-time.py"), ready, ...args], { env: { ...env, TERM: "xterm-256color" }, encoding: "utf8" });
  const ms = Number(out.trim());
  if (Number.isNaN(ms)) throw new Error(`'${args.join(" ")}' never showed '${ready}'`);
  return ms;
}

function report(name, value, unit, goal, met) {
  console.log(`${name.padEnd(46)} ${value.padStart(10)} ${unit.padEnd(10)} goal ${goal.padEnd(12)} ${met ? "met" : "NOT MET"}`);
}

const nodeMs = median(Array.from({ length: RUNS }, () => timeRun(["-e", "0"])));
const pipedMs = median(Array.from({ length: RUNS }, () => timeRun([kshell], "exit\n")));
console.log(`baseline: node -e 0 = ${nodeMs.toFixed(1)} ms (median of ${RUNS})\n`);
report("piped start to exit / node -e 0", (pipedMs / nodeMs).toFixed(2), "x", "<= 2.0", pipedMs / nodeMs <= 2.0);

const ptyNodeMs = median(Array.from({ length: 11 }, () => timeUnderPty([process.execPath, "-e", "0"])));
const ptyPromptMs = median(Array.from({ length: 11 }, () => timeUnderPty([process.execPath, kshell, "--state", mkdtempSync(join(scratch, "tty-"))], "@kshell T+")));
report("interactive first prompt / node -e 0 (pty)", (ptyPromptMs / ptyNodeMs).toFixed(2), "x", "<= 4.0", ptyPromptMs / ptyNodeMs <= 4.0);

const cheap = ["echo hello", "status", "audit query --limit 1"];
const script = join(scratch, "cheap.ksh");
writeFileSync(script, Array.from({ length: 10_000 }, (_, i) => cheap[i % 3]).join("\n") + "\n");
const scriptMs = median(Array.from({ length: 5 }, () => timeRun([kshell, "run", script])));
const perSecond = 10_000 / ((scriptMs - pipedMs) / 1000);
report("scripted throughput (10,000 cheap commands)", Math.round(perSecond).toLocaleString("en"), "cmds/s", ">= 20,000", perSecond >= 20_000);

/** Bundles bench/<name>.ts (kernel sources are TypeScript) and runs it; it prints one JSON line. */
async function runBundled(name) {
  const bundle = join(scratch, `${name}.mjs`);
  await build({ entryPoints: [join(root, "bench", `${name}.ts`)], outfile: bundle, bundle: true, platform: "node", format: "esm", target: "node20", logLevel: "warning", banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" } });
  return JSON.parse(execFileSync(process.execPath, [bundle], { env, encoding: "utf8" }));
}

const append = await runBundled("audit-append");
const appendRatio = append.auditPerSecond / append.pinoPerSecond;
report("audit append (SHA-256 chain) / pino /dev/null", appendRatio.toFixed(2), "x", ">= 3.0", appendRatio >= 3.0);
console.log(`  (audit ${Math.round(append.auditPerSecond).toLocaleString("en")} entries/s, pino ${Math.round(append.pinoPerSecond).toLocaleString("en")} entries/s)`);
const decisions = await runBundled("decisions");
const vsCasbin = decisions.kernelPerSecond / decisions.casbinPerSecond;
const vsPlain = decisions.kernelPerSecond / decisions.plainPerSecond;
report("security decisions (256 rules, with audit) / casbin", Math.round(vsCasbin).toLocaleString("en"), "x", ">= 1,000", vsCasbin >= 1000);
report("security decisions (256 rules, with audit) / plain loop", vsPlain.toFixed(2), "x", ">= 1.0", vsPlain >= 1.0);
const fmt = (n) => Math.round(n).toLocaleString("en");
console.log(`  (kernel ${fmt(decisions.kernelPerSecond)}/s with the audit write, ${fmt(decisions.decideOnlyPerSecond)}/s deciding only; plain loop ${fmt(decisions.plainPerSecond)}/s; casbin ${fmt(decisions.casbinPerSecond)}/s)`);
const storage = await runBundled("storage");
const storageRatio = storage.managerMBps / storage.plainMBps;
report("sequential 1 MiB volume writes / Uint8Array.set", storageRatio.toFixed(2), "x", ">= 0.5", storageRatio >= 0.5);
console.log(`  (manager ${fmt(storage.managerMBps)} MB/s, Uint8Array.set ${fmt(storage.plainMBps)} MB/s; random 4 KiB writes ${fmt(storage.randomIops)} IOPS)`);
const frames = await runBundled("frames");
const mega = (rate) => `${(rate.median / 1e3).toFixed(0)}k/s ±${(rate.spread * 50).toFixed(0)}%`;
console.log(`network frames (1 KiB UDP, 802.1Q): build ${mega(frames.build)} vs alloc+copy ${mega(frames.plainBuild)}; filter+capture ${mega(frames.capture)} vs slice ${mega(frames.plainCapture)}; decode ${mega(frames.decode)}; pcap ${fmt(frames.pcapMBps.median)} MB/s (reported)`);
const cluster = await runBundled("cluster");
const writeRatio = cluster.writeMBps / cluster.bulkMBps;
const tokenRatio = cluster.tokensPerSecond / cluster.hmacPerSecond;
report("replicated writes (3 copies, tokens) / 3x Uint8Array.set", writeRatio.toFixed(2), "x", ">= 0.5", writeRatio >= 0.5);
report("token issue+verify / bare HMAC sign+verify", tokenRatio.toFixed(2), "x", ">= 0.5", tokenRatio >= 0.5);
report("replicas moved when a 17th node joins / minimum", cluster.movedRatio.toFixed(2), "x", "<= 1.15", cluster.movedRatio <= 1.15);
report("max / mean replicas per node (placement alone)", cluster.balance.toFixed(2), "x", "<= 1.25", cluster.balance <= 1.25);
console.log(`  (writes ${fmt(cluster.writeMBps)} MB/s, ${fmt(cluster.cachedWriteMBps)} MB/s with the token cache, vs ${fmt(cluster.bulkMBps)} MB/s; tokens ${fmt(cluster.tokensPerSecond)}/s vs HMAC pairs ${fmt(cluster.hmacPerSecond)}/s)`);
report("rebuild of a failed node's copies / Uint8Array.set", cluster.rebuildRatio.toFixed(2), "x", ">= 0.3", cluster.rebuildRatio >= 0.3);
console.log(`  (chaos: ${fmt(cluster.chaosOps)} simulated IO operations checked per wall-clock second; rebuild moved ${fmt(cluster.rebuildBytes / 1024 ** 2)} MiB)`);
console.log(`  (4 KiB replicated writes: ${fmt(cluster.smallIops)} IOPS with single-use tokens, ${fmt(cluster.smallCachedIops)} IOPS with the token cache)`);
console.log("");
spawnSync(process.execPath, [join(root, "bench", "day5.mjs")], { env, stdio: "inherit" });
console.log(`\nraw: piped ${pipedMs.toFixed(1)} ms, pty node ${ptyNodeMs.toFixed(1)} ms, pty prompt ${ptyPromptMs.toFixed(1)} ms, 10k script ${scriptMs.toFixed(0)} ms`);
