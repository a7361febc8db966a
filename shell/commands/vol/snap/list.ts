import type { SnapshotRow } from "../../../../modules/storage/index.js";
import { formatSimTime } from "../../../../src/clock.js";
import { command, type Display } from "../../../command.js";
import { formatSize } from "../../../values.js";
import { WHOLE, type TableFit } from "../../../display/table.js";

/** On a narrow terminal the time a snapshot was taken stays whole; USED and PARENT are left out first. */
const SNAPSHOT_FIT: TableFit = { narrowest: { CREATED: WHOLE }, leaveOut: ["USED", "PARENT"] };

export default command({
  path: ["vol", "snap", "list"],
  summary: "a volume's snapshots with parent, size and space used (only what each alone holds), or every volume's with none named; --tree draws the chain",
  args: [{ name: "volume", required: false, kind: "volume" }],
  options: [{ name: "tree", kind: "flag", summary: "draw parents and children" }],
  examples: ["vol create db --size 1M; vol snap create db s1; vol snap list db --tree", "vol create db --size 1M; vol snap create db s1; vol snap list"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }, input) => {
    const tree = input.options.tree === true;
    const volume = input.args.volume;
    if (volume !== undefined) return { volume, tree, snapshots: kernel.storage.snapshotList(volume) };
    // Every volume's, like `virsh snapshot-list` run per domain: one table with a VOLUME column.
    return { volume: undefined, tree, snapshots: kernel.storage.names().flatMap((name) => kernel.storage.snapshotList(name)) };
  },
  display: (r, d) => {
    if (r.volume === undefined) return everyVolume(r.snapshots, r.tree, d);
    if (r.snapshots.length === 0) return [`(no snapshots of ${r.volume})`];
    if (r.tree) return drawTree(r.volume, r.snapshots);
    return d.table(
      ["NAME", "PARENT", "CREATED", "SIZE", "USED", "CURRENT"],
      r.snapshots.map((s) => [s.name, s.parent ?? "-", formatSimTime(s.createdMs), formatSize(s.sizeBytes), formatSize(s.usedBytes), s.current ? "*" : ""]),
      SNAPSHOT_FIT,
    );
  },
});

/** Every volume's snapshots: one table with the volume first, or one tree per volume that has any. */
function everyVolume(snapshots: readonly SnapshotRow[], tree: boolean, d: Display): string[] {
  if (snapshots.length === 0) return ["(no snapshots)"];
  if (tree) {
    const volumes = [...new Set(snapshots.map((s) => s.volume))];
    return volumes.flatMap((volume) => drawTree(volume, snapshots.filter((s) => s.volume === volume)));
  }
  return d.table(
    ["VOLUME", "NAME", "PARENT", "CREATED", "SIZE", "USED", "CURRENT"],
    snapshots.map((s) => [s.volume, s.name, s.parent ?? "-", formatSimTime(s.createdMs), formatSize(s.sizeBytes), formatSize(s.usedBytes), s.current ? "*" : ""]),
    SNAPSHOT_FIT,
  );
}

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
