// The interactive shell: mounts the Ink app on the terminal and resolves when the user leaves.
// Only imported on a TTY, so piped runs never load Ink or React.

import { render } from "ink";
import { App } from "./components/App.js";
import { finishedText } from "./hooks/use-output.js";
import type { Session } from "./session.js";

const WELCOME = "kshell: a kernel-style infrastructure simulator. Type help for commands, Tab to complete, Ctrl-D to leave.";

export async function runInteractive(session: Session): Promise<void> {
  process.stdout.write(finishedText([WELCOME], "dim", session.display)); // before Ink draws its first frame under it
  // The session keeps each user's history (and its file in the state directory) itself.
  const instance = render(<App session={session} onLine={() => undefined} />, { exitOnCtrlC: false });
  await instance.waitUntilExit();
  // The caller folds the journal into a snapshot next, which takes a moment with full tables (a halted session saves nothing).
  if (!session.halted()) process.stdout.write(finishedText(["saving…"], "dim", session.display));
}
