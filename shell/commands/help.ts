import { command } from "../command.js";
import { helpText } from "../help-pages.js";

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
  run: ({ session }, input) => ({ text: helpText(session.registry, input.args.group, input.rest) }),
  display: (r, d) =>
    r.text
      .split("\n")
      .filter((line) => !line.startsWith("```"))
      .map((line) => (/^#+ /.test(line) ? d.chalk.bold(line.replace(/^#+ /, "").toUpperCase()) : line)),
});
