import { Placeholders } from './placeholders';
import { Symbolic, Text, textKey } from './values';

/** A CloudFormation dynamic reference that is a whole value: `{{resolve:<service>:<reference>}}`. */
export interface DynamicReference {
  /** `secretsmanager`, `ssm-secure` or `ssm` (and any other service name written). */
  readonly service: string;
  /** Whether CloudFormation keeps the value out of the template and the console (Secrets Manager, SecureString). */
  readonly secret: boolean;
  /**
   * A canonical identity: the same secret written by name or ARN, with or without the trailing `::` and default
   * fields, gives the same identity.
   */
  readonly identity: string;
}

/**
 * The dynamic reference a whole value is, or undefined when the value is anything else (a literal, a literal
 * with a dynamic reference inside it, several references). Deploy-time parts inside the reference (a secret's
 * `Ref`) count by identity; `secretId` may map such a part to a secret name where it is known.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html
 */
export function wholeDynamicReference(
  value: Text,
  placeholders: Placeholders,
  secretId: (s: Symbolic) => string | undefined = () => undefined,
): DynamicReference | undefined {
  const text = placeholders.render(value);
  const m = /^\{\{resolve:([A-Za-z0-9-]+):((?:(?!\{\{|\}\}).)*)\}\}$/s.exec(text);
  if (m === null) return undefined;
  const [, service, body] = m;
  const id = (raw: string): string => {
    const symbols = placeholders.symbolsIn(raw);
    if (symbols.length === 1 && placeholders.render(symbols[0]) === raw) {
      return secretId(symbols[0]) ?? `<${symbols[0].key}>`;
    }
    return symbols.length > 0 ? textKey(placeholders.restore(raw)) : raw;
  };
  if (service === 'secretsmanager') {
    const [secret, rest] = splitSecretId(body);
    const [type = 'SecretString', jsonKey = '', stage = '', versionId = ''] = rest;
    return {
      service,
      secret: true,
      identity: `secretsmanager:${canonicalSecretName(id(secret))}:${type}:${jsonKey}:${stage || (versionId ? '' : 'AWSCURRENT')}:${versionId}`,
    };
  }
  if (service === 'ssm-secure' || service === 'ssm') {
    const colon = body.lastIndexOf(':');
    const [name, version] = colon > 0 && /^\d+$/.test(body.slice(colon + 1)) ? [body.slice(0, colon), body.slice(colon + 1)] : [body, ''];
    return { service, secret: service === 'ssm-secure', identity: `${service}:${id(name)}:${version}` };
  }
  return { service, secret: false, identity: `${service}:${id(body)}` };
}

/** Splits `secret-id:rest...`, keeping an ARN (`arn:partition:secretsmanager:region:account:secret:name`) whole. */
function splitSecretId(body: string): [string, string[]] {
  const fields = body.split(':');
  if (fields[0] === 'arn' && fields.length >= 7) {
    return [fields.slice(0, 7).join(':'), fields.slice(7)];
  }
  return [fields[0], fields.slice(1)];
}

/**
 * A secret's name from its name or ARN: an ARN's last field without the 6-character suffix Secrets Manager adds
 * (`orders-AbC123` is the secret `orders`).
 */
export function canonicalSecretName(idOrArn: string): string {
  if (!idOrArn.startsWith('arn:')) return idOrArn;
  const name = idOrArn.split(':').slice(6).join(':');
  return name.replace(/-[A-Za-z0-9]{6}$/, '');
}
