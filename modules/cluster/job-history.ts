// The cluster's finished background jobs: what the throttled copying (rebuild.ts) did, job by job,
// so a rebuild that took a second of simulated time stays visible after it ends (`cluster jobs`,
// the dashboard). A job is named by what its copies did: a rebuild (a chunk had fewer current
// copies in reach than placed), a drain (one of them was on a node being removed) or a rebalance
// (only the placement moved); before its first copy, by what set it going (a node failed, returned
// or was replaced; a graceful removal; a node added or resized, a shard moved, a `cluster
// rebalance`). When kinds mix, the rebuild wins, then the drain.
//
// A ring of JOB_HISTORY_MAX rows over declared columns: the (JOB_HISTORY_MAX+1)-th finished job
// pushes out the oldest, by design (a history, as the audit ring). Interface in call order:
// `note(kind)` when a change may give the copying work, `copied(kind)` when a step copies chunks of
// that kind, `finish(...)` when a job that copied bytes
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
const KIND_OR_NONE = v.pipe(v.number("a number"), v.integer("a whole number"), v.minValue(-1, "-1 or a job kind"), v.maxValue(JOB_KINDS.length - 1, "-1 or a job kind"));
export const JOBS_SCHEMA = object({ running: KIND_OR_NONE, copied: v.optional(KIND_OR_NONE), finished: list(object(new Columns(1, JOB_COLUMNS).entries()), JOB_HISTORY_MAX, "JOB_HISTORY_MAX") });
export interface SavedJobs {
  readonly running: number;
  readonly copied?: number; // the strongest kind of the copies made so far (-1: none); absent in older snapshots
  readonly finished: readonly FinishedJob[];
}

export class JobHistory {
  private readonly rows = new Columns(JOB_HISTORY_MAX, JOB_COLUMNS);
  private oldest = 0; // the ring's first row
  private count = 0;
  private runningKind = -1; // index in JOB_KINDS of the strongest cause noted for the job under way, -1 when none
  private copiedKind = -1; // index in JOB_KINDS of the strongest kind of copy it made, -1 before its first

  /** A change that may give the copying work: the job under way (or the next) is at least this kind. */
  note(kind: JobKind): void {
    this.runningKind = Math.max(this.runningKind, JOB_KINDS.indexOf(kind));
  }

  /** The job under way copied chunks of this kind: its copies name it from now on, not its causes. */
  copied(kind: JobKind): void {
    this.copiedKind = Math.max(this.copiedKind, JOB_KINDS.indexOf(kind));
  }

  /** The kind of the job under way (by its copies, else its causes), or undefined when none was noted. */
  running(): JobKind | undefined {
    const kind = this.copiedKind >= 0 ? this.copiedKind : this.runningKind;
    return kind < 0 ? undefined : JOB_KINDS[kind];
  }

  /** A job that copied `bytes` from `startedMs` ended at `finishedMs`: it joins the history (the oldest goes when full). */
  finish(startedMs: number, finishedMs: number, bytes: number): void {
    assert(startedMs <= finishedMs && bytes > 0, `a finished job starts before it ends and copied bytes (${startedMs}..${finishedMs}, ${bytes})`);
    this.push({ kind: this.running() ?? "rebuild", startedMs, finishedMs, bytes });
    this.end();
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
    this.copiedKind = -1;
  }

  /** The finished jobs, newest first. */
  list(): FinishedJob[] {
    const jobs: FinishedJob[] = [];
    for (let i = this.count - 1; i >= 0; i--) jobs.push(this.rows.row((this.oldest + i) % JOB_HISTORY_MAX));
    return jobs;
  }

  toJSON(): SavedJobs {
    return { running: this.runningKind, copied: this.copiedKind, finished: this.list().reverse() };
  }

  restore(saved: SavedJobs | undefined): void {
    this.oldest = 0;
    this.count = 0;
    for (const job of saved?.finished ?? []) this.push(job);
    this.runningKind = saved?.running ?? -1;
    this.copiedKind = saved?.copied ?? -1;
  }
}
