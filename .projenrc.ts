import { awscdk, javascript } from 'projen';
import { UpdateSnapshot } from 'projen/lib/javascript';

/** The aws-cdk-lib floor: cdk-nag 3 needs the construct tree on the validation context (2.258.0). */
const CDK_VERSION = '2.258.0';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-activemq-mesh',
  description: 'A resilient network of Amazon MQ for ActiveMQ brokers as one AWS CDK construct, with a cdk-nag rule pack that blocks standalone brokers and a local failover drill.',
  keywords: ['aws-cdk', 'amazon-mq', 'activemq', 'network-of-brokers', 'cdk-nag', 'failover', 'awscdk'],
  author: 'cdk-activemq-mesh maintainers',
  authorAddress: 'maintainers@cdk-activemq-mesh.dev',
  license: 'Apache-2.0',
  repositoryUrl: 'https://github.com/cdk-activemq-mesh/cdk-activemq-mesh.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  minNodeVersion: '20.0.0',
  workflowNodeVersion: 'lts/*',
  stability: 'experimental',

  cdkVersion: CDK_VERSION,
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  typescriptVersion: '^6.0.3',
  peerDeps: ['cdk-nag@^3.0.2'],
  // fast-xml-parser reads broker XML back out of templates (nag rules, drill); yaml reads CloudFormation YAML
  // templates with short-form tags (src/cfn, the `check` command). Both are bundled into the tarball.
  bundledDeps: ['fast-xml-parser@^5.2.0', 'yaml@^2.9.0'],
  devDeps: [
    'aws-cdk@^2',
    'ts-node@^10.9.2',
    'xmllint-wasm@^5.3.0',
    '@aws-sdk/client-mq@^3',
    '@aws-sdk/client-secrets-manager@^3',
    '@aws-sdk/client-sfn@^3',
    '@aws-sdk/client-cloudformation@^3',
    '@aws-sdk/client-ssm@^3',
    'aws-sdk-client-mock@^4.1.0',
    'asl-validator@^4.0.0',
    '@types/aws-lambda@^8.10.0',
    // check command tests: SARIF validated against the SARIF 2.1.0 schema (draft-04), JUnit read by a JUnit parser
    'ajv@^8.17.0',
    'ajv-draft-04@^1.0.0',
    'ajv-formats@^3.0.1',
    'junit2json@^3.1.14', // 4.x is ESM-only, which jest's CommonJS tests cannot load
  ],

  // The tests' tsconfig is the top-level tsconfig.dev.json (design card), and it is type-checked.
  tsconfigDevFile: 'tsconfig.dev.json',
  typecheckTests: true,
  jestOptions: {
    updateSnapshot: UpdateSnapshot.NEVER,
    jestConfig: {
      coverageThreshold: { lines: 90, branches: 80 },
      // Three workers even on a 2-core machine (jest's default there is one): most of a test file's time is spent
      // waiting on child processes (the cdk CLI, cfn-lint, ActiveMQ, the Java client). Measured on 2 cores: one
      // worker 744 s, two 345-359 s, three 313 s. Real-broker test files use distinct ports, so they may overlap.
      maxWorkers: 3,
      testPathIgnorePatterns: ['/node_modules/', '/cdk.out/', '/examples/'],
      coveragePathIgnorePatterns: ['/node_modules/', '/test/'],
    },
  },
  // The lifecycle handler is deployed as an L1 function by src/lifecycle (no generated L2 wrapper): bundled below.
  lambdaAutoDiscover: false,
  // The handler's sources are bundled by esbuild (below), never part of the jsii assembly.
  excludeTypescript: ['src/lifecycle/handler/**'],
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'build-tools', 'projenrc', 'examples', 'bench'],
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
  },

  bin: { 'cdk-activemq-mesh': 'lib/cli/main.js' },

  publishToPypi: { distName: 'cdk-activemq-mesh', module: 'cdk_activemq_mesh' },
  publishToMaven: {
    javaPackage: 'dev.cdkactivemqmesh',
    mavenGroupId: 'dev.cdk-activemq-mesh',
    mavenArtifactId: 'cdk-activemq-mesh',
  },
  publishToNuget: { dotNetNamespace: 'CdkActiveMqMesh', packageId: 'CdkActiveMqMesh' },
  publishToGo: { moduleName: 'github.com/cdk-activemq-mesh/cdk-activemq-mesh-go' },

  gitignore: ['cdk.out', 'bench/results/', '*.tsbuildinfo', 'test/.quickstart-*'],
  npmignoreEnabled: true,
});

project.tsconfigDev.addInclude('.projenrc.ts');
// The lifecycle handler (custom resources, workflow steps, secret rotation): one self-contained, minified bundle with
// the AWS SDK v3 clients inside, so the handler never depends on the SDK version of the Lambda runtime.
project.bundler.addBundle('./src/lifecycle/handler/lifecycle.lambda.ts', {
  platform: 'node',
  target: 'node22',
  externals: [],
  minify: true,
  tsconfigPath: 'tsconfig.dev.json',
});
project.eslint?.allowDevDeps('src/lifecycle/handler/**');
project.npmignore?.exclude('/examples/', '/bench/', 'cdk.out', '/.ci/', '/test/');

// Other jsii targets cannot be built on machines without PyPI/Maven/.NET/Go; a release pipeline builds them.
const packageTask = project.tasks.tryFind('package');
if (packageTask) {
  packageTask.reset();
  packageTask.spawn(project.tasks.tryFind('package:js')!);
}

// The drill's Java client is compiled on the user's machine at first run, so its source ships beside lib/drill/*.js.
project.postCompileTask.exec('mkdir -p lib/drill/java && cp src/drill/java/DrillClient.java lib/drill/java/');

// Tests synthesize meshes whose reboot handler is a bundled asset: build it first, so `projen test` works alone.
project.testTask.prependSpawn(project.tasks.tryFind('bundle')!);

// The main job: synthesize the example mesh app with the real CDK CLI.
const synthExample = project.addTask('synth:example', {
  description: 'Synthesize the example mesh app under examples/ with the real cdk CLI',
  env: { CDK_DISABLE_CLI_TELEMETRY: 'true', JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
});
synthExample.spawn(project.tasks.tryFind('bundle')!);
synthExample.exec('npx cdk synth --quiet --no-notices', { cwd: 'examples/mesh-app' });

// docs/lifecycle.md's change tables are computed from synthesized templates; test/deploy/lifecycle-doc.test.ts fails
// when the committed file is stale.
const lifecycleDoc = project.addTask('docs:lifecycle', {
  description: 'Regenerate the change tables of docs/lifecycle.md from synthesized templates (test/deploy/lifecycle-doc.ts)',
});
lifecycleDoc.spawn(project.tasks.tryFind('bundle')!);
lifecycleDoc.exec('ts-node --transpile-only --project tsconfig.dev.json test/deploy/lifecycle-doc.ts');

project.synth();
