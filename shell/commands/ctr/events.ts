import { command } from "../../command.js";
import { eventRows } from "../../display/ctr.js";
import { readableContainer } from "./readable.js";
import { SINCE_OPTION, sinceMsOf } from "./since.js";

export default command({
  path: ["ctr", "events"],
  summary: "container events (Pulled, Created, Started, Unhealthy, Killing, BackOff, OOMKilled, ...) like kubectl get events; each is in the audit trail too",
  args: [{ name: "container", required: false, kind: "container" }],
  options: [SINCE_OPTION],
  examples: ["ctr events", "image pull nginx; ctr run nginx --name web; sleep 2s; ctr stop web; ctr events web --since 1m"],
  gate: { type: "container", mutates: false },
  run: ({ kernel, session }, input) => {
    const nowMs = kernel.clock.now();
    const sinceMs = input.options.since === undefined ? 0 : sinceMsOf(input.options.since, nowMs);
    const readable = input.args.container === undefined ? readableContainer(kernel, session, "ctr.events") : () => true;
    return { nowMs, events: kernel.containers.events(input.args.container).filter((e) => e.timeMs >= sinceMs && readable(e.object)) };
  },
  display: (r, d) => eventRows(r.events, r.nowMs, d),
});
