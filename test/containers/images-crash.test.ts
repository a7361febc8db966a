// Acknowledged image commands survive kill -9: a child kshell on a state directory pulls, tags
// and removes images, is killed in the middle of a burst, and a new one on the same directory
// holds every reference whose command had answered, with the same ids, and nothing removed.

import { describe, expect, it } from "vitest";
import { Child } from "../crash/child.js";
import { tempDir } from "../helpers.js";

const BURST = ["image pull postgres:16", "image pull busybox", "image tag busybox box:1", "image rm alpine:3.19"];

describe("images after kill -9", () => {
  it("keeps every acknowledged pull, tag and rm; a burst's answered commands too", async () => {
    const state = tempDir();
    const home = tempDir();
    const first = new Child({ state, home });
    for (const line of ["image pull nginx", "image pull redis:7.2", "image pull alpine:3.19", "image tag nginx web:v1", "image rm nginx"]) {
      expect((await first.run(line)).ok, line).toBe(true);
    }
    first.sendBurst(BURST);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const answered = first.replies().map((reply) => reply.done && reply.ok === true);
    await first.kill();

    const second = new Child({ state, home });
    const list = (await second.run("image list")).text;
    await second.close();
    const rows = list.split("\n").slice(1).filter((line) => line !== "").map((line) => line.split(/\s+/).slice(0, 3).join(" "));
    const present = (repository: string, tag: string) => rows.some((row) => row.startsWith(`${repository} ${tag} `));
    expect(rows).toContain("web v1 674335cd4357");
    expect(present("redis", "7.2")).toBe(true);
    expect(present("nginx", "latest")).toBe(false);
    if (answered[0]) expect(present("postgres", "16")).toBe(true);
    if (answered[1]) expect(present("busybox", "latest")).toBe(true);
    if (answered[2]) expect(present("box", "1")).toBe(true);
    if (answered[3]) expect(present("alpine", "3.19")).toBe(false);
  });
});
