/**
 * An in-memory Amazon MQ + Secrets Manager for the rotation tests, served through aws-sdk-client-mock. It keeps what
 * the rotation depends on: per broker, each user's applied and pending password, the configuration revision that runs
 * and the pending one; a reboot applies everything pending at once (Amazon MQ: "changes to a configuration revision
 * or a user ... apply after a reboot"); secret versions with their staging labels.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import {
  CreateUserCommand, DescribeBrokerCommand, DescribeConfigurationRevisionCommand, DescribeUserCommand, MqClient, RebootBrokerCommand,
  UpdateBrokerCommand, UpdateConfigurationCommand, UpdateUserCommand,
} from '@aws-sdk/client-mq';
import {
  DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient, UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AwsClientStub } from 'aws-sdk-client-mock';
import { connectorUsers } from '../../src/lifecycle/handler/connector-user';
import { ModelNode, RolloutLink } from '../../src/topology';

interface FakeUser { applied?: string; pending?: string; groups: string[]; console: boolean }
interface FakeBroker {
  name: string;
  state: string;
  users: Map<string, FakeUser>;
  configId: string;
  current: number;
  pending?: number;
  failOnReboot?: boolean;
}

/** The network connectors of node `i` as Amazon MQ XML, with `user` as their userName. */
export function nodeXml(i: number, links: readonly RolloutLink[], user: string): string {
  const connectors = links.filter((l) => l.from === i)
    .map((l) => `    <networkConnector name="c_${l.from}_${l.to}" duplex="${l.duplex}" userName="${user}" uri="static:(ssl://b-${l.to}-1.mq.us-east-1.amazonaws.com:61617)"/>`);
  return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<broker xmlns="http://activemq.apache.org/schema/core">\n'
    + `  <!-- <networkConnector userName="commented-out"/> -->\n  <networkConnectors>\n${connectors.join('\n')}\n  </networkConnectors>\n</broker>\n`;
}

export class FakeAws {
  public readonly brokers = new Map<string, FakeBroker>();
  public readonly configs = new Map<string, Map<number, string>>();
  public readonly versions = new Map<string, { content: string; stages: string[] }>();
  public readonly reboots: string[] = [];
  public stackStatus = 'UPDATE_COMPLETE';
  public readonly secretArn = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:bridge-AbCdEf';
  private versionCounter = 0;

  constructor(public readonly nodeCount: number, public readonly links: readonly RolloutLink[], public readonly coordinates: Record<string, unknown>,
    users: Record<string, string>, connectorUser = 'mesh-bridge') {
    for (let i = 0; i < nodeCount; i++) {
      const configId = `c-${i}`;
      this.configs.set(configId, new Map([[1, nodeXml(i, links, connectorUser)]]));
      this.brokers.set(`b-${i}`, {
        name: `mesh-${i}`,
        state: 'RUNNING',
        configId,
        current: 1,
        users: new Map(Object.entries(users).map(([u, pw]) => [u, { applied: pw, groups: [], console: false }])),
      });
    }
  }

  /** Adds a secret version with the given stages. */
  public addVersion(content: Record<string, string>, stages: string[]): string {
    const id = `v${++this.versionCounter}`;
    this.versions.set(id, { content: JSON.stringify(content), stages });
    return id;
  }

  /** The model of the rollout plan: applied passwords and the connectors' user per node. */
  public model(): ModelNode[] {
    return Array.from({ length: this.nodeCount }, (_, i) => {
      const b = this.brokers.get(`b-${i}`)!;
      const applied: Record<string, string> = {};
      for (const [u, v] of b.users) if (v.applied !== undefined) applied[u] = v.applied;
      const users = connectorUsers(this.configs.get(b.configId)!.get(b.current)!);
      return { applied, pending: {}, connectorUser: users[0] ?? '(none)' };
    });
  }

  public secretStages(): Record<string, string[]> {
    return Object.fromEntries([...this.versions].map(([id, v]) => [id, v.stages]));
  }

  public versionWith(stage: string): { username: string; password: string } | undefined {
    const found = [...this.versions.values()].find((v) => v.stages.includes(stage));
    return found ? JSON.parse(found.content) : undefined;
  }

  /** Serves the mocked clients from this model. */
  public install(mq: AwsClientStub<MqClient>, sm: AwsClientStub<SecretsManagerClient>, ssm: AwsClientStub<SSMClient>,
    cfn: AwsClientStub<CloudFormationClient>): void {
    const broker = (id: string) => {
      const b = this.brokers.get(id);
      if (!b) throw Object.assign(new Error(`no broker ${id}`), { name: 'NotFoundException' });
      return b;
    };
    mq.on(DescribeBrokerCommand).callsFake(({ BrokerId }) => {
      const b = broker(BrokerId);
      return {
        BrokerId,
        BrokerName: b.name,
        BrokerState: b.state,
        Configurations: { Current: { Id: b.configId, Revision: b.current }, Pending: { Id: b.configId, Revision: b.pending ?? b.current } },
        Users: [...b.users].map(([Username, u]) => ({
          Username, PendingChange: u.pending !== undefined ? (u.applied === undefined ? 'CREATE' : 'UPDATE') : undefined,
        })),
      };
    });
    mq.on(DescribeUserCommand).callsFake(({ BrokerId, Username }) => {
      const u = broker(BrokerId).users.get(Username);
      if (!u) throw Object.assign(new Error(`no user ${Username}`), { name: 'NotFoundException' });
      return { BrokerId, Username, Groups: u.groups, ConsoleAccess: u.console };
    });
    mq.on(UpdateUserCommand).callsFake(({ BrokerId, Username, Password }) => {
      const u = broker(BrokerId).users.get(Username);
      if (!u) throw Object.assign(new Error(`no user ${Username}`), { name: 'NotFoundException' });
      if (Password) u.pending = Password;
      return {};
    });
    mq.on(CreateUserCommand).callsFake(({ BrokerId, Username, Password, Groups, ConsoleAccess }) => {
      const b = broker(BrokerId);
      if (b.users.has(Username)) throw Object.assign(new Error('exists'), { name: 'ConflictException' });
      b.users.set(Username, { pending: Password, groups: Groups ?? [], console: !!ConsoleAccess });
      return {};
    });
    mq.on(DescribeConfigurationRevisionCommand).callsFake(({ ConfigurationId, ConfigurationRevision }) => ({
      ConfigurationId, Data: Buffer.from(this.configs.get(ConfigurationId)!.get(Number(ConfigurationRevision))!, 'utf8').toString('base64'),
    }));
    mq.on(UpdateConfigurationCommand).callsFake(({ ConfigurationId, Data }) => {
      const revisions = this.configs.get(ConfigurationId)!;
      const revision = Math.max(...revisions.keys()) + 1;
      revisions.set(revision, Buffer.from(Data!, 'base64').toString('utf8'));
      return { Id: ConfigurationId, LatestRevision: { Revision: revision } };
    });
    mq.on(UpdateBrokerCommand).callsFake(({ BrokerId, Configuration }) => {
      const b = broker(BrokerId);
      b.pending = Configuration!.Revision === b.current ? undefined : Configuration!.Revision;
      return {};
    });
    mq.on(RebootBrokerCommand).callsFake(({ BrokerId }) => {
      const b = broker(BrokerId);
      if (b.state !== 'RUNNING') throw Object.assign(new Error('not RUNNING'), { name: 'BadRequestException' });
      this.reboots.push(BrokerId);
      if (b.failOnReboot) {
        b.state = 'CRITICAL_ACTION_REQUIRED';
        return {};
      }
      for (const u of b.users.values()) {
        if (u.pending !== undefined) { u.applied = u.pending; u.pending = undefined; }
      }
      if (b.pending !== undefined) { b.current = b.pending; b.pending = undefined; }
      return {};
    });
    sm.on(DescribeSecretCommand).callsFake(() => ({
      ARN: this.secretArn, VersionIdsToStages: this.secretStages(), Tags: [{ Key: 'cdk-activemq-mesh:rotation', Value: 'rotation-coordinates' }],
    }));
    sm.on(GetSecretValueCommand).callsFake(({ VersionId, VersionStage }) => {
      const entry = VersionId ? this.versions.get(VersionId) : [...this.versions.values()].find((v) => v.stages.includes(VersionStage ?? 'AWSCURRENT'));
      if (!entry) throw Object.assign(new Error('not found'), { name: 'ResourceNotFoundException' });
      return { SecretString: entry.content };
    });
    sm.on(PutSecretValueCommand).callsFake(({ ClientRequestToken, SecretString, VersionStages }) => {
      if (this.versions.has(ClientRequestToken!)) return {};
      for (const v of this.versions.values()) v.stages = v.stages.filter((s) => !VersionStages!.includes(s));
      this.versions.set(ClientRequestToken!, { content: SecretString!, stages: [...VersionStages!] });
      return {};
    });
    sm.on(UpdateSecretVersionStageCommand).callsFake(({ VersionStage, MoveToVersionId, RemoveFromVersionId }) => {
      for (const v of this.versions.values()) v.stages = v.stages.filter((s) => s !== 'AWSPREVIOUS');
      const old = this.versions.get(RemoveFromVersionId!)!;
      old.stages = [...old.stages.filter((s) => s !== VersionStage), 'AWSPREVIOUS'];
      this.versions.get(MoveToVersionId!)!.stages.push(VersionStage!);
      return {};
    });
    ssm.on(GetParameterCommand).callsFake(({ Name }) => ({ Parameter: { Name, Value: JSON.stringify(this.coordinates) } }));
    cfn.on(DescribeStacksCommand).callsFake(() => ({ Stacks: [{ StackName: 'Mesh', StackStatus: this.stackStatus, CreationTime: new Date() }] }));
  }
}
