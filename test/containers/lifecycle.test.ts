// The nine container states (issue 15, "## The runtime"): every verb a person may type, from every
// state, legal or refused with the state and the legal verbs named; the 129th container; stop's
// grace period and exit codes; kill's signals; pause freezing the workload.

import { describe, expect, it } from "vitest";
import { CONTAINER_STATE_NAMES, type ContainerStateName } from "../../modules/containers/index.js";
import { CONTAINER_COUNT_MAX, CONTAINER_START_MS } from "../../src/limits.js";
import { errorOf, MiB, reasons, rig, type Rig } from "./helpers.js";

type Verb = "start" | "stop" | "pause" | "resume" | "kill" | "remove";
const VERBS: readonly Verb[] = ["start", "stop", "pause", "resume", "kill", "remove"];

/** What a person may do from each state, written out from Docker's behaviour (not read from the table). */
const LEGAL: Record<ContainerStateName, readonly Verb[]> = {
  Created: ["start", "remove"],
  Starting: ["stop", "kill"],
  Running: ["pause", "stop", "kill"],
  Paused: ["resume", "stop", "kill"],
  Stopping: ["kill"],
  Stopped: ["start", "remove"],
  Failed: ["start", "remove"],
  Restarting: ["stop"],
  Terminated: ["start", "remove"],
};

/** Where each verb leads (stop with a 10 s grace on a workload that ignores SIGTERM: Stopping). */
const LEADS_TO: Record<Exclude<Verb, "remove">, ContainerStateName> = { start: "Starting", stop: "Stopping", pause: "Paused", resume: "Running", kill: "Stopped" };

/** The order the hint names legal verbs in: the transition table's. */
const HINT_ORDER: readonly Verb[] = ["start", "pause", "resume", "stop", "kill", "remove"];

/** Brings container `c` into `state`. */
function reach(r: Rig, state: ContainerStateName): void {
  const m = r.manager;
  switch (state) {
    case "Created": m.create({ name: "c", image: "busybox", command: "sleep 1h" }); break;
    case "Starting": r.run({ name: "c", command: "sleep 1h" }); break;
    case "Running": r.run({ name: "c", command: "sleep 1h" }); r.sleep(CONTAINER_START_MS); break;
    case "Paused": reach(r, "Running"); m.pause("c"); break;
    case "Stopping": reach(r, "Running"); m.stop("c", 10_000); break;
    case "Stopped": reach(r, "Running"); m.stop("c", 0); break;
    case "Failed": r.run({ name: "c", command: "exit 3" }); r.sleep(CONTAINER_START_MS); break;
    case "Restarting": r.run({ name: "c", command: "exit 3", restart: "always" }); r.sleep(CONTAINER_START_MS); break;
    case "Terminated": r.run({ name: "c", command: "exit 0" }); r.sleep(CONTAINER_START_MS); break;
  }
  expect(m.show("c").state).toBe(state);
}

function act(r: Rig, verb: Verb): void {
  if (verb === "stop") r.manager.stop("c", 10_000);
  else r.manager[verb]("c");
}

describe("container lifecycle", () => {
  for (const state of CONTAINER_STATE_NAMES) {
    for (const verb of VERBS) {
      const legal = LEGAL[state].includes(verb);
      it(`${verb} from ${state} is ${legal ? "legal" : "refused"}`, () => {
        const r = rig();
        reach(r, state);
        if (legal) {
          act(r, verb);
          if (verb === "remove") expect(r.manager.names()).toEqual([]);
          else expect(r.manager.show("c").state).toBe(verb === "stop" && state === "Restarting" ? "Stopped" : LEADS_TO[verb]);
          return;
        }
        const error = errorOf(() => act(r, verb));
        expect(error.code).toBe("EBUSY");
        expect(error.message).toBe(`cannot ${verb} container 'c': it is ${state}`);
        expect(error.hint).toBe(`legal from ${state}: ${HINT_ORDER.filter((v) => LEGAL[state].includes(v)).join(", ")}`);
        expect(r.manager.show("c").state).toBe(state); // nothing changed
      });
    }
  }

  it("leads each legal verb to the state Docker would show", () => {
    const r = rig();
    reach(r, "Running");
    r.manager.pause("c");
    expect(r.manager.show("c").dockerStatus).toBe("paused");
    r.manager.resume("c");
    expect(r.manager.show("c").state).toBe("Running");
    r.manager.stop("c", 0);
    expect(r.manager.show("c")).toMatchObject({ state: "Stopped", exitCode: 137, dockerStatus: "exited", kubernetesState: "Terminated", kubernetesReason: "Error" });
    r.manager.start("c");
    expect(r.manager.show("c")).toMatchObject({ state: "Starting", kubernetesState: "Waiting", kubernetesReason: "ContainerCreating" });
  });

  it(`refuses the ${CONTAINER_COUNT_MAX + 1}th container with ENOSPC naming the limit`, () => {
    const r = rig();
    for (let i = 0; i < CONTAINER_COUNT_MAX; i++) r.manager.create({ name: `c${i}`, image: "busybox" });
    const error = errorOf(() => r.manager.create({ name: "one-more", image: "busybox" }));
    expect(error.code).toBe("ENOSPC");
    expect(error.message).toMatch(/128 of 128 in use \(CONTAINER_COUNT_MAX\)/);
    r.manager.remove("c7");
    r.manager.create({ name: "one-more", image: "busybox" });
    expect(r.manager.names()).toHaveLength(CONTAINER_COUNT_MAX);
  });

  it("names the container that uses an image, so image rm refuses it until the container is removed", () => {
    const r = rig();
    r.manager.create({ name: "web", image: "nginx" });
    const nginx = r.manager.images.resolve("nginx");
    expect(r.manager.imageUser(nginx.id)).toBe("web");
    expect(r.manager.imageUser(r.manager.images.resolve("busybox").id)).toBeUndefined();
    const error = errorOf(() => r.manager.images.remove("nginx", (id) => r.manager.imageUser(id)));
    expect([error.code, error.message]).toEqual(["EBUSY", expect.stringContaining("web")]);
    r.manager.remove("web");
    r.manager.images.remove("nginx", (id) => r.manager.imageUser(id));
    expect(errorOf(() => r.manager.create({ name: "web", image: "nginx" })).code).toBe("ENOENT");
  });

  it("refuses bad input with one clear error and keeps nothing of it", () => {
    const r = rig();
    expect(errorOf(() => r.manager.create({ name: "x", image: "redis" })).code).toBe("ENOENT"); // not pulled
    expect(errorOf(() => r.manager.create({ name: "x", image: "busybox", command: "fly 3" })).message).toMatch(/unknown workload clause 'fly 3'/);
    expect(errorOf(() => r.manager.create({ name: "x", image: "busybox", restart: "sometimes" })).message).toMatch(/bad restart policy/);
    expect(errorOf(() => r.manager.create({ name: "x", image: "busybox", liveness: "ftp:21" })).message).toMatch(/bad liveness probe/);
    expect(errorOf(() => r.manager.create({ name: "x", image: "busybox", memoryBytes: -1 })).code).toBe("EINVAL");
    expect(errorOf(() => r.manager.create({ name: "bad name", image: "busybox" })).code).toBe("EINVAL");
    r.manager.create({ name: "x", image: "busybox" });
    expect(errorOf(() => r.manager.create({ name: "x", image: "busybox" })).code).toBe("EEXIST");
    expect(errorOf(() => r.manager.stop("ghost")).code).toBe("ENOENT");
    expect(r.manager.names()).toEqual(["x"]);
  });
});

describe("stop and kill", () => {
  it("stops nginx on its SIGQUIT with 0, a server with no handler on SIGTERM with 143, and kills one that ignores it after the grace period with 137", () => {
    const r = rig();
    r.manager.images.pull("redis");
    r.manager.run({ name: "web", image: "nginx" }); // STOPSIGNAL SIGQUIT: a graceful shutdown, exit 0
    r.manager.run({ name: "red", image: "redis" }); // SIGTERM: a clean shutdown, exit 0
    r.run({ name: "srv", command: "serve 80" }); // busybox's server: TERM's default action ends it
    r.run({ name: "sleeper", command: "sleep 1h" }); // PID 1 without a handler: ignores TERM
    r.sleep(CONTAINER_START_MS);
    for (const name of ["web", "red", "srv", "sleeper"]) r.manager.stop(name);
    r.sleep(100);
    expect(r.manager.show("web")).toMatchObject({ state: "Stopped", exitCode: 0, status: "Exited (0) Less than a second ago" });
    expect(r.manager.events("web").map((e) => e.message).slice(-2)).toEqual(["Stopping container web (SIGQUIT, grace period 10s)", "Stopped container web: exit 0 (exited on SIGQUIT)"]);
    expect(r.manager.show("red")).toMatchObject({ state: "Stopped", exitCode: 0 });
    expect(r.manager.show("srv")).toMatchObject({ state: "Stopped", exitCode: 143 });
    expect(r.manager.show("sleeper").state).toBe("Stopping");
    r.sleep(9_800);
    expect(r.manager.show("sleeper").state).toBe("Stopping"); // 9.9 s of the 10 s grace
    r.sleep(100);
    expect(r.manager.show("sleeper")).toMatchObject({ state: "Stopped", exitCode: 137, status: "Exited (137) Less than a second ago" });
    expect(reasons(r, "sleeper")).toEqual(["Pulled", "Created", "Started", "Killing", "Stopped"]);
  });

  it("takes --time: 0 kills at once, a longer grace waits that long", () => {
    const r = rig();
    r.run({ name: "a", command: "sleep 1h" });
    r.run({ name: "b", command: "sleep 1h" });
    r.sleep(CONTAINER_START_MS);
    r.manager.stop("a", 0);
    expect(r.manager.show("a")).toMatchObject({ state: "Stopped", exitCode: 137 });
    r.manager.stop("b", 30_000);
    r.sleep(29_999);
    expect(r.manager.show("b").state).toBe("Stopping");
    r.sleep(1);
    expect(r.manager.show("b").exitCode).toBe(137);
  });

  it("delivers KILL always, TERM to a server, and lets PID 1 ignore what it has no handler for", () => {
    const r = rig();
    r.manager.run({ name: "web", image: "nginx" });
    r.run({ name: "sleeper", command: "sleep 1h" });
    r.sleep(CONTAINER_START_MS);
    expect(r.manager.kill("sleeper", "TERM")).toMatchObject({ delivered: false, state: "Running" });
    expect(r.manager.kill("web", "HUP")).toMatchObject({ delivered: false, state: "Running" });
    r.run({ name: "srv", command: "serve 80" });
    r.sleep(CONTAINER_START_MS);
    expect(r.manager.kill("web", "SIGTERM")).toMatchObject({ delivered: true, state: "Stopped", exitCode: 0 }); // nginx shuts down cleanly
    expect(r.manager.kill("srv", "SIGTERM")).toMatchObject({ delivered: true, state: "Stopped", exitCode: 143 }); // no handler: the default action
    expect(r.manager.kill("sleeper")).toMatchObject({ delivered: true, signal: "SIGKILL", state: "Stopped", exitCode: 137 });
    expect(errorOf(() => r.manager.kill("sleeper", "BOOM")).message).toBe("unknown signal 'BOOM'");
  });

  it("does not restart what a person stopped, whatever the policy", () => {
    const r = rig();
    r.run({ name: "a", command: "sleep 1h", restart: "always" });
    r.sleep(CONTAINER_START_MS);
    r.manager.stop("a", 0);
    r.sleep(3_600_000);
    expect(r.manager.show("a")).toMatchObject({ state: "Stopped", restarts: 0 });
  });

  it("removes a running container only with force, killing it first", () => {
    const r = rig();
    r.run({ name: "a", command: "sleep 1h", restart: "always" });
    r.sleep(CONTAINER_START_MS);
    expect(errorOf(() => r.manager.remove("a")).message).toBe("cannot remove container 'a': it is Running");
    r.manager.remove("a", true);
    expect(r.manager.names()).toEqual([]);
    r.sleep(60_000); // no timer of the old container acts on anything
    r.run({ name: "a", command: "sleep 1h" });
    expect(r.manager.show("a").restarts).toBe(0);
  });
});

describe("pause", () => {
  it("freezes the workload: memory stops growing and logs stop while Paused", () => {
    const r = rig();
    r.run({ name: "a", command: 'leak 1M/s; log "tick" every 1s', memoryBytes: 512 * MiB });
    r.sleep(CONTAINER_START_MS + 10_000);
    const before = r.manager.show("a").memoryBytes;
    const lines = r.manager.logs("a").length;
    r.manager.pause("a");
    r.sleep(60_000);
    expect(r.manager.show("a").memoryBytes).toBe(before);
    expect(r.manager.logs("a")).toHaveLength(lines);
    r.manager.resume("a");
    r.sleep(10_000);
    expect(r.manager.show("a").memoryBytes).toBe(before + 10 * MiB);
    expect(r.manager.logs("a")).toHaveLength(lines + 10);
  });
});
