// Container events (Pulled, Created, Started, Unhealthy, Killing, BackOff, OOMKilled, ...): a
// fixed ring of CONTAINER_EVENT_MAX that wraps (the oldest goes, as kubelet's events expire), and
// each one also written to the audit trail (type container, action ctr.event, object ctr/<name>),
// so `audit query --type container` holds every step even after the ring has wrapped. The
// orchestrator keeps its pods' and nodes' events (Scheduled, NodeNotReady...) in a log of its own,
// with its own vocabulary (EventVocabulary).

import { CONTAINER_EVENT_MAX, CONTAINER_EVENT_MESSAGE_LENGTH_MAX } from "../../src/limits.js";
import type { AuditTrail } from "../../src/ports.js";
import { Columns, numbers, texts, type RowOf } from "../../src/table/columns.js";
import { Ring } from "../../src/table/ring.js";
import { count, enumIndex, name, text, time } from "../../src/table/checks.js";
import { EVENT_REASONS, WARNING_REASONS, type EventReason } from "./types.js";

/** The words of one event log: its reasons (saved as their index), which are warnings, the trail's action and object path. */
export interface EventVocabulary<R extends string> {
  readonly reasons: readonly R[];
  readonly warnings: readonly R[];
  readonly action: string; // the audit entry's action
  readonly pathOf: (object: string) => string; // the audit entry's object
}

const CONTAINER_EVENTS: EventVocabulary<EventReason> = { reasons: EVENT_REASONS, warnings: WARNING_REASONS, action: "ctr.event", pathOf: (object) => `ctr/${object}` };

export const eventColumns = (reasons: readonly string[]) => ({
  timeMs: numbers(Float64Array, time),
  reason: numbers(Uint8Array, enumIndex(reasons, "an event reason")),
  uid: numbers(Uint32Array, count),
  object: texts(name),
  message: texts(text(CONTAINER_EVENT_MESSAGE_LENGTH_MAX)),
});

export const EVENT_COLUMNS = eventColumns(EVENT_REASONS);

export type SavedEvent = RowOf<typeof EVENT_COLUMNS>;

export class EventLog<R extends string = EventReason> {
  private readonly ring = new Ring("container event", CONTAINER_EVENT_MAX, "CONTAINER_EVENT_MAX", "overwrite");
  private readonly columns: Columns<typeof EVENT_COLUMNS>;

  constructor(
    private readonly trail: () => AuditTrail,
    private readonly vocabulary: EventVocabulary<R> = CONTAINER_EVENTS as unknown as EventVocabulary<R>,
  ) {
    this.columns = new Columns(CONTAINER_EVENT_MAX, eventColumns(vocabulary.reasons));
  }

  /** Records an event at `timeMs` for `object` (a container; a pod or node in the orchestrator's log) of `uid`, in the ring and the audit trail (under `correlation`, the story it belongs to; absent: the running command's). */
  record(timeMs: number, reason: R, object: string, uid: number, message: string, correlation?: number): void {
    const cell = this.ring.push();
    const a = this.columns.arrays;
    a.timeMs[cell] = timeMs;
    a.reason[cell] = this.vocabulary.reasons.indexOf(reason);
    a.uid[cell] = uid;
    a.object[cell] = object;
    a.message[cell] = message.slice(0, CONTAINER_EVENT_MESSAGE_LENGTH_MAX);
    const warning = this.vocabulary.warnings.includes(reason);
    this.trail().record({ level: warning ? "warning" : "info", type: "container", uid, action: this.vocabulary.action, object: this.vocabulary.pathOf(object), result: reason, message: `${object}: ${message}`, ...(correlation === undefined ? {} : { correlation }) });
  }

  /** Events oldest first, of one object when `object` is given. */
  list(object?: string): { timeMs: number; type: "Normal" | "Warning"; reason: R; object: string; message: string }[] {
    const result: { timeMs: number; type: "Normal" | "Warning"; reason: R; object: string; message: string }[] = [];
    for (let i = 0; i < this.ring.length; i++) {
      const cell = this.ring.at(i);
      const a = this.columns.arrays;
      if (object !== undefined && a.object[cell] !== object) continue;
      const reason = this.vocabulary.reasons[a.reason[cell]!]!;
      result.push({ timeMs: a.timeMs[cell]!, type: this.vocabulary.warnings.includes(reason) ? "Warning" : "Normal", reason, object: a.object[cell]!, message: a.message[cell]! });
    }
    return result;
  }

  toJSON(): SavedEvent[] {
    const result: SavedEvent[] = [];
    for (let i = 0; i < this.ring.length; i++) result.push(this.columns.row(this.ring.at(i)) as SavedEvent);
    return result;
  }

  /** Puts saved events back without writing them to the trail again (it holds them already). */
  restore(saved: readonly SavedEvent[]): void {
    this.ring.clear();
    for (const event of saved) this.columns.setRow(this.ring.push(), event);
  }
}
