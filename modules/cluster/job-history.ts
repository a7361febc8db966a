// The cluster's finished background jobs: what the throttled copying (rebuild.ts) did, job by job,
// so a rebuild that took a second of simulated time stays visible after it ends (`cluster jobs`,
// the dashboard). A job is named by what set it going: a rebuild (a node failed, returned or was
// replaced), a drain (a graceful removal) or a rebalance (a node added or resized, a shard moved, a
// `cluster rebalance`); when causes mix, the rebuild wins, then the drain.
//
// A ring of JOB_HISTORY_MAX rows over declared columns: the (JOB_HISTORY_MAX+1)-th finished job
// pushes out the oldest, by design (a history, as the audit ring). Interface in call order:
// `note(kind)` when a change may give the copying work, `finish(...)` when a job that copied bytes
// ends, `end()` when one ends with nothing copied; `running()` and `list()` for the views.

import * as v from "valibot";
import { assert } from "../../src/assert.js";
import { JOB_HISTORY_MAX } from "../../src/limits.js";
import { count, list, object, time } from "../../src/table/checks.js";
import { Columns, enums, numbers, type RowOf } from "../../src/table/columns.js";

/** Job kinds, the weakest first: a job's kind is the strongest cause noted while it ran. */
export const JOB_KINDS = ["rebalance", "drain", "rebuild"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

const JOB_COLUMNS = {
  kind: enums(JOB_KINDS, v.picklist(JOB_KINDS, `a job kind: ${JOB_KINDS.join(", ")}`)),
  startedMs: numbers(Float64Array, time),
  finishedMs: numbers(Float64Array, time),
  bytes: numbers(Float64Array, count),
};

export type FinishedJob = RowOf<typeof JOB_COLUMNS>;

/** The saved form: the kind of the job under way (-1: none) and the finished jobs, oldest first. */
export const JOBS_SCHEMA = object({ running: v.pipe(v.number("a number"), v.integer("a whole number"), v.minValue(-1, "-1 or a job kind"), v.maxValue(JOB_KINDS.length - 1, "-1 or a job kind")), finished: list(object(new Columns(1, JOB_COLUMNS).entries()), JOB_HISTORY_MAX, "JOB_HISTORY_MAX") });
export interface SavedJobs {
  readonly running: number;
  readonly finished: readonly FinishedJob[];
}

export class JobHistory {
  private readonly rows = new Columns(JOB_HISTORY_MAX, JOB_COLUMNS);
  private oldest = 0; // the ring's first row
  private count = 0;
  private runningKind = -1; // index in JOB_KINDS of the job under way, -1 when none

  /** A change that may give the copying work: the job under way (or the next) is at least this kind. */
  note(kind: JobKind): void {
    this.runningKind = Math.max(this.runningKind, JOB_KINDS.indexOf(kind));
  }

  /** The kind of the job under way, or undefined when none was noted. */
  running(): JobKind | undefined {
    return this.runningKind < 0 ? undefined : JOB_KINDS[this.runningKind];
  }

  /** A job that copied `bytes` from `startedMs` ended at `finishedMs`: it joins the history (the oldest goes when full). */
  finish(startedMs: number, finishedMs: number, bytes: number): void {
    assert(startedMs <= finishedMs && bytes > 0, `a finished job starts before it ends and copied bytes (${startedMs}..${finishedMs}, ${bytes})`);
    this.push({ kind: this.running() ?? "rebuild", startedMs, finishedMs, bytes });
    this.runningKind = -1;
  }

  private push(job: FinishedJob): void {
    const slot = (this.oldest + this.count) % JOB_HISTORY_MAX;
    if (this.count === JOB_HISTORY_MAX) this.oldest = (this.oldest + 1) % JOB_HISTORY_MAX;
    else this.count++;
    this.rows.setRow(slot, job);
  }

  /** The job under way ended with nothing (more) to copy. */
  end(): void {
    this.runningKind = -1;
  }

  /** The finished jobs, newest first. */
  list(): FinishedJob[] {
    const jobs: FinishedJob[] = [];
    for (let i = this.count - 1; i >= 0; i--) jobs.push(this.rows.row((this.oldest + i) % JOB_HISTORY_MAX));
    return jobs;
  }

  toJSON(): SavedJobs {
    return { running: this.runningKind, finished: this.list().reverse() };
  }

  restore(saved: SavedJobs | undefined): void {
    this.oldest = 0;
    this.count = 0;
    for (const job of saved?.finished ?? []) this.push(job);
    this.runningKind = saved?.running ?? -1;
  }
}
