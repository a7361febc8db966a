// The ARP cache's merge rule (RFC 826): an ARP heard from a sender already cached updates its MAC
// (so a gratuitous ARP moves a peer that came back with a new MAC); an unsolicited one from a
// sender not cached adds nothing (Linux's arp_accept=0).

import { describe, expect, it } from "vitest";
import { arpRequestFrame } from "../../modules/network/frames/index.js";
import { IpStacks } from "../../modules/network/ip-stack.js";

const SELF = { mac: 0x525400000001, ip: 0x0a000003 }; // 10.0.0.3
const PEER_IP = 0x0a000002; // 10.0.0.2
const OLD_MAC = 0x525400000002;
const NEW_MAC = 0x525400000009;
const gratuitous = (mac: number) => arpRequestFrame({ srcMac: mac, srcIp: PEER_IP, targetIp: PEER_IP });

describe("the ARP cache and gratuitous ARP", () => {
  it("updates a cached sender to the MAC its gratuitous ARP announces", () => {
    const stacks = new IpStacks();
    stacks.learn(0, PEER_IP, OLD_MAC, 1);
    expect(stacks.receive(0, SELF, gratuitous(NEW_MAC), 1, false, 0).kind).toBe("ignored"); // not for us to answer
    expect(stacks.lookup(0, PEER_IP)).toEqual({ mac: NEW_MAC, vlan: 1 });
  });

  it("adds no entry for a sender it had not cached", () => {
    const stacks = new IpStacks();
    stacks.receive(0, SELF, gratuitous(NEW_MAC), 1, false, 0);
    expect(stacks.lookup(0, PEER_IP)).toBeUndefined();
    expect(stacks.neighbours(0)).toEqual([]);
  });
});
