// Reading XML documents in document order: the one set of parser settings the broker-XML reader (src/config) and the
// gate's configuration reader (src/gate) share. Internal.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** A node of fast-xml-parser's order-preserving output. */
export interface XmlNode {
  readonly [tagOrAttributes: string]: XmlNode[] | { [attribute: string]: string } | string;
}

/** The key under which a node keeps its attributes. */
export const ATTRIBUTES_KEY = ':@';
/** The prefix of every attribute name inside `ATTRIBUTES_KEY`. */
export const ATTRIBUTE_PREFIX = '@_';
/** The key of a text node. */
export const TEXT_KEY = '#text';

/**
 * Why `xml` is not well-formed, as `<code> at line L, column C): <message>` without the opening parenthesis, or
 * `undefined` when it is. An attribute without a value is an error (XML has none; HTML does).
 */
export function xmlSyntaxError(xml: string): string | undefined {
  const check = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (check === true) {
    return undefined;
  }
  const where = check.err.col === undefined ? `line ${check.err.line}` : `line ${check.err.line}, column ${check.err.col}`;
  return `${check.err.code} at ${where}): ${check.err.msg}`;
}

/**
 * The nodes of well-formed `xml` in document order, attribute values and text as written (no type coercion, no
 * trimming, HTML entities decoded). `keepNamespacePrefixes` keeps `x:tag` and `x:attr` as written, for a reader that
 * must tell a foreign namespace from the broker's; otherwise prefixes are removed.
 */
export function parseOrderedXml(xml: string, keepNamespacePrefixes: boolean): XmlNode[] {
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: ATTRIBUTE_PREFIX,
    removeNSPrefix: !keepNamespacePrefixes,
    trimValues: false,
    parseAttributeValue: false,
    parseTagValue: false,
    htmlEntities: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
  return parser.parse(xml) as XmlNode[];
}
