// The image store's public shapes: what `image list`, `image show` and `image pull` return and
// what the runtime reads of an image (its default workload, ports, user, env, working directory, stop
// signal and how its server answers).

/** What a container started from an image runs with unless told otherwise (a Docker image config's Cmd, ExposedPorts, User, Env, WorkingDir). */
export interface ImageConfig {
  readonly cmd: string; // the default workload, e.g. "serve 80"
  readonly ports: readonly number[];
  readonly user: number; // uid
  readonly env: readonly string[];
  readonly workdir: string;
  readonly stopSignal: "SIGTERM" | "SIGQUIT"; // what docker stop sends first (Dockerfile STOPSIGNAL; nginx's is SIGQUIT)
  readonly stopsCleanly: boolean; // its server shuts down on the stop signal or SIGTERM and exits 0 (nginx, redis, postgres)
  readonly protocol: "http" | "tcp"; // what its server answers on its port: HTTP (a web server) or bytes of its own (redis, postgres)
}

/** One `image list` row: a reference (repository:tag) and the image it names. */
export interface ImageInfo {
  readonly id: string; // "sha256:<64 hex>": the digest of the canonical config naming the layer digests
  readonly repository: string;
  readonly tag: string;
  readonly sizeBytes: number; // the layers' bytes together
  readonly layers: number;
  readonly config: ImageConfig;
  readonly created: string; // the catalogue's build date, ISO 8601 (UTC)
  readonly digest: string; // "sha256:<64 hex>": the manifest's digest, as `docker pull` prints it
}

/** One layer of an image, as `docker history` shows it (base layer first). */
export interface LayerInfo {
  readonly digest: string; // "sha256:<64 hex>" of the layer's bytes
  readonly sizeBytes: number;
  readonly createdBy: string;
  readonly created: string;
  readonly references: number; // images in the store that hold this layer
}

/** One layer as a pull met it: fetched, or already held for another image. */
export interface PulledLayer {
  readonly digest: string;
  readonly sizeBytes: number;
  readonly shared: boolean;
}

export interface PullResult {
  readonly image: ImageInfo;
  readonly layersPulled: number;
  readonly layersShared: number;
  readonly layers: readonly PulledLayer[]; // base first; empty when the reference was already up to date
  readonly upToDate: boolean; // the reference was already there, naming this image
}

/** What `image rm` did: the references untagged and, when the image went, its id and the layers freed with it. */
export interface RemovedImage extends ImageInfo {
  readonly untagged: readonly string[];
  readonly deleted: readonly string[]; // the image id, then freed layer digests; empty when only untagged
}

/** The store's part of state.json: which catalogue images are held and the references naming them. */
export interface SavedImages {
  readonly images: readonly { readonly id: string; readonly source: string }[]; // source: the catalogue's "repository:tag" the image came from
  readonly references: readonly { readonly reference: string; readonly image: string }[];
}
