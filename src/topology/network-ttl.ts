// Internal: not exported from the package.
import { MeshGraph } from './mesh-graph';

/**
 * The smallest networkTTL at which every pair of brokers that the graph connects at all can reach each other:
 * the longest shortest path among connected pairs (at least 1).
 */
export function requiredNetworkTtl(graph: MeshGraph): number {
  const longest = Math.max(1, graph.brokers.length - 1);
  const unreachableAtAll = graph.unreachablePairs(longest).length;
  let ttl = 1;
  while (graph.unreachablePairs(ttl).length > unreachableAtAll) {
    ttl++;
  }
  return ttl;
}
