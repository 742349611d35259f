import { Tokenization, Token } from 'aws-cdk-lib';
import { checkOptionalInteger } from './private/checks';
import { DEFAULT_TOPIC_PENDING_MESSAGE_LIMIT } from '../private/amazon-mq';

/**
 * The `<destinationPolicy>` of Amazon MQ's default configuration, which every node keeps: for every topic, at most
 * `limit` messages per slow consumer beyond its prefetch; older ones are discarded, so one slow non-durable
 * subscriber cannot fill the broker's memory and block the producers (ActiveMQ, "Slow Consumer Handling": 0 keeps
 * only the prefetch, -1 removes the limit).
 *
 * @param limit the limit; Amazon MQ's default (3000) when undefined
 * @param path the prop name for errors
 * @param indent the indentation of `<destinationPolicy>`
 */
export function renderDestinationPolicy(limit: number | undefined, path: string, indent: string): string[] {
  checkOptionalInteger(limit, path, {
    min: 0,
    allowMinusOne: true,
    reason: 'it is the number of messages a slow topic consumer may lag behind (0: only its prefetch, -1: no limit)',
  });
  const value = limit ?? DEFAULT_TOPIC_PENDING_MESSAGE_LIMIT;
  const text = Token.isUnresolved(value) ? Tokenization.stringifyNumber(value) : String(value);
  const i = (depth: number) => indent + '  '.repeat(depth);
  return [
    `${i(0)}<destinationPolicy>`,
    `${i(1)}<policyMap>`,
    `${i(2)}<policyEntries>`,
    `${i(3)}<policyEntry topic="&gt;">`,
    `${i(4)}<pendingMessageLimitStrategy>`,
    `${i(5)}<constantPendingMessageLimitStrategy limit="${text}"/>`,
    `${i(4)}</pendingMessageLimitStrategy>`,
    `${i(3)}</policyEntry>`,
    `${i(2)}</policyEntries>`,
    `${i(1)}</policyMap>`,
    `${i(0)}</destinationPolicy>`,
  ];
}
