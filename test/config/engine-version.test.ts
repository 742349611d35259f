import { Token } from 'aws-cdk-lib';
import { ActiveMqEngineVersion, endOfSupportFor } from '../../src/config';

describe('ActiveMqEngineVersion constants', () => {
  test('V5_19 is the current major.minor version without end of support', () => {
    const v = ActiveMqEngineVersion.V5_19;
    expect(v.version).toBe('5.19');
    expect(v.majorMinor).toBe('5.19');
    expect(v.endOfSupport).toBeUndefined();
    expect(v.requiresAutoMinorVersionUpgrade).toBe(true);
    expect(v.isEndOfSupport(new Date('2030-01-01T00:00:00Z'))).toBe(false);
    expect(v.isEndOfSupport()).toBe(false);
    expect(v.toString()).toBe('5.19');
  });

  test('V5_18 is major.minor and needs automatic minor version upgrades', () => {
    expect(ActiveMqEngineVersion.V5_18.version).toBe('5.18');
    expect(ActiveMqEngineVersion.V5_18.requiresAutoMinorVersionUpgrade).toBe(true);
    expect(ActiveMqEngineVersion.V5_18.endOfSupport).toBeUndefined();
  });

  test('5.17.6 (no constant: Amazon MQ creates no 5.17 broker any more) carries the 5.17 end of support date', () => {
    const v = ActiveMqEngineVersion.of('5.17.6');
    expect(v.version).toBe('5.17.6');
    expect(v.majorMinor).toBe('5.17');
    expect(v.endOfSupport).toBe('2025-06-16');
    expect(v.requiresAutoMinorVersionUpgrade).toBe(false);
  });
});

describe('ActiveMqEngineVersion.isEndOfSupport', () => {
  const v517 = ActiveMqEngineVersion.of('5.17.6');

  test.each([
    ['2025-06-15T23:59:59.999Z', false],
    ['2025-06-16T00:00:00.000Z', true],
    ['2026-12-01T00:00:00.000Z', true],
  ])('5.17.6 at %s is end of support: %s', (at, expected) => {
    expect(v517.isEndOfSupport(new Date(at))).toBe(expected);
  });

  test('defaults to now (5.17 support ended in 2025)', () => {
    expect(v517.isEndOfSupport()).toBe(true);
  });
});

describe('ActiveMqEngineVersion.of', () => {
  test('returns the constants for their own strings', () => {
    expect(ActiveMqEngineVersion.of('5.19')).toBe(ActiveMqEngineVersion.V5_19);
    expect(ActiveMqEngineVersion.of('5.18')).toBe(ActiveMqEngineVersion.V5_18);
    expect(ActiveMqEngineVersion.of('5.17.6').version).toBe('5.17.6');
  });

  test.each([
    ['5.17.3', '5.17', '2025-06-16'],
    ['5.16.7', '5.16', '2024-11-15'],
    ['5.15.16', '5.15', '2024-09-16'],
  ])('accepts the retired full version %s', (version, majorMinor, endOfSupport) => {
    const v = ActiveMqEngineVersion.of(version);
    expect(v.version).toBe(version);
    expect(v.majorMinor).toBe(majorMinor);
    expect(v.endOfSupport).toBe(endOfSupport);
    expect(v.requiresAutoMinorVersionUpgrade).toBe(false);
    expect(v.isEndOfSupport(new Date('2026-12-01T00:00:00Z'))).toBe(true);
  });

  test('passes a token through unchecked', () => {
    const token = Token.asString({ resolve: () => '5.19' });
    const v = ActiveMqEngineVersion.of(token);
    expect(v.version).toBe(token);
    expect(v.majorMinor).toBe(token);
    expect(v.endOfSupport).toBeUndefined();
    expect(v.requiresAutoMinorVersionUpgrade).toBe(true);
    expect(v.isEndOfSupport()).toBe(false);
  });

  test.each([
    ['5.18.4', /version must be major\.minor from 5\.18 on, got "5\.18\.4".*use '5\.18' \(ActiveMqEngineVersion\.V5_18\)/],
    ['5.19.1', /version must be major\.minor from 5\.18 on, got "5\.19\.1".*use '5\.19' \(ActiveMqEngineVersion\.V5_19\)/],
  ])('fails if a 5.18+ version has a patch number (%s)', (version, message) => {
    expect(() => ActiveMqEngineVersion.of(version)).toThrow(message);
  });

  test.each([
    ['5.17', /version "5\.17" needs a patch number.*'5\.17\.6'.*end of support on 2025-06-16/],
    ['5.16', /version "5\.16" needs a patch number.*'5\.16\.1'.*end of support on 2024-11-15/],
  ])('fails if a pre-5.18 version has no patch number (%s)', (version, message) => {
    expect(() => ActiveMqEngineVersion.of(version)).toThrow(message);
  });

  test.each(['6.0', '5.20', '5.14.5', '4.19'])('fails if the version is unknown (%s)', (version) => {
    expect(() => ActiveMqEngineVersion.of(version))
      .toThrow(new RegExp(`version "${version.replace(/\./g, '\\.')}" is not an Amazon MQ for ActiveMQ engine version: supported versions are '5\\.19' and '5\\.18'`));
  });

  test.each(['', 'latest', '5', '5.19.x', ' 5.19', 'v5.19'])('fails if the version is garbage (%j)', (version) => {
    expect(() => ActiveMqEngineVersion.of(version))
      .toThrow(`version must be an ActiveMQ version like '5.19', got ${JSON.stringify(version)}: supported versions are '5.19' and '5.18'; use ActiveMqEngineVersion.V5_19.`);
  });

  test('fails if the version is not a string (JavaScript callers)', () => {
    expect(() => ActiveMqEngineVersion.of(5.19 as unknown as string)).toThrow(/version must be an ActiveMQ version like '5\.19', got 5\.19/);
  });
});

describe('endOfSupportFor', () => {
  test.each([
    ['5.15.16', '2024-09-16'],
    ['5.15.0', '2024-09-16'],
    ['5.16.7', '2024-11-15'],
    ['5.17.6', '2025-06-16'],
    ['5.17.1', '2025-06-16'],
    ['5.17', '2025-06-16'],
    [' 5.17.6 ', '2025-06-16'],
    ['5.18', undefined],
    ['5.18.4', undefined],
    ['5.19', undefined],
    ['garbage', undefined],
    ['', undefined],
  ])('%j → %s', (version, expected) => {
    expect(endOfSupportFor(version)).toBe(expected);
  });

  test('returns undefined for tokens and non-strings', () => {
    expect(endOfSupportFor(Token.asString({ resolve: () => '5.17.6' }))).toBeUndefined();
    expect(endOfSupportFor(undefined as unknown as string)).toBeUndefined();
  });
});
