// Long commands in steps. A command that declares `start` (sleep, tick, cluster chaos) returns a
// Job; `driveJob` runs its steps synchronously for up to a slice of wall time, so a short sleep
// costs what it always did, and only past the slice yields to the event loop (setImmediate)
// between steps, so keys, Ctrl-C and SIGINT get through. A stop request is seen between steps;
// the job then finishes early and says what it covered, which the session journals instead of
// the typed words, so replay reaches exactly the same state.
//
// Stepping does not change what a job does: a clock advanced in ten-second slices fires the same
// timers in the same order as one advance over the whole span (and with no timer pending, a sleep
// takes the whole span in one step, since nothing can happen on the way).

import type { Clock } from "../src/clock.js";
import type { Operation, Subject } from "../src/gate.js";
import type { Kernel, KernelServices } from "../src/kernel.js";
import type { Job } from "./command.js";
import { formatDuration } from "./values.js";

/** Wall time a job runs before it first yields, and between yields. */
export const JOB_SLICE_MS = 50;
/** Simulated time one step of sleep or tick advances. */
export const CLOCK_STEP_MS = 10_000;

export interface JobControl {
  /** True once the user asked the job to stop (Ctrl-C, SIGINT). */
  stopRequested(): boolean;
  /** Wall time, for the slice. */
  wallMs(): number;
  /** Wall time a slice lasts; 0 yields after every step. */
  readonly sliceMs: number;
}

export interface Ending<R> {
  readonly result: R;
  readonly stopped: boolean;
}

/** Runs `job` to its end, or until a stop request; synchronous when it ends within the first slice. */
function driveJob<R>(job: Job<R>, control: JobControl): Ending<R> | Promise<Ending<R>> {
  let workLeft = true;
  /** Steps for one slice of wall time; true once the job is done or asked to stop. */
  const slice = (): boolean => {
    const until = control.wallMs() + control.sliceMs;
    for (;;) {
      workLeft = job.step();
      if (!workLeft || control.stopRequested()) return true;
      if (control.wallMs() >= until) return false;
    }
  };
  const end = (): Ending<R> => {
    const stopped = workLeft; // asked to stop with work left
    return { result: job.finish(stopped), stopped };
  };
  if (slice()) return end();
  return new Promise<Ending<R>>((resolve, reject) => {
    const next = () => {
      try {
        if (control.stopRequested() || slice()) resolve(end());
        else setImmediate(next);
      } catch (error) {
        reject(error);
      }
    };
    setImmediate(next);
  });
}

/** The long command a session runs in steps, if any, and whether the user asked it to stop. */
export class RunningJob implements JobControl {
  private job: Job<unknown> | undefined;
  private stop = false;

  constructor(readonly sliceMs: number) {}

  get active(): boolean {
    return this.job !== undefined;
  }

  begin<R>(job: Job<R>): Job<R> {
    this.job = job;
    this.stop = false;
    return job;
  }

  end(): void {
    this.job = undefined;
    this.stop = false;
  }

  /** Asks the job to stop after its current step; false if none runs. */
  interrupt(): boolean {
    this.stop = this.job !== undefined;
    return this.stop;
  }

  progress(): string | undefined {
    return this.job?.progress();
  }

  stopRequested(): boolean {
    return this.stop;
  }

  wallMs(): number {
    return performance.now();
  }
}

/** A syscall run as a job: what the session lends it. */
export interface SteppedSyscall<R> {
  readonly kernel: Kernel;
  readonly subject: Subject;
  readonly operation: Operation;
  readonly control: JobControl;
  start(services: KernelServices): Job<R>;
  describe(result: R): string;
  /** Called once the gate has recorded the end: with what a stopped job covered, else undefined (journal the typed words); with the error it failed with, if it did. */
  ended(ranWords: readonly string[] | undefined, error?: unknown): void;
}

/**
 * Runs a long command through the gate in steps: the gate admits it (or denies: thrown), the
 * job runs, and the gate records how it ended, failed (thrown or rejected) or done.
 */
export function syscallInSteps<R>(call: SteppedSyscall<R>): Ending<R> | Promise<Ending<R>> {
  const { kernel, subject, operation } = call;
  let services: KernelServices;
  try {
    services = kernel.syscallBegin(subject, operation);
  } catch (error) {
    call.ended(undefined, error); // the denial is in the audit trail
    throw error;
  }
  let job: Job<R> | undefined;
  const failed = (error: unknown): never => {
    kernel.syscallEnd(subject, operation, { error });
    call.ended(undefined, error);
    throw error;
  };
  const settled = (ending: Ending<R>): Ending<R> => {
    try {
      kernel.syscallEnd(subject, operation, { message: call.describe(ending.result) });
    } catch (error) {
      call.ended(undefined, error); // a postcondition failed (a bug): still ends, never journaled as done
      throw error;
    }
    call.ended(ending.stopped ? job!.ranWords() : undefined);
    return ending;
  };
  let ending: Ending<R> | Promise<Ending<R>>;
  try {
    job = call.start(services);
    ending = driveJob(job, call.control);
  } catch (error) {
    return failed(error);
  }
  return ending instanceof Promise ? ending.then(settled, failed) : settled(ending);
}

export interface ClockJobResult {
  readonly doneMs: number;
  readonly nowMs: number;
  readonly stopped: boolean;
}

/** Advances `clock` by `totalMs` in CLOCK_STEP_MS steps; `ranWords` names the span actually covered. */
export function clockJob(clock: Clock, totalMs: number, what: string, ranWords: (doneMs: number) => readonly string[]): Job<ClockJobResult> {
  const startMs = clock.now();
  let doneMs = 0;
  return {
    step() {
      // With no timer pending nothing can happen on the way: the rest in one step.
      doneMs = clock.pendingCount() === 0 ? totalMs : Math.min(totalMs, doneMs + CLOCK_STEP_MS);
      clock.advanceTo(startMs + doneMs);
      return doneMs < totalMs;
    },
    progress: () => `${what}: ${formatDuration(doneMs)} of ${formatDuration(totalMs)} simulated, Ctrl-C stops`,
    finish: (stopped) => ({ doneMs, nowMs: clock.now(), stopped }),
    ranWords: () => ranWords(doneMs),
  };
}

/** A duration as one number and the largest unit that divides it exactly (2230s), which parseDuration reads back. */
export function exactDuration(ms: number): string {
  for (const [unit, size] of [["d", 86_400_000], ["h", 3_600_000], ["m", 60_000], ["s", 1000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
