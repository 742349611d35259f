import { Placeholders } from './placeholders';
import { Base64Text, CfnValue, describeText, isText, Symbolic } from './values';

/**
 * The text an `AWS::AmazonMQ::Configuration`'s `Data` deploys (CloudFormation expects it base64-encoded):
 * a base64 literal is decoded, `Fn::Base64` of a value with deploy-time parts is that value, rendered with
 * placeholders (see `Placeholders.symbolsIn` to read them back). Throws, saying why, when the text is not known
 * before deployment or the literal is not base64.
 */
export function configurationText(data: CfnValue | undefined, placeholders: Placeholders): string {
  if (data === undefined || data === null) {
    throw new Error('it has no Data');
  }
  if (typeof data === 'string') {
    const compact = data.replace(/\s+/g, '');
    if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
      throw new Error('Data is a literal that is not base64; CloudFormation expects the XML base64-encoded (Fn::Base64)');
    }
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(compact, 'base64'));
    } catch {
      throw new Error('Data decodes to bytes that are not UTF-8 text; write the XML in UTF-8');
    }
  }
  if (data instanceof Base64Text) {
    const symbols = data.text.parts.filter((p): p is Symbolic => typeof p !== 'string');
    const literal = data.text.parts.filter((p) => typeof p === 'string').join('').trim();
    if (literal === '' && symbols.length === 1) {
      throw new Error(`the XML is the value of ${symbols[0].describe()}, which is known only at deploy time`);
    }
    return placeholders.render(data.text);
  }
  const what = data instanceof Symbolic ? data.describe() : isText(data) ? describeText(data) : 'not a string';
  throw new Error(`Data is ${what}, which is known only at deploy time (expected Fn::Base64 of the XML or a base64 literal)`);
}
