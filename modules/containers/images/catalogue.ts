// The built-in registry `image pull` fetches from: a few well-known repositories, each with two
// images (`latest` names the newer version, as on Docker Hub), all built on Alpine so that layer
// sharing shows: nginx:latest, redis:latest and postgres:latest share the alpine:latest base
// layer, their older versions share alpine:3.19's. Sizes are plausible uncompressed sizes; a
// layer's bytes are generated from its name (layer-bytes.ts), so its digest is the same on every
// machine and every seed, as a registry's is. The table is constant: the store holds indexes into it.

import type { ImageConfig } from "./types.js";

export interface CatalogueLayer {
  readonly name: string; // seeds the layer's bytes
  readonly sizeBytes: number;
  readonly createdBy: string; // the build step, as `docker history` shows it
  readonly created: string;
}

export interface CatalogueImage {
  readonly repository: string;
  readonly tags: readonly string[]; // every tag naming this image; the first is its source in state.json
  readonly layers: readonly number[]; // indexes into CATALOGUE_LAYERS, base first
  readonly created: string;
  readonly config: ImageConfig;
}

const PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
const KIB = 1024;

/** Every layer of the catalogue, once: images name them by index. */
export const CATALOGUE_LAYERS: readonly CatalogueLayer[] = [
  { name: "alpine-3.20-rootfs", sizeBytes: 7_798_784, createdBy: "ADD alpine-minirootfs-3.20.3-x86_64.tar.gz / # buildkit", created: "2024-09-06T22:20:07Z" }, // 0
  { name: "alpine-3.19-rootfs", sizeBytes: 7_377_920, createdBy: "ADD alpine-minirootfs-3.19.4-x86_64.tar.gz / # buildkit", created: "2024-09-06T22:20:00Z" }, // 1
  { name: "busybox-1.37-rootfs", sizeBytes: 4_276_224, createdBy: "ADD busybox.tar.xz / # buildkit", created: "2024-09-26T21:31:42Z" }, // 2
  { name: "busybox-1.36-rootfs", sizeBytes: 4_261_888, createdBy: "ADD busybox.tar.xz / # buildkit", created: "2024-05-18T21:18:49Z" }, // 3
  { name: "nginx-1.27-packages", sizeBytes: 36_208_640, createdBy: "RUN /bin/sh -c set -x && addgroup -g 101 -S nginx && adduser -S -D -H -u 101 -G nginx nginx && apk add --no-cache nginx=1.27.2-r1 # buildkit", created: "2024-10-02T17:55:35Z" }, // 4
  { name: "nginx-1.25-packages", sizeBytes: 35_880_960, createdBy: "RUN /bin/sh -c set -x && addgroup -g 101 -S nginx && adduser -S -D -H -u 101 -G nginx nginx && apk add --no-cache nginx=1.25.5-r0 # buildkit", created: "2024-04-16T17:04:12Z" }, // 5
  { name: "nginx-entrypoint", sizeBytes: 6 * KIB, createdBy: "COPY docker-entrypoint.sh docker-entrypoint.d/ / # buildkit", created: "2024-04-16T17:04:13Z" }, // 6
  { name: "redis-7.4-server", sizeBytes: 30_932_992, createdBy: "RUN /bin/sh -c set -eux; apk add --no-cache redis=7.4.1-r0; redis-server --version # buildkit", created: "2024-10-03T09:12:40Z" }, // 7
  { name: "redis-7.2-server", sizeBytes: 29_818_880, createdBy: "RUN /bin/sh -c set -eux; apk add --no-cache redis=7.2.5-r0; redis-server --version # buildkit", created: "2024-07-29T20:08:11Z" }, // 8
  { name: "redis-user", sizeBytes: 5 * KIB, createdBy: "RUN /bin/sh -c addgroup -S -g 1000 redis && adduser -S -G redis -u 999 redis # buildkit", created: "2024-07-29T20:08:02Z" }, // 9
  { name: "redis-entrypoint", sizeBytes: 2 * KIB, createdBy: "COPY docker-entrypoint.sh /usr/local/bin/ # buildkit", created: "2024-07-29T20:08:12Z" }, // 10
  { name: "postgres-17-server", sizeBytes: 214_925_312, createdBy: "RUN /bin/sh -c set -eux; apk add --no-cache postgresql17=17.0-r0 postgresql17-contrib # buildkit", created: "2024-09-27T00:41:18Z" }, // 11
  { name: "postgres-16-server", sizeBytes: 209_715_200, createdBy: "RUN /bin/sh -c set -eux; apk add --no-cache postgresql16=16.4-r0 postgresql16-contrib # buildkit", created: "2024-08-09T00:12:45Z" }, // 12
  { name: "postgres-entrypoint", sizeBytes: 16 * KIB, createdBy: "COPY docker-entrypoint.sh docker-ensure-initdb.sh /usr/local/bin/ # buildkit", created: "2024-08-09T00:12:46Z" }, // 13
];

const nginx = (version: string): ImageConfig => ({ cmd: "serve 80", ports: [80], user: 0, env: [PATH, `NGINX_VERSION=${version}`], workdir: "/" });
const redis = (version: string): ImageConfig => ({ cmd: "serve 6379", ports: [6379], user: 999, env: [PATH, `REDIS_VERSION=${version}`], workdir: "/data" });
const postgres = (version: string): ImageConfig => ({ cmd: "serve 5432", ports: [5432], user: 70, env: [PATH, `PG_VERSION=${version}`, "PGDATA=/var/lib/postgresql/data"], workdir: "/" });
const shell = (cmd: string): ImageConfig => ({ cmd, ports: [], user: 0, env: [PATH], workdir: "/" });

/** The repositories and their images, in the order an unknown name's error lists them. */
export const CATALOGUE_IMAGES: readonly CatalogueImage[] = [
  { repository: "busybox", tags: ["latest", "1.37"], layers: [2], created: "2024-09-26T21:31:42Z", config: shell("sleep 3600") },
  { repository: "busybox", tags: ["1.36"], layers: [3], created: "2024-05-18T21:18:49Z", config: shell("sleep 3600") },
  { repository: "alpine", tags: ["latest", "3.20"], layers: [0], created: "2024-09-06T22:20:07Z", config: shell("exit 0") },
  { repository: "alpine", tags: ["3.19"], layers: [1], created: "2024-09-06T22:20:00Z", config: shell("exit 0") },
  { repository: "nginx", tags: ["latest", "1.27"], layers: [0, 4, 6], created: "2024-10-02T17:55:36Z", config: nginx("1.27.2") },
  { repository: "nginx", tags: ["1.25"], layers: [1, 5, 6], created: "2024-04-16T17:04:14Z", config: nginx("1.25.5") },
  { repository: "redis", tags: ["latest", "7.4"], layers: [0, 9, 7, 10], created: "2024-10-03T09:12:41Z", config: redis("7.4.1") },
  { repository: "redis", tags: ["7.2"], layers: [1, 9, 8, 10], created: "2024-07-29T20:08:13Z", config: redis("7.2.5") },
  { repository: "postgres", tags: ["latest", "17"], layers: [0, 11, 13], created: "2024-09-27T00:41:19Z", config: postgres("17.0") },
  { repository: "postgres", tags: ["16"], layers: [1, 12, 13], created: "2024-08-09T00:12:47Z", config: postgres("16.4") },
];

/** The catalogue image `repository:tag` names, or -1. */
export function catalogueIndex(repository: string, tag: string): number {
  return CATALOGUE_IMAGES.findIndex((image) => image.repository === repository && image.tags.includes(tag));
}

/** "busybox, alpine, nginx, redis, postgres": what an unknown name's error offers. */
export function catalogueRepositories(): string {
  return [...new Set(CATALOGUE_IMAGES.map((image) => image.repository))].join(", ");
}

/** "nginx:latest, nginx:1.27, nginx:1.25": the tags an unknown tag's error offers. */
export function catalogueTags(repository: string): string {
  return CATALOGUE_IMAGES.filter((image) => image.repository === repository)
    .flatMap((image) => image.tags.map((tag) => `${repository}:${tag}`))
    .join(", ");
}
