import { command } from "../command.js";

export default command({
  path: ["echo"],
  page: "shell",
  summary: "print the words given (all of them: echo takes no options)",
  raw: true,
  args: [{ name: "text", required: false, variadic: true }],
  options: [],
  examples: ["echo hello world", "echo 'two  spaces kept'"],
  run: (_context, input) => ({ text: input.rest.join(" ") }),
  display: (r) => [r.text],
});
