// Replica placement by weighted rendezvous hashing (the straw2 family Ceph uses): each node
// draws ln(u) / weight for a shard, with u a hash of (shard, node name) in (0, 1]; the highest
// draws win. A node's draw never depends on the other nodes, so adding or removing one node
// moves only the replicas it wins or held; weights (capacity) make larger nodes win more often.
// No two copies of a shard land on one node or, where fault sets are given, in one fault set.

export interface PlacementNode {
  readonly slot: number;
  readonly name: string;
  readonly weight: number; // capacity
  readonly faultSet: string; // "" = its own
}

/** 32-bit FNV-1a over the text, then a murmur3 finaliser. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function draw(shardKey: string, node: PlacementNode): number {
  const u = (hash32(`${shardKey}/${node.name}`) + 1) / 2 ** 32; // (0, 1]
  return Math.log(u) / node.weight;
}

/** The failure domain a node counts as: its fault set, or itself when it has none. */
export const faultDomainOf = (name: string, faultSet: string) => (faultSet === "" ? `node:${name}` : faultSet);

/** The nodes (slots) that hold `copies` replicas of the shard, best draw first. */
export function place(shardKey: string, nodes: readonly PlacementNode[], copies: number): number[] {
  const ranked = [...nodes].sort((a, b) => draw(shardKey, b) - draw(shardKey, a) || a.slot - b.slot);
  const chosen: number[] = [];
  const usedFaultSets = new Set<string>();
  for (const node of ranked) {
    if (chosen.length === copies) break;
    const faultSet = faultDomainOf(node.name, node.faultSet);
    if (usedFaultSets.has(faultSet)) continue;
    usedFaultSets.add(faultSet);
    chosen.push(node.slot);
  }
  return chosen;
}
