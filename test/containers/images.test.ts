// The image store (issue 15, "## Images"): layers shared and counted, digests that are SHA-256 of
// the layers' bytes, untag vs delete, the refusal while a container uses an image, the table's
// limit, the saved form and its checks, and bad references.

import { createHash } from "node:crypto";
import fc from "fast-check";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { CATALOGUE_IMAGES, ImageStore, imagesProblem, layerPieces, SAVED_IMAGES_SCHEMA, type SavedImages } from "../../modules/containers/images/index.js";
import { CATALOGUE_LAYERS } from "../../modules/containers/images/catalogue.js";
import { KernelError } from "../../src/errors.js";
import { IMAGE_COUNT_MAX, IMAGE_REFERENCE_LENGTH_MAX } from "../../src/limits.js";

const nobody = (): undefined => undefined;

/** The KernelError `action` throws (the test fails when it throws nothing or something else). */
function errorOf(action: () => unknown): KernelError {
  try {
    action();
  } catch (error) {
    if (error instanceof KernelError) return error;
    throw error;
  }
  throw new Error("expected a KernelError, nothing was thrown");
}

describe("image store", () => {
  it("stores a layer shared by two images once and counts its holders", () => {
    const store = new ImageStore();
    const nginx = store.pull("nginx");
    expect([nginx.layersPulled, nginx.layersShared]).toEqual([3, 0]);
    const redis = store.pull("redis:7.4");
    expect([redis.layersPulled, redis.layersShared]).toEqual([3, 1]);
    expect(redis.layers[0]).toMatchObject({ digest: nginx.layers[0]!.digest, shared: true });
    expect(store.layers()).toHaveLength(6); // 3 + 4 with the alpine base once
    const base = store.layers().find((layer) => layer.digest === nginx.layers[0]!.digest);
    expect(base?.references).toBe(2);
    expect(store.history("redis:7.4").at(-1)).toMatchObject({ digest: base!.digest, references: 2 });
    expect(redis.image.sizeBytes).toBe(redis.layers.reduce((sum, layer) => sum + layer.sizeBytes, 0));
  });

  it("names one image by two tags: pulling the second fetches nothing and lists two rows with one id", () => {
    const store = new ImageStore();
    const latest = store.pull("nginx");
    const again = store.pull("nginx:1.27");
    expect([again.layersPulled, again.layersShared, again.upToDate]).toEqual([0, 3, false]);
    expect(again.image.id).toBe(latest.image.id);
    expect(store.pull("nginx:latest")).toMatchObject({ upToDate: true, layersPulled: 0, layers: [] });
    expect(store.list().map((i) => `${i.repository}:${i.tag} ${i.id}`)).toEqual([`nginx:1.27 ${latest.image.id}`, `nginx:latest ${latest.image.id}`]);
    expect(store.imageCount()).toBe(1);
  });

  it("every catalogue layer's digest is the SHA-256 of its bytes, of its size, no two alike", () => {
    for (const [index, layer] of CATALOGUE_LAYERS.entries()) {
      const hash = createHash("sha256");
      let bytes = 0;
      for (const piece of layerPieces(index)) {
        hash.update(piece);
        bytes += piece.length;
      }
      expect(bytes, layer.name).toBe(layer.sizeBytes);
      expect(`sha256:${hash.digest("hex")}`, layer.name).toBe(layer.digest);
    }
    expect(new Set(CATALOGUE_LAYERS.map((layer) => layer.digest)).size).toBe(CATALOGUE_LAYERS.length);
  });

  it("an image id is the SHA-256 of the config naming its layers' digests", () => {
    const store = new ImageStore();
    store.pull("redis");
    const history = store.history("redis");
    const config = store.configJson("redis");
    expect(store.resolve("redis").id).toBe(`sha256:${createHash("sha256").update(config).digest("hex")}`);
    expect(JSON.parse(config).rootfs.diff_ids).toEqual(history.map((layer) => layer.digest).reverse());
    expect(JSON.parse(config).config).toMatchObject({ Cmd: ["serve", "6379"], ExposedPorts: { "6379/tcp": {} }, User: "999" });
  });

  it("resolves a name, name:tag and an id prefix of 4+ hex digits; an absent one says how to pull it", () => {
    const store = new ImageStore();
    const { image } = store.pull("busybox");
    expect(store.resolve("busybox").id).toBe(image.id);
    expect(store.resolve("busybox:latest").id).toBe(image.id);
    expect(store.resolve(image.id.slice(7, 11)).id).toBe(image.id);
    expect(store.resolve(image.id.slice(0, 19)).id).toBe(image.id);
    const absent = errorOf(() => store.resolve("nginx:1.25"));
    expect([absent.code, absent.hint]).toEqual(["ENOENT", "image pull nginx:1.25"]);
    expect(errorOf(() => store.resolve("busybox:1.36")).code).toBe("ENOENT");
  });

  it("Docker Hub's long forms name the same image; list takes one repository", () => {
    const store = new ImageStore();
    expect(store.pull("docker.io/library/nginx").image).toMatchObject({ repository: "nginx", tag: "latest" });
    expect(store.pull("library/redis:7.2").image).toMatchObject({ repository: "redis", tag: "7.2" });
    expect(store.pull("docker.io/nginx:latest").upToDate).toBe(true);
    expect(store.resolve("docker.io/library/redis:7.2").tag).toBe("7.2");
    expect(store.list("redis").map((i) => i.tag)).toEqual(["7.2"]);
    expect(store.list("postgres")).toEqual([]);
  });

  it("image config: the default workload, ports, user, env and working directory", () => {
    const store = new ImageStore();
    expect(store.pull("nginx").image.config).toMatchObject({ cmd: "serve 80", ports: [80], user: 0 });
    expect(store.pull("redis").image.config).toMatchObject({ cmd: "serve 6379", ports: [6379], user: 999, workdir: "/data" });
    expect(store.pull("postgres:16").image.config).toMatchObject({ cmd: "serve 5432", ports: [5432], user: 70 });
    expect(store.pull("busybox").image.config.cmd).toBe("sleep 3600");
  });
});

describe("image rm", () => {
  it("untags while another tag names the image, deletes it and its unshared layers with the last", () => {
    const store = new ImageStore();
    const nginx = store.pull("nginx").image;
    store.pull("redis");
    store.tag("nginx", "web:v1");
    const untag = store.remove("nginx", nobody);
    expect([untag.untagged, untag.deleted]).toEqual([["nginx:latest"], []]);
    expect(store.resolve("web:v1").id).toBe(nginx.id);
    const gone = store.remove("web:v1", nobody);
    const [nginxOwn, nginxTop] = nginxLayers(nginx.id);
    expect(gone.deleted[0]).toBe(nginx.id);
    expect(gone.deleted.slice(1).sort()).toEqual([nginxOwn, nginxTop].sort()); // the alpine base stays: redis holds it
    expect(store.layers()).toHaveLength(4);
    expect(store.layers().every((layer) => layer.references === 1)).toBe(true);
    expect(errorOf(() => store.resolve(nginx.id.slice(7, 19))).code).toBe("ENOENT");
  });

  it("refuses to delete an image a container uses, naming the container; untagging one of two tags is allowed", () => {
    const store = new ImageStore();
    const { image } = store.pull("redis");
    store.tag("redis", "cache:1");
    const usedBy = (id: string) => (id === image.id ? "db1" : undefined);
    expect(store.remove("cache:1", usedBy).untagged).toEqual(["cache:1"]);
    const busy = errorOf(() => store.remove("redis", usedBy));
    expect(busy.code).toBe("EBUSY");
    expect(busy.message).toContain("container 'db1'");
    expect(store.references()).toEqual(["redis:latest"]); // nothing changed
    expect(store.layers()).toHaveLength(4);
  });

  it("by id: one reference deletes; several need --force, which untags them all", () => {
    const store = new ImageStore();
    const { image } = store.pull("alpine");
    store.pull("alpine:3.20");
    const prefix = image.id.slice(7, 19);
    expect(errorOf(() => store.remove(prefix, nobody)).code).toBe("EBUSY");
    expect(errorOf(() => store.remove(prefix, () => "c1", { force: true })).message).toContain("'c1'");
    const removed = store.remove(prefix, nobody, { force: true });
    expect(removed.untagged).toEqual(["alpine:3.20", "alpine:latest"]);
    expect(removed.deleted).toHaveLength(2);
    expect(store.list()).toEqual([]);
    expect(store.layers()).toEqual([]);
  });
});

describe("limits and bad input", () => {
  it("the 65th reference fails with ENOSPC naming IMAGE_COUNT_MAX, and changes nothing", () => {
    const store = new ImageStore();
    store.pull("busybox");
    for (let i = 1; i < IMAGE_COUNT_MAX; i++) store.tag("busybox", `copy:${i}`);
    expect(store.list()).toHaveLength(IMAGE_COUNT_MAX);
    const before = store.toJSON();
    const full = errorOf(() => store.tag("busybox", "copy:65"));
    expect([full.code, full.message]).toEqual(["ENOSPC", `image table full: ${IMAGE_COUNT_MAX} of ${IMAGE_COUNT_MAX} references in use (IMAGE_COUNT_MAX)`]);
    expect(errorOf(() => store.pull("nginx")).code).toBe("ENOSPC");
    expect(store.toJSON()).toEqual(before);
    expect(store.layers()).toHaveLength(1);
    store.remove("copy:1", nobody);
    expect(store.pull("nginx").layersPulled).toBe(3);
  });

  it("bad references: one clear error each, nothing stored", () => {
    const store = new ImageStore();
    const upper = errorOf(() => store.pull("NGINX"));
    expect([upper.code, upper.message, upper.hint]).toEqual(["EINVAL", "invalid image reference 'NGINX': the repository name must be lowercase", "try nginx"]);
    const tag = errorOf(() => store.pull("nginx:nope"));
    expect([tag.code, tag.message]).toEqual(["ENOENT", "no tag 'nope' of nginx in the catalogue (it has nginx:latest, nginx:1.27, nginx:1.25)"]);
    const repo = errorOf(() => store.pull("mysql"));
    expect(repo.message).toBe("no repository 'mysql' in the catalogue (it has busybox, alpine, nginx, redis, postgres)");
    expect(errorOf(() => store.pull(`a${"b".repeat(IMAGE_REFERENCE_LENGTH_MAX)}`)).code).toBe("ENAMETOOLONG");
    expect(errorOf(() => store.pull("nginx:")).code).toBe("EINVAL");
    expect(errorOf(() => store.pull("nginx@sha256:00")).code).toBe("EINVAL");
    expect(errorOf(() => store.pull("ng inx")).code).toBe("EINVAL");
    expect(errorOf(() => store.pull("")).code).toBe("EINVAL");
    store.pull("nginx");
    expect(errorOf(() => store.tag("nginx", "Web")).code).toBe("EINVAL");
    expect(errorOf(() => store.tag("nope", "web")).code).toBe("ENOENT");
    store.tag("nginx", "web");
    expect(errorOf(() => store.pull("web")).code).toBe("ENOENT"); // not in the catalogue
    store.tag("nginx", "busybox"); // busybox:latest now names nginx's image
    expect(errorOf(() => store.pull("busybox")).code).toBe("EEXIST");
    expect(store.references()).toEqual(["busybox:latest", "nginx:latest", "web:latest"]);
  });
});

describe("saved form", () => {
  it("round-trips through JSON, the schema and the checks: same list, layers and counts", () => {
    const store = new ImageStore();
    store.pull("nginx");
    store.pull("redis:7.2");
    store.pull("postgres:16");
    store.tag("redis:7.2", "cache:v2");
    const saved = JSON.parse(JSON.stringify(store.toJSON())) as unknown;
    const parsed = v.parse(SAVED_IMAGES_SCHEMA, saved);
    expect(imagesProblem(parsed)).toBeUndefined();
    const restored = new ImageStore();
    restored.pull("busybox"); // replaced by the restore
    restored.restore(parsed);
    expect(restored.list()).toEqual(store.list());
    expect([...restored.layers()].sort(byDigest)).toEqual([...store.layers()].sort(byDigest));
    expect(restored.toJSON()).toEqual(store.toJSON());
    expect(restored.remove("cache:v2", nobody).deleted).toEqual([]);
  });

  it("names what is wrong with a tampered saved store", () => {
    const store = new ImageStore();
    store.pull("nginx");
    const good = store.toJSON();
    const id = good.images[0]!.id;
    const other = `sha256:${"0".repeat(64)}`;
    const cases: [SavedImages, RegExp][] = [
      [{ ...good, images: [{ id: other, source: "nginx:latest" }] }, /images\.images\[0\]\.id: nginx:latest's id is sha256:/],
      [{ ...good, images: [{ id, source: "nginx:9" }] }, /not an image of the catalogue/],
      [{ ...good, references: [...good.references, { reference: "nginx:latest", image: id }] }, /listed twice/],
      [{ ...good, references: [{ reference: "web:v1", image: other }] }, /no image sha256:0+ is listed/],
      [{ ...good, references: [] }, /no reference names image nginx:latest/],
      [{ ...good, references: [{ reference: "web", image: id }] }, /not a repository:tag reference/],
    ];
    for (const [saved, problem] of cases) expect(imagesProblem(saved)).toMatch(problem);
    expect(v.safeParse(SAVED_IMAGES_SCHEMA, { images: [{ id: "sha256:xyz", source: "nginx" }], references: [] }).success).toBe(false);
  });
});

describe("against a model", () => {
  const refs = ["busybox", "alpine:3.19", "nginx", "nginx:1.27", "nginx:1.25", "redis", "redis:7.2", "postgres", "web:a", "web:b"];
  const step = fc.oneof(
    fc.record({ op: fc.constant("pull" as const), ref: fc.constantFrom(...refs) }),
    fc.record({ op: fc.constant("tag" as const), ref: fc.constantFrom(...refs), to: fc.constantFrom("web:a", "web:b", "x:1") }),
    fc.record({ op: fc.constant("rm" as const), ref: fc.constantFrom(...refs, "x:1"), busy: fc.boolean() }),
  );

  it("keeps the references a map would, and every layer counted once per image holding it", () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const store = new ImageStore();
        const model = new Map<string, number>(); // reference -> catalogue image
        for (const s of steps) applyToBoth(store, model, s);
        expect(store.references()).toEqual([...model.keys()].sort(compareRefs));
        const images = new Set(model.values());
        expect(store.imageCount()).toBe(images.size);
        const expected = new Map<number, number>();
        for (const image of images) for (const layer of CATALOGUE_IMAGES[image]!.layers) expected.set(layer, (expected.get(layer) ?? 0) + 1);
        expect(store.layers().map((l) => l.references).sort()).toEqual([...expected.values()].sort());
        expect(imagesProblem(store.toJSON())).toBeUndefined();
      }),
      { numRuns: 150 },
    );
  });
});

type Step = { op: "pull"; ref: string } | { op: "tag"; ref: string; to: string } | { op: "rm"; ref: string; busy: boolean };

function applyToBoth(store: ImageStore, model: Map<string, number>, s: Step): void {
  const full = (ref: string) => (ref.includes(":") ? ref : `${ref}:latest`);
  const name = full(s.ref);
  if (s.op === "pull") {
    const [repository, tag] = name.split(":") as [string, string];
    const source = CATALOGUE_IMAGES.findIndex((i) => i.repository === repository && i.tags.includes(tag));
    const expected = source < 0 ? "ENOENT" : model.has(name) && model.get(name) !== source ? "EEXIST" : undefined;
    outcome(() => store.pull(s.ref), expected);
    if (expected === undefined) model.set(name, source);
  } else if (s.op === "tag") {
    const image = model.get(name);
    const target = full(s.to);
    const expected = image === undefined ? "ENOENT" : model.has(target) && model.get(target) !== image ? "EEXIST" : undefined;
    outcome(() => store.tag(s.ref, s.to), expected);
    if (expected === undefined) model.set(target, image!);
  } else {
    const image = model.get(name);
    const last = image !== undefined && [...model.values()].filter((i) => i === image).length === 1;
    const expected = image === undefined ? "ENOENT" : last && s.busy ? "EBUSY" : undefined;
    outcome(() => store.remove(s.ref, () => (s.busy ? "c" : undefined)), expected);
    if (expected === undefined) model.delete(name);
  }
}

function outcome(action: () => unknown, expected: string | undefined): void {
  if (expected === undefined) action();
  else expect(errorOf(action).code).toBe(expected);
}

const compareRefs = (a: string, b: string): number => {
  const [ra, ta] = a.split(":") as [string, string];
  const [rb, tb] = b.split(":") as [string, string];
  return ra < rb ? -1 : ra > rb ? 1 : ta < tb ? -1 : ta > tb ? 1 : 0;
};

const byDigest = (a: { digest: string }, b: { digest: string }): number => (a.digest < b.digest ? -1 : 1);

/** The digests of nginx:latest's own layers (above the alpine base), from a fresh store. */
function nginxLayers(id: string): [string, string] {
  const store = new ImageStore();
  store.pull("nginx");
  expect(store.resolve("nginx").id).toBe(id);
  const [top, own] = store.history("nginx");
  return [own!.digest, top!.digest];
}
