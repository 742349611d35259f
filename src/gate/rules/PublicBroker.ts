import { booleanValue } from './booleans';
import { defineRule, unlessUnknown } from './rule';

/** A broker must not be publicly accessible; a value known only at deploy time fails closed. */
export default defineRule(__filename, {
  level: 'Error',
  problem: 'is publicly accessible',
  fix: 'set PubliclyAccessible to false and reach the broker from inside the VPC',
  explanation: 'A public broker exposes its endpoints and web console to the internet.',
  check: (b) => unlessUnknown(() => (booleanValue(b.props.PubliclyAccessible, 'PubliclyAccessible') === true
    ? { detail: 'PubliclyAccessible is true' } : undefined)),
});
