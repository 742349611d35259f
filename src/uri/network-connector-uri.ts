import { checkEndpoints, isListToken, joinEndpoints, matchingParen, splitTopLevel, topLevelQuestionMark } from './uri-syntax';

/** Composite URI schemes whose parenthesised list holds further URIs. */
const COMPOSITE = /^(static|masterslave|failover|fanout):(\/\/)?/i;

/**
 * Builds and reads the `uri` of a `<networkConnector>`: the broker(s) a connector bridges to.
 *
 * @see https://docs.aws.amazon.com/amazon-mq/latest/developer-guide/amazon-mq-creating-configuring-network-of-brokers.html
 */
export class NetworkConnectorUri {
  /**
   * The connector URI for one target broker, given that broker's OpenWire endpoints.
   *
   * - one endpoint (a single-instance broker): `static:(ssl://...-1...:61617)`;
   * - two endpoints (an active/standby broker): `masterslave:(ssl://...-1...:61617,ssl://...-2...:61617)`, which
   *   ActiveMQ expands to `static:(failover:(a,b)?randomize=false&maxReconnectAttempts=0)`: the bridge follows the
   *   active instance;
   * - an encoded list token (e.g. `attrOpenWireEndpoints`, whose length is unknown at synth time), or a list
   *   with one among its entries:
   *   `static:(failover:(<Fn.join(',', list)>)?randomize=false&maxReconnectAttempts=0)`, the expanded form that
   *   works for one or two endpoints, whereas `masterslave:` refuses a single endpoint.
   *
   * @param endpoints the target broker's OpenWire endpoints (strings, string tokens, or an encoded list token)
   */
  public static forBroker(endpoints: string[]): string {
    if (endpoints.some(isListToken)) {
      return `static:(failover:(${joinEndpoints(endpoints, 'endpoints')})?randomize=false&maxReconnectAttempts=0)`;
    }
    checkEndpoints(endpoints, 'endpoints');
    if (endpoints.length > 2) {
      throw new Error(`endpoints must hold one endpoint (single-instance broker) or two (active/standby broker), got ${endpoints.length}: `
        + 'a network connector targets one broker; add one connector per target broker.');
    }
    return endpoints.length === 1 ? `static:(${endpoints[0]})` : `masterslave:(${endpoints.join(',')})`;
  }

  /**
   * The transport endpoints a connector URI points at, read through `static:(...)`, `masterslave:(...)`,
   * `failover:(...)` and `fanout:(...)` at any depth, with or without query strings (which are dropped). Token
   * placeholders (`${Token[...]}`) are returned as they are. A plain transport URI returns itself.
   *
   * @param uri the `uri` attribute of a `<networkConnector>`
   */
  public static parseTargets(uri: string): string[] {
    return targets(uri.trim(), uri);
  }

  private constructor() {
    // static methods only
  }
}

function targets(part: string, whole: string): string[] {
  if (part.length === 0) {
    return [];
  }
  const match = COMPOSITE.exec(part);
  if (!match) {
    const q = topLevelQuestionMark(part);
    const endpoint = (q < 0 ? part : part.slice(0, q)).trim();
    if (/[()]/.test(endpoint)) {
      throw new Error(`uri has unbalanced parentheses in '${whole}': check that every '(' has a matching ')'.`);
    }
    return endpoint.length > 0 ? [endpoint] : [];
  }
  const rest = part.slice(match[0].length);
  let inner: string;
  if (rest.startsWith('(')) {
    const close = matchingParen(rest, 0);
    if (close < 0) {
      throw new Error(`uri has an unclosed '(' in '${whole}': close the list that follows '${match[1]}:' with ')'.`);
    }
    inner = rest.slice(1, close);
  } else {
    const q = topLevelQuestionMark(rest);
    inner = q < 0 ? rest : rest.slice(0, q);
  }
  return splitTopLevel(inner, ',').flatMap(p => targets(p.trim(), whole));
}
