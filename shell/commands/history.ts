import { command } from "../command.js";

export default command({
  path: ["history"],
  page: "shell",
  summary: "the commands typed so far, numbered (the interactive shell keeps them across runs)",
  args: [{ name: "n", required: false, kind: "count", label: "history count" }],
  options: [],
  examples: ["history", "history 5"],
  run: ({ session }, input) => {
    const lines = session.history();
    const count = input.args.n ?? lines.length;
    const first = Math.max(0, lines.length - count);
    return { lines: lines.slice(first).map((line, i) => ({ number: first + i + 1, line })) };
  },
  display: (r) => r.lines.map(({ number, line }) => `${String(number).padStart(5)}  ${line}`),
});
