import { command } from "../../../command.js";

export default command({
  path: ["cluster", "alert", "resolve"],
  summary: "resolve an active alert by hand",
  args: [{ name: "id", required: true, kind: "alert", label: "alert id" }],
  options: [],
  examples: ["cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add a --pool pd1/sp1 --capacity 1G; cluster sds fail a; sleep 40s; cluster alert resolve 1"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel, session }, input) => {
    const id = input.args.id;
    kernel.cluster.resolveAlert(id, session.subject.name);
    return { id };
  },
  display: (r) => [`resolved alert #${r.id}`],
});
