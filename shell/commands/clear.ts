import { command } from "../command.js";

export default command({
  path: ["clear"],
  page: "shell",
  summary: "clear the terminal and its scrollback, as clear does (Ctrl-L clears the screen only); prints nothing in a script",
  args: [],
  options: [],
  examples: ["clear"],
  clearsScreen: true,
  run: () => ({}),
  display: () => [],
});
