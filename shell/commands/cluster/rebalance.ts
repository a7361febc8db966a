import { command } from "../../command.js";
import { formatSize } from "../../values.js";
import { countOf } from "../../../src/units.js";

const TARGET_RATIO = 1.1;

export default command({
  path: ["cluster", "rebalance"],
  summary: "move replicas from the fullest nodes to the emptiest until each is within 10% of the mean; --dry-run shows the plan",
  args: [],
  options: [
    { name: "pool", kind: "string", placeholder: "pd/sp", summary: "the pool (default: every pool)" },
    { name: "dry-run", kind: "flag", summary: "show the moves and bytes, change nothing" },
  ],
  examples: ["cluster rebalance --dry-run", "cluster rebalance"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    const pools = input.options.pool === undefined ? kernel.view.cluster.names("pool") : [input.options.pool];
    const dryRun = input.options["dry-run"] === true;
    return { dryRun, moves: pools.flatMap((pool) => kernel.cluster.rebalance(pool, TARGET_RATIO, dryRun).map((move) => ({ pool, ...move }))) };
  },
  describe: (r) => `${countOf(r.moves.length, "move")}${r.dryRun ? " planned" : ""}`,
  display: (r, d) =>
    r.moves.length === 0
      ? ["balanced: every node is within 10% of the mean"]
      : [
          ...d.table(["POOL", "SHARD", "FROM", "TO", "BYTES"], r.moves.map((m) => [m.pool, m.shard, m.from, m.to, formatSize(m.bytes)])),
          `${r.moves.length} replica moves, ${formatSize(r.moves.reduce((n, m) => n + m.bytes, 0))} to copy${r.dryRun ? " (dry run: nothing changed)" : "; data follows in the background (cluster rebuild status)"}`,
        ],
});
