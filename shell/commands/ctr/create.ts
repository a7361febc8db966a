import { command } from "../../command.js";
import { containerLine } from "../../display/ctr.js";
import { containerObject, containerSpecOf, IMAGE_ARGUMENT, RUN_OPTIONS } from "./run-options.js";

export default command({
  path: ["ctr", "create"],
  summary: "create a container from a pulled image without starting it (docker create): Created until ctr start",
  args: IMAGE_ARGUMENT,
  options: RUN_OPTIONS,
  examples: ['image pull redis; ctr create redis --name cache --mem 128M --readiness tcp:6379; ctr start cache'],
  gate: { type: "container", mutates: true, capability: "CAP_SYS_ADMIN", object: containerObject },
  run: ({ kernel, session }, input) => kernel.objects.create(session.subject, `ctr/${input.options.name}`, () => kernel.containers.create(containerSpecOf(input, kernel, session)), 0o660),
  describe: (c) => `${c.image} "${c.command}": ${c.state}`,
  display: (c, d) => [c.id, containerLine(c, d)],
});
