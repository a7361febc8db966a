// The image commands through the shell and the gate: docker-like output, one error line for bad
// input, CAP_SYS_ADMIN to change the store, EBUSY while a container uses an image, the audit
// trail, and a pull that survives a restart on a state directory.

import { describe, expect, it } from "vitest";
import { ROOT } from "../../src/gate.js";
import { complete } from "../../shell/complete.js";
import { kshell, newSession, ok, tempDir } from "../helpers.js";

describe("image commands", () => {
  it("pull prints a line per layer, the digest and the status, like docker pull", () => {
    const session = newSession();
    expect(ok(session, "image pull nginx")).toEqual([
      "Using default tag: latest",
      "latest: Pulling from library/nginx",
      "b85e63bc0c72: Pull complete",
      "a958a83eb587: Pull complete",
      "c03724d1862f: Pull complete",
      "Digest: sha256:40bf7d7cc04134bfa4ce3929257e80c1feb510029c829568560668dcf1b24da1",
      "Status: Downloaded newer image for nginx:latest",
      "docker.io/library/nginx:latest",
    ]);
    const redis = ok(session, "image pull redis:7.4");
    expect(redis.slice(0, 3)).toEqual(["7.4: Pulling from library/redis", "b85e63bc0c72: Already exists", "6085a984c055: Pull complete"]);
    expect(ok(session, "image pull nginx").at(-2)).toBe("Status: Image is up to date for nginx:latest");
  });

  it("list and show: the rows of docker images, the layers of docker history with who shares them", () => {
    const session = newSession();
    ok(session, "image pull nginx; image pull redis; image tag nginx web:v1");
    const list = ok(session, "image list");
    expect(list[0]).toMatch(/^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/);
    expect(list.slice(1).map((line) => line.split(/\s+/).slice(0, 3).join(" "))).toEqual(["nginx latest 674335cd4357", "redis latest 21d82f53e85e", "web v1 674335cd4357"]);
    const show = ok(session, "image show redis").join("\n");
    expect(show).toContain("cmd:        serve 6379");
    expect(show).toMatch(/b85e63bc0c72 .* 2 images/); // the alpine base, shared with nginx
    expect(JSON.parse(ok(session, "image list --json").join("\n")).images).toHaveLength(3);
    expect(ok(session, "image list web").slice(1).map((line) => line.split(/\s+/).slice(0, 2).join(":"))).toEqual(["web:v1"]);
  });

  it("Tab completes the references held after show, tag and rm", () => {
    const session = newSession();
    ok(session, "image pull nginx; image pull nginx:1.25; image pull redis");
    const candidates = (line: string) => complete(line, session.registry, session.kernel.view).candidates;
    expect(candidates("image show ng")).toEqual(["nginx:1.25", "nginx:latest"]);
    expect(candidates("image rm ")).toEqual(["nginx:1.25", "nginx:latest", "redis:latest"]);
    expect(candidates("image tag re")).toEqual(["redis:latest"]);
  });

  it("bad references and absent images: one error line each, the store unchanged", () => {
    const session = newSession();
    ok(session, "image pull busybox");
    const errors: [string, RegExp][] = [
      ["image pull NGINX", /repository name must be lowercase \[EINVAL\]/],
      ["image pull nginx:nope", /no tag 'nope' of nginx in the catalogue \(it has nginx:latest, nginx:1\.27, nginx:1\.25\) \[ENOENT\]/],
      ["image pull mysql", /it has busybox, alpine, nginx, redis, postgres\) \[ENOENT\]/],
      [`image pull ${"a".repeat(300)}`, /the limit is 255 \[ENAMETOOLONG\]/],
      ["image show nginx", /no image 'nginx' in the store \[ENOENT\]/],
      ["image tag busybox Bad", /must be lowercase/],
      ["image rm nope", /\[ENOENT\]/],
    ];
    for (const [line, error] of errors) expect(session.execute(line).error, line).toMatch(error);
    expect(ok(session, "image list").slice(1).map((line) => line.split(/\s+/)[0])).toEqual(["busybox"]);
  });

  it("rm refuses while a container uses the image, naming it; untags then deletes otherwise", () => {
    const session = newSession();
    ok(session, "image pull nginx; image tag nginx web:v1");
    const kernel = session.kernel.syscallBegin(ROOT, { action: "ctr.create", object: "ctr/web1", type: "container", mutates: true, access: "write" });
    kernel.containers.create({ name: "web1", image: "nginx" });
    expect(ok(session, "image rm web:v1")).toEqual(["Untagged: web:v1"]);
    expect(session.execute("image rm nginx").error).toMatch(/image nginx:latest \(674335cd4357\) is used by container 'web1' \[EBUSY\] — ctr rm web1 first/);
    kernel.containers.remove("web1", true);
    expect(ok(session, "image rm nginx")).toEqual([
      "Untagged: nginx:latest",
      "Deleted: sha256:674335cd4357ef0c629c19ee2e9a5efc52d091988477452ca68f305e107271bb",
      "Deleted: sha256:b85e63bc0c72ff7d6615ea7d8a1a98f10278bab546f5c7ca7a0e465e6b436e9a",
      "Deleted: sha256:a958a83eb587128732b528aeb18c32f5b0124f7500bbf54834573119553f81fb",
      "Deleted: sha256:c03724d1862f00f355da1fe32251bd2c08601f9fc305c39224fed9b51b631300",
    ]);
  });

  it("changing the store needs CAP_SYS_ADMIN (enough on its own until root closes `image`); every outcome is audited as type container", () => {
    const session = newSession();
    ok(session, "image pull busybox; user add alice; su alice");
    expect(session.execute("image pull nginx").error).toMatch(/CAP_SYS_ADMIN/);
    expect(session.execute("image rm busybox").error).toMatch(/CAP_SYS_ADMIN/);
    expect(ok(session, "image list")).toHaveLength(2);
    ok(session, "exit; user add bob --caps CAP_SYS_ADMIN; su bob; image pull nginx; image rm busybox; exit");
    ok(session, "sec chmod image 644; su bob");
    expect(session.execute("image rm nginx").error).toMatch(/bob lacks write \(w\) on image/);
    ok(session, "exit");
    expect(ok(session, "audit query --type container --limit 0").join("\n")).toMatch(/image\.pull\s+image\s+success\s+busybox:latest [0-9a-f]{12}: 1 layer pulled, 0 already held/);
    expect(ok(session, "audit query --type security --limit 0").join("\n")).toMatch(/1000\s+image\.pull\s+image\s+denied\s+capability: CAP_SYS_ADMIN/);
  });

  it("a pull on a state directory survives a restart, and a second process sees the same ids", () => {
    const dir = tempDir();
    const first = kshell(["--state", dir, "-c", "image pull redis; image pull nginx:1.25"]);
    expect(first.status, first.stderr).toBe(0);
    const second = kshell(["--state", dir, "-c", "image list; image show nginx:1.25"]);
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/nginx\s+1\.25\s+[0-9a-f]{12}/);
    expect(second.stdout).toMatch(/redis\s+latest\s+21d82f53e85e/);
    expect(second.stdout).toContain("a8ca094ec476"); // alpine 3.19's base layer under nginx:1.25
  });
});
