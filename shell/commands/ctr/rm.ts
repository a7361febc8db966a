import { SHORT_ID_LENGTH } from "../../../modules/containers/index.js";
import { command } from "../../command.js";

export default command({
  path: ["ctr", "rm"],
  aliases: ["delete"],
  summary: "remove a container that is not running (docker rm); --force kills a running one first",
  args: [{ name: "container", required: true, kind: "container" }],
  options: [{ name: "force", kind: "flag", summary: "kill it first if it runs (docker rm -f)" }],
  examples: ["image pull alpine; ctr create alpine --name a; ctr rm a", "image pull nginx; ctr run nginx --name web; ctr rm web --force"],
  gate: { type: "container", mutates: true },
  run: ({ kernel }, input) => kernel.objects.delete(`ctr/${input.args.container}`, () => kernel.containers.remove(input.args.container, input.options.force === true)),
  describe: (c) => `was ${c.state}`,
  display: (c) => [`removed container ${c.name} (${c.id.slice(0, SHORT_ID_LENGTH)}), it was ${c.state}`],
});
