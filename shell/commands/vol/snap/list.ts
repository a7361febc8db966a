import type { SnapshotRow } from "../../../../modules/storage/index.js";
import { formatSimTime } from "../../../../src/clock.js";
import { command } from "../../../command.js";
import { formatSize } from "../../../values.js";

export default command({
  path: ["vol", "snap", "list"],
  summary: "a volume's snapshots with parent, size and space used (only what each alone holds); --tree draws the chain",
  args: [{ name: "volume", required: true, kind: "volume" }],
  options: [{ name: "tree", kind: "flag", summary: "draw parents and children" }],
  examples: ["vol create db --size 1M; vol snap create db s1; vol snap list db --tree"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }, input) => ({ volume: input.args.volume, tree: input.options.tree === true, snapshots: kernel.storage.snapshotList(input.args.volume) }),
  display: (r, d) => {
    if (r.snapshots.length === 0) return [`(no snapshots of ${r.volume})`];
    if (r.tree) return drawTree(r.volume, r.snapshots);
    return d.table(
      ["NAME", "PARENT", "CREATED", "SIZE", "USED", "CURRENT"],
      r.snapshots.map((s) => [s.name, s.parent ?? "-", formatSimTime(s.createdMs), formatSize(s.sizeBytes), formatSize(s.usedBytes), s.current ? "*" : ""]),
    );
  },
});

/** The snapshots as a tree under the volume; "<- volume" marks the one the volume descends from. */
function drawTree(volume: string, snapshots: readonly SnapshotRow[]): string[] {
  const lines = [volume];
  const walk = (parent: string | undefined, prefix: string) => {
    const children = snapshots.filter((s) => s.parent === parent);
    children.forEach((child, i) => {
      const last = i === children.length - 1;
      lines.push(`${prefix}${last ? "└── " : "├── "}${child.name} (${formatSize(child.usedBytes)} used)${child.current ? "  <- " + volume : ""}`);
      walk(child.name, `${prefix}${last ? "    " : "│   "}`);
    });
  };
  walk(undefined, "");
  return lines;
}
