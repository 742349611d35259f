// Escaping of XML attribute values and the broker namespace, shared by the renderers. Internal.

/** The XML namespace of ActiveMQ broker configuration. */
export const BROKER_NAMESPACE = 'http://activemq.apache.org/schema/core';

const ESCAPES: { [c: string]: string } = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\'': '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** See `BrokerXml.escapeAttribute`. */
export function escapeAttribute(value: string): string {
  return value.replace(/[&<>"'\t\n\r]/g, (c) => ESCAPES[c]);
}

/** ` name="value"` for each pair, values escaped: the attribute list of an element. */
export function attributeText(attributes: Array<[string, string]>): string {
  return attributes.map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`).join('');
}
