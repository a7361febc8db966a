// Container events (Pulled, Created, Started, Unhealthy, Killing, BackOff, OOMKilled, ...): a
// fixed ring of CONTAINER_EVENT_MAX that wraps (the oldest goes, as kubelet's events expire), and
// each one also written to the audit trail (type container, action ctr.event, object ctr/<name>),
// so `audit query --type container` holds every step even after the ring has wrapped.

import { CONTAINER_EVENT_MAX, CONTAINER_EVENT_MESSAGE_LENGTH_MAX } from "../../src/limits.js";
import type { AuditTrail } from "../../src/ports.js";
import { Columns, numbers, texts, type RowOf } from "../../src/table/columns.js";
import { Ring } from "../../src/table/ring.js";
import { count, enumIndex, name, text, time } from "../../src/table/checks.js";
import { EVENT_REASONS, WARNING_REASONS, type ContainerEvent, type EventReason } from "./types.js";

export const EVENT_COLUMNS = {
  timeMs: numbers(Float64Array, time),
  reason: numbers(Uint8Array, enumIndex(EVENT_REASONS, "an event reason")),
  uid: numbers(Uint32Array, count),
  object: texts(name),
  message: texts(text(CONTAINER_EVENT_MESSAGE_LENGTH_MAX)),
};

export type SavedEvent = RowOf<typeof EVENT_COLUMNS>;

export class EventLog {
  private readonly ring = new Ring("container event", CONTAINER_EVENT_MAX, "CONTAINER_EVENT_MAX", "overwrite");
  private readonly columns = new Columns(CONTAINER_EVENT_MAX, EVENT_COLUMNS);

  constructor(private readonly trail: () => AuditTrail) {}

  /** Records an event at `timeMs` for container `object` run as `uid`, in the ring and the audit trail. */
  record(timeMs: number, reason: EventReason, object: string, uid: number, message: string): void {
    const cell = this.ring.push();
    const a = this.columns.arrays;
    a.timeMs[cell] = timeMs;
    a.reason[cell] = EVENT_REASONS.indexOf(reason);
    a.uid[cell] = uid;
    a.object[cell] = object;
    a.message[cell] = message.slice(0, CONTAINER_EVENT_MESSAGE_LENGTH_MAX);
    const warning = WARNING_REASONS.includes(reason);
    this.trail().record({ level: warning ? "warning" : "info", type: "container", uid, action: "ctr.event", object: `ctr/${object}`, result: reason, message: `${object}: ${message}` });
  }

  /** Events oldest first, of one container when `object` is given. */
  list(object?: string): ContainerEvent[] {
    const result: ContainerEvent[] = [];
    for (let i = 0; i < this.ring.length; i++) {
      const cell = this.ring.at(i);
      const a = this.columns.arrays;
      if (object !== undefined && a.object[cell] !== object) continue;
      const reason = EVENT_REASONS[a.reason[cell]!]!;
      result.push({ timeMs: a.timeMs[cell]!, type: WARNING_REASONS.includes(reason) ? "Warning" : "Normal", reason, object: a.object[cell]!, message: a.message[cell]! });
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
