import { CfnElement, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The way back from a template resource to its construct: stacks by the template id the gate uses (artifact id;
 * `<parent id>/<logical id>` for a nested stack), and each stack's elements by logical id. Built once per run.
 */
export class ConstructIndex {
  private readonly stacks = new Map<string, Stack>();
  private readonly elements = new Map<string, Map<string, IConstruct>>();

  constructor(root: IConstruct) {
    for (const c of root.node.findAll()) {
      if (Stack.isStack(c)) this.stacks.set(templateId(c), c);
    }
  }

  /** The stack of a template id. */
  public stack(template: string): Stack | undefined {
    return this.stacks.get(template);
  }

  /** Construct paths by logical id for a template (for the gate's messages). */
  public paths(template: string): Map<string, string> {
    return new Map([...this.byLogicalId(template)].map(([id, c]) => [id, displayPath(c)]));
  }

  /** The construct of a resource; the stack for a whole-template key (empty logical id). */
  public construct(template: string, logicalId: string): IConstruct | undefined {
    if (logicalId === '') return this.stacks.get(template);
    return this.byLogicalId(template).get(logicalId);
  }

  private byLogicalId(template: string): Map<string, IConstruct> {
    let m = this.elements.get(template);
    if (m === undefined) {
      m = new Map();
      const stack = this.stacks.get(template);
      if (stack !== undefined) {
        for (const c of stack.node.findAll()) {
          if (CfnElement.isCfnElement(c) && c.stack === stack) m.set(stack.resolve(c.logicalId), c);
        }
      }
      this.elements.set(template, m);
    }
    return m;
  }
}

/** The id the gate gives a stack's template. */
function templateId(stack: Stack): string {
  if (NestedStack.isNestedStack(stack) && stack.nestedStackParent !== undefined) {
    const parent = stack.nestedStackParent;
    return `${templateId(parent)}/${parent.resolve(stack.nestedStackResource!.logicalId)}`;
  }
  return stack.artifactId;
}

/** A construct's path for people: an L1 under an L2 is named by the L2 (`Stack/Broker`, not `Stack/Broker/Resource`). */
export function displayPath(c: IConstruct): string {
  return c.node.path.replace(/\/(Resource|Default)$/, '');
}

/**
 * The acknowledgements on a construct and its ancestors, ids without the `annotation::` prefix that
 * `Validations.acknowledge` adds to plain ids (namespaced ids `Plugin::Rule` are kept as they are).
 */
export function acknowledgements(c: IConstruct | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (let cur: IConstruct | undefined = c; cur !== undefined; cur = cur.node.scope) {
    for (const entry of cur.node.metadata) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && entry.data !== null && typeof entry.data === 'object') {
        for (const [id, reason] of Object.entries(entry.data as { [id: string]: string })) {
          const plain = id.replace(/^annotation::/i, '');
          if (!out.has(plain)) out.set(plain, String(reason));
        }
      }
    }
  }
  return out;
}
