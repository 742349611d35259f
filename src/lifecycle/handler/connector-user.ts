/**
 * PURE: the `userName` of a broker configuration's `<networkConnector>` elements, read and switched in the XML text
 * Amazon MQ returns for a configuration revision. Only the start tags of `networkConnector` elements are touched;
 * everything else of the document is kept byte for byte (comments included). Usernames are Amazon MQ usernames
 * (`[A-Za-z0-9_.~-]`), so no escaping is involved.
 */
import { USERNAME_PATTERN } from '../../private/amazon-mq';

const CONNECTOR_START_TAG = /<(?:[A-Za-z_][\w.-]*:)?networkConnector\b[^>]*>/g;
const USER_NAME_ATTRIBUTE = /(\suserName\s*=\s*)(["'])([^"']*)\2/;

/** Whether the text looks like one comment region; used to skip connectors that are commented out. */
function commentRanges(xml: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const re = /<!--[\s\S]*?-->/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml)) !== null) {
    ranges.push([m.index, m.index + m[0].length]);
  }
  return ranges;
}

function inComment(index: number, ranges: Array<[number, number]>): boolean {
  return ranges.some(([start, end]) => index >= start && index < end);
}

/** The distinct `userName`s of the (uncommented) network connectors, in document order. */
export function connectorUsers(xml: string): string[] {
  const comments = commentRanges(xml);
  const users: string[] = [];
  for (const m of xml.matchAll(CONNECTOR_START_TAG)) {
    if (inComment(m.index ?? 0, comments)) continue;
    const attr = USER_NAME_ATTRIBUTE.exec(m[0]);
    if (attr && !users.includes(attr[3])) users.push(attr[3]);
  }
  return users;
}

/** The document with every (uncommented) network connector's `userName` set to `user`. */
export function switchConnectorUser(xml: string, user: string): string {
  if (!USERNAME_PATTERN.test(user)) {
    throw new Error(`Cannot switch the connectors to '${user}': not an Amazon MQ username.`);
  }
  const comments = commentRanges(xml);
  return xml.replace(CONNECTOR_START_TAG, (tag: string, offset: number) => {
    if (inComment(offset, comments)) return tag;
    if (USER_NAME_ATTRIBUTE.test(tag)) {
      return tag.replace(USER_NAME_ATTRIBUTE, (_all, prefix: string, quote: string) => `${prefix}${quote}${user}${quote}`);
    }
    return tag.replace(/^(<(?:[A-Za-z_][\w.-]*:)?networkConnector)\b/, `$1 userName="${user}"`);
  });
}
