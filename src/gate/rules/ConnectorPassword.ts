import { defineRule } from './rule';

/**
 * A `<networkConnector>` must not carry a password: no `password` attribute or element (any letter case, any
 * prefix), no `user:password@` userinfo and no `password=` option in its uri. Amazon MQ adds the password at
 * runtime. The password itself is never printed.
 */
export default defineRule(__filename, {
  level: 'Error',
  problem: 'has a networkConnector with a password',
  fix: 'remove the password (attribute, element, uri userinfo or password= option) and set only userName; Amazon MQ adds the password at runtime',
  explanation: 'A password in the broker configuration is shown in the console and stored in every configuration revision, '
    + 'and the Amazon MQ schema has no password attribute.',
  check: (b) => {
    const bad = b.connectors.flatMap((c) => {
      const where = [...c.xml.passwordFields];
      const uri = c.xml.uri ?? '';
      if (/:\/\/[^\s()/]*:[^\s()]*?@/.test(uri)) where.push('password in the uri userinfo');
      if (/[?&]([A-Za-z.]*\.)?password=/i.test(uri)) where.push('password= in the uri');
      return where.length === 0 ? [] : [`${c.label}: ${where.join(', ')}`];
    });
    return bad.length === 0 ? undefined : { detail: bad.join('; '), involved: [b.key, ...b.configurations] };
  },
});
