import { command } from "../../../command.js";

export default command({
  path: ["audit", "compliance", "del"],
  summary: "delete a compliance policy by name",
  args: [{ name: "name", required: true, kind: "compliance-policy" }],
  options: [],
  examples: ["audit compliance add temp --rule denies-recorded; audit compliance del temp"],
  gate: { type: "security", mutates: true, capability: "CAP_AUDIT_CONTROL" },
  run: ({ kernel }, input) => {
    kernel.objects.delete(`audit/compliance/${input.args.name}`, () => kernel.audit.compliance.delete(input.args.name));
    return { name: input.args.name };
  },
  display: (r) => [`deleted compliance policy ${r.name}`],
});
