// Shared by the container tests: a manager on its own clock whose audit entries are kept, with
// the images the tests run already pulled, and the KernelError an action throws.

import { ContainerManager, type ContainerSpec } from "../../modules/containers/index.js";
import { Clock } from "../../src/clock.js";
import { KernelError } from "../../src/errors.js";
import type { TrailEntry } from "../../src/ports.js";

export const MiB = 1024 ** 2;

export interface Rig {
  readonly clock: Clock;
  readonly manager: ContainerManager;
  readonly trail: TrailEntry[];
  /** Moves the clock by `ms`. */
  sleep(ms: number): void;
  run(spec: Partial<ContainerSpec> & { name: string }): void;
}

export function rig(startMs = 0): Rig {
  const clock = new Clock(startMs);
  const trail: TrailEntry[] = [];
  const manager = new ContainerManager(clock, { trail: { record: (entry) => trail.push(entry), loadProblem: () => undefined } });
  manager.images.pull("busybox");
  manager.images.pull("nginx");
  return {
    clock,
    manager,
    trail,
    sleep: (ms) => clock.advance(ms),
    run: (spec) => void manager.run({ image: "busybox", ...spec }),
  };
}

/** The KernelError `action` throws (the test fails when it throws nothing or something else). */
export function errorOf(action: () => unknown): KernelError {
  try {
    action();
  } catch (error) {
    if (error instanceof KernelError) return error;
    throw error;
  }
  throw new Error("expected a KernelError, nothing was thrown");
}

/** The reasons of a container's events, oldest first. */
export function reasons(r: Rig, name: string): string[] {
  return r.manager.events(name).map((e) => e.reason);
}
