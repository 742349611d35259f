import { NetworkConnectorOptions, ActiveMqDestination } from '../../src/config';
import { describeValue } from '../../src/config/private/checks';
import { validateNetworkConnectorOptions } from '../../src/config/private/connector-rules';
import { USERNAME_PATTERN as USER_NAME_PATTERN } from '../../src/private/amazon-mq';

// validateNetworkConnectorOptions is the internal entry the mesh plan uses for the construct's
// `networkConnector` prop; its messages carry the caller's prop path.
describe('validateNetworkConnectorOptions', () => {
  test('accepts undefined and a full set of options', () => {
    expect(() => validateNetworkConnectorOptions(undefined, 'networkConnector')).not.toThrow();
    expect(() => validateNetworkConnectorOptions({
      duplex: true,
      networkTtl: 2,
      messageTtl: -1,
      consumerTtl: 1,
      prefetchSize: 1000,
      excludedDestinations: [ActiveMqDestination.queue('a')],
    }, 'networkConnector')).not.toThrow();
  });

  test('names the prop path given by the caller', () => {
    expect(() => validateNetworkConnectorOptions({ networkTtl: 0 }, 'networkConnector'))
      .toThrow(/^networkConnector\.networkTtl must be an integer of at least 1, got 0: /);
    expect(() => validateNetworkConnectorOptions({ excludedDestinations: [{} as ActiveMqDestination] }, 'props.networkConnector'))
      .toThrow(/^props\.networkConnector\.excludedDestinations\[0\] must be a queue or topic destination, got \{\}/);
  });

  test.each([null, 'duplex', 3])('fails if the options are not an object (%j)', (options) => {
    expect(() => validateNetworkConnectorOptions(options as unknown as NetworkConnectorOptions, 'networkConnector'))
      .toThrow(`networkConnector must be an object of connector options, got ${JSON.stringify(options)}: pass { duplex: true, networkTtl: 2, … } or leave networkConnector out.`);
  });
});

describe('USERNAME_PATTERN', () => {
  test.each([['ab', true], ['mesh-bridge_1.~', true], ['a', false], ['a b', false], ['u'.repeat(100), true], ['u'.repeat(101), false]])(
    '%j matches: %s', (name, expected) => {
      expect(USER_NAME_PATTERN.test(name)).toBe(expected);
    });
});

describe('describeValue', () => {
  test('shows values that JSON cannot', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(describeValue(circular)).toBe('[object Object]');
    expect(describeValue(() => 1)).toBe('() => 1');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue(NaN)).toBe('NaN');
  });
});
