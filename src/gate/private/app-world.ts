import {
  Base64Text, CfnObject, CfnValue, Concat, concat, ImportedValue, ImpossibleWorld, isObject, isText, JoinedList, ListElement, Placeholders,
  ResourceAttribute, ResourceRef, SplitList, splitText, Symbolic, TemplateEvaluation, Text, textKey, textParts,
} from '../../cfn';
import { ResourceKey, TemplateSource } from '../model';

export const BROKER = 'AWS::AmazonMQ::Broker';
export const CONFIGURATION = 'AWS::AmazonMQ::Configuration';
export const ASSOCIATION = 'AWS::AmazonMQ::ConfigurationAssociation';
export const NESTED_STACK = 'AWS::CloudFormation::Stack';
/** CDK's `crossRegionReferences`: the consumer reads an SSM parameter the producer's writer fills (aws-cdk-lib). */
export const CROSS_REGION_READER = 'Custom::CrossRegionExportReader';
export const CROSS_REGION_WRITER = 'Custom::CrossRegionExportWriter';

/** One template of the app in the world being judged. */
export interface WorldTemplate {
  readonly source: TemplateSource;
  readonly evaluation: TemplateEvaluation;
  /** For a nested stack: the parent template's id and the nested stack's logical id there. */
  readonly parent?: ResourceKey;
}

/**
 * The whole app in one world (one combination of deploy-time condition values): every template's evaluation,
 * exports by name, and the references between templates followed (`Fn::ImportValue` to the export's value, a
 * nested stack's outputs). Owned by one gate run; nothing here is global.
 */
export class AppWorld {
  public readonly placeholders = new Placeholders();
  private readonly byId = new Map<string, WorldTemplate>();
  private exportIndex?: Map<string, { template: WorldTemplate; output: string }>;
  private readonly linking = new Set<string>();

  constructor(public readonly templates: WorldTemplate[], public readonly choices: string[]) {
    for (const t of templates) this.byId.set(t.evaluation.id, t);
  }

  public template(id: string): WorldTemplate | undefined {
    return this.byId.get(id);
  }

  /** Resources of a type created in this world, in every template. */
  public resourcesOfType(type: string): ResourceKey[] {
    return this.templates.flatMap((t) => t.evaluation.resourceList(type).map((r) => ({ template: t.evaluation.id, logicalId: r.logicalId })));
  }

  public typeOf(key: ResourceKey): string | undefined {
    const t = this.byId.get(key.template);
    return t !== undefined && t.evaluation.exists(key.logicalId) ? t.evaluation.typeOf(key.logicalId) : undefined;
  }

  /** A resource's properties with references between templates followed. */
  public properties(key: ResourceKey): CfnObject {
    const p = this.byId.get(key.template)!.evaluation.properties(key.logicalId);
    return this.link(p) as CfnObject;
  }

  public metadata(key: ResourceKey): CfnValue | undefined {
    return this.byId.get(key.template)!.evaluation.metadata(key.logicalId);
  }

  /** The construct path of a resource (`aws:cdk:path` without a trailing `/Resource`), or `<stack>/<logical id>`. */
  public pathOf(key: ResourceKey): string {
    const t = this.byId.get(key.template);
    const known = t?.source.constructPaths?.get(key.logicalId);
    if (known !== undefined) return known;
    const m = t?.evaluation.metadata(key.logicalId);
    const p = isObject(m) ? m['aws:cdk:path'] : undefined;
    if (typeof p === 'string' && p.length > 0) return p.replace(/\/(Resource|Default)$/, '');
    return `${t?.source.displayName ?? key.template}/${key.logicalId}`;
  }

  /**
   * Follows references between templates inside a value: `Fn::ImportValue` of an export of the app becomes the
   * exported value, a nested stack's parameter or output becomes its value. Unknown imports stay imports.
   */
  public link(value: CfnValue): CfnValue {
    if (value instanceof Symbolic) return this.linkSymbol(value);
    if (value instanceof Concat) return concat(value.parts.map((p) => (typeof p === 'string' ? p : this.linkText(this.linkSymbol(p)))));
    if (Array.isArray(value)) return value.map((v) => this.link(v));
    if (isObject(value)) {
      const out: { [k: string]: CfnValue } = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.link(v);
      return out;
    }
    return value;
  }

  /** What a deploy-time value points at: a resource of the app and the attribute (`Ref` for its id). */
  public targetOf(s: Symbolic): { key: ResourceKey; attribute: string; element?: number } | undefined {
    if (s instanceof ResourceRef) return { key: { template: s.template, logicalId: s.logicalId }, attribute: 'Ref' };
    if (s instanceof ResourceAttribute) return { key: { template: s.template, logicalId: s.logicalId }, attribute: s.attribute };
    if ((s instanceof ListElement || s instanceof JoinedList) && s.list instanceof ResourceAttribute) {
      const element = s instanceof ListElement ? s.index : undefined;
      return { key: { template: s.list.template, logicalId: s.list.logicalId }, attribute: s.list.attribute, element };
    }
    return undefined;
  }

  /** A text with the app's references followed, as one string with placeholders for deploy-time parts. */
  public render(t: Text): string {
    return this.placeholders.render(this.linkText(t));
  }

  private linkText(t: CfnValue): Text {
    const v = this.link(t);
    return isText(v) ? v : this.byId.values().next().value!.evaluation.opaque('a list where a string is expected');
  }

  private linkSymbol(s: Symbolic): CfnValue {
    if (this.linking.has(s.key)) return s; // a reference cycle between templates: leave it as it is
    this.linking.add(s.key);
    try {
      if (s instanceof ImportedValue) {
        const name = this.link(s.exportName as CfnValue);
        if (typeof name === 'string') {
          const e = this.exports().get(name);
          if (e !== undefined) return this.link(e.template.evaluation.outputValue(e.output));
        }
        return s;
      }
      if (s instanceof ResourceAttribute && this.typeOf({ template: s.template, logicalId: s.logicalId }) === CROSS_REGION_READER) {
        // an SSM parameter holds a string: a list is written comma-joined (what a reader used as a string returns)
        const exported = this.crossRegionExport(s.attribute);
        if (exported instanceof Symbolic && exported.isList) return this.linkSymbol(new JoinedList(',', exported));
        if (exported !== undefined) return this.link(exported);
      }
      if (s instanceof ResourceAttribute && s.attribute.startsWith('Outputs.')) {
        const nested = this.templates.find((t) => t.parent?.template === s.template && t.parent.logicalId === s.logicalId);
        if (nested !== undefined) return this.link(nested.evaluation.outputValue(s.attribute.slice('Outputs.'.length)));
      }
      if (s instanceof ListElement) {
        const list = this.linkSymbol(s.list);
        if (Array.isArray(list)) return s.index < list.length ? list[s.index] : s;
        return list instanceof Symbolic && list !== s.list ? new ListElement(list, s.index) : s;
      }
      if (s instanceof Base64Text) {
        const text = this.link(s.text);
        if (typeof text === 'string') return Buffer.from(text, 'utf8').toString('base64');
        return isText(text) ? new Base64Text(text instanceof Concat ? text : new Concat([text])) : s;
      }
      if (s instanceof SplitList) {
        const text = this.link(s.text as CfnValue);
        const parts = isText(text) ? splitText(s.separator, text) : undefined;
        return parts !== undefined ? this.link(parts) : s;
      }
      if (s instanceof JoinedList) {
        const list = this.linkSymbol(s.list);
        if (Array.isArray(list) && list.every(isText)) return concat(list.flatMap((x, i) => (i === 0 ? [x as Text] : [s.separator, x as Text])));
        return list instanceof Symbolic && list !== s.list ? new JoinedList(s.separator, list) : s;
      }
      return s;
    } finally {
      this.linking.delete(s.key);
    }
  }

  /**
   * The value a `Custom::CrossRegionExportWriter` of the app writes under an export name (`/cdk/exports/<consumer>/…`),
   * which the consumer's reader returns as the attribute of that name. A writer that cannot be evaluated writes nothing
   * the gate knows (fail closed).
   */
  private crossRegionExport(name: string): CfnValue | undefined {
    for (const t of this.templates) {
      for (const w of t.evaluation.resourceList(CROSS_REGION_WRITER)) {
        let props;
        try {
          props = t.evaluation.properties(w.logicalId);
        } catch (e) {
          if (e instanceof ImpossibleWorld) throw e;
          continue;
        }
        const writer = props.WriterProps;
        const exports = isObject(writer) ? writer.exports : undefined;
        if (isObject(exports) && Object.prototype.hasOwnProperty.call(exports, name)) return exports[name];
      }
    }
    return undefined;
  }

  private exports(): Map<string, { template: WorldTemplate; output: string }> {
    if (this.exportIndex === undefined) {
      this.exportIndex = new Map();
      for (const t of this.templates) {
        let outputs;
        try {
          outputs = t.evaluation.outputList();
        } catch (e) {
          if (e instanceof ImpossibleWorld) throw e;
          continue; // exports that cannot be evaluated are unknown: their imports count for nothing (fail closed)
        }
        for (const o of outputs) {
          const name = o.exportName === undefined ? undefined : this.link(o.exportName as CfnValue);
          if (typeof name === 'string') this.exportIndex.set(name, { template: t, output: o.name });
        }
      }
    }
    return this.exportIndex;
  }
}

/** A stable key of a resource for maps. */
export function keyString(k: ResourceKey): string {
  return `${k.template}\u0000${k.logicalId}`;
}

/** Whether two texts are the same deploy-time value. */
export function sameText(a: Text, b: Text): boolean {
  return textKey(a) === textKey(b);
}

/** The symbolic parts of a text. */
export function symbolicParts(t: Text): Symbolic[] {
  return textParts(t).filter((p): p is Symbolic => typeof p !== 'string');
}
