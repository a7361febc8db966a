// Attachments: a pod's volumes and interfaces in the storage and network subsystems, through
// ports (attachments.ts). The orchestrator reaches them through its seam (PodAttachmentsSeam).
export { ATTACHMENT_FLUSH_MS, Attachments, holderOf } from "./attachments.js";
export type { AttachmentPorts, PodAttachments } from "./attachments.js";
export { PING_DEFAULT_COUNT } from "./exec-ping.js";
export { streamBytes, WRITE_RECORD_BYTES, writeRecord } from "./write-stream.js";
