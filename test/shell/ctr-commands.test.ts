// The ctr commands through a session: parsing of run's options, each verb's effect and output as a
// docker or kubectl user reads it, --json, errors as one line (unknown container, illegal state,
// bad values), the gate (capability, owner), and completion of container names and option values.

import { beforeEach, describe, expect, it } from "vitest";
import { probeForm } from "../../shell/commands/ctr/run-options.js";
import { complete } from "../../shell/complete.js";
import { commandText, portsText, probeText } from "../../shell/display/ctr.js";
import { parseCommand } from "../../shell/parse.js";
import { tokenize } from "../../shell/tokenize.js";
import type { Session } from "../../shell/session.js";
import { newSession, ok } from "../helpers.js";

function failing(session: Session, line: string): string {
  const outcome = session.execute(line);
  expect(outcome.ok, `'${line}' should fail`).toBe(false);
  expect(outcome.error).not.toContain("\n");
  return outcome.error!;
}

describe("ctr run's options", () => {
  const session = newSession();
  const parse = (line: string) => parseCommand(session.registry, tokenize(line)[0]!).input;

  it("parses sizes, counts and flags, and keeps the runtime's texts for it to check", () => {
    const input = parse('ctr run nginx --name web --mem 64M --io 10M --pids 20 --cpu 500m --restart on-failure:3 --liveness "http 80 /healthz period=5s"');
    expect(input.args).toEqual({ image: "nginx" });
    expect(input.options).toMatchObject({ name: "web", mem: 64 * 1024 ** 2, io: 10 * 1024 ** 2, pids: 20, cpu: "500m", restart: "on-failure:3", liveness: "http 80 /healthz period=5s" });
    expect(parse("ctr list -a").options).toEqual({ a: true });
    expect(parse("ctr logs web --tail 3 --since 10s -t").options).toEqual({ tail: 3, since: "10s", t: true }); // a time, read as audit query reads it
    expect(parse("ctr exec web cat /proc/self/ns").rest).toEqual(["cat", "/proc/self/ns"]);
  });

  it.each([
    ["ctr run --name web", /missing <image>/],
    ["ctr run nginx --name web --mem lots", /bad --mem 'lots'/],
    ["ctr run nginx --name web --pids 0", /--pids 0 is out of range/],
    ["ctr run nginx --name web --frob 1", /unknown option --frob/],
    ["ctr stop web --time soon", /bad --time 'soon'/],
    ["ctr exec web", /missing <command>/],
    ["ctr logs web --tail -1", /bad --tail/],
  ])("refuses %j", (line, error) => {
    expect(() => parse(line)).toThrow(error);
  });

  it.each([
    ["http 80 /healthz period=5s failure=3", "http:80/healthz,period=5s,failure=3"],
    ["HTTP 8080", "http:8080"],
    ["tcp 6379 delay=2s", "tcp:6379,delay=2s"],
    ["exec cat /tmp/healthy", "exec:cat /tmp/healthy"],
    ["exec test -f /ok timeout=2s", "exec:test -f /ok,timeout=2s"],
    ["http:80/healthz,period=5s", "http:80/healthz,period=5s"],
    ["grpc 80", "grpc 80"],
  ])("probe %j is the runtime's %j", (typed, form) => {
    expect(probeForm(typed)).toBe(form);
  });
});

describe("ctr commands", () => {
  let session: Session;
  beforeEach(() => {
    session = newSession({ seed: 7 });
    ok(session, "image pull nginx; image pull busybox");
  });

  it("runs a container and lists it as docker ps does", () => {
    const run = ok(session, "ctr run nginx --name web --mem 64M --liveness http:80/healthz,period=5s");
    expect(run[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(run[1]).toBe("container web: Starting");
    ok(session, "sleep 1m");
    const list = ok(session, "ctr list");
    expect(list[0]).toMatch(/^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES\s+RESTARTS$/);
    expect(list[1]).toMatch(new RegExp(`^${run[0]!.slice(0, 12)}\\s+nginx:latest\\s+"serve 80"\\s+About a minute ago\\s+Up 59 seconds \\(healthy\\)\\s+80/tcp\\s+web\\s+0$`));
  });

  it("hides stopped containers unless -a, and says so", () => {
    ok(session, 'ctr run busybox --name once --cmd "exit 3"');
    ok(session, "sleep 2s");
    expect(ok(session, "ctr list")).toEqual(["(no running containers; 1 stopped: ctr list -a)"]);
    expect(ok(session, "ctr list -a")[1]).toMatch(/Exited \(3\) 1 second ago\s+once\s+0$/);
    expect(ok(session, "ctr list --all")).toEqual(ok(session, "ctr list -a"));
  });

  it("shows an OOMKilled container backing off, three ways, with its events", () => {
    ok(session, 'ctr run busybox --name leaky --cmd "leak 8M/s" --mem 32M --restart always');
    ok(session, "sleep 5s");
    const show = ok(session, "ctr show leaky").join("\n");
    expect(show).toContain("State:          Restarting until T+00:00:13.8");
    expect(show).toContain("Docker:         Restarting (137) 1 second ago [restarting]");
    expect(show).toContain("Kubernetes:     Waiting (CrashLoopBackOff), Ready False");
    expect(show).toContain("Last exit:      137 OOMKilled at T+00:00:03.8");
    expect(show).toContain("Restart Count:  0, policy always, back-off 10 s");
    expect(show).toMatch(/Namespaces:\s+mnt:\[\d+\] uts:\[\d+\] ipc:\[\d+\] pid:\[\d+\]\n\s+net:\[\d+\] user:\[\d+\] cgroup:\[\d+\] time:\[\d+\]\n/);
    ok(session, "sleep 40s");
    const events = ok(session, "ctr events leaky");
    expect(events.filter((line) => /Warning\s+OOMKilled/.test(line))).toHaveLength(3);
    expect(events.filter((line) => line.includes("BackOff")).map((line) => /back-off (\d+s)/.exec(line)![1])).toEqual(["10s", "20s", "40s"]);
    expect(ok(session, "ctr events leaky --since 5s").length).toBeLessThan(events.length);
  });

  it("prints docker stats columns, logs, exec output and docker inspect JSON", () => {
    ok(session, 'ctr run busybox --name talk --cmd "log hello every 1s; cpu 2" --cpu 500m --mem 64M');
    ok(session, "sleep 10s");
    const stats = ok(session, "ctr stats talk");
    expect(stats[0]).toMatch(/^CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE \/ LIMIT\s+MEM %\s+NET I\/O\s+BLOCK I\/O\s+PIDS$/);
    expect(stats[1]).toMatch(/\s+talk\s+50\.00%\s+[\d.]+MiB \/ 64MiB\s+[\d.]+%\s+0B \/ 0B\s+0B \/ 0B\s+\d+$/);
    const logs = ok(session, "ctr logs talk --tail 2 -t");
    expect(logs).toHaveLength(2);
    expect(logs[1]).toMatch(/^T\+00:00:\d\d\.\d hello$/);
    expect(ok(session, "ctr exec talk hostname")).toEqual([ok(session, "ctr list")[1]!.slice(0, 12)]);
    const inspected = JSON.parse(ok(session, "ctr inspect talk").join("\n")) as { Name: string; HostConfig: { Memory: number; NanoCpus: number } }[];
    expect(inspected[0]).toMatchObject({ Name: "/talk", HostConfig: { Memory: 64 * 1024 ** 2, NanoCpus: 500_000_000 } });
    expect(ok(session, "ctr show talk").join("\n")).toMatch(/cpu\.stat nr_periods [1-9]\d* nr_throttled [1-9]\d*/);
  });

  it("runs as the image's user unless --user says another uid", () => {
    ok(session, "image pull redis; ctr run redis --name cache; ctr run nginx --name web --user 1000; sleep 1s");
    expect(ok(session, "ctr exec cache id")[0]).toMatch(/^uid=999\b/);
    expect(ok(session, "ctr exec web id")[0]).toMatch(/^uid=1000\b/);
    expect(failing(session, "ctr run nginx --name x --user 65535")).toMatch(/--user 65535 is out of range \(0\.\.65534\)/);
  });

  it("fails an exec command's non-zero exit with one line", () => {
    ok(session, "ctr run nginx --name web; sleep 1s");
    expect(failing(session, "ctr exec web nosuch")).toMatch(/'nosuch' exited with 127/);
  });

  it("stops with SIGTERM and a grace period, and refuses what the state does not allow", () => {
    ok(session, 'ctr run busybox --name s --cmd "sleep 1h"; sleep 1s');
    expect(ok(session, "ctr stop s --time 2s")).toEqual(["container s: Stopping, Up Less than a second (stopping)"]);
    expect(failing(session, "ctr stop s")).toMatch(/cannot stop container 's': it is Stopping \[EBUSY\]/);
    ok(session, "sleep 2s");
    expect(ok(session, "ctr list -a")[1]).toMatch(/Exited \(137\)/);
    expect(failing(session, "ctr stop s")).toMatch(/it is Stopped/);
    expect(failing(session, "ctr pause s")).toMatch(/cannot pause/);
    expect(failing(session, "ctr show nope")).toMatch(/no container named 'nope' \[ENOENT\]/);
    expect(failing(session, "ctr run nginx")).toMatch(/ctr run: --name is required \[EINVAL\] — e\.g\. --name web/);
    expect(failing(session, "ctr run nginx --name x --cpu 0")).toMatch(/bad CPU amount '0'/);
    expect(failing(session, "ctr run nginx --name x --restart sometimes")).toMatch(/bad restart policy 'sometimes'/);
    expect(failing(session, 'ctr run nginx --name x --liveness "grpc 80"')).toMatch(/bad liveness probe/);
    expect(ok(session, "ctr list -a")).toHaveLength(2); // none of the refused runs left a container
  });

  it("kills with a signal, and removes only a stopped container unless --force", () => {
    ok(session, "ctr run nginx --name web; sleep 1s");
    expect(failing(session, "ctr rm web")).toMatch(/cannot remove container 'web': it is Running/);
    expect(ok(session, "ctr kill web --signal SIGKILL")).toEqual(["SIGKILL sent to web's PID 1", expect.stringMatching(/^container web: Stopped, Exited \(137\)/)]);
    expect(failing(session, "ctr kill web --signal SIGFROB")).toMatch(/unknown signal 'SIGFROB'/);
    ok(session, "ctr start web; sleep 1s");
    expect(ok(session, "ctr kill web --signal 15")[0]).toBe("SIGTERM sent to web's PID 1");
    ok(session, "sleep 1s; ctr start web; sleep 1s; ctr pause web");
    expect(ok(session, "ctr list")[1]).toMatch(/\(Paused\)/);
    ok(session, "ctr resume web");
    expect(ok(session, "ctr rm web --force")[0]).toMatch(/^removed container web \([0-9a-f]{12}\), it was Running$/);
    ok(session, "ctr run nginx --name web"); // the name and its label are free again
  });

  it("answers --json with the data", () => {
    ok(session, "ctr run nginx --name web; sleep 1s");
    const rows = JSON.parse(ok(session, "ctr list --json").join("\n")) as { containers: { name: string; state: string }[] };
    expect(rows.containers).toEqual([expect.objectContaining({ name: "web", state: "Running" })]);
    expect(JSON.parse(ok(session, "ctr events web --json").join("\n")).events.map((e: { reason: string }) => e.reason)).toEqual(["Pulled", "Created", "Started"]);
  });

  it("needs CAP_SYS_ADMIN to run, and write access (DAC) to stop another user's container", () => {
    ok(session, "ctr run nginx --name web; user add alice; su alice");
    expect(failing(session, "ctr run nginx --name mine")).toMatch(/CAP_SYS_ADMIN .*\[EPERM\]/);
    expect(failing(session, "ctr stop web")).toMatch(/alice lacks write \(w\) on ctr\/web .*\[EPERM\]/);
    expect(JSON.parse(ok(session, "ctr list -a --json").join("\n")).containers).toEqual([]); // not alice's to read: ctr list shows what ctr show would
    ok(session, "exit; sec chmod ctr/web 644; su alice");
    expect(ok(session, "ctr list")).toHaveLength(2);
  });

  it("completes container names, image references and option values", () => {
    ok(session, "ctr run nginx --name web; ctr run nginx --name worker");
    const candidates = (line: string) => complete(line, session.registry, session.kernel.view).candidates;
    expect(candidates("ctr ")).toEqual(["create", "events", "exec", "inspect", "kill", "list", "logs", "pause", "resume", "rm", "run", "show", "start", "stats", "stop"]);
    expect(candidates("ctr stop w")).toEqual(["web", "worker"]);
    expect(candidates("ctr run ng")).toEqual(["nginx:latest"]);
    expect(candidates("ctr run nginx --restart on")).toEqual(["on-failure", "on-failure:3"]);
    expect(candidates("ctr kill web --signal SIGK")).toEqual(["SIGKILL"]);
    expect(candidates("ctr run nginx --li")).toEqual(["--liveness"]);
  });
});

describe("ctr display", () => {
  it("quotes and cuts the command as docker ps does", () => {
    expect(commandText("serve 80")).toBe('"serve 80"');
    expect(commandText("log hello every 1s; cpu 2")).toBe('"log hello every 1s…');
    expect(commandText("log hello every 1s; cpu 2").length).toBe(20);
  });

  it("names the port the workload serves", () => {
    expect(portsText("serve 80")).toBe("80/tcp");
    expect(portsText("sleep 5; serve 6379")).toBe("6379/tcp");
    expect(portsText("leak 8M/s")).toBe("");
  });

  it("writes probes as kubectl describe does", () => {
    const base = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3, consecutiveSuccesses: 0, consecutiveFailures: 0 };
    expect(probeText({ ...base, kind: "liveness", handler: "http", target: "80/healthz" })).toBe("http-get :80/healthz delay=0s timeout=1s period=10s #success=1 #failure=3");
    expect(probeText({ ...base, kind: "readiness", handler: "tcp", target: "6379" })).toBe("tcp-socket :6379 delay=0s timeout=1s period=10s #success=1 #failure=3");
    expect(probeText({ ...base, kind: "startup", handler: "exec", target: "cat /tmp/ok" })).toBe("exec [cat /tmp/ok] delay=0s timeout=1s period=10s #success=1 #failure=3");
  });
});
