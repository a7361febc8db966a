import { command } from "../command.js";
import { parseCount } from "../values.js";

export default command({
  path: ["history"],
  page: "shell",
  summary: "the commands typed so far, numbered (the interactive shell keeps them across runs)",
  args: [{ name: "n", required: false }],
  options: [],
  examples: ["history", "history 5"],
  run: ({ session }, input) => {
    const lines = session.history();
    const count = input.args.n === undefined ? lines.length : parseCount(input.args.n, "history count");
    const first = Math.max(0, lines.length - count);
    return { lines: lines.slice(first).map((line, i) => ({ number: first + i + 1, line })) };
  },
  display: (r) => r.lines.map(({ number, line }) => `${String(number).padStart(5)}  ${line}`),
});
