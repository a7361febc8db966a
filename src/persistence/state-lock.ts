// The lock on a state directory: one kshell at a time may use it. The lock is held by the
// operating system, not inferred from a file: on Linux, a Unix socket bound in the abstract
// namespace under a name derived from the directory's device and inode. Binding is atomic (of two
// kshells started together exactly one gets the name), the kernel frees the name the moment the
// holder dies (kill -9 included), and a reused pid cannot hold it, so there is no stale lock to
// judge and nothing to delete. The `lock` file beside the state only names the holder's pid, for
// the message another kshell prints when it is refused.
//
// Where abstract sockets do not exist (macOS, Windows) the pid file is the lock, taken with O_EXCL
// and broken when its pid is dead: good for one person's machine, not race-free.
//
//   const lock = StateLock.take(dir)   // refuses with a StateFileError while another kshell lives
//   ...
//   lock.release()
//
// Within one process a second take of the same directory takes the lock over from the first
// (as the pid file, naming our own pid, always allowed): that is how tests stage a crash and a
// restart without a second process. The first holder's release then leaves the lock alone.

import { createHash } from "node:crypto";
import * as fs from "node:fs";
import { createServer, type Server } from "node:net";
import * as path from "node:path";
import { STATE_FILE_MODE } from "./snapshot-file.js";
import { StateFileError } from "./state-file-error.js";

const LOCK_NAME_PREFIX = "kshell-state-lock:";

/** The sockets this process holds, by name, with the StateLock that holds each now. */
const heldHere = new Map<string, { server: Server; holder: StateLock }>();

export class StateLock {
  private constructor(
    private readonly file: string,
    private readonly name: string | undefined,
  ) {}

  /** Locks `dir` (which exists) for this process, or throws a StateFileError naming the holder. */
  static take(dir: string): StateLock {
    const file = path.join(dir, "lock");
    if (process.platform !== "linux") return new StateLock(takePidFile(dir, file), undefined);
    const name = socketName(dir);
    const lock = new StateLock(file, name);
    const held = heldHere.get(name);
    if (held !== undefined) held.holder = lock;
    else {
      const server = bindAbstractSoon(name);
      if (server === undefined) throw inUse(dir, file);
      heldHere.set(name, { server, holder: lock });
    }
    try {
      writePid(file);
    } catch (error) {
      lock.release(); // a directory we cannot write: give the name back before saying so
      throw error;
    }
    return lock;
  }

  /** Gives the directory up; safe to call twice. The file goes first, so a successor's is never removed. */
  release(): void {
    if (this.name === undefined) {
      fs.rmSync(this.file, { force: true }); // here the file is the lock: failing to remove it must be said
      return;
    }
    const held = heldHere.get(this.name);
    if (held?.holder !== this) return; // released already, or taken over within this process
    heldHere.delete(this.name);
    removePid(this.file);
    held.server.close();
  }
}

/** Names the holder in `file`, for the refusal message; renamed into place, so no reader sees it half written. */
function writePid(file: string): void {
  const temporary = `${file}.${process.pid}`;
  try {
    fs.writeFileSync(temporary, `${process.pid}\n`, { mode: STATE_FILE_MODE });
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true }); // a full disk may have made it empty: leave nothing behind
    throw error;
  }
}

/** Removes the pid file; a directory that became unwritable (chattr +i) keeps it, which harms nothing: the socket is the lock. */
function removePid(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // the pid file only names the holder for messages; a stale one is replaced by the next holder
  }
}

/**
 * The lock's name for `dir`: the same directory under any path (symlinks, bind mounts) gives the
 * same name. Its birth time is part of it because inode numbers are reused: a new directory must
 * not look locked by a live holder of a deleted one (0 where the filesystem keeps none).
 */
function socketName(dir: string): string {
  const stats = fs.statSync(dir);
  const digest = createHash("sha256").update(`${stats.dev}:${stats.ino}:${stats.birthtimeMs}`).digest("hex").slice(0, 32);
  return `\0${LOCK_NAME_PREFIX}${digest}`;
}

const BIND_TRIES = 20;
const BIND_RETRY_MS = 5;

/**
 * bindAbstract, tried again for up to BIND_TRIES x BIND_RETRY_MS: a holder that is letting go
 * (its socket closing as it exits, or one this process just closed) frees the name in a moment;
 * a live holder still refuses after it.
 */
function bindAbstractSoon(name: string): Server | undefined {
  for (let tried = 1; ; tried++) {
    const server = bindAbstract(name);
    if (server !== undefined || tried === BIND_TRIES) return server;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, BIND_RETRY_MS);
  }
}

/**
 * Binds the abstract socket `name`, or undefined if another process holds it. Node binds during
 * listen() itself, so the answer is known at once (the error event it would emit later is
 * swallowed). The socket keeps no event loop alive and drops anyone who connects.
 */
function bindAbstract(name: string): Server | undefined {
  const server = createServer((socket) => socket.destroy());
  server.on("error", () => undefined);
  server.listen({ path: name, exclusive: true });
  if (!server.listening) return undefined;
  server.unref();
  return server;
}

function inUse(dir: string, file: string): StateFileError {
  let owner: number | undefined;
  try {
    owner = Number.parseInt(fs.readFileSync(file, "utf8"), 10);
  } catch {
    owner = undefined; // the holder has not written its pid yet
  }
  // Between bind and rename the file still names the previous, dead holder: then no pid is shown.
  const who = owner !== undefined && Number.isInteger(owner) && processIsAlive(owner) ? ` (pid ${owner})` : "";
  return new StateFileError(dir, `in use by another kshell${who}; close it first, or use another --state`);
}

/** Without abstract sockets: an O_EXCL pid file, removed when the pid it names is dead. */
function takePidFile(dir: string, file: string): string {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: "wx", mode: STATE_FILE_MODE });
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const owner = Number.parseInt(fs.readFileSync(file, "utf8"), 10);
    if (Number.isInteger(owner) && owner !== process.pid && processIsAlive(owner)) throw inUse(dir, file);
    fs.rmSync(file, { force: true }); // the owner died without unlocking
  }
  throw new StateFileError(file, "could not take the lock");
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
