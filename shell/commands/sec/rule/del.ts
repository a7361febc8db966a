import { command } from "../../../command.js";

export default command({
  path: ["sec", "rule", "del"],
  summary: "delete a policy rule by id",
  args: [{ name: "id", required: true, kind: "rule", label: "rule id" }],
  options: [],
  examples: ["sec rule add --effect allow --action vol.read; sec rule del 1"],
  gate: { type: "security", mutates: true, capability: "CAP_MAC_ADMIN" },
  run: ({ kernel }, input) => {
    const id = input.args.id;
    kernel.objects.delete(`sec/rule/${id}`, () => kernel.security.rules.delete(id));
    return { id };
  },
  display: (r) => [`deleted rule #${r.id}`],
});
