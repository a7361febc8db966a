import { command } from "../../command.js";
import { containerLine } from "../../display/ctr.js";
import { containerObject, containerSpecOf, IMAGE_ARGUMENT, RUN_OPTIONS } from "./run-options.js";

export default command({
  path: ["ctr", "run"],
  summary: "create a container from a pulled image and start it (docker run -d): Starting, then Running",
  args: IMAGE_ARGUMENT,
  options: RUN_OPTIONS,
  examples: [
    "image pull nginx; ctr run nginx --name web --mem 64M --cpu 500m --liveness http:80/healthz,period=5s",
    'image pull busybox; ctr run busybox --name leaky --cmd "leak 8M/s" --mem 32M --restart always',
    'image pull nginx; ctr run nginx --name web --liveness "http 80 /healthz period=5s failure=3"',
  ],
  gate: { type: "container", mutates: true, capability: "CAP_SYS_ADMIN", object: containerObject },
  run: ({ kernel, session }, input) => kernel.objects.create(session.subject, `ctr/${input.options.name}`, () => kernel.containers.run(containerSpecOf(input, kernel, session)), 0o660),
  describe: (c) => `${c.image} "${c.command}": ${c.state}`,
  display: (c, d) => [c.id, containerLine(c, d)],
});
