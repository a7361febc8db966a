// The `kshell` binary. Decides the mode (interactive when stdin and stdout are terminals,
// otherwise plain), opens persistence, and hands over. Piped runs must start fast: Ink and React
// are imported only for the interactive shell.
//
// Exit status: 0 every command succeeded, 1 a command failed, 2 a usage error or unusable state,
// 70 a kernel bug (a failed internal check: the command was undone, or kshell could not go on).

import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createInterface } from "node:readline";
import { boundedLines } from "./bounded-lines.js";
import envPaths from "env-paths";
import { armTripwire } from "../src/assert.js";
import { isKernelError } from "../src/errors.js";
import { StateFileError } from "../src/persistence/state-file-error.js";
import { ChunkFolders } from "../src/chunks/chunk-folders.js";
import { keyWithoutStore, StateStore } from "../src/persistence/state-store.js";
import { answerWithCommander, readCommandLine, type GlobalOptions } from "./command-line.js";
import { colorWanted } from "./display/display.js";
import { INTERRUPTED_STATUS, processOutput, runPlain } from "./plain.js";
import { BUG_STATUS, IO_ERROR_STATUS, isHostIoError } from "./session-outcome.js";
import { Session } from "./session.js";
import { loadInteractive } from "./load-interactive.js";
import { notFoundText, placeOf } from "../src/persistence/user-file.js";

const USAGE_ERROR = 2;
const BROKEN_PIPE_STATUS = 141; // 128 + SIGPIPE, as shells report a reader that left
const output = processOutput(); // a script's stdout and stderr, in order (plain runs only)
armTripwire(process.env.KSHELL_TEST_TRIPWIRE); // tests only: makes the gate fail a check after this action (src/assert.ts)

/** Tests only: KSHELL_TEST_PROGRESS=always shows every progress line, however fast the work (no test depends on the machine's speed). */
function progressForcedOn(): { afterMs?: number } {
  return process.env.KSHELL_TEST_PROGRESS === "always" ? { afterMs: 0 } : {};
}

function defaultStateDir(): string {
  return process.env.KSHELL_HOME || envPaths("kshell", { suffix: "" }).data;
}

/** An error's message on one line (no stack: the state, more likely than kshell, is what is wrong). */
function oneLine(error: unknown): string {
  if (isKernelError(error)) return `${error.message} [${error.code}]`;
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).replace(/\s+/g, " ");
}

/** The seed `text` names; undefined unless it is a whole number from 0 to 2^32 - 1. */
function parseSeed(text: string): number | undefined {
  return /^\d+$/.test(text) && Number(text) <= 0xffffffff ? Number(text) : undefined;
}

/** package.json's version: one directory up from both dist/kshell.js and shell/main.ts; read only when asked. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }).version;
}

/** The command line's options, script file and seed; or, when it is wrong (or asked for help or the version), the status to exit with. */
async function parseCommandLine(argv: string[]): Promise<{ options: GlobalOptions; file: string | undefined; seed: number } | number> {
  const read = readCommandLine(argv.slice(2));
  if (read.kind === "commander") return answerWithCommander(argv.slice(2), USAGE_ERROR);
  if (read.options.version === true) {
    process.stdout.write(`kshell ${packageVersion()}\n`);
    return 0;
  }
  const { options, args } = read;
  const [verb, file] = args;
  if (verb !== undefined && (verb !== "run" || file === undefined)) {
    process.stderr.write(`kshell: expected 'run <file>', got '${args.join(" ")}' (see kshell --help)\n`);
    return USAGE_ERROR;
  }
  if (file !== undefined && !existsSync(file)) {
    process.stderr.write(`kshell: ${notFoundText("run", file, "read")}\n`);
    return USAGE_ERROR;
  }
  if (file !== undefined && statSync(file).isDirectory()) {
    process.stderr.write(`kshell: cannot run ${placeOf(file)}: is a directory\n`);
    return USAGE_ERROR;
  }
  const seed = parseSeed(options.seed);
  if (seed === undefined) {
    process.stderr.write(`kshell: --seed must be a whole number from 0 to 4294967295, not '${options.seed}'\n`);
    return USAGE_ERROR;
  }
  return { options, file, seed };
}

/** The session (and its state directory's store, locked, if it has one); or, when the state cannot be used, the status to exit with. */
function openSession(options: GlobalOptions, seed: number, interactive: boolean, stateDir: string | undefined): { store: StateStore | undefined; session: Session } | number {
  let store: StateStore | undefined;
  try {
    store = stateDir === undefined ? undefined : StateStore.open(stateDir);
    const chunkFolders = store === undefined ? ChunkFolders.temporary() : undefined; // bytes on disk either way, not in memory
    const session = new Session({
      seed,
      sealKey: store === undefined ? keyWithoutStore(defaultStateDir()) : undefined, // the store's key, read once its snapshot is known good
      interactive,
      color: colorWanted(process.stdout.isTTY === true, !options.color, process.env),
      columns: () => (process.stdout.isTTY === true ? process.stdout.columns : undefined),
      json: options.json === true,
      store,
      chunkFolders,
      privateDirs: [defaultStateDir(), ...(chunkFolders?.root === undefined ? [] : [chunkFolders.root])],
      wallClockMs: () => performance.now(),
      progress: { tty: process.stderr.isTTY === true, write: (text) => process.stderr.write(text), ...progressForcedOn() },
    });
    // The interactive shell shows them once its first prompt is drawn (the audit verdict costs ~25 ms with a full ring).
    if (!interactive) for (const warning of session.startWarnings()) process.stderr.write(`kshell: warning: ${warning}\n`);
    return { store, session };
  } catch (error) {
    // Whatever stopped the start, the lock goes and one line says why; the state files stay as they were.
    store?.close();
    if (error instanceof StateFileError) process.stderr.write(`kshell: cannot use state ${error.message}\n`);
    else if (store !== undefined && isHostIoError(error)) process.stderr.write(`kshell: cannot use state ${store.dir}: restoring it writes there (replayed writes take chunk files) and that failed (${error.message}): free space on its disk and start again; its journal keeps every acknowledged command\n`);
    else if (store !== undefined) process.stderr.write(`kshell: cannot use state ${store.dir}: cannot be restored (${oneLine(error)})\n`);
    else throw error;
    return USAGE_ERROR;
  }
}

async function main(argv: string[]): Promise<number> {
  const parsed = await parseCommandLine(argv);
  if (typeof parsed === "number") return parsed;
  const { options, file, seed } = parsed;
  const interactive = file === undefined && options.command === undefined && process.stdin.isTTY === true && process.stdout.isTTY === true;
  const stateDir = options.state ?? (interactive ? defaultStateDir() : undefined);
  const opened = openSession(options, seed, interactive, stateDir);
  if (typeof opened === "number") return opened;
  const { store, session } = opened;

  try {
    if (interactive) {
      const { runInteractive } = await loadInteractive();
      await runInteractive(session);
      const status = session.halted() ? IO_ERROR_STATUS : 0;
      return store === undefined ? status : closeSession(session, store, status);
    }
    const input = options.command !== undefined ? undefined : file !== undefined ? createReadStream(file) : process.stdin;
    const lines = input === undefined ? options.command!.split("\n") : createInterface({ input: input.pipe(boundedLines()), crlfDelay: Infinity });
    const interrupt = new AbortController();
    // The reader went away (`kshell | head`, or Ctrl-C took the whole pipeline): nothing more can be shown.
    const readerLeft = (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      process.exit(interrupt.signal.aborted ? INTERRUPTED_STATUS : BROKEN_PIPE_STATUS);
    };
    process.stdout.on("error", readerLeft);
    process.stderr.on("error", readerLeft);
    process.on("SIGINT", () => {
      if (interrupt.signal.aborted) process.exit(INTERRUPTED_STATUS); // a second one: leave at once
      interrupt.abort();
      session.interrupt(); // a long command stops after its current step
      if (!Array.isArray(lines)) lines.close(); // stop waiting for input
    });
    // a terminal's help pages go through a pager (loaded only then: pipes never pay for child_process)
    const paging = process.stdout.isTTY === true ? (await import("./run-pager.js")).plainPaging(output, session.display.color) : undefined;
    const status = await runPlain(session, lines, { keepGoing: options.keepGoing === true, echo: options.echo === true, signal: interrupt.signal, where: Array.isArray(lines) && lines.length === 1 ? "command" : "line", paging }, output);
    input?.destroy(); // `exit` before the end of the input: leave now, not once the writer closes the pipe
    const closed = store === undefined ? status : closeSession(session, store, status);
    await output.drained();
    return closed;
  } finally {
    store?.close();
  }
}

/**
 * Folds the journal into a snapshot at exit. A state directory that cannot be written then (a full
 * disk, chattr +i) loses nothing: the journal still holds every acknowledged command, so the next
 * start replays them. Said in one line, and the run ends with IO_ERROR_STATUS.
 */
function closeSession(session: Session, store: StateStore, status: number): number {
  try {
    session.close();
    return status;
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    if (typeof errno !== "string" || typeof (error as NodeJS.ErrnoException).syscall !== "string") throw error;
    process.stderr.write(`kshell: cannot write a snapshot to ${store.dir} at exit (${errno}): its journal keeps every acknowledged command, and the next start replays them\n`);
    return status === 0 ? IO_ERROR_STATUS : status;
  }
}

main(process.argv).then(
  (status) => {
    process.exitCode = status;
  },
  async (error: unknown) => {
    output.error(`kshell: internal error (a kshell bug, please report it): ${(error as Error).stack ?? String(error)}\n`);
    await output.drained(); // after what the script printed before it, never in the middle of a line
    process.exitCode = BUG_STATUS;
  },
);
