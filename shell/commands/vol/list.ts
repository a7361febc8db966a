import { command } from "../../command.js";
import { formatSize } from "../../values.js";
import { WHOLE, type TableFit } from "../../display/table.js";

/** On a narrow terminal: state, type, size and attachment whole; REPLICAS, SNAPS, PROV, ALLOCATED, TIER left out first. */
const VOLUME_FIT: TableFit = { narrowest: { STATE: WHOLE, TYPE: WHOLE, SIZE: WHOLE, ATTACHED: 10 }, leaveOut: ["REPLICAS", "SNAPS", "PROV", "ALLOCATED", "TIER"] };

export default command({
  path: ["vol", "list"],
  summary: "every volume: state, type, tier, size, allocated bytes, attachment, snapshots",
  args: [],
  options: [],
  examples: ["vol list", "vol create a --size 1M; vol list --json"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }) => ({ volumes: kernel.storage.list() }),
  display: (r, d) =>
    r.volumes.length === 0
      ? ["(no volumes: vol create <name> --size <size>)"]
      : d.table(
          ["NAME", "STATE", "TYPE", "TIER", "SIZE", "ALLOCATED", "PROV", "ATTACHED", "SNAPS", "REPLICAS"],
          r.volumes.map((v) => [v.name, v.state, v.type, v.tier, formatSize(v.sizeBytes), formatSize(v.allocatedBytes), v.provisioning, v.attachedTo ?? "-", v.snapshots, v.replicaOf !== undefined ? `<- ${v.replicaOf}` : v.replicas.join(",") || "-"]),
          VOLUME_FIT,
        ),
});
