/**
 * Runs an Amazon States Language definition (the subset the lifecycle state machine uses: Wait, Task with the
 * optimized `lambda:invoke` integration, Choice with And / IsPresent / BooleanEquals, Succeed, Fail, Retry, Catch)
 * against an in-process Lambda function, without waiting. Anything outside the subset throws, so a definition this
 * runner accepts is one whose every state and field it has interpreted. Step Functions itself is not available here;
 * the definition is also checked against the ASL schema with asl-validator.
 */

type Json = any;

const KNOWN_FIELDS: Record<string, string[]> = {
  Wait: ['Type', 'SecondsPath', 'Seconds', 'Next', 'Comment'],
  Task: ['Type', 'Resource', 'Parameters', 'OutputPath', 'Retry', 'Catch', 'Next', 'End', 'Comment'],
  Choice: ['Type', 'Choices', 'Default', 'Comment'],
  Succeed: ['Type', 'Comment'],
  Fail: ['Type', 'Error', 'Cause', 'Comment'],
};

function readPath(input: Json, path: string): Json {
  if (!path.startsWith('$')) throw new Error(`unsupported path ${path}`);
  return path.slice(1).split('.').filter((p) => p !== '').reduce((v, k) => (v === undefined ? undefined : v[k]), input);
}

function render(template: Json, input: Json): Json {
  if (Array.isArray(template)) return template.map((t) => render(t, input));
  if (template && typeof template === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(template)) {
      if (k.endsWith('.$')) out[k.slice(0, -2)] = readPath(input, v as string);
      else out[k] = render(v, input);
    }
    return out;
  }
  return template;
}

function matches(rule: Json, input: Json): boolean {
  if (rule.And) return (rule.And as Json[]).every((r) => matches(r, input));
  const value = readPath(input, rule.Variable);
  if ('IsPresent' in rule) return (value !== undefined) === rule.IsPresent;
  if ('BooleanEquals' in rule) {
    if (value === undefined) throw new Error(`States.Runtime: Invalid path '${rule.Variable}'`);
    return value === rule.BooleanEquals;
  }
  throw new Error(`unsupported choice rule ${JSON.stringify(rule)}`);
}

/** The result of an execution. */
export interface AslRun {
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly states: string[];
  readonly error?: string;
}

/** Runs `definition` with `input`; `invoke(functionArn, payload)` plays the Lambda function. */
export async function runDefinition(definition: Json, input: Json, invoke: (fn: string, payload: Json) => Promise<Json>,
  maxTransitions = 500): Promise<AslRun> {
  const states: string[] = [];
  let name: string = definition.StartAt;
  let data = input;
  for (let t = 0; t < maxTransitions; t++) {
    const state = definition.States[name];
    if (!state) throw new Error(`no state ${name}`);
    const unknown = Object.keys(state).filter((k) => !(KNOWN_FIELDS[state.Type] ?? []).includes(k));
    if (unknown.length > 0) throw new Error(`state ${name}: unsupported fields ${unknown.join(', ')}`);
    states.push(name);
    switch (state.Type) {
      case 'Wait':
        if (state.SecondsPath && typeof readPath(data, state.SecondsPath) !== 'number') throw new Error(`States.Runtime: ${state.SecondsPath} is not a number`);
        name = state.Next;
        break;
      case 'Task': {
        if (state.Resource !== 'arn:aws:states:::lambda:invoke') throw new Error(`unsupported resource ${state.Resource}`);
        const params = render(state.Parameters, data);
        let output: Json;
        try {
          output = { Payload: await invoke(params.FunctionName, params.Payload) };
        } catch (err) {
          const catcher = (state.Catch ?? []).find((c: Json) => c.ErrorEquals.includes('States.ALL') || c.ErrorEquals.includes((err as Error).name));
          if (!catcher) return { status: 'FAILED', states, error: (err as Error).message };
          data = { ...data, [catcher.ResultPath.slice(2)]: { Error: (err as Error).name, Cause: (err as Error).message } };
          name = catcher.Next;
          break;
        }
        data = state.OutputPath ? readPath(output, state.OutputPath) : output;
        if (state.End) return { status: 'SUCCEEDED', states };
        name = state.Next;
        break;
      }
      case 'Choice': {
        const chosen = (state.Choices as Json[]).find((c) => matches(c, data));
        name = chosen ? chosen.Next : state.Default;
        break;
      }
      case 'Succeed':
        return { status: 'SUCCEEDED', states };
      case 'Fail':
        return { status: 'FAILED', states, error: state.Error };
      default:
        throw new Error(`unsupported state type ${state.Type}`);
    }
  }
  throw new Error(`no end after ${maxTransitions} transitions`);
}
