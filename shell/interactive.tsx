// The interactive shell: mounts the Ink app on the terminal and resolves when the user leaves.
// Only imported on a TTY, so piped runs never load Ink or React.

import { render } from "ink";
import type { StateStore } from "../src/persistence/state-store.js";
import { App } from "./components/App.js";
import type { Session } from "./session.js";

export async function runInteractive(session: Session, store: StateStore | undefined): Promise<void> {
  const instance = render(<App session={session} onLine={(line) => store?.appendHistory(line)} />, { exitOnCtrlC: false });
  await instance.waitUntilExit();
}
