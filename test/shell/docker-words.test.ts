// Words docker and kubectl users type by reflex (issue 17's tryout, part C): `ctr ps`, `ctr ls`,
// `image ls`, `image rmi`, `node delete`, `ctr run --memory --cpus` are other spellings declared
// once with the command (its `aliases`, an option's `aliases`): taken as the command, named in its
// --help, not offered by Tab beside the real verbs. An exec on a container on its way to Running
// says to wait, not to start it.

import { describe, expect, it } from "vitest";
import { complete } from "../../shell/complete.js";
import type { CommandSpec } from "../../shell/command.js";
import { parseCommand } from "../../shell/parse.js";
import { Registry } from "../../shell/registry.js";
import { tokenize } from "../../shell/tokenize.js";
import { newSession, ok } from "../helpers.js";

describe("docker and kubectl spellings", () => {
  const session = newSession();
  const parse = (line: string) => {
    const parsed = parseCommand(session.registry, tokenize(line)[0]!);
    return { path: parsed.spec.path.join(" "), args: parsed.input.args, options: parsed.input.options };
  };

  it.each([
    ["ctr ps", "ctr list", {}],
    ["ctr ls -a", "ctr list", { a: true }],
    ["ctr delete web --force", "ctr rm", { force: true }],
    ["image ls", "image list", {}],
    ["image rmi nginx", "image rm", {}],
    ["image delete nginx", "image rm", {}],
    ["node delete w1", "node remove", {}],
    ["ctr run nginx --name w --memory 64M --cpus 0.5", "ctr run", { name: "w", mem: 64 * 1024 * 1024, cpu: "0.5" }],
    ["ctr create nginx --name w --memory=32M", "ctr create", { name: "w", mem: 32 * 1024 * 1024 }],
  ])("%s is %s", (line, path, options) => {
    const parsed = parse(line);
    expect(parsed.path).toBe(path);
    expect(parsed.options).toEqual(options);
  });

  it("runs them as the commands they stand for", () => {
    ok(session, "image pull nginx; ctr run nginx --name web --memory 64M --cpus 500m");
    expect(ok(session, "ctr ps").join("\n")).toEqual(ok(session, "ctr list").join("\n"));
    expect(ok(session, "ctr show web --json").join("\n")).toMatch(/"memoryLimitBytes": 67108864[\s\S]*"cpuLimitMillicores": 500|"cpuLimitMillicores": 500[\s\S]*"memoryLimitBytes": 67108864/);
    expect(ok(session, "image ls").join("\n")).toContain("nginx");
    ok(session, "ctr delete web --force; image rmi nginx");
    expect(ok(session, "image list")).toEqual(["(no images: image pull nginx)"]);
    ok(session, "node add w1 --cpu 2 --mem 1G; node delete w1");
    expect(ok(session, "node list")[0]).toMatch(/^No resources found/);
  });

  it("names them in --help and keeps them out of Tab's verbs", () => {
    expect(ok(session, "ctr ps --help").join("\n")).toContain("aliases: ctr ps, ctr ls");
    expect(ok(session, "help ctr ls").join("\n")).toMatch(/^usage: ctr list/);
    expect(ok(session, "ctr run --help").join("\n")).toMatch(/--mem[\s\S]*\(also --memory\)/);
    const view = session.kernelView();
    expect(complete("ctr ", session.registry, view).candidates).not.toContain("ps");
    expect(complete("ctr ", session.registry, view).candidates).toContain("list");
    expect(complete("ctr ps -", session.registry, view).candidates).toContain("-a");
    expect(complete("ctr run nginx --memory ", session.registry, view).candidates).toContain("64M");
    expect(complete("qu", session.registry, view).candidates).toEqual(["quit"]); // a one-word command's alias, as before
  });

  it("suggests an option's alias for a typo of it", () => {
    expect(session.execute("ctr run nginx --name x --memry 1M").error).toContain("ctr run: unknown option --memry [EINVAL] — did you mean `--memory`?");
  });

  it("refuses an alias that another command's path already takes", () => {
    const spec = (path: string[], aliases?: string[]) => ({ path, aliases, summary: "", args: [], options: [], examples: [], run: () => undefined, display: () => [] }) as unknown as CommandSpec;
    expect(() => new Registry([spec(["ctr", "list"], ["ls"]), spec(["ctr", "ls"])])).toThrow("command 'ctr ls' is declared twice");
  });
});

describe("ctr exec on a container that is not Running says what to do", () => {
  it("Starting: wait (it is Running a moment later), not start", () => {
    const session = newSession();
    ok(session, "image pull nginx; ctr run nginx --name web");
    const outcome = session.execute("ctr exec web id");
    expect(outcome.error).toContain("container 'web' is not running: it is Starting [EBUSY] — wait: it is Running 100 ms after it starts (in a script: sleep 1s), then exec again");
    ok(session, "sleep 1s");
    expect(ok(session, "ctr exec web id")).toEqual(["uid=0(root) gid=0(root) groups=0(root)"]);
  });

  it("Restarting: wait for the back-off; Stopped: ctr start", () => {
    const session = newSession();
    ok(session, 'image pull busybox; ctr run busybox --name crashy --cmd "crash after 1s" --restart always; sleep 2s');
    expect(ok(session, "ctr show crashy --json").join("\n")).toContain('"state": "Restarting"');
    expect(session.execute("ctr exec crashy id").error).toContain("it is Restarting [EBUSY] — wait: its restart policy starts it again after the back-off (ctr show crashy)");
    ok(session, "ctr run busybox --name idle; sleep 1s; ctr stop idle --time 0");
    expect(session.execute("ctr exec idle id").error).toMatch(/it is Stopped \[EBUSY\] — ctr start idle$/);
  });
});
