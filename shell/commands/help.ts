import { command } from "../command.js";
import { helpLines, helpText } from "../help-pages.js";

export default command({
  path: ["help"],
  page: "shell",
  summary: "the command index, a group's page, or one command's usage",
  args: [
    { name: "group", required: false, kind: "topic" },
    { name: "verb", required: false, variadic: true },
  ],
  options: [],
  examples: ["help", "help audit", "help audit query"],
  run: ({ session }, input) => helpText(session.registry, input.args.group, input.rest),
  paged: true, // a page taller than the terminal goes through a pager
  display: helpLines,
});
