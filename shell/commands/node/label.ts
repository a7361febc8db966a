import type { NodeInfo } from "../../../modules/containers/index.js";
import { fail } from "../../../src/errors.js";
import { command } from "../../command.js";

/** `key=value` sets, `key-` removes (kubectl label's words); anything else is refused. */
function changesOf(words: readonly string[]): { set: Record<string, string>; remove: string[] } {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const word of words) {
    const pair = /^([^=]+)=(.*)$/.exec(word);
    if (pair !== null) set[pair[1]!] = pair[2]!;
    else if (word.endsWith("-") && word.length > 1) remove.push(word.slice(0, -1));
    else fail("EINVAL", `node label: bad label '${word}'`, "key=value to set, key- to remove: node label w1 disk=ssd");
  }
  const both = remove.find((key) => key in set);
  if (both !== undefined) fail("EINVAL", `node label: can not both modify and remove label '${both}' in the same command`);
  return { set, remove };
}

export default command({
  path: ["node", "label"],
  summary: "set (key=value) or remove (key-) a node's labels (kubectl label node); pods Pending on a nodeSelector are scheduled again",
  args: [
    { name: "node", required: true, kind: "node" },
    { name: "labels", required: true, variadic: true },
  ],
  options: [{ name: "overwrite", kind: "flag", summary: "change a label the node already has (as kubectl, refused without it)" }],
  examples: ["node add w1 --cpu 4 --mem 8G; node label w1 disk=ssd; node show w1", "node add w1 --cpu 4 --mem 8G --label disk=hdd; node label w1 disk=ssd --overwrite; node label w1 disk-"],
  gate: { type: "container", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input): { node: NodeInfo; changed: boolean } => {
    const orchestrator = kernel.containers.orchestrator;
    const { set, remove } = changesOf(input.rest);
    const current = orchestrator.node(input.args.node).labels;
    for (const key in set) {
      if (key in current && current[key] !== set[key] && input.options.overwrite !== true) fail("EINVAL", `node label: '${key}' already has a value (${current[key]}), and --overwrite is false`, `node label ${input.args.node} ${key}=${set[key]} --overwrite`);
    }
    const next: Record<string, string> = { ...current, ...set };
    for (const key of remove) {
      if (!(key in next)) fail("ENOENT", `node label: label "${key}" not found on node '${input.args.node}'`);
      delete next[key];
    }
    const changed = JSON.stringify(Object.entries(next).sort()) !== JSON.stringify(Object.entries(current).sort());
    return { node: changed ? orchestrator.setNodeLabels(input.args.node, next) : orchestrator.node(input.args.node), changed };
  },
  describe: ({ node }) => Object.entries(node.labels).map(([key, value]) => `${key}=${value}`).join(",") || "no labels",
  display: ({ node, changed }) => [`node/${node.name} ${changed ? "labeled" : "not labeled"}`],
});
