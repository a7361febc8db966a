// A kernel with one more subsystem, `probe`, that needs the ports a pod's subsystem uses (the
// decisions port and the trail), so tests reach them the way a module does.

import * as v from "valibot";
import { SUBSYSTEMS } from "../../modules/subsystems.js";
import { ROOT, type Operation, type Subject } from "../../src/gate.js";
import { Kernel, type KernelServices } from "../../src/kernel.js";
import type { Ports } from "../../src/ports.js";
import type { Subsystem } from "../../src/subsystem.js";
import { TEST_KEY } from "../helpers.js";

const probe: Subsystem<"probe", Ports, undefined, Record<string, never>, Record<string, never>> = {
  name: "probe",
  kinds: {},
  auditType: "container",
  needs: ["decisions", "trail"],
  offers: [],
  saved: { schema: v.undefined(), check: () => undefined, mayBeAbsent: true },
  build: (_context, ports) => ({ manager: ports, view: {}, names: {}, save: () => undefined, restore: () => undefined, status: () => [] }),
};

export const POD_TEST_SUBSYSTEMS = [...SUBSYSTEMS, probe] as const;
export type PodTestKernel = Kernel<typeof POD_TEST_SUBSYSTEMS>;
export type PodTestServices = KernelServices<typeof POD_TEST_SUBSYSTEMS>;

export function podTestKernel(seed = 1): PodTestKernel {
  return new Kernel({ seed, sealKey: TEST_KEY, subsystems: POD_TEST_SUBSYSTEMS });
}

/** A gated command's operation: `type` its audit type, as the shell's declarations give. */
export function command(action: string, object: string, mutates = true): Operation {
  return { action, object, type: "system", mutates, access: mutates ? "write" : "read" };
}

/** Runs `perform` as one gated command of `subject` (root by default). */
export function run<T>(kernel: PodTestKernel, perform: (k: PodTestServices) => T, action = "test.run", subject: Subject = ROOT): T {
  return kernel.syscall(subject, command(action, "kernel"), perform);
}

/** Makes volume `name` as `owner` (a local block volume of 1 MiB, mode 0660 as vol create asks), at MAC level `level`. */
export function volume(kernel: PodTestKernel, name: string, level: number, owner: Subject = ROOT): void {
  run(kernel, (k) => {
    k.objects.create(owner, `vol/${name}`, () => k.storage.create({ name, type: "block", tier: "ssd", sizeBytes: 1 << 20, thin: true }), 0o660);
    k.security.labels.set(`vol/${name}`, { level });
  }, "vol.create");
}
