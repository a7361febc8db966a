// Ports: what a subsystem needs from the kernel and cannot import. The kernel implements each
// one and hands it to the managers that need it.

/**
 * Where a subsystem reports a performance event — QoS throttling starting or ending, a rebuild's
 * throughput, latency over a threshold. The kernel writes each as a Performance audit entry.
 */
export interface PerformanceSink {
  record(event: { readonly action: string; readonly object: string; readonly message: string; readonly warning?: boolean }): void;
}
