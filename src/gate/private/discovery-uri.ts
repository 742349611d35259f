// The shape of a network connector's uri as ActiveMQ's DiscoveryNetworkConnector reads it. Internal, pure.
import { redactUri } from './endpoints';

/** Discovery agents Amazon MQ runs for a network connector (`multicast` is unsupported there). */
const AGENTS = /^\s*(static|masterslave):/i;
/** Schemes that name a discovery agent or need one, and so are not a transport a bridge can connect with. */
const NOT_TRANSPORTS = /(?:^|[(,])\s*(static|masterslave|simple|multicast|zeroconf|rendezvous|discovery|fanout):/i;

/**
 * Why a connector uri cannot make a bridge, or undefined. The uri is a discovery URI (`static:(…)`,
 * `masterslave:(…)`) whose entries are transports (`ssl://…`, `failover:(…)`): ActiveMQ finds no discovery agent for
 * any other scheme (the broker does not start), and an entry that is itself a discovery URI or `fanout:` is not a
 * transport (the bridge never connects while the broker runs alone).
 */
export function discoveryUriProblem(uri: string): string | undefined {
  const top = AGENTS.exec(uri);
  if (top === null) {
    const scheme = /^\s*([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1];
    return `its uri must start with static: or masterslave: (the discovery agents Amazon MQ runs), not ${scheme === undefined ? `'${redactUri(uri.trim())}'` : `${scheme}:`}`;
  }
  const nested = NOT_TRANSPORTS.exec(uri.slice(top[0].length));
  if (nested === null) return undefined;
  const scheme = nested[1].toLowerCase();
  return scheme === 'fanout'
    ? 'its uri holds fanout:, which is not a transport a network bridge connects with'
    : `its uri holds ${scheme}: inside ${top[1].toLowerCase()}:, but ${scheme}: is a discovery URI, not a transport, so the bridge never connects`;
}
