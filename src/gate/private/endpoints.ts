import { ResourceRef, Symbolic, Text, textParts } from '../../cfn';
import { PORTS } from '../../private/amazon-mq';
import { ExternalPeer, ResourceKey } from '../model';
import { AppWorld, BROKER } from './app-world';

/** What one endpoint of a connector URI points at. */
export type EndpointTarget =
  | { readonly kind: 'broker'; readonly broker: ResourceKey; readonly via: string }
  | { readonly kind: 'external'; readonly endpoint: string; readonly declared?: ExternalPeer }
  | { readonly kind: 'none'; readonly endpoint: string; readonly why: string };

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|0\.0\.0\.0|\[?::1?\]?|\[?0:0:0:0:0:0:0:1\]?)$/i;
const OPENWIRE_SCHEMES = ['ssl', 'nio+ssl', 'tcp', 'nio'];

/**
 * Classifies one endpoint of a connector URI (placeholders for deploy-time parts already restored). A broker of
 * the app is reached through its `OpenWireEndpoints` (whole list, an element, or the list joined), or through a
 * host written `b-<Ref broker>-<n>.mq.<region>.amazonaws.com` on port 61617. A literal host is external: it counts
 * when declared. Anything else (loopback, other attributes, other resources, parameters) does not count.
 */
export function classifyEndpoint(world: AppWorld, endpoint: Text, declared: ExternalPeer[], declaredTexts: Text[]): EndpointTarget {
  const shown = world.placeholders.render(endpoint);
  const text = describe(world, endpoint);
  const parts = textParts(endpoint);
  if (parts.length === 1 && typeof parts[0] !== 'string') {
    const t = world.targetOf(parts[0]);
    if (t === undefined) {
      if (declaredTexts.some((d) => sameKey(d, endpoint))) return { kind: 'external', endpoint: text, declared: { endpoint: text, reason: 'declared by the configuration' } };
      return { kind: 'none', endpoint: text, why: `${parts[0].describe()} is known only at deploy time and is not a declared external peer` };
    }
    const type = world.typeOf(t.key);
    if (type !== BROKER) {
      return { kind: 'none', endpoint: text, why: `it is ${t.attribute === 'Ref' ? 'the id' : `the ${t.attribute}`} of ${world.pathOf(t.key)}, ${type === undefined ? 'a resource not created in this case' : `a ${type}, not a broker`}` };
    }
    if (t.attribute !== 'OpenWireEndpoints') {
      return { kind: 'none', endpoint: text, why: `it is the ${t.attribute === 'Ref' ? 'id' : t.attribute} of the broker ${world.pathOf(t.key)}, not its OpenWireEndpoints` };
    }
    return { kind: 'broker', broker: t.key, via: 'OpenWireEndpoints' };
  }
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/(?:([^@/]*)@)?(\[[^\]]*\]|[^:/?#]*)(?::([^/?#]*))?/.exec(shown);
  if (m === null) return { kind: 'none', endpoint: text, why: 'it is not a transport URI (scheme://host:port)' };
  const [, scheme, , hostShown, port] = m;
  const host = world.placeholders.restore(hostShown);
  const hostSymbols = textParts(host).filter((p): p is Symbolic => typeof p !== 'string');
  if (hostSymbols.length > 0) {
    const refs = hostSymbols.filter((s): s is ResourceRef =>
      s instanceof ResourceRef && world.typeOf({ template: s.template, logicalId: s.logicalId }) === BROKER);
    const pattern = world.placeholders.render(host).replace(world.placeholders.render(refs[0] ?? hostSymbols[0]), '<id>');
    if (refs.length === 1 && /^b-<id>-[12]\.mq\.[^.]+\.amazonaws\.com(\.cn)?$/.test(pattern.replace(/CFNVAL[0-9a-f]+N\d+E/g, 'region'))
      && port === String(PORTS.openWire) && /^(nio\+)?ssl$/i.test(scheme)) {
      return { kind: 'broker', broker: { template: refs[0].template, logicalId: refs[0].logicalId }, via: 'its endpoint host' };
    }
    if (declaredTexts.some((d) => sameKey(d, endpoint))) return { kind: 'external', endpoint: text, declared: { endpoint: text, reason: 'declared by the configuration' } };
    return { kind: 'none', endpoint: text, why: `its host ${describe(world, host)} is not a broker's OpenWire endpoint (b-<broker id>-1.mq.<region>.amazonaws.com:61617)` };
  }
  const hostName = (host as string).toLowerCase();
  if (hostName === '') return { kind: 'none', endpoint: text, why: 'it has no host' };
  if (LOOPBACK.test(hostName)) return { kind: 'none', endpoint: text, why: 'it is a loopback address: the broker itself' };
  if (!OPENWIRE_SCHEMES.includes(scheme.toLowerCase())) {
    return { kind: 'none', endpoint: text, why: `its scheme ${scheme} is not an OpenWire transport (ssl://, tcp://)` };
  }
  const peer = declared.find((d) => matchesPeer(d.endpoint, scheme, hostName, port));
  if (peer !== undefined) return { kind: 'external', endpoint: text, declared: peer };
  if (declaredTexts.some((d) => sameKey(d, endpoint))) return { kind: 'external', endpoint: text, declared: { endpoint: text, reason: 'declared by the configuration' } };
  return { kind: 'external', endpoint: text };
}

/** Whether an endpoint matches a declared pattern: `scheme://host:port`, `host:port`, `host`, `*` within the host. */
export function matchesPeer(pattern: string, scheme: string, host: string, port: string | undefined): boolean {
  const m = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?([^:/?#]+)(?::(\d+))?\/?$/.exec(pattern.trim());
  if (m === null) return false;
  const [, pScheme, pHost, pPort] = m;
  if (pScheme !== undefined && pScheme.toLowerCase() !== scheme.toLowerCase()) return false;
  if (pPort !== undefined && pPort !== port) return false;
  const re = new RegExp(`^${pHost.toLowerCase().split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^.]*')}$`);
  return re.test(host);
}

/** Whether a declared endpoint pattern is well formed (see `matchesPeer`). */
export function isPeerPattern(pattern: string): boolean {
  return /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?([^:/?#\s]+)(?::(\d+))?\/?$/.test(pattern.trim());
}

function sameKey(a: Text, b: Text): boolean {
  const ka = textParts(a).map((p) => (typeof p === 'string' ? p : `<${p.key}>`)).join('');
  const kb = textParts(b).map((p) => (typeof p === 'string' ? p : `<${p.key}>`)).join('');
  return ka === kb;
}

/** A URI for messages: userinfo passwords and `password=` values are replaced by `****`. */
export function redactUri(uri: string): string {
  return uri
    .replace(/\/\/[^\s()]*?@/g, '//****@')
    .replace(/(password=)[^&?,)]*/gi, '$1****');
}

function describe(world: AppWorld, t: Text): string {
  return redactUri(textParts(t).map((p) => {
    if (typeof p === 'string') return p;
    const target = world.targetOf(p);
    return target === undefined ? `\${${p.describe()}}` : `\${${world.pathOf(target.key)}.${target.attribute}}`;
  }).join(''));
}

export { describe as describeEndpointText };
