import { command } from "../../command.js";

export default command({
  path: ["vol", "delete"],
  summary: "delete a volume; refuses one attached to a host, mapped to an sdc, with snapshots or in a replication session unless --force (which detaches, unmaps, cascades and ends the sessions); a pod's mounted volume is refused even then",
  args: [{ name: "name", required: true, kind: "volume" }],
  options: [{ name: "force", kind: "flag", summary: "detach or unmap it, delete its snapshots and end its replication sessions" }],
  examples: ["vol create tmp --size 1M; vol delete tmp"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.objects.delete(`vol/${input.args.name}`, () => kernel.storage.delete(input.args.name, input.options.force === true));
    return { name: input.args.name };
  },
  display: (r) => [`deleted volume ${r.name}`],
});
