// Errors people can read: an errno-style code, a message naming the object and the limit or
// state involved, and a hint where one helps. The shell prints them and goes on.

export const ERROR_CODES = {
  EPERM: "operation not permitted",
  ENOENT: "no such object",
  EIO: "input/output error",
  EACCES: "permission denied",
  EBUSY: "object busy",
  EEXIST: "object exists",
  EINVAL: "invalid argument",
  ENOSPC: "no space left",
  ENAMETOOLONG: "name too long",
  ESTALE: "stale handle",
  ETIMEDOUT: "timed out",
  ENOTSUP: "not supported",
  EISDIR: "is a directory",
  ENOTDIR: "not a directory",
  EROFS: "read-only file system",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class KernelError extends Error {
  override name = "KernelError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function fail(code: ErrorCode, message: string, hint?: string): never {
  throw new KernelError(code, message, hint);
}

export function isKernelError(error: unknown): error is KernelError {
  return error instanceof KernelError;
}
