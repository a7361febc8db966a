import { levelName, modeText } from "../../../modules/security/index.js";
import { CTR_SHOW_EVENTS_MAX } from "../../../src/limits.js";
import { command } from "../../command.js";
import { showLines } from "../../display/ctr.js";

export default command({
  path: ["ctr", "show"],
  summary: "one container like kubectl describe: its state as kshell, Docker and Kubernetes say it, limits and usage, probes, restarts, namespaces, latest events",
  args: [{ name: "container", required: true, kind: "container" }],
  options: [],
  examples: ["image pull nginx; ctr run nginx --name web --mem 64M --liveness http:80; sleep 15s; ctr show web"],
  gate: { type: "container", mutates: false },
  run: ({ kernel }, input) => {
    const name = input.args.container;
    const detail = kernel.containers.show(name);
    const label = kernel.security.labels.resolve(`ctr/${name}`);
    const accounts = kernel.security.accounts;
    const owner = `${accounts.nameOfUid(label.owner)}:${accounts.groupNameOf(label.group)} ${modeText(label.mode)}, level ${levelName(label.level)}`;
    return { ...detail, nowMs: kernel.clock.now(), owner, stats: kernel.containers.stats(name)[0]!, events: kernel.containers.events(name).slice(-CTR_SHOW_EVENTS_MAX) };
  },
  display: (s, d) => showLines(s, d),
});
