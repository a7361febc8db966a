// Publish/subscribe for live panes: the kernel announces what happened (an audit entry, a state
// change) and whoever is watching redraws. A fixed number of subscriber slots; emitting with no
// subscribers costs one loop over an empty table.

import { fail } from "./errors.js";
import { EVENT_SUBSCRIBER_MAX } from "./limits.js";

export interface KernelEvent {
  readonly topic: string;
  readonly nowMs: number;
}

export type Listener = (event: KernelEvent) => void;

export class EventBus {
  private readonly listeners: (Listener | undefined)[] = new Array(EVENT_SUBSCRIBER_MAX).fill(undefined);
  private count = 0;

  /** Registers `listener`; returns the function that removes it. */
  subscribe(listener: Listener): () => void {
    const slot = this.listeners.indexOf(undefined);
    if (slot < 0) fail("ENOSPC", `event bus full: ${EVENT_SUBSCRIBER_MAX} subscribers (EVENT_SUBSCRIBER_MAX)`);
    this.listeners[slot] = listener;
    this.count++;
    return () => {
      if (this.listeners[slot] !== listener) return;
      this.listeners[slot] = undefined;
      this.count--;
    };
  }

  hasListeners(): boolean {
    return this.count > 0;
  }

  emit(event: KernelEvent): void {
    for (const listener of this.listeners) if (listener !== undefined) listener(event);
  }
}
