import { command } from "../../../command.js";
import { formatSize } from "../../../values.js";
import { WHOLE, type TableFit } from "../../../display/table.js";

/** On a narrow terminal a node's state and pool stay whole; FAULT-SET and MEDIA are left out first. */
const NODE_FIT: TableFit = { narrowest: { STATE: WHOLE, POOL: WHOLE }, leaveOut: ["FAULT-SET", "MEDIA", "REPLICAS", "USED"] };

export default command({
  path: ["cluster", "sds", "list"],
  summary: "storage nodes: pool, media, fault set, capacity, used, replicas held",
  args: [],
  options: [],
  examples: ["cluster sds list"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }) => ({
    nodes: kernel.view.cluster.nodes().map((n) => ({ name: n.name, pool: n.pool, media: n.media, faultSet: n.faultSet, capacityBytes: n.capacityBytes, usedBytes: n.usedBytes, replicas: n.replicas, state: n.state, draining: n.draining })),
  }),
  display: (r, d) =>
    r.nodes.length === 0
      ? ["(no storage nodes: cluster sds add <name> --pool <pd/sp> --capacity <size>)"]
      : d.table(["NODE", "STATE", "POOL", "MEDIA", "FAULT-SET", "CAPACITY", "USED", "REPLICAS"], r.nodes.map((n) => [n.name, `${n.state}${n.draining ? "/draining" : ""}`, n.pool, n.media, n.faultSet ?? "-", formatSize(n.capacityBytes), formatSize(n.usedBytes), n.replicas]), NODE_FIT),
});
