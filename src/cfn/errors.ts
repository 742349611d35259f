/** A template that CloudFormation itself would refuse, or that the evaluator cannot follow: where and why. */
export class CfnEvaluationError extends Error {
  constructor(public readonly template: string, public readonly where: string, public readonly detail: string) {
    super(`${where}: ${detail}`);
    this.name = 'CfnEvaluationError';
  }
}

/**
 * Thrown when a combination of parameter values cannot deploy (a `Fn::FindInMap` key that is not in the map for
 * a parameter value outside the map): CloudFormation refuses it, so nothing of it needs judging.
 */
export class ImpossibleWorld extends Error {
  constructor(public readonly template: string, detail: string) {
    super(`${template}: ${detail}`);
    this.name = 'ImpossibleWorld';
  }
}
