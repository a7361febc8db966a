// The crash test (issue 12, "Crash safety"): a child kshell on one state directory runs the seeded
// workload (workload.ts) and is killed with SIGKILL at a random moment — after a command was
// acknowledged, in the middle of one (a `save` among them), in the middle of a burst of commands
// sent together, which it runs as one batch synced once (group commit, issue 13), or while it is
// still starting and replaying its journal — then restarted on the same directory and checked
// against the model of what it had acknowledged (probe.ts): every write whose answer was read
// must read back, and each one unanswered must have happened whole or not at all. Figures: kills, acknowledged writes lost, acknowledged
// volumes or snapshots lost, directories that failed to load; the goal is 0 for each loss.
//
// A directory that failed to load or lost anything is kept, with commands.log (every line sent,
// and where the kills came), for reproduction; the run then goes on in a fresh directory.

import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lcg } from "../adversarial/durability.js";
import { scratch } from "../adversarial/run.js";
import { Child, type Reply } from "./child.js";
import { Model } from "./model.js";
import { checkAll, ProbeError, probeOf } from "./probe.js";
import { burstSteps, CLIENT, NODES, nextStep, POOL, saveStep, type Random, type Step } from "./workload.js";

const STEPS_PER_LIFE_MAX = 12; // commands between two kills, at most
const STEP_KILL_MS = 20; // a kill in the middle of a command comes up to this long after it was sent
const SAVE_KILL_MS = 150; // ... of a save (it writes the whole snapshot)
const BURST_KILL_MS = 40; // ... of a burst (a few writes, one sync)
const BOOT_KILL_MS = 400; // a kill while the child starts comes up to this long after its spawn
const BOOT_KILL_SHARE = 0.15; // of restarts
const START_TIMEOUT_MS = 60_000; // a start slower than this is a failed load (replaying a long journal of payloads takes seconds)
const KILL_MODES = ["between", "during", "during", "save", "burst", "burst"] as const;

const SETUP = [
  "cluster pd create pd1",
  `cluster pool create ${POOL} --copies 2`,
  ...NODES.map((node) => `cluster sds add ${node} --pool ${POOL} --capacity 1G`),
  `cluster sdc add ${CLIENT}`,
];

export interface CrashReport {
  readonly seed: number;
  kills: number;
  killsMidCommand: number; // the command in flight had not answered: it may or may not have happened
  killsDuringSave: number; // of those, a save
  bursts: number; // bursts of commands sent together, each ended by a kill
  killsInBurst: number; // with some of a burst's commands (run as one batch) unanswered
  killsAtBoot: number; // while the child was starting (replaying its journal)
  steps: number; // commands answered
  writesAcknowledged: number;
  lostWrites: number; // goal 0
  lostObjects: number; // acknowledged volumes or snapshots gone, acknowledged deletes undone: goal 0
  failedLoads: number; // goal 0
  startSecondsMax: number; // the slowest restart, to its first answer (it replays the journal)
  readonly refused: string[]; // commands the child refused (the model and kshell disagree: look at them)
  readonly failures: string[];
  readonly kept: string[]; // state directories kept for reproduction
  seconds: number;
}

export interface CrashOptions {
  readonly kills: number;
  readonly seed: number;
  readonly progress?: (text: string) => void;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function crashRun(options: CrashOptions): Promise<CrashReport> {
  const started = performance.now();
  const run = new CrashRun(options);
  await run.all();
  run.report.seconds = (performance.now() - started) / 1000;
  return run.report;
}

class CrashRun {
  readonly report: CrashReport;
  private readonly random: Random;
  private readonly home = scratch("kshell-crash-home-");
  private scratchDir = "";
  private state = "";
  private model = new Model();
  private pending: Step[] = []; // the commands the last kill left unanswered, in the order sent
  private log: string[] = []; // what this directory went through, for commands.log
  private steps = 0; // payload files are numbered by it

  constructor(private readonly options: CrashOptions) {
    this.report = { seed: options.seed, kills: 0, killsMidCommand: 0, killsDuringSave: 0, bursts: 0, killsInBurst: 0, killsAtBoot: 0, steps: 0, writesAcknowledged: 0, lostWrites: 0, lostObjects: 0, failedLoads: 0, startSecondsMax: 0, refused: [], failures: [], kept: [], seconds: 0 };
    this.random = lcg(options.seed);
  }

  async all(): Promise<void> {
    let child = await this.fresh();
    while (this.report.kills < this.options.kills) {
      await this.workUntilKill(child);
      child = await this.restart();
      this.options.progress?.(`kill ${this.report.kills}: ${this.report.lostWrites} writes lost, ${this.report.failedLoads} failed loads`);
    }
    await child.close(); // a clean exit compacts: the directory must load after that too
    const last = await this.restart(false);
    await last.close();
  }

  /** A new state directory with the cluster set up, and its child (not killed during the setup). */
  private async fresh(): Promise<Child> {
    this.scratchDir = scratch("kshell-crash-");
    this.state = join(this.scratchDir, "state");
    this.model = new Model();
    this.pending = [];
    this.log = [];
    const child = this.spawn();
    for (const line of SETUP) {
      const reply = await child.run(line);
      if (reply.ok !== true) throw new Error(`the crash test's setup failed at '${line}': ${reply.text.trim()}`);
    }
    return child;
  }

  private spawn(): Child {
    return new Child({ state: this.state, seed: this.options.seed, home: this.home, sentLine: (line) => this.log.push(line) });
  }

  /** Runs a random number of steps, then kills the child: after the last answer, or in the middle of the last command. */
  private async workUntilKill(child: Child): Promise<void> {
    const steps = 1 + Math.floor(this.random() * STEPS_PER_LIFE_MAX);
    const mode = KILL_MODES[Math.floor(this.random() * KILL_MODES.length)]!;
    for (let i = 1; i <= steps; i++) {
      const last = i === steps;
      if (last && mode === "burst" && (await this.killDuringBurst(child))) return;
      const step = last && mode === "save" ? saveStep() : nextStep(this.model, this.random, this.scratchDir, ++this.steps);
      if (!last || mode === "between") {
        const reply = await child.run(step.line);
        if (!reply.done) return this.hung(child, step, reply);
        this.acknowledge(step, reply);
      } else {
        await this.killDuring(child, step);
      }
      if (step.payload !== undefined) rmSync(step.payload, { force: true }); // the journal holds the bytes, not the file
      if (last && mode !== "between") return;
    }
    await child.kill();
    this.killed("after the last answer");
  }

  /** Sends a burst of steps in one write, kills the child a random moment later; false if no burst can be made yet. */
  private async killDuringBurst(child: Child): Promise<boolean> {
    const steps = burstSteps(this.model, this.random, this.scratchDir, () => ++this.steps);
    if (steps === undefined) return false;
    child.sendBurst(steps.map((step) => step.line));
    this.report.bursts++;
    await delay(this.random() * BURST_KILL_MS);
    const replies = child.replies();
    await child.kill();
    for (const [index, step] of steps.entries()) {
      const reply = replies[index]!;
      if (reply.ok === undefined) this.pending.push(step);
      else this.acknowledge(step, reply);
      if (step.payload !== undefined) rmSync(step.payload, { force: true });
    }
    const unanswered = this.pending.length;
    if (unanswered > 0) this.report.killsInBurst++;
    this.killed(`with ${unanswered} of a burst of ${steps.length} unanswered`);
    return true;
  }

  /** Sends `step`, kills the child a random moment later; whatever answer was read by then counts. */
  private async killDuring(child: Child, step: Step): Promise<void> {
    child.send(step.line);
    await delay(this.random() * (step.kind === "save" ? SAVE_KILL_MS : STEP_KILL_MS));
    const reply = child.reply();
    await child.kill();
    if (reply.ok === undefined) {
      this.pending.push(step);
      this.report.killsMidCommand++;
      if (step.kind === "save") this.report.killsDuringSave++;
      this.killed("before its answer");
    } else {
      this.acknowledge(step, reply);
      this.killed("after its answer");
    }
  }

  private killed(when: string): void {
    this.report.kills++;
    this.log.push(`# SIGKILL ${when} (kill ${this.report.kills})`);
  }

  private async hung(child: Child, step: Step, reply: Reply): Promise<void> {
    this.failure(`'${step.line.slice(0, 80)}' got no answer (hung or died): ${reply.text.trim().slice(0, 200)}`);
    this.pending.push(step);
    await child.kill();
    this.killed("after it hung");
  }

  private acknowledge(step: Step, reply: Reply): void {
    const ok = reply.ok === true;
    step.acknowledged(this.model, ok, reply.text);
    this.report.steps++;
    if (ok && step.kind.startsWith("write")) this.report.writesAcknowledged++;
    if (!ok && step.kind !== "map") this.report.refused.push(`${step.line.slice(0, 80)}: ${reply.text.trim()}`);
  }

  /** Starts the child again (sometimes killing it while it starts), settles the unanswered command, checks everything. */
  private async restart(mayKill = true): Promise<Child> {
    if (mayKill && this.random() < BOOT_KILL_SHARE) {
      this.log.push("# (restart)");
      const doomed = this.spawn();
      await delay(this.random() * BOOT_KILL_MS);
      await doomed.kill();
      this.report.killsAtBoot++;
      this.killed("while starting");
    }
    const child = this.spawn();
    this.log.push("# (restart)");
    const started = performance.now();
    child.send("echo ready");
    const ready = await child.finish(START_TIMEOUT_MS);
    if (!ready.done) return this.failedLoad(child);
    this.report.startSecondsMax = Math.max(this.report.startSecondsMax, (performance.now() - started) / 1000);
    try {
      if (await this.settleAndCheck(child)) return child;
    } catch (error) {
      if (!(error instanceof ProbeError)) throw error;
      this.failure(error.message);
    }
    return this.keepAndStartOver(child); // the model no longer describes this directory
  }

  /** Whether the directory holds what the model says, once the unanswered commands are settled. */
  private async settleAndCheck(child: Child): Promise<boolean> {
    const probe = probeOf(child, this.scratchDir);
    const pending = this.pending;
    this.pending = [];
    let settled = true;
    for (const step of pending) {
      const unsettled = await step.settle(probe, this.model);
      if (unsettled === undefined) continue;
      settled = false;
      this.failure(unsettled);
      if (step.kind.startsWith("write")) this.report.lostWrites++;
    }
    this.model.mayFailNode = false;
    this.model.failedNode = await probe.failedNode();
    const check = await checkAll(probe, this.model);
    this.report.lostWrites += check.lostWrites;
    this.report.lostObjects += check.lostObjects;
    for (const text of check.failures) this.failure(text);
    return settled && check.failures.length === 0;
  }

  private async failedLoad(child: Child): Promise<Child> {
    this.report.failedLoads++;
    const said = child.dead ? child.transcript.trim().split("\n")[0]?.slice(0, 300) : `no answer within ${START_TIMEOUT_MS / 1000} s (a hang, or a very slow replay)`;
    this.failure(`the state directory failed to load: ${said || "(exited without a word)"}`);
    return this.keepAndStartOver(child);
  }

  /** Keeps the directory (with commands.log) for reproduction, then goes on in a fresh one. */
  private async keepAndStartOver(child: Child): Promise<Child> {
    await child.kill();
    const kept = mkdtempSync(join(tmpdir(), "kshell-crash-kept-"));
    cpSync(this.state, join(kept, "state"), { recursive: true });
    const header = `# kshell crash test, seed ${this.options.seed}: the lines sent to the state directory ./state (--file payloads were removed once answered: the chunk files their journal records name hold their bytes)`;
    writeFileSync(join(kept, "commands.log"), `${header}\n${this.log.join("\n")}\n`);
    this.report.kept.push(kept);
    return this.fresh();
  }

  private failure(text: string): void {
    this.report.failures.push(`seed ${this.options.seed}, kill ${this.report.kills}: ${text}`);
  }
}
