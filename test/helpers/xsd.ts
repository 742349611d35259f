import { readFileSync } from 'fs';
import * as path from 'path';
import { validateXML } from 'xmllint-wasm';

/**
 * XSD validation of broker XML against the AWS-published Amazon MQ for ActiveMQ schemas
 * (test/fixtures/schemas/), in-process with libxml2 compiled to WebAssembly (xmllint-wasm).
 *
 * Usage in a test:
 *   const result = await validateAgainstAmazonMqXsd(xml, '5.19.1');
 *   expect(result).toEqual({ valid: true, errors: [] });
 */

/** The schema versions bundled under test/fixtures/schemas/. */
export type AmazonMqXsdVersion = '5.17.6' | '5.18.4' | '5.19.1';

/** Every bundled schema version, oldest first (handy for `test.each`). */
export const AMAZON_MQ_XSD_VERSIONS: readonly AmazonMqXsdVersion[] = ['5.17.6', '5.18.4', '5.19.1'];

/** The outcome of one validation. */
export interface XsdValidationResult {
  /** True when xmllint reports the document valid against the schema. */
  readonly valid: boolean;
  /** xmllint's messages, `line N: message` (empty when valid). */
  readonly errors: string[];
}

const SCHEMA_DIR = path.join(__dirname, '..', 'fixtures', 'schemas');
const schemaCache = new Map<AmazonMqXsdVersion, string>();

/** The text of a bundled schema, read from disk once per process. */
export function amazonMqXsd(version: AmazonMqXsdVersion): string {
  let text = schemaCache.get(version);
  if (text === undefined) {
    if (!AMAZON_MQ_XSD_VERSIONS.includes(version)) {
      throw new Error(`No bundled Amazon MQ schema for version ${JSON.stringify(version)}; use one of ${AMAZON_MQ_XSD_VERSIONS.join(', ')}.`);
    }
    text = readFileSync(path.join(SCHEMA_DIR, `amazon-mq-active-mq-${version}.xsd`), 'utf8');
    schemaCache.set(version, text);
  }
  return text;
}

/**
 * Validates one broker XML document against one Amazon MQ schema version.
 * Rejects (throws) only when xmllint itself fails, not when the document is invalid.
 */
export async function validateAgainstAmazonMqXsd(xml: string, version: AmazonMqXsdVersion): Promise<XsdValidationResult> {
  const [result] = await validateManyAgainstAmazonMqXsd([xml], version);
  return result;
}

/**
 * Validates several documents against one schema version in a single xmllint run
 * (one WebAssembly worker instead of one per document). Results are in input order.
 */
export async function validateManyAgainstAmazonMqXsd(xmls: readonly string[], version: AmazonMqXsdVersion): Promise<XsdValidationResult[]> {
  if (xmls.length === 0) {
    return [];
  }
  const fileNames = xmls.map((_, index) => `broker-xml-${index}.xml`);
  const result = await validateXML({
    xml: xmls.map((contents, index) => ({ fileName: fileNames[index], contents })),
    schema: [{ fileName: `amazon-mq-active-mq-${version}.xsd`, contents: amazonMqXsd(version) }],
  });
  return readXmllintOutput(result.rawOutput, fileNames);
}

/**
 * Splits xmllint's output by file. A document is valid only if xmllint printed
 * `<file> validates` for it and no error line; parser errors print no verdict at all.
 * Source-context and caret lines after a parser error are dropped.
 */
function readXmllintOutput(rawOutput: string, fileNames: readonly string[]): XsdValidationResult[] {
  const errors = new Map<string, string[]>(fileNames.map((name) => [name, []]));
  const validated = new Set<string>();
  for (const line of rawOutput.split('\n')) {
    for (const name of fileNames) {
      if (line === `${name} validates`) {
        validated.add(name);
      } else if (line === `${name} fails to validate`) {
        errors.get(name)!.push('fails to validate');
      } else {
        const match = /^(\d+): (.*)$/.exec(line.startsWith(`${name}:`) ? line.slice(name.length + 1) : '');
        if (match) {
          errors.get(name)!.push(`line ${match[1]}: ${match[2]}`);
        }
      }
    }
  }
  return fileNames.map((name) => {
    const fileErrors = errors.get(name)!;
    const valid = validated.has(name) && fileErrors.length === 0;
    return { valid, errors: valid || fileErrors.length > 0 ? fileErrors : ['xmllint printed no verdict for the document'] };
  });
}
