import {
  CfnElement, CfnParameter, CfnResource, DefaultTokenResolver, IFragmentConcatenator, IPostProcessor, IResolvable,
  IResolveContext, Reference, Stack, Tokenization,
} from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * What a placeholder in a resolved value stands for.
 *
 * - `ref`: a CDK reference (`Ref`/`Fn::GetAtt`) to a construct of this app, in any stack;
 * - `import`: an `Fn::ImportValue` that is not a reference of this app (outside the app);
 * - `raw`: any other intrinsic (a raw `Ref`/`Fn::GetAtt` written as JSON, a pseudo parameter, `Fn::Sub`, ...).
 */
export type Placeholder =
  | { readonly kind: 'ref'; readonly target: IConstruct; readonly attribute: string }
  | { readonly kind: 'import'; readonly exportName: string }
  | { readonly kind: 'raw'; readonly stack: Stack; readonly json: string; readonly logicalId?: string; readonly attribute?: string };

const PLACEHOLDER = /\$\{MeshRef\[(\d+)\]\}/g;

/** Joins string fragments; a fragment that resolved to an intrinsic is kept as an `Fn::Join` part. */
class JoinConcat implements IFragmentConcatenator {
  public join(left: any, right: any): any {
    if (typeof left === 'string' && typeof right === 'string') {
      return left + right;
    }
    return { 'Fn::Join': ['', [left, right]] };
  }
}

/**
 * A token resolver that replaces every CDK reference with a `${MeshRef[n]}` placeholder string and records its
 * target construct, so values keep pointing at constructs (across stacks, before or after cross-stack exports
 * were created) instead of at per-stack logical ids or `Fn::ImportValue` names.
 */
class PlaceholderResolver extends DefaultTokenResolver {
  constructor(private readonly table: ReferenceTable) {
    super(new JoinConcat());
  }

  public resolveToken(t: IResolvable, context: IResolveContext, postProcessor: IPostProcessor): any {
    if (Reference.isReference(t)) {
      return this.table.add({ kind: 'ref', target: t.target, attribute: t.displayName });
    }
    return super.resolveToken(t, context, postProcessor);
  }
}

/**
 * Resolves CloudFormation values of one app with placeholders for references, and renders the result as text.
 * One table per validation run.
 */
export class ReferenceTable {
  private readonly entries: Placeholder[] = [];
  private readonly resolver = new PlaceholderResolver(this);

  /** Registers a placeholder and returns its text. */
  public add(placeholder: Placeholder): string {
    this.entries.push(placeholder);
    return `\${MeshRef[${this.entries.length - 1}]}`;
  }

  /** The placeholders in a text, in order of appearance. */
  public placeholdersIn(text: string): Placeholder[] {
    return [...text.matchAll(PLACEHOLDER)].map((m) => this.entries[Number(m[1])]);
  }

  /** The placeholder when the whole text is exactly one placeholder. */
  public onlyPlaceholder(text: string): Placeholder | undefined {
    const m = /^\$\{MeshRef\[(\d+)\]\}$/.exec(text);
    return m === null ? undefined : this.entries[Number(m[1])];
  }

  /**
   * Resolves a value in the scope of `node`'s stack; references become placeholder strings, other intrinsics
   * stay CloudFormation JSON.
   */
  public resolve(node: IConstruct, value: unknown): any {
    return Tokenization.resolve(value, { scope: node, resolver: this.resolver, preparing: false });
  }

  /**
   * Resolves a value and renders it as one string: `Fn::Join` parts are joined, `Fn::Select` of a referenced
   * list keeps the list's placeholder, `Fn::Base64` is rendered as its content, `Fn::ImportValue` and any other
   * intrinsic become placeholders too.
   */
  public resolveToText(node: IConstruct, value: unknown): string {
    return this.render(Stack.of(node), this.resolve(node, value));
  }

  /** Renders resolved CloudFormation JSON as text (see `resolveToText`). */
  public render(stack: Stack, value: any): string {
    if (typeof value === 'string') {
      return value;
    }
    if (typeof value === 'number' || typeof value === 'boolean') {
      return String(value);
    }
    if (Array.isArray(value)) {
      return value.map((v) => this.render(stack, v)).join(',');
    }
    if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      if (keys.length === 1) {
        const arg = value[keys[0]];
        switch (keys[0]) {
          case 'Fn::Join':
            if (Array.isArray(arg) && arg.length === 2) {
              const parts = arg[1];
              return Array.isArray(parts) ? parts.map((p) => this.render(stack, p)).join(String(arg[0])) : this.render(stack, parts);
            }
            break;
          case 'Fn::Select':
            if (Array.isArray(arg) && arg.length === 2) {
              const list = arg[1];
              if (Array.isArray(list) && typeof arg[0] === 'number' && arg[0] < list.length) {
                return this.render(stack, list[arg[0]]);
              }
              if (!Array.isArray(list)) {
                return this.render(stack, list);
              }
            }
            break;
          case 'Fn::Split':
            if (Array.isArray(arg) && arg.length === 2) {
              return this.render(stack, arg[1]);
            }
            break;
          case 'Fn::Base64':
            return this.render(stack, arg);
          case 'Fn::Sub':
            if (typeof arg === 'string') {
              return this.renderSub(stack, arg, {});
            }
            if (Array.isArray(arg) && typeof arg[0] === 'string' && arg.length === 2 && typeof arg[1] === 'object') {
              return this.renderSub(stack, arg[0], arg[1] ?? {});
            }
            break;
          case 'Fn::ImportValue':
            return this.add({ kind: 'import', exportName: this.render(stack, arg) });
          case 'Ref':
            if (typeof arg === 'string') {
              return this.add({ kind: 'raw', stack, json: JSON.stringify(value), logicalId: arg, attribute: 'Ref' });
            }
            break;
          case 'Fn::GetAtt':
            if (Array.isArray(arg) && typeof arg[0] === 'string') {
              return this.add({ kind: 'raw', stack, json: JSON.stringify(value), logicalId: arg[0], attribute: String(arg[1]) });
            }
            break;
        }
      }
    }
    return this.add({ kind: 'raw', stack, json: JSON.stringify(value) });
  }

  /** `Fn::Sub`: `${Var}` from the variable map, `${LogicalId}` / `${LogicalId.Attribute}` as placeholders. */
  private renderSub(stack: Stack, text: string, vars: { [name: string]: unknown }): string {
    return text.replace(/\$\{([^!}][^}]*)\}/g, (whole, name: string) => {
      if (name in vars) {
        return this.render(stack, vars[name]);
      }
      const [logicalId, ...attribute] = name.split('.');
      const json = JSON.stringify(attribute.length === 0 ? { Ref: logicalId } : { 'Fn::GetAtt': [logicalId, attribute.join('.')] });
      return logicalId.startsWith('AWS::')
        ? this.add({ kind: 'raw', stack, json: whole })
        : this.add({ kind: 'raw', stack, json, logicalId, attribute: attribute.length === 0 ? 'Ref' : attribute.join('.') });
    }).replace(/\$\{!/g, '${');
  }

  /**
   * A stable text for comparing resolved values across stacks: each placeholder is replaced by what it stands
   * for (`<construct path>.<attribute>`, `ImportValue(<name>)`, or the intrinsic's JSON qualified by its stack).
   */
  public canonical(text: string): string {
    return text.replace(PLACEHOLDER, (_m, n) => {
      const p = this.entries[Number(n)];
      switch (p.kind) {
        case 'ref': return `<${p.target.node.path}.${p.attribute}>`;
        case 'import': return `<ImportValue(${this.canonical(p.exportName)})>`;
        default: return `<${p.stack.node.path}:${p.json}>`;
      }
    });
  }
}

/** The CloudFormation resource type of a construct, or undefined when it is not a CfnResource. */
export function cfnTypeOf(target: IConstruct | undefined): string | undefined {
  return target !== undefined && CfnResource.isCfnResource(target) ? target.cfnResourceType : undefined;
}

/** Whether a construct is a CloudFormation parameter declared `NoEcho`. */
export function isNoEchoParameter(target: IConstruct): boolean {
  return target instanceof CfnParameter && target.noEcho === true;
}

/** Indexes the CloudFormation elements of an app by stack and logical id, for raw `Ref`/`Fn::GetAtt` JSON. */
export class LogicalIdIndex {
  private readonly byStack = new Map<Stack, Map<string, CfnElement>>();

  constructor(elements: CfnElement[]) {
    for (const e of elements) {
      const stack = e.stack;
      let m = this.byStack.get(stack);
      if (!m) {
        m = new Map();
        this.byStack.set(stack, m);
      }
      m.set(stack.resolve(e.logicalId), e);
    }
  }

  /** The element with that logical id in that stack. */
  public find(stack: Stack, logicalId: string): CfnElement | undefined {
    return this.byStack.get(stack)?.get(logicalId);
  }
}
