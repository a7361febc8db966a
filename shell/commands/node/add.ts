import { DNS_SUBDOMAIN, DNS_SUBDOMAIN_PROBLEM, parseCores } from "../../../modules/containers/index.js";
import { fail } from "../../../src/errors.js";
import { command } from "../../command.js";
import { nodeLine } from "../../display/node.js";
import { formatBytes } from "../../../src/units.js";

/** --label app=web,disk=ssd -> { app: "web", disk: "ssd" }. */
function labelsOf(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const pair of text === undefined || text === "" ? [] : text.split(",")) {
    const match = /^([A-Za-z0-9][-A-Za-z0-9_./]*)=([-A-Za-z0-9_.]*)$/.exec(pair.trim());
    if (match === null) fail("EINVAL", `bad --label '${pair}'`, "key=value pairs separated by commas: --label disk=ssd,zone=a");
    labels[match[1]!] = match[2]!;
  }
  return labels;
}

export default command({
  path: ["node", "add"],
  summary: "register a worker node with its allocatable CPU and memory (the scheduler places pods on it); --sdc names the storage client it reaches distributed volumes through",
  args: [{ name: "name", required: true, kind: "name", of: "node" }],
  options: [
    { name: "cpu", kind: "string", required: true, example: "4", placeholder: "cores", summary: "allocatable CPU: cores (4, 1.5) or millicores (500m)" },
    { name: "mem", kind: "size", required: true, example: "8G", summary: "allocatable memory (8G)" },
    { name: "label", kind: "string", placeholder: "k=v[,k=v]", summary: "labels a pod's nodeSelector matches: disk=ssd,zone=a" },
    { name: "sdc", kind: "string", placeholder: "client", summary: "the cluster's storage client for distributed volumes (default: the node's name; cluster sdc add)" },
  ],
  examples: ["node add w1 --cpu 4 --mem 8G", "node add w2 --cpu 2 --mem 4G --label disk=ssd --sdc client2"],
  gate: { type: "container", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel, session }, input) => {
    const name = input.args.name;
    if (!DNS_SUBDOMAIN.test(name)) fail("EINVAL", `The Node "${name}" is invalid: metadata.name: Invalid value: "${name}": ${DNS_SUBDOMAIN_PROBLEM}`);
    const spec = { name: input.args.name, cpuMillicores: parseCores(input.options.cpu), memoryBytes: input.options.mem, labels: labelsOf(input.options.label), ...(input.options.sdc === undefined ? {} : { storageClient: input.options.sdc }) };
    const node = kernel.objects.create(session.subject, `node/${input.args.name}`, () => kernel.containers.orchestrator.addNode(spec), 0o660);
    const strangeClient = input.options.sdc !== undefined && !kernel.view.cluster.clients().some((c) => c.name === input.options.sdc); // added all the same: the client may join later
    return { ...node, strangeClient };
  },
  describe: (n) => `${n.cpuAllocatableMillicores}m cpu, ${formatBytes(n.memoryAllocatableBytes)}, storage client ${n.storageClient}`,
  display: (n, d) => [nodeLine(n, "added", d), ...(n.strangeClient ? [`storage client ${n.storageClient} is not in the cluster: its pods cannot mount distributed volumes until it is (cluster sdc add ${n.storageClient})`] : [])],
});
