// The built-in registry `image pull` fetches from: a few well-known repositories, each with two
// images (`latest` names the newer version, as on Docker Hub), all built on Alpine so that layer
// sharing shows: nginx:latest, redis:latest and postgres:latest share the alpine:latest base
// layer, their older versions share alpine:3.19's. Sizes are plausible uncompressed sizes; a
// layer's bytes are generated from its name (layer-bytes.ts), so its digest is the same on every
// machine and every seed, as a registry's is; it is written here, as a manifest carries it, so a
// restore computes ids without hashing 500 MB (a pull hashes the bytes and checks them against it).
// The table is constant: the store holds indexes into it.

import type { ImageConfig } from "./types.js";

export interface CatalogueLayer {
  readonly name: string; // seeds the layer's bytes
  readonly digest: string; // "sha256:<64 hex>" of those bytes, as a registry's manifest names it; a pull checks the bytes against it
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
  { name: "alpine-3.20-rootfs", digest: "sha256:b85e63bc0c72ff7d6615ea7d8a1a98f10278bab546f5c7ca7a0e465e6b436e9a", sizeBytes: 7_798_784, createdBy: "ADD alpine-minirootfs-3.20.3-x86_64.tar.gz / # buildkit", created: "2024-09-06T22:20:07Z" }, // 0
  { name: "alpine-3.19-rootfs", digest: "sha256:a8ca094ec4766ba6bc1da356c28bfa1eb8ac1c9dff3313851b9f9b65a1a627e9", sizeBytes: 7_377_920, createdBy: "ADD alpine-minirootfs-3.19.4-x86_64.tar.gz / # buildkit", created: "2024-09-06T22:20:00Z" }, // 1
  { name: "busybox-1.37-rootfs", digest: "sha256:016957ba7dc281a3eb5715584140e92f8fb9ba2ec2da8b3beb59dccd9d2996ab", sizeBytes: 4_276_224, createdBy: "ADD busybox.tar.xz / # buildkit", created: "2024-09-26T21:31:42Z" }, // 2
  { name: "busybox-1.36-rootfs", digest: "sha256:fc84a42242c3b81774d563c1ea7080911201ad097e1841598d9248439a26f043", sizeBytes: 4_261_888, createdBy: "ADD busybox.tar.xz / # buildkit", created: "2024-05-18T21:18:49Z" }, // 3
  { name: "nginx-1.27-packages", digest: "sha256:a958a83eb587128732b528aeb18c32f5b0124f7500bbf54834573119553f81fb", sizeBytes: 36_208_640, createdBy: "RUN /bin/sh -c set -x && addgroup -g 101 -S nginx && adduser -S -D -H -u 101 -G nginx nginx && apk add --no-cache nginx=1.27.2-r1 # buildkit", created: "2024-10-02T17:55:35Z" }, // 4
  { name: "nginx-1.25-packages", digest: "sha256:9ab211f52f91b708bc1c115a1c49e39c566f497632b91ae27c91442240ae2e7f", sizeBytes: 35_880_960, createdBy: "RUN /bin/sh -c set -x && addgroup -g 101 -S nginx && adduser -S -D -H -u 101 -G nginx nginx && apk add --no-cache nginx=1.25.5-r0 # buildkit", created: "2024-04-16T17:04:12Z" }, // 5
  { name: "nginx-entrypoint", digest: "sha256:c03724d1862f00f355da1fe32251bd2c08601f9fc305c39224fed9b51b631300", sizeBytes: 6 * KIB, createdBy: "COPY docker-entrypoint.sh docker-entrypoint.d/ / # buildkit", created: "2024-04-16T17:04:13Z" }, // 6
  { name: "redis-7.4-server", digest: "sha256:1ece6b6da8d9bbfd5faffac0e2bd6b4dd4da1818ec1a4f7409b38a0f45054c9f", sizeBytes: 30_932_992, createdBy: "RUN /bin/sh -c set -eux; apk add --no-cache redis=7.4.1-r0; redis-server --version # buildkit", created: "2024-10-03T09:12:40Z" }, // 7
  { name: "redis-7.2-server", digest: "sha256:7955a8448925a10442156a60311adb20515fa168b732415f339f3b1ffd64d4ea", sizeBytes: 29_818_880, createdBy: "RUN /bin/sh -c set -eux; apk add --no-cache redis=7.2.5-r0; redis-server --version # buildkit", created: "2024-07-29T20:08:11Z" }, // 8
  { name: "redis-user", digest: "sha256:6085a984c055f5c7ebdb3069ddef3df0a725487a98475c6c97bcf675f50626e9", sizeBytes: 5 * KIB, createdBy: "RUN /bin/sh -c addgroup -S -g 1000 redis && adduser -S -G redis -u 999 redis # buildkit", created: "2024-07-29T20:08:02Z" }, // 9
  { name: "redis-entrypoint", digest: "sha256:34135c1a16d3560391198ea9c8d3ff1e7afd6ea279b63b8c2982b24e2994ea91", sizeBytes: 2 * KIB, createdBy: "COPY docker-entrypoint.sh /usr/local/bin/ # buildkit", created: "2024-07-29T20:08:12Z" }, // 10
  { name: "postgres-17-server", digest: "sha256:300c5c7a6cc9f4d0f0bb8f4f0dac85b8ebed361b5935c6837400a8e86bca2d74", sizeBytes: 214_925_312, createdBy: "RUN /bin/sh -c set -eux; apk add --no-cache postgresql17=17.0-r0 postgresql17-contrib # buildkit", created: "2024-09-27T00:41:18Z" }, // 11
  { name: "postgres-16-server", digest: "sha256:24c4be8beff0c88c6a2f7b2145393d15fa6c9e4eeef0ad0619f734b00af66bf9", sizeBytes: 209_715_200, createdBy: "RUN /bin/sh -c set -eux; apk add --no-cache postgresql16=16.4-r0 postgresql16-contrib # buildkit", created: "2024-08-09T00:12:45Z" }, // 12
  { name: "postgres-entrypoint", digest: "sha256:875e33003f52ce59bd5b98ec94baa0dfbfba37124a2ffb2306649d4f1fc94ef8", sizeBytes: 16 * KIB, createdBy: "COPY docker-entrypoint.sh docker-ensure-initdb.sh /usr/local/bin/ # buildkit", created: "2024-08-09T00:12:46Z" }, // 13
];

// The real images' stop behaviour: nginx declares STOPSIGNAL SIGQUIT (graceful shutdown), redis and
// postgres shut down cleanly on SIGTERM; all three exit 0. busybox's and alpine's `serve` has no
// handler, so the stop signal's default action ends it (143). Not part of the config bytes the ids
// are digests of (image-digests.ts): the ids stay those saved states and scripts already name.
const SERVER_STOP = { stopSignal: "SIGTERM", stopsCleanly: true } as const;
const nginx = (version: string): ImageConfig => ({ cmd: "serve 80", ports: [80], user: 0, env: [PATH, `NGINX_VERSION=${version}`], workdir: "/", stopSignal: "SIGQUIT", stopsCleanly: true, protocol: "http" });
const redis = (version: string): ImageConfig => ({ cmd: "serve 6379", ports: [6379], user: 999, env: [PATH, `REDIS_VERSION=${version}`], workdir: "/data", ...SERVER_STOP, protocol: "tcp" });
const postgres = (version: string): ImageConfig => ({ cmd: "serve 5432", ports: [5432], user: 70, env: [PATH, `PG_VERSION=${version}`, "PGDATA=/var/lib/postgresql/data"], workdir: "/", ...SERVER_STOP, protocol: "tcp" });
const shell = (cmd: string): ImageConfig => ({ cmd, ports: [], user: 0, env: [PATH], workdir: "/", stopSignal: "SIGTERM", stopsCleanly: false, protocol: "http" });

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

const REPOSITORIES = [...new Set(CATALOGUE_IMAGES.map((image) => image.repository))];

/** "busybox, alpine, nginx, redis, postgres": what an unknown name's error offers. */
export function catalogueRepositories(): string {
  return REPOSITORIES.join(", ");
}

/** "nginx:latest, nginx:1.27, nginx:1.25": the tags an unknown tag's error offers. */
export function catalogueTags(repository: string): string {
  return referencesOf(repository).join(", ");
}

/** Every name `image pull` takes from the catalogue: each repository, then each repository:tag (what Tab offers). */
export function catalogueReferences(): readonly string[] {
  return [...REPOSITORIES, ...REPOSITORIES.flatMap(referencesOf)];
}

function referencesOf(repository: string): string[] {
  return CATALOGUE_IMAGES.filter((image) => image.repository === repository).flatMap((image) => image.tags.map((tag) => `${repository}:${tag}`));
}
