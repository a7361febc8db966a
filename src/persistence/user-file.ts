// Files on paths a person gives (save, load, audit export, vol read --out, vol write --file).
// What goes wrong there is theirs to fix, so an fs errno becomes a one-line KernelError naming
// the path and the reason (`onUserPath`); anything that is not an errno is a bug and goes on up.
// Writes go only to a regular file or a new path, through a temporary file renamed over it, so
// `save /dev/null` cannot turn a device into a file and a crash leaves the old file whole.

import * as fs from "node:fs";
import * as path from "node:path";
import { KernelError, type ErrorCode } from "../errors.js";

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

/** Runs `op` on `file`; an fs errno from it becomes a UserFileError "cannot <verb> <file>: <reason>". */
export function onUserPath<T>(verb: string, file: string, access: FileAccess, op: () => T): T {
  try {
    return op();
  } catch (error) {
    const problem = errnoProblem(error, access);
    if (problem === undefined) throw error;
    throw new UserFileError(problem[0], `cannot ${verb} ${file}: ${problem[1]}`);
  }
}

/** Replaces `file` (a regular file or a new path) with `data`, atomically; anything else is refused. */
export function writeRegularFile(file: string, data: string | Uint8Array, mode = 0o666): void {
  const existing = fs.lstatSync(file, { throwIfNoEntry: false });
  if (existing?.isDirectory()) throw Object.assign(new Error(`${file} is a directory`), { code: "EISDIR" }); // as open(2) says it
  if (existing !== undefined && !existing.isFile()) {
    throw new UserFileError("EINVAL", `refusing to replace ${file}: it is ${kindOf(existing)}, not a regular file`, "give a regular file or a new path");
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
  return "not a regular file";
}
