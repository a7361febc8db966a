// Ingress policing per port, as OVS's ingress_policing_rate / ingress_policing_burst: a token
// bucket of `burstBytes` that refills at `rateBps` bits per second of simulated time. A frame
// that finds enough tokens takes its length in bytes; one that does not is dropped (policing
// never queues, unlike shaping). Rate 0 turns policing off, as in OVS; burst 0 means OVS's
// default of 8000 kbit.

import { fail } from "../../../src/errors.js";
import { BRIDGE_PORT_MAX, POLICE_BURST_BYTES_DEFAULT, POLICE_BURST_BYTES_MAX, POLICE_RATE_BPS_MAX } from "../../../src/limits.js";

export interface PoliceSettings {
  readonly rateBps: number; // bits per second; 0 = off
  readonly burstBytes: number; // bucket size; 0 = the default
}

export class Policer {
  private readonly rateBytesPerMs = new Float64Array(BRIDGE_PORT_MAX);
  private readonly burstBytes = new Float64Array(BRIDGE_PORT_MAX);
  private readonly tokens = new Float64Array(BRIDGE_PORT_MAX);
  private readonly refilledMs = new Float64Array(BRIDGE_PORT_MAX);

  set(port: number, settings: PoliceSettings, nowMs: number): void {
    const { rateBps, burstBytes } = settings;
    if (!(Number.isInteger(rateBps) && rateBps >= 0 && rateBps <= POLICE_RATE_BPS_MAX)) fail("EINVAL", `policing rate ${rateBps} bit/s is not 0..${POLICE_RATE_BPS_MAX} (POLICE_RATE_BPS_MAX)`, "0 turns policing off");
    if (!(Number.isInteger(burstBytes) && burstBytes >= 0 && burstBytes <= POLICE_BURST_BYTES_MAX)) fail("EINVAL", `policing burst ${burstBytes} bytes is not 0..${POLICE_BURST_BYTES_MAX} (POLICE_BURST_BYTES_MAX)`, "0 takes OVS's default of 8000 kbit");
    const burst = rateBps === 0 ? 0 : burstBytes || POLICE_BURST_BYTES_DEFAULT;
    this.rateBytesPerMs[port] = rateBps / 8 / 1000;
    this.burstBytes[port] = burst;
    this.tokens[port] = burst; // a fresh bucket starts full
    this.refilledMs[port] = nowMs;
  }

  clear(port: number): void {
    this.rateBytesPerMs[port] = 0;
    this.burstBytes[port] = 0;
    this.tokens[port] = 0;
    this.refilledMs[port] = 0;
  }

  /** The port's settings, or undefined when it is not policed. */
  settings(port: number): PoliceSettings | undefined {
    const rate = this.rateBytesPerMs[port]!;
    return rate === 0 ? undefined : { rateBps: Math.round(rate * 8000), burstBytes: this.burstBytes[port]! };
  }

  /** Whether a frame of `bytes` arriving at `nowMs` conforms (and takes its tokens if so). */
  admit(port: number, bytes: number, nowMs: number): boolean {
    const rate = this.rateBytesPerMs[port]!;
    if (rate === 0) return true;
    const elapsedMs = nowMs - this.refilledMs[port]!;
    if (elapsedMs > 0) {
      this.tokens[port] = Math.min(this.burstBytes[port]!, this.tokens[port]! + elapsedMs * rate);
      this.refilledMs[port] = nowMs;
    }
    if (this.tokens[port]! < bytes) return false;
    this.tokens[port]! -= bytes;
    return true;
  }

  /** The bucket's state, for the saved form: [tokens, refilledMs]. */
  bucket(port: number): [number, number] {
    return [this.tokens[port]!, this.refilledMs[port]!];
  }

  setBucket(port: number, tokens: number, refilledMs: number): void {
    this.tokens[port] = Math.min(tokens, this.burstBytes[port]!);
    this.refilledMs[port] = refilledMs;
  }
}
