// Times and sizes the way Docker prints them, so `ctr list` and `ctr stats` read like `docker ps`
// and `docker stats`: "2 minutes ago" (go-units HumanDuration, the runtime's), BytesSize ("1.5MiB",
// binary, for memory) and HumanSize ("1.2kB", decimal, for network and block I/O), each with four
// significant digits as Go's %.4g gives.

import { humanDuration } from "../../modules/containers/index.js";

const BINARY_UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
const DECIMAL_UNITS = ["B", "kB", "MB", "GB", "TB", "PB"];

/** "2 seconds ago", "About a minute ago": a moment before `nowMs`. */
export function agoText(atMs: number, nowMs: number): string {
  return `${humanDuration(Math.max(0, nowMs - atMs))} ago`;
}

/** go-units BytesSize: 1572864 -> "1.5MiB", 0 -> "0B". */
export function bytesSize(bytes: number): string {
  return customSize(bytes, 1024, BINARY_UNITS);
}

/** go-units HumanSize: 1234 -> "1.234kB", 648 -> "648B". */
export function humanSize(bytes: number): string {
  return customSize(bytes, 1000, DECIMAL_UNITS);
}

function customSize(bytes: number, base: number, units: readonly string[]): string {
  let value = bytes;
  let unit = 0;
  while (value >= base && unit < units.length - 1) {
    value /= base;
    unit++;
  }
  return `${Number(value.toPrecision(4))}${units[unit]}`;
}

/** A percentage as docker stats prints it: "12.34%". */
export function percentText(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

/** Millicores as Kubernetes writes them: 500 -> "500m", 1500 -> "1500m", 2000 -> "2" (the manifest printer's). */
export { cpuText } from "../../modules/containers/index.js";
