// A pod's container that a person kills or stops is its kubelet's to restart (the tryout: `ctr kill
// hello-nginx` left pod hello in Error with 0 restarts forever, `ctr stop` in Completed): it exited,
// so the pod's restartPolicy decides, with the back-off, as on a node after `docker kill` or
// `docker stop` of a kubelet-managed container. A container of no pod keeps Docker's rule.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Session } from "../../shell/session.js";
import { newSession, ok, tempDir } from "../helpers.js";

/** Pod hello (nginx) applied with `policy`, Running on w1. */
function helloPod(policy: "Always" | "OnFailure" | "Never"): Session {
  const session = newSession();
  const file = join(tempDir(), "hello.yaml");
  writeFileSync(file, `apiVersion: v1\nkind: Pod\nmetadata: {name: hello}\nspec:\n  restartPolicy: ${policy}\n  containers:\n  - {name: nginx, image: nginx}\n`);
  ok(session, "image pull nginx; node add w1 --cpu 4 --mem 8G");
  ok(session, `pod apply -f ${file}; sleep 3s`);
  return session;
}

const podRow = (session: Session): string[] => ok(session, "pod list")[1]!.trim().split(/\s+/);

describe("a pod's container killed or stopped by a person", () => {
  it("is restarted after the back-off under restartPolicy Always when killed", () => {
    const session = helloPod("Always");
    ok(session, "ctr kill hello-nginx");
    expect(podRow(session).slice(0, 4)).toEqual(["hello", "0/1", "CrashLoopBackOff", "0"]);
    ok(session, "sleep 5m");
    expect(podRow(session).slice(0, 4)).toEqual(["hello", "1/1", "Running", "1"]);
    expect(ok(session, "pod show hello").join("\n")).toMatch(/BackOff .*back-off 10s restarting failed container hello-nginx/);
  });

  it("is restarted under Always when stopped (docker stop behind the kubelet's back)", () => {
    const session = helloPod("Always");
    ok(session, "ctr stop hello-nginx; sleep 5m");
    expect(podRow(session).slice(0, 4)).toEqual(["hello", "1/1", "Running", "1"]);
  });

  it("is restarted under OnFailure only when it failed: killed (137) yes, stopped cleanly (0) no", () => {
    const killed = helloPod("OnFailure");
    ok(killed, "ctr kill hello-nginx; sleep 5m");
    expect(podRow(killed).slice(0, 4)).toEqual(["hello", "1/1", "Running", "1"]);
    const stopped = helloPod("OnFailure");
    ok(stopped, "ctr stop hello-nginx; sleep 5m");
    expect(podRow(stopped).slice(0, 4)).toEqual(["hello", "0/1", "Completed", "0"]);
  });

  it("stays ended under Never", () => {
    const session = helloPod("Never");
    ok(session, "ctr kill hello-nginx; sleep 5m");
    expect(podRow(session).slice(0, 4)).toEqual(["hello", "0/1", "Error", "0"]);
  });

  it("refuses a stop in the back-off, where no process runs, naming pod delete", () => {
    const session = helloPod("Always");
    ok(session, "ctr kill hello-nginx");
    const outcome = session.execute("ctr stop hello-nginx");
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/container hello-nginx of pod hello is in its restart back-off.*\[EBUSY\].*pod delete hello/);
  });

  it("leaves a container of no pod stopped, as Docker does, whatever its policy", () => {
    const session = newSession();
    ok(session, "image pull nginx; ctr run nginx --name web --restart always; sleep 1s; ctr kill web; sleep 5m");
    expect(ok(session, "ctr show web").join("\n")).toMatch(/State:\s+Stopped/);
  });
});
