// Internal helpers shared by the URI builders and parsers. Not exported from the package.
import { Fn, Token } from 'aws-cdk-lib';

/** Characters that would change the structure of a composite URI if they appeared inside one endpoint. */
const STRUCTURAL = /[,()?\s]/;

/** `scheme://rest`, the shape every ActiveMQ transport endpoint has. */
const ENDPOINT_SHAPE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S+$/;

/**
 * Whether one entry of an endpoint array is an encoded list token (e.g. one broker's `attrOpenWireEndpoints`,
 * spread into a larger array). Such an entry stands for a whole list and must be joined with `Fn.join`.
 */
export function isListToken(entry: string): boolean {
  return Token.isUnresolved([entry]);
}

/**
 * Checks an endpoint list and joins it with commas.
 *
 * Entries that are encoded list tokens (e.g. `GetAtt Broker.OpenWireEndpoints`) are joined with
 * `Fn.join(',', list)` so that they resolve in CloudFormation; string tokens are concatenated as they are.
 *
 * @param endpoints the endpoint list
 * @param propName the name to use in error messages
 */
export function joinEndpoints(endpoints: string[], propName: string): string {
  checkEndpoints(endpoints, propName);
  return endpoints.map(e => isListToken(e) ? Fn.join(',', [e]) : e).join(',');
}

/** Validates every literal endpoint in a list (tokens are skipped). */
export function checkEndpoints(endpoints: string[], propName: string): void {
  if (endpoints.length === 0) {
    throw new Error(`${propName} must contain at least one endpoint, got an empty list: `
      + 'pass the broker endpoints, e.g. [\'ssl://b-1234-1.mq.us-east-1.amazonaws.com:61617\'].');
  }
  endpoints.forEach((endpoint, i) => {
    if (Token.isUnresolved(endpoint) || isListToken(endpoint)) {
      return;
    }
    if (STRUCTURAL.test(endpoint)) {
      throw new Error(`${propName}[${i}] must not contain ',', '(', ')', '?' or whitespace, got '${endpoint}': `
        + 'pass one endpoint per list entry, without a query string, e.g. \'ssl://host:61617\'.');
    }
    if (!ENDPOINT_SHAPE.test(endpoint)) {
      throw new Error(`${propName}[${i}] must be a transport URI of the form scheme://host:port, got '${endpoint}': `
        + 'add the scheme, e.g. \'ssl://host:61617\'.');
    }
  });
}

/**
 * Index of the parenthesis that closes the one at `open`, or -1 when it is never closed.
 */
export function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
      if (depth === 0) {
        return i;
      }
    }
  }
  return -1;
}

/** Splits on `separator` where it is not nested inside parentheses. */
export function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') {
      depth++;
    } else if (c === ')') {
      depth--;
    } else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Index of the first `?` outside parentheses, or -1. */
export function topLevelQuestionMark(text: string): number {
  const parts = splitTopLevel(text, '?');
  return parts.length > 1 ? parts[0].length : -1;
}
