// Renders Amazon MQ for ActiveMQ broker configuration XML (BrokerXml.render). Internal.
import { authorizationProblem, renderAuthorizationPlugin } from '../authorization';
import type { BrokerXmlProps } from '../broker-xml';
import { renderDestinationPolicy } from '../destination-policy';
import { NetworkConnectorSpec } from '../network-connector';
import { checkOptionalBoolean, describeValue, isToken } from './checks';
import { DESTINATION_LISTS, connectorAttributes, destinationElement, validateNetworkConnectorSpec } from './connector-rules';
import { attributeText, BROKER_NAMESPACE, escapeAttribute } from './xml-text';
import { MAX_NETWORK_CONNECTORS } from '../../private/amazon-mq';

/** See `BrokerXml.render`. */
export function renderBrokerXml(props: BrokerXmlProps = {}): string {
  const connectors = validateProps(props);

  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
    `<broker xmlns="${BROKER_NAMESPACE}">`,
    ...renderDestinationPolicy(props.topicPendingMessageLimit, 'topicPendingMessageLimit', '  '),
  ];
  if (connectors.length > 0) {
    lines.push('  <networkConnectors>');
    for (const spec of connectors) {
      lines.push(...renderConnector(spec, '    '));
    }
    lines.push('  </networkConnectors>');
  }
  if (props.authorization !== undefined) {
    lines.push(...renderAuthorizationPlugin(props.authorization, '  '));
  }
  const transport = attributeText([
    ['name', 'openwire'],
    ['updateClusterClients', String(props.updateClusterClients ?? true)],
    ['rebalanceClusterClients', String(props.rebalanceClusterClients ?? true)],
    ['updateClusterClientsOnRemove', String(props.updateClusterClientsOnRemove ?? true)],
  ]);
  lines.push(
    '  <transportConnectors>',
    `    <transportConnector${transport}/>`,
    '  </transportConnectors>',
    '</broker>',
  );
  return lines.join('\n') + '\n';
}

function validateProps(props: BrokerXmlProps): NetworkConnectorSpec[] {
  if (props === null || typeof props !== 'object') {
    throw new Error(`BrokerXml.render needs props, got ${describeValue(props)}: pass { networkConnectors: [...] } or {}.`);
  }
  checkOptionalBoolean(props.updateClusterClients, 'updateClusterClients');
  checkOptionalBoolean(props.rebalanceClusterClients, 'rebalanceClusterClients');
  checkOptionalBoolean(props.updateClusterClientsOnRemove, 'updateClusterClientsOnRemove');
  const authorization = props.authorization === undefined ? undefined : authorizationProblem(props.authorization.entries, 'authorization');
  if (authorization !== undefined) {
    throw new Error(authorization);
  }

  const connectors = props.networkConnectors ?? [];
  if (!Array.isArray(connectors)) {
    throw new Error(`networkConnectors must be a list, got ${describeValue(connectors)}: pass an array of connector specs or leave networkConnectors out.`);
  }
  if (connectors.length > MAX_NETWORK_CONNECTORS) {
    throw new Error(`networkConnectors must have at most ${MAX_NETWORK_CONNECTORS} entries, got ${connectors.length}: `
      + `Amazon MQ allows ${MAX_NETWORK_CONNECTORS} network connectors per broker; `
      + 'use a hub-and-spoke or concentrator topology, or fewer brokers, so each broker needs fewer connectors.');
  }
  const seen = new Map<string, number>();
  connectors.forEach((spec, index) => {
    const path = `networkConnectors[${index}]`;
    validateNetworkConnectorSpec(spec, path);
    if (isToken(spec.name)) {
      return;
    }
    const first = seen.get(spec.name);
    if (first !== undefined) {
      throw new Error(`${path}.name must be unique on the broker, got ${describeValue(spec.name)}, already used by networkConnectors[${first}]: `
        + 'ActiveMQ identifies bridges by connector name; give each connector its own name.');
    }
    seen.set(spec.name, index);
  });
  return connectors;
}

function renderConnector(spec: NetworkConnectorSpec, indent: string): string[] {
  const open = `${indent}<networkConnector${attributeText(connectorAttributes(spec))}`;
  const body: string[] = [];
  for (const list of DESTINATION_LISTS) {
    const destinations = spec[list] ?? [];
    if (destinations.length === 0) {
      continue;
    }
    body.push(`${indent}  <${list}>`);
    for (const destination of destinations) {
      const element = destinationElement(destination._kind);
      body.push(`${indent}    <${element} physicalName="${escapeAttribute(destination.physicalName)}"/>`);
    }
    body.push(`${indent}  </${list}>`);
  }
  if (body.length === 0) {
    return [`${open}/>`];
  }
  return [`${open}>`, ...body, `${indent}</networkConnector>`];
}
