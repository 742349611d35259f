/**
 * The public API is a promise in five languages (jsii): this test lists every name `src/index.ts` exports, read by
 * the TypeScript compiler (so interfaces and structs count too), and fails when one is added or removed without
 * updating the list here on purpose.
 */
import * as path from 'path';
import * as ts from 'typescript';

function publicNames(): string[] {
  const file = path.join(__dirname, '..', 'src', 'index.ts');
  const program = ts.createProgram([file], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true });
  const checker = program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  return checker.getExportsOfModule(symbol).map((s) => s.getName()).sort();
}

const PUBLIC_API = [
  // the construct, its contract and its parts
  'ActiveMqBrokerMesh', 'ActiveMqBrokerMeshProps', 'IActiveMqBrokerMesh', 'ActiveMqBrokerMeshAttributes',
  'InterBrokerUserOptions', 'MeshBroker', 'BrokerMetricOptions', 'IMeshUser', 'MeshUser', 'MeshUserProps',
  'ExternalPeerProps', 'MeshMonitoringProps',
  // choices and settings
  'BrokerInstanceType', 'BrokerStorageType', 'DayOfWeek', 'MaintenanceWindowStart', 'MeshDeploymentMode',
  'ActiveMqEngineVersion', 'ActiveMqDestination', 'AuthorizationEntry', 'NetworkConnectorOptions', 'MeshTopology', 'HubAndSpokeOptions',
  'ConcentratorOptions', 'ConfigurationApply', 'ClientProtocol', 'FailoverOptions',
  // the rule pack
  'ActiveMqMeshChecks', 'ActiveMqMeshChecksProps', 'DeclaredExternalPeer',
].sort();

describe('public API', () => {
  test('src/index.ts exports exactly the agreed types', () => {
    expect(publicNames()).toEqual(PUBLIC_API);
  });

  test('stays within the budget of 30 jsii types', () => {
    expect(PUBLIC_API.length).toBeLessThanOrEqual(30);
  });
});
