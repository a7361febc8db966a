// Probes (issue 15, health checks): exec, http and tcp against the workload model, Kubernetes'
// defaults and fields, thresholds, readiness -> Ready, a failing liveness probe restarting the
// container, the startup probe gating the others, Docker's health status.

import { describe, expect, it } from "vitest";
import { parseProbe } from "../../modules/containers/index.js";
import { CONTAINER_START_MS } from "../../src/limits.js";
import { errorOf, reasons, rig } from "./helpers.js";

const T0 = CONTAINER_START_MS; // the moment a container run at 0 is Running

describe("probe text", () => {
  it("takes Kubernetes' defaults and fields", () => {
    expect(parseProbe("http:80", "liveness")).toEqual({ handler: "http", port: 80, target: "/", delayMs: 0, periodMs: 10_000, timeoutMs: 1000, successThreshold: 1, failureThreshold: 3 });
    expect(parseProbe("http:8080/healthz,delay=5s,period=2s,timeout=500ms,failure=6", "liveness")).toMatchObject({ port: 8080, target: "/healthz", delayMs: 5000, periodMs: 2000, timeoutMs: 500, failureThreshold: 6 });
    expect(parseProbe("exec:cat /etc/hostname,period=1s", "readiness")).toMatchObject({ handler: "exec", target: "cat /etc/hostname", periodMs: 1000 });
    expect(parseProbe("tcp:5432,success=2", "readiness")).toMatchObject({ handler: "tcp", port: 5432, successThreshold: 2 });
  });

  it("refuses bad probes", () => {
    expect(errorOf(() => parseProbe("tcp:5432,success=2", "liveness")).message).toBe("liveness probe success threshold must be 1");
    expect(errorOf(() => parseProbe("http:99999", "liveness")).message).toMatch(/expected a port/);
    expect(errorOf(() => parseProbe("http:80,period=100ms", "liveness")).message).toMatch(/period is below 1s/);
    expect(errorOf(() => parseProbe("http:80,colour=red", "liveness")).message).toMatch(/unknown liveness probe option 'colour'/);
    expect(errorOf(() => parseProbe("exec:", "startup")).message).toMatch(/no command/);
  });
});

describe("liveness", () => {
  it("passes an http probe on the port the workload serves: healthy, no restart, NET I/O counted", () => {
    const r = rig();
    r.manager.run({ name: "web", image: "nginx", liveness: "http:80" });
    r.sleep(T0);
    expect(r.manager.show("web")).toMatchObject({ health: "healthy", status: "Up Less than a second (healthy)" });
    r.sleep(60_000);
    expect(r.manager.show("web")).toMatchObject({ state: "Running", restarts: 0 });
    expect(r.manager.stats("web")[0]!.netRxBytes).toBe(7 * 180); // probes at 0, 10, ... 60 s
  });

  it("kills the container after failureThreshold failures in a row (137), then the restart policy acts", () => {
    const r = rig();
    r.manager.run({ name: "web", image: "nginx", liveness: "http:81", restart: "always" });
    r.sleep(T0 + 19_999);
    expect(r.manager.show("web")).toMatchObject({ state: "Running", health: "starting" });
    expect(reasons(r, "web")).toEqual(["Pulled", "Created", "Started", "Unhealthy", "Unhealthy"]);
    r.sleep(1); // the third failure, at 20 s
    expect(r.manager.show("web")).toMatchObject({ state: "Restarting", exitCode: 137, reason: "Error", health: "unhealthy" });
    expect(reasons(r, "web").slice(-3)).toEqual(["Unhealthy", "Killing", "BackOff"]);
    expect(r.manager.events("web")[3]!.message).toBe('Liveness probe failed: Get "http://' + r.manager.show("web").hostname + ':81/": dial tcp :81: connect: connection refused');
  });

  it("fails a server that hangs (timeout), with its own threshold", () => {
    const r = rig();
    r.run({ name: "h", command: "serve 80; hang after 30s", liveness: "tcp:80,period=5s,failure=2" });
    r.sleep(T0 + 30_000);
    expect(r.manager.show("h").state).toBe("Running"); // the failure at 30 s is the first
    r.sleep(5_000);
    expect(r.manager.show("h")).toMatchObject({ state: "Failed", exitCode: 137 });
  });

  it("runs exec probes as simulated commands: exit 0 passes", () => {
    const r = rig();
    r.manager.run({ name: "ok", image: "nginx", liveness: "exec:curl localhost:80,failure=1" });
    r.manager.run({ name: "bad", image: "nginx", liveness: "exec:cat /tmp/healthy,failure=1" });
    r.sleep(T0 + 30_000);
    expect(r.manager.show("ok")).toMatchObject({ state: "Running", health: "healthy" });
    expect(r.manager.show("bad")).toMatchObject({ state: "Failed", exitCode: 137 });
    expect(r.manager.events("bad").find((e) => e.reason === "Unhealthy")!.message).toBe('Liveness probe failed: command "cat /tmp/healthy" exited with 1');
  });

  it("waits initialDelaySeconds before the first probe", () => {
    const r = rig();
    r.manager.run({ name: "web", image: "nginx", liveness: "http:81,delay=30s,failure=1" });
    r.sleep(T0 + 29_999);
    expect(r.manager.show("web").state).toBe("Running");
    r.sleep(1);
    expect(r.manager.show("web").state).toBe("Failed");
  });
});

describe("pause", () => {
  it("stops probing a Paused container and starts again a period after resume", () => {
    const r = rig();
    r.manager.run({ name: "web", image: "nginx", liveness: "http:81,failure=3" });
    r.sleep(T0 + 10_000); // failures at 0 and 10 s
    r.manager.pause("web");
    r.sleep(10 * 60_000);
    expect(reasons(r, "web").filter((x) => x === "Unhealthy")).toHaveLength(2);
    r.manager.resume("web");
    r.sleep(9_999);
    expect(r.manager.show("web").state).toBe("Running");
    r.sleep(1);
    expect(r.manager.show("web")).toMatchObject({ state: "Failed", exitCode: 137 });
  });
});

describe("readiness", () => {
  it("sets Ready once the server answers, after successThreshold successes", () => {
    const r = rig();
    r.run({ name: "slow", command: "sleep 15; serve 80", readiness: "http:80,period=5s,success=2" });
    r.sleep(T0 + 15_000);
    expect(r.manager.show("slow").ready).toBe(false); // one success at 15 s
    r.sleep(5_000);
    expect(r.manager.show("slow")).toMatchObject({ ready: true, state: "Running", restarts: 0 });
    expect(reasons(r, "slow").filter((x) => x === "Unhealthy")).toHaveLength(3); // at 0, 5, 10 s: readiness failures never restart
    expect(reasons(r, "slow")).toContain("Ready");
  });

  it("clears Ready after failureThreshold failures, without a restart", () => {
    const r = rig();
    r.run({ name: "h", command: "serve 80; hang after 20s", readiness: "tcp:80,period=5s,failure=2" });
    r.sleep(T0 + 20_000);
    expect(r.manager.show("h").ready).toBe(true);
    r.sleep(5_000);
    expect(r.manager.show("h")).toMatchObject({ ready: false, state: "Running" });
    expect(reasons(r, "h")).toContain("NotReady");
  });

  it("is Ready at once without a readiness probe", () => {
    const r = rig();
    r.run({ name: "a", command: "sleep 1h" });
    r.sleep(T0);
    expect(r.manager.show("a")).toMatchObject({ ready: true, health: "none" });
  });
});

describe("startup", () => {
  it("gates liveness until it passes: a slow starter is not killed", () => {
    const r = rig();
    r.run({ name: "gated", command: "sleep 30; serve 80", startup: "http:80,period=5s,failure=10", liveness: "http:80,failure=1" });
    r.run({ name: "ungated", command: "sleep 30; serve 80", liveness: "http:80,failure=1" });
    r.sleep(T0 + 60_000);
    expect(r.manager.show("gated")).toMatchObject({ state: "Running", restarts: 0, health: "healthy" });
    expect(r.manager.show("ungated")).toMatchObject({ state: "Failed", exitCode: 137 });
  });

  it("kills the container when it fails failureThreshold times", () => {
    const r = rig();
    r.run({ name: "never", command: "sleep 1h", startup: "tcp:80,period=2s,failure=2" });
    r.sleep(T0 + 2_000);
    expect(r.manager.show("never")).toMatchObject({ state: "Failed", exitCode: 137 });
    expect(r.manager.events("never").find((e) => e.reason === "Killing")!.message).toBe("Container never failed startup probe, will be restarted");
  });
});
