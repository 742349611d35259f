import { defineRule, listNames } from './rule';
import { tagsOf } from './tags';

/**
 * A broker should carry the ownership tags (`ownershipTagKeys`); without configured keys, at least one user tag
 * (`aws:` tags do not count).
 */
export default defineRule(__filename, {
  level: 'Warning',
  problem: 'is missing its ownership tags',
  fix: 'add the tags (Tags.of(broker).add(key, value))',
  explanation: 'Tags tell who owns a broker and who pays for it; Security Hub MQ.4 checks them.',
  check: (b, ctx) => {
    const tags = tagsOf(b.props);
    if (tags === undefined) return { detail: 'its Tags are not known before deployment' };
    const keys = [...tags.keys()].filter((k) => !k.startsWith('aws:'));
    const wanted = ctx.options.ownershipTagKeys ?? [];
    if (wanted.length === 0) return keys.length > 0 ? undefined : { detail: 'it has no tags' };
    const missing = wanted.filter((k) => !keys.includes(k));
    return missing.length === 0 ? undefined : { detail: `it lacks the tag ${listNames(missing)}` };
  },
});
