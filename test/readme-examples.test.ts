/**
 * Every TypeScript example of the README type-checks against this checkout's public API, so the README cannot
 * describe a prop, method or type that does not exist. Each block gets the imports a user would write; `declare const`
 * lines in the blocks stand for what the user already has.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const root = path.join(__dirname, '..');
const IMPORTS = [
  "import { App, CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';",
  "import * as ec2 from 'aws-cdk-lib/aws-ec2';",
  "import * as iam from 'aws-cdk-lib/aws-iam';",
  "import * as sns from 'aws-cdk-lib/aws-sns';",
  `import { ActiveMqBrokerMesh, ActiveMqDestination, ActiveMqMeshChecks, ClientProtocol } from ${JSON.stringify(path.join(root, 'src'))};`,
].join('\n');

function blocks(): string[] {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1])
    .filter((code) => !code.includes("from 'cdk-activemq-mesh'")); // the quick start runs for real in readme.test.ts
}

test('every README TypeScript example type-checks', () => {
  const dir = fs.mkdtempSync(path.join(root, 'test', '.quickstart-examples-')); // inside the checkout, to resolve node_modules;
  const files = blocks().map((code, i) => {
    const file = path.join(dir, `example${i}.ts`);
    fs.writeFileSync(file, `${IMPORTS}\n${code}\nexport {};\n`);
    return file;
  });
  expect(files.length).toBeGreaterThanOrEqual(6);
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    skipLibCheck: true,
    noUnusedLocals: false,
  });
  const errors = ts.getPreEmitDiagnostics(program)
    .filter((d) => d.file !== undefined && files.includes(path.normalize(d.file.fileName)))
    .map((d) => `${path.basename(d.file!.fileName)}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  fs.rmSync(dir, { recursive: true, force: true });
  expect(errors).toEqual([]);
}, 120_000);
