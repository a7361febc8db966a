// Files on paths a person gives (save, load, audit export, vol read --out, vol write --file).
// What goes wrong there is theirs to fix, so an fs errno becomes a one-line KernelError naming
// the path and the reason (`onUserPath`); anything that is not an errno is a bug and goes on up.
// Writes go only to a regular file or a new path, through a temporary file renamed over it, so
// `save /dev/null` cannot turn a device into a file and a crash leaves the old file whole.
//
// Host files are kshell's own rights, not a simulated user's, so touching one is an operation of
// its own at the gate (`hostOperation`): reading needs CAP_DAC_READ_SEARCH, writing
// CAP_DAC_OVERRIDE (root holds both), and it is audited as host.read or host.write on
// host/<path>. `checkHostPath` then refuses, even for root, the state directory's own files
// (compared by real path, so a link or ../ does not get round it), anything but a regular file
// to read, and a file larger than the command may take, before a byte of it is read.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { KernelError, type ErrorCode } from "../errors.js";
import type { Operation } from "../gate.js";
import { formatBytes } from "../units.js";

/**
 * A path as bash would pass it on: a leading `~` alone or `~/` is $HOME (the account's home when
 * HOME is unset), so `pod apply -f ~/web.yaml` reads the file a person means. `~user` and a `~`
 * anywhere else stay as typed, as quoted text does in bash. Host-file arguments go through this
 * when they are parsed, before anything else sees them.
 */
export function expandHome(file: string, home = process.env.HOME || os.homedir()): string {
  if (file === "~") return home;
  return file.startsWith("~/") ? path.join(home, file.slice(2)) : file;
}

/** A failure on a person's path: the journal keeps it, so replay fails the same way without the file. */
export class UserFileError extends KernelError {
  override name = "UserFileError";
}

export type FileAccess = "read" | "write";

// errno -> our code and the reason shown. ENOENT depends on the direction: a missing file to
// read, a missing directory to write into.
const ERRNO: Readonly<Record<string, readonly [ErrorCode, string]>> = {
  EISDIR: ["EISDIR", "is a directory"],
  ENOTDIR: ["ENOTDIR", "a component of the path is not a directory"],
  EACCES: ["EACCES", "permission denied"],
  EPERM: ["EACCES", "operation not permitted"],
  EROFS: ["EACCES", "read-only file system"],
  ENOSPC: ["ENOSPC", "no space left on device"],
  EDQUOT: ["ENOSPC", "disk quota exceeded"],
  ENAMETOOLONG: ["ENAMETOOLONG", "file name too long"],
  ELOOP: ["EINVAL", "too many levels of symbolic links"],
  EEXIST: ["EEXIST", "exists and is not a directory"], // mkdir over a file
  EBUSY: ["EBUSY", "device or resource busy"],
  EIO: ["EIO", "input/output error"],
};

/** Our code and the reason to show for an fs errno error; undefined for anything else. */
export function errnoProblem(error: unknown, access: FileAccess): readonly [ErrorCode, string] | undefined {
  const errno = (error as NodeJS.ErrnoException | undefined)?.code;
  if (error instanceof KernelError || typeof errno !== "string") return undefined;
  return errno === "ENOENT" ? ["ENOENT", access === "read" ? "no such file" : "no such directory"] : ERRNO[errno];
}

/** Runs `op` on `file`; an fs errno from it becomes a UserFileError "cannot <verb> <file> in <dir>: <reason>". */
export function onUserPath<T>(verb: string, file: string, access: FileAccess, op: () => T): T {
  try {
    return op();
  } catch (error) {
    const problem = errnoProblem(error, access);
    if (problem === undefined) throw error;
    throw new UserFileError(problem[0], problem[0] === "ENOENT" ? notFoundText(verb, file, access) : `cannot ${verb} ${placeOf(file)}: ${problem[1]}`);
  }
}

/** Where a path was looked for, for messages: a relative one names the directory it was taken from ("notes.txt in /home/u"). */
export function placeOf(file: string): string {
  return path.isAbsolute(file) ? file : `${file} in ${process.cwd()}`;
}

/** "cannot read notes.txt in /home/u: no such file", "cannot write /nope/x: no such directory /nope". */
export function notFoundText(verb: string, file: string, access: FileAccess): string {
  return `cannot ${verb} ${placeOf(file)}: ${missingReason(file, access)}`;
}

/**
 * Why a path was not there: the first directory on it that is missing ("no such directory
 * notes"), else the file itself. A directory that exists may still refuse a new file with ENOENT
 * (/proc, /sys): then the OS's own words, and where.
 */
function missingReason(file: string, access: FileAccess): string {
  let missing: string | undefined;
  for (let dir = path.dirname(file); !fs.existsSync(dir) && dir !== path.dirname(dir); dir = path.dirname(dir)) missing = dir;
  if (missing !== undefined) return `no such directory ${missing}`;
  return access === "read" ? "no such file" : `no such file or directory: ${path.dirname(file)} does not let a file be created in it`;
}

// Linux's capability numbers (capabilities(7)); src/ cannot import the security module's table.
const CAP_DAC_OVERRIDE = 1;
const CAP_DAC_READ_SEARCH = 2;

/** The actions host-file access is decided as (hostOperation). */
export const HOST_ACTIONS = ["host.read", "host.write"] as const;

/** What the gate decides for touching `file` on the host: host.read or host.write of host/<path>, needing the capability a Linux user would. */
export function hostOperation(file: string, access: FileAccess): Operation {
  const object = `host${file.startsWith("/") ? "" : "/"}${file}`; // as given, so the trail is the same from any directory
  const capability = access === "read" ? CAP_DAC_READ_SEARCH : CAP_DAC_OVERRIDE;
  return { action: `host.${access}`, object, type: "security", mutates: access === "write", access, capability };
}

/**
 * Refuses a host path no simulated user may touch: one inside `stateDir` (by real path), and to
 * read, anything but a regular file or one over `sizeMax` bytes. Errors are UserFileErrors,
 * naming the path and the reason, so the journal keeps them and replay fails the same way.
 */
export function checkHostPath(verb: string, file: string, access: FileAccess, stateDirs: readonly string[], sizeMax: number): void {
  if (file === "") throw new UserFileError("EINVAL", `cannot ${verb} an empty path`);
  onUserPath(verb, file, access, () => {
    if (access === "read" && !fs.existsSync(file)) return; // nothing there to protect: reading it fails on its own
    const real = access === "read" ? fs.realpathSync(file) : path.join(fs.realpathSync(path.dirname(file)), path.basename(file));
    for (const stateDir of stateDirs) {
      if (!fs.existsSync(stateDir)) continue;
      const state = fs.realpathSync(stateDir);
      if (real === state || real.startsWith(`${state}${path.sep}`) || (access === "read" && isHardLinkInto(real, state))) {
        throw new UserFileError("EACCES", `cannot ${verb} ${placeOf(file)}: it is in the state directory ${state}, whose files are kshell's own`, "give a path outside the state directory");
      }
    }
    if (access === "write") return;
    const stats = fs.statSync(real);
    if (stats.isDirectory()) throw new UserFileError("EISDIR", `cannot ${verb} ${placeOf(file)}: is a directory`); // as open(2) says it
    if (!stats.isFile()) throw new UserFileError("EINVAL", `cannot ${verb} ${placeOf(file)}: not a regular file`);
    if (stats.size > sizeMax) throw new UserFileError("EINVAL", `cannot ${verb} ${placeOf(file)}: it is ${formatBytes(stats.size)}; the limit is ${formatBytes(sizeMax)}`);
  });
}

/** Whether `file` is another name (a hard link) for one of the files in `dir`. Writes replace a file whole, so only reads can go through one. */
function isHardLinkInto(file: string, dir: string): boolean {
  const target = fs.statSync(file);
  if (target.nlink < 2) return false;
  return fs.readdirSync(dir).some((name) => {
    const stats = fs.lstatSync(path.join(dir, name), { throwIfNoEntry: false });
    return stats !== undefined && stats.ino === target.ino && stats.dev === target.dev;
  });
}

const READ_STEP_BYTES = 64 * 1024; // a file whose size fstat does not tell is read in steps at least this large

function grown(bytes: Uint8Array, length: number): Uint8Array {
  const larger = new Uint8Array(length);
  larger.set(bytes);
  return larger;
}

/** The bytes of the regular file `file`, checked again on the open descriptor, so a file swapped or grown since `checkHostPath` is not read past `sizeMax`. */
export function readRegularFile(file: string, sizeMax: number): Uint8Array {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK); // a FIFO swapped in does not block the open
  try {
    const stats = fs.fstatSync(fd);
    if (!stats.isFile()) throw new UserFileError("EINVAL", `cannot read ${placeOf(file)}: not a regular file`);
    if (stats.size > sizeMax) throw new UserFileError("EINVAL", `cannot read ${placeOf(file)}: it is ${formatBytes(stats.size)}; the limit is ${formatBytes(sizeMax)}`);
    // Read to the end, not to the size fstat gives: /proc and /sys files say 0 bytes and have more (vol write --file /proc/self/environ wrote 0 bytes).
    let bytes: Uint8Array = new Uint8Array(Math.max(stats.size, READ_STEP_BYTES));
    let filled = 0;
    for (;;) {
      if (filled === bytes.length) bytes = grown(bytes, Math.min(2 * bytes.length, sizeMax + 1));
      const got = fs.readSync(fd, bytes, filled, bytes.length - filled, filled);
      if (got === 0) break;
      filled += got;
      if (filled > sizeMax) throw new UserFileError("EINVAL", `cannot read ${placeOf(file)}: it is over ${formatBytes(sizeMax)}, the limit`);
    }
    return bytes.subarray(0, filled);
  } finally {
    fs.closeSync(fd);
  }
}

/** Replaces `file` (a regular file or a new path) with `data`, atomically; anything else is refused. */
export function writeRegularFile(file: string, data: string | Uint8Array, mode = 0o666): void {
  const existing = fs.lstatSync(file, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw Object.assign(new Error(`${file} is a directory`), { code: "EISDIR" }); // as open(2) says it
  if (existing !== undefined && !existing.isFile()) {
    throw new UserFileError("EINVAL", `refusing to replace ${placeOf(file)}: it is ${kindOf(existing)}, not a regular file`, "give a regular file or a new path");
  }
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.tmp`);
  fs.rmSync(temporary, { force: true }); // a leftover from a crash; "wx" then refuses to follow a planted link
  const fd = fs.openSync(temporary, "wx", mode);
  try {
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true }); // a full disk leaves no half-written file behind
    throw error;
  }
}

function kindOf(stats: fs.Stats): string {
  if (stats.isSymbolicLink()) return "a symbolic link";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isFIFO()) return "a named pipe";
  if (stats.isSocket()) return "a socket";
  return "of another kind";
}
