// What a new user's tryout of the containers feature found (issue 15's follow-up), one test per
// finding: each fails on the code before its fix.

import { beforeEach, describe, expect, it } from "vitest";
import { complete } from "../../shell/complete.js";
import type { Session } from "../../shell/session.js";
import { newSession, ok } from "../helpers.js";

function failing(session: Session, line: string): string {
  const outcome = session.execute(line);
  expect(outcome.ok, `'${line}' should fail`).toBe(false);
  return outcome.error!;
}

function json<T>(session: Session, line: string): T {
  return JSON.parse(ok(session, `${line} --json`).join("\n")) as T;
}

describe("ctr tryout fixes", () => {
  let session: Session;
  beforeEach(() => {
    session = newSession({ seed: 7 });
    ok(session, "image pull nginx; image pull busybox; image pull redis");
  });

  it("shows another user only the stats and events of containers they may read", () => {
    ok(session, "ctr run nginx --name web; ctr run redis --name red; sleep 3s; user add bob; su bob");
    expect(failing(session, "ctr stats web")).toMatch(/bob lacks read \(r\) on ctr\/web/);
    expect(json<{ stats: unknown[] }>(session, "ctr stats").stats).toEqual([]);
    expect(json<{ events: unknown[] }>(session, "ctr events").events).toEqual([]);
    expect(json<{ containers: unknown[] }>(session, "ctr list -a").containers).toEqual([]); // a row carries the command, the container's own
    ok(session, "exit; sec chmod ctr/web 644; su bob");
    expect(ok(session, "ctr list").join("\n")).toMatch(/\bweb\b/);
    expect(ok(session, "ctr list").join("\n")).not.toMatch(/\bred\b/);
    expect(json<{ stats: { name: string }[] }>(session, "ctr stats").stats.map((s) => s.name)).toEqual(["web"]);
    const events = json<{ events: { object: string }[] }>(session, "ctr events").events;
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.object))).toEqual(new Set(["web"]));
  });

  it("shows another user, in watch ctr and top, only the rows of containers they may read", () => {
    ok(session, "ctr run nginx --name web; ctr run redis --name red; sleep 3s; user add bob; su bob");
    const frame = (line: string) => ok(session, line).join("\n");
    expect(frame("watch ctr")).not.toMatch(/\bweb\b|\bred\b/);
    expect(frame("top")).not.toMatch(/\bweb\b|\bred\b/);
    ok(session, "exit; sec chmod ctr/web 644; su bob");
    expect(frame("watch ctr")).toMatch(/\bweb\b/);
    expect(frame("watch ctr")).not.toMatch(/\bred\b/);
  });

  it("ends a restart back-off at once on stop, keeping the OOM exit, with no grace-period kill", () => {
    ok(session, 'ctr run busybox --name lk --cmd "leak 8M/s" --mem 16M --restart always; sleep 4s');
    expect(json<{ containers: { state: string }[] }>(session, "ctr list -a").containers[0]!.state).toBe("Restarting");
    expect(ok(session, "ctr stop lk").join("\n")).toMatch(/Stopped, Exited \(137\)/);
    const stopped = json<{ events: { reason: string; message: string }[] }>(session, "ctr events lk").events.at(-1)!;
    expect(stopped.reason).toBe("Stopped");
    expect(stopped.message).toMatch(/restart back-off.*last exit 137 \(OOMKilled\)/);
    expect(stopped.message).not.toMatch(/grace period/);
    const state = json<{ State: { OOMKilled: boolean; ExitCode: number; FinishedAt: string } }[]>(session, "ctr inspect lk")[0]!.State;
    expect(state).toMatchObject({ OOMKilled: true, ExitCode: 137, FinishedAt: "T+00:00:01.8" });
    ok(session, "sleep 30s");
    expect(json<{ containers: { state: string }[] }>(session, "ctr list -a").containers[0]!.state).toBe("Stopped"); // no restart came after
  });

  it("resets OOMKilled and ExitCode in inspect when the container starts again", () => {
    ok(session, 'ctr run busybox --name lk --cmd "leak 8M/s" --mem 16M; sleep 4s');
    expect(json<{ State: { OOMKilled: boolean; ExitCode: number } }[]>(session, "ctr inspect lk")[0]!.State).toMatchObject({ OOMKilled: true, ExitCode: 137 });
    ok(session, "ctr start lk; sleep 1s");
    expect(json<{ State: { Running: boolean; OOMKilled: boolean; ExitCode: number } }[]>(session, "ctr inspect lk")[0]!.State).toMatchObject({ Running: true, OOMKilled: false, ExitCode: 0 });
  });

  it("says when on-failure:N gave up, in show and as an event", () => {
    ok(session, 'ctr run busybox --name tiny2 --cmd "sleep 1; exit 3" --restart on-failure:2; sleep 2m');
    const show = ok(session, "ctr show tiny2").join("\n");
    expect(show).toMatch(/Restart Count: +2, policy on-failure:2, gave up after 2 restarts/);
    expect(show).not.toMatch(/Restart Count:.*back-off/);
    const last = json<{ events: { reason: string; type: string; message: string }[] }>(session, "ctr events tiny2").events.at(-1)!;
    expect(last).toMatchObject({ reason: "BackoffLimitExceeded", type: "Warning", message: "gave up restarting container tiny2 after 2 restarts (restart policy on-failure:2)" });
    ok(session, "ctr start tiny2; sleep 100ms");
    expect(ok(session, "ctr show tiny2").join("\n")).not.toMatch(/Restart Count:.*gave up/); // started by hand: running again
  });

  it("takes --since as audit query does (-5m ago, T+10s since boot) and Docker's bare 5m", () => {
    ok(session, 'ctr run busybox --name talk --cmd "log hello every 1s"; sleep 1m');
    const lines = (since: string) => ok(session, `ctr logs talk --since ${since}`).length;
    expect(lines("-5s")).toBe(lines("5s"));
    expect(lines("-5s")).toBeGreaterThanOrEqual(5);
    expect(lines("-5s")).toBeLessThanOrEqual(6);
    expect(lines("T+50s")).toBe(lines("-10s"));
    expect(ok(session, "ctr logs talk --since -5m")).toHaveLength(ok(session, "ctr logs talk").length);
    const events = (since: string) => json<{ events: unknown[] }>(session, `ctr events talk --since ${since}`).events.length;
    expect(events("-5m")).toBe(3);
    expect(events("-5s")).toBe(0);
    expect(events("T+0s")).toBe(3);
    expect(failing(session, "ctr events --since -soon")).toMatch(/bad --since 'soon'/);
    expect(failing(session, "ctr logs talk --since yesterday")).toMatch(/bad --since 'yesterday'/);
  });

  it("names a container's image by another reference once its own tag is removed or names another image", () => {
    ok(session, "image tag nginx web:v1; ctr run web:v1 --name w1; image rm web:v1");
    const image = () => json<{ containers: { image: string }[] }>(session, "ctr list -a").containers[0]!.image;
    expect(image()).toBe("nginx:latest");
    expect(ok(session, "ctr show w1").join("\n")).toMatch(/^Image: +nginx:latest$/m);
    ok(session, "image tag nginx web:v2; image rm nginx:latest");
    expect(image()).toBe("web:v2");
    expect(failing(session, "image rm web:v2")).toMatch(/used by container 'w1'/); // the last reference stays while w1 uses it
    ok(session, "image pull nginx:1.25; image tag nginx:1.25 web:v1"); // web:v1 again, naming another image
    expect(image()).toBe("web:v2");
  });

  it("hints image pull only for names the catalogue has", () => {
    expect(failing(session, "image show 0000")).not.toMatch(/image pull/);
    expect(failing(session, "image rm 40bf")).not.toMatch(/image pull/);
    expect(failing(session, "image show web:v1")).not.toMatch(/image pull/);
    expect(failing(session, "image show postgres")).toMatch(/— image pull postgres$/);
  });

  it("completes image pull with the catalogue's names and ctr exec with its commands", () => {
    ok(session, "ctr run nginx --name web");
    const candidates = (line: string) => complete(line, session.registry, session.kernel.view).candidates;
    expect(candidates("image pull ")).toEqual(expect.arrayContaining(["alpine", "busybox:1.36", "nginx", "nginx:1.25", "postgres:16", "redis:7.2"]));
    expect(candidates("image pull re")).toEqual(["redis", "redis:7.2", "redis:7.4", "redis:latest"]);
    expect(candidates("ctr exec web ")).toEqual(expect.arrayContaining(["cat", "curl", "hostname", "ps"]));
    expect(candidates("ctr exec web h")).toEqual(["hostname"]);
    expect(candidates("ctr exec web cat ")).toEqual([]); // a command's own arguments are not commands
    expect(candidates("ctr exec w")).toEqual(["web"]);
  });

  it("lists only ids with -q, and stats only running containers unless -a, as docker does", () => {
    ok(session, "ctr run nginx --name web; ctr run busybox --name done --cmd \"exit 0\"; sleep 2s");
    const ids = json<{ containers: { name: string; id: string }[] }>(session, "ctr list -a").containers;
    expect(ok(session, "ctr list -q")).toEqual([ids.find((c) => c.name === "web")!.id.slice(0, 12)]);
    expect(ok(session, "ctr list -a -q")).toEqual(ids.map((c) => c.id.slice(0, 12)));
    expect(json<{ stats: { name: string }[] }>(session, "ctr stats").stats.map((s) => s.name)).toEqual(["web"]);
    expect(json<{ stats: { name: string }[] }>(session, "ctr stats -a").stats.map((s) => s.name).sort()).toEqual(["done", "web"]);
    expect(json<{ stats: { name: string }[] }>(session, "ctr stats done").stats.map((s) => s.name)).toEqual(["done"]); // named: shown whatever its state
    ok(session, "ctr stop web --time 0");
    expect(ok(session, "ctr stats")).toEqual(["(no running containers you may read: ctr stats -a shows stopped ones too)"]);
    expect(ok(session, "ctr list -q")).toEqual([]);
  });

  it("rounds the throttled time with a unit in ctr show", () => {
    ok(session, 'ctr run busybox --name cpu --cmd "cpu 2" --cpu 300m; sleep 7s');
    const line = ok(session, "ctr show cpu").find((l) => l.includes("throttled"))!;
    expect(line).toMatch(/throttled \d+(?:\.\d)? m?s\)$/);
    expect(line).not.toMatch(/\.\d\d/); // rounded: no float noise
  });

  it("writes memory limits as sizes and refuses one below 6M, as Docker does", () => {
    expect(failing(session, "ctr run busybox --name x --mem 100T")).toBe("error: memory limit 100T is above 64G [EINVAL] — 0 (none) or 6M .. 64G");
    expect(failing(session, "ctr run busybox --name x --mem 1")).toMatch(/memory limit 1 byte is below 6M: Minimum memory limit allowed is 6MB/);
    expect(failing(session, "ctr run busybox --name x --mem 5M")).toMatch(/below 6M/);
    ok(session, "ctr run busybox --name x --mem 6M; ctr run busybox --name y --mem 0");
  });

  it("says which state ctr rm --force found the container in", () => {
    ok(session, "ctr run busybox --name x1");
    expect(ok(session, "ctr rm x1 --force")).toEqual([expect.stringMatching(/removed container x1 \([0-9a-f]{12}\), it was Starting$/)]);
  });

  it("times out both probe kinds against a hung server", () => {
    ok(session, 'ctr run busybox --name hung --cmd "serve 80; hang after 20s" --liveness "tcp:80,period=5s,failure=9" --readiness "http:80,period=5s"; sleep 40s');
    const messages = json<{ events: { reason: string; message: string }[] }>(session, "ctr events hung").events.filter((e) => e.reason === "Unhealthy").map((e) => e.message);
    expect(messages.some((m) => /Liveness probe failed: dial tcp :80: i\/o timeout/.test(m))).toBe(true);
    expect(messages.some((m) => /Readiness probe failed: .*context deadline exceeded/.test(m))).toBe(true);
    expect(messages.join("\n")).not.toMatch(/refused/);
  });

  it("answers HTTP only from http servers: redis closes a curl's connection", () => {
    ok(session, "ctr run redis --name red; ctr run nginx --name web; sleep 2s");
    expect(session.execute("ctr exec red curl localhost:6379")).toMatchObject({ ok: false, lines: ["curl: (52) Empty reply from server"] });
    expect(ok(session, "ctr exec web curl localhost:80")).toEqual(["HTTP/1.1 200 OK"]);
    ok(session, 'ctr run redis --name red2 --liveness "http:6379,period=5s,failure=9"; sleep 12s');
    const unhealthy = json<{ events: { reason: string; message: string }[] }>(session, "ctr events red2").events.filter((e) => e.reason === "Unhealthy");
    expect(unhealthy[0]!.message).toMatch(/Liveness probe failed: Get "http:\/\/[0-9a-f]{12}:6379\/": EOF/);
  });

  it("fits ctr list -a to the terminal: COMMAND, IMAGE, PORTS cut with … first", () => {
    let columns: number | undefined;
    const narrow = newSession({ seed: 7, columns: () => columns });
    ok(narrow, "image pull nginx; image pull busybox; image pull postgres");
    ok(narrow, 'ctr run nginx --name web; ctr run postgres --name db; ctr run busybox --name talker --cmd "log hello every 1s; cpu 2"');
    ok(narrow, 'ctr run busybox --name oom --cmd "leak 8M/s" --mem 16M --restart on-failure:1; sleep 2m');
    const wide = ok(narrow, "ctr list -a");
    expect(Math.max(...wide.map((l) => l.length))).toBeGreaterThan(120); // the case the tryout met
    columns = 120;
    const at120 = ok(narrow, "ctr list -a");
    expect(Math.max(...at120.map((l) => l.length))).toBeLessThanOrEqual(120);
    expect(at120[0]).toMatch(/RESTARTS$/);
    expect(at120.join("\n")).toMatch(/…/);
    expect(at120.slice(1).map((l) => l.split(/\s{3,}/)[0])).toEqual(wide.slice(1).map((l) => l.split(/\s{3,}/)[0])); // ids whole
    columns = 80;
    const at80 = ok(narrow, "ctr list -a");
    expect(Math.max(...at80.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(at80[0]).toMatch(/NAMES +RESTARTS$/);
    for (const name of ["web", "db", "talker", "oom"]) expect(at80.some((l) => l.includes(`   ${name}   `))).toBe(true);
  });
});
