// The node verbs that change one node and report it (cordon, uncordon, fail, recover): one
// declaration shape, each file naming its verb, what it does and the orchestrator call.

import type { NodeInfo, Orchestrator } from "../../../modules/containers/index.js";
import type { CommandDecl } from "../../command.js";
import { nodeLine } from "../../display/node.js";

const NODE_ARGUMENT = [{ name: "node", required: true, kind: "node" }] as const;

type NodeCall = "cordon" | "uncordon" | "failNode" | "recoverNode";

/** All of a node verb's declaration but its path, which its file spells out. */
export function nodeVerb(summary: string, example: string, call: NodeCall, done: string): Omit<CommandDecl<NodeInfo, typeof NODE_ARGUMENT, readonly []>, "path"> {
  return {
    summary,
    args: NODE_ARGUMENT,
    options: [],
    examples: [example],
    gate: { type: "container", mutates: true, capability: "CAP_SYS_ADMIN" },
    run: ({ kernel }, input) => (kernel.containers.orchestrator as Orchestrator)[call](input.args.node),
    describe: (n) => n.status,
    display: (n, d) => [nodeLine(n, "already" in n && n.already === true ? `already ${done}` : done, d)], // kubectl's "node/w1 already cordoned"
  };
}
