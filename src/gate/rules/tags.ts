import { CfnObject, isObject } from '../../cfn';

/** A broker's tags by key; values not known before deployment are undefined. Undefined when Tags itself is unknown. */
export function tagsOf(props: CfnObject): Map<string, string | undefined> | undefined {
  const tags = props.Tags;
  const out = new Map<string, string | undefined>();
  if (tags === undefined) return out;
  if (!Array.isArray(tags)) return undefined;
  for (const t of tags) {
    if (!isObject(t) || typeof t.Key !== 'string') return undefined;
    out.set(t.Key, typeof t.Value === 'string' ? t.Value : undefined);
  }
  return out;
}
