// A resumed replication session keeps the bandwidth it was given unless --bw gives another; a new
// one starts at REPLICATION_BANDWIDTH_DEFAULT.

import { describe, expect, it } from "vitest";
import { newSession, ok } from "../helpers.js";

describe("vol replicate start after stop", () => {
  it("resumes at the session's own bandwidth, or at a new --bw", () => {
    const session = newSession();
    ok(session, "vol create a --size 1M; vol create b --size 1M; vol create c --size 1M");
    expect(ok(session, "vol replicate start a b --bw 1M; vol replicate stop a b; vol replicate start a b")).toEqual([
      "started replication a -> b at 1M/s",
      "paused replication a -> b; b stays read-only until vol replicate stop a b --remove",
      "resumed replication a -> b at 1M/s",
    ]);
    expect(ok(session, "vol replicate stop a b; vol replicate start a b --bw 2M").at(-1)).toBe("resumed replication a -> b at 2M/s");
    expect(ok(session, "vol replicate start a c")).toEqual(["started replication a -> c at 50M/s"]);
  });
});
