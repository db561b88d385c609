/**
 * Policy simulator wire mapping: the operations' input as the domain's `SimulationInput`, and a page of results as
 * IAM's `EvaluationResults`.
 *
 * Layout as IAM answers: for the resource `*`, the missing context keys are on the result itself and there are no
 * `ResourceSpecificResults`/`EvalDecisionDetails`; for a named resource, the result carries an empty
 * `EvalDecisionDetails` and one `ResourceSpecificResults` entry holding the missing keys.
 */
import type { SimulationInput } from '../../domain/iam/policy-simulator.js';
import type { SimulatedStatement, SimulationResult } from '../../domain/iam/simulate.js';
import { pageByPosition } from './paging.js';
import type { SimulationWireInput } from './simulate-shapes.js';

export function simulationInput(input: SimulationWireInput): SimulationInput {
  return {
    actionNames: input.ActionNames,
    ...(input.PolicyInputList !== undefined ? { policyInputList: input.PolicyInputList } : {}),
    ...(input.PermissionsBoundaryPolicyInputList !== undefined ? { permissionsBoundaryPolicyInputList: input.PermissionsBoundaryPolicyInputList } : {}),
    ...(input.ResourceArns !== undefined ? { resourceArns: input.ResourceArns } : {}),
    ...(input.ResourcePolicy !== undefined ? { resourcePolicy: input.ResourcePolicy } : {}),
    ...(input.ResourceOwner !== undefined ? { resourceOwner: input.ResourceOwner } : {}),
    ...(input.CallerArn !== undefined ? { callerArn: input.CallerArn } : {}),
    ...(input.ContextEntries !== undefined ? { contextEntries: input.ContextEntries } : {}),
  };
}

/** One page (`MaxItems`, default 100) of results; `Marker` is an opaque position. */
export function simulationOutput(results: readonly SimulationResult[], marker: string | undefined, maxItems: number | undefined): Record<string, unknown> {
  const page = pageByPosition(results, marker, maxItems);
  return { EvaluationResults: page.page.map(resultOutput), IsTruncated: page.isTruncated, ...(page.marker !== undefined ? { Marker: page.marker } : {}) };
}

function resultOutput(r: SimulationResult): Record<string, unknown> {
  const statements = r.matchedStatements.map(statementOutput);
  const boundary = r.allowedByPermissionsBoundary === undefined ? {} : { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: r.allowedByPermissionsBoundary } };
  const out: Record<string, unknown> = {
    EvalActionName: r.action,
    EvalResourceName: r.resource,
    EvalDecision: r.decision,
    MatchedStatements: statements,
    MissingContextValues: r.resource === '*' ? r.missingContextValues : [],
    ...boundary,
  };
  if (r.resource !== '*') {
    out.EvalDecisionDetails = {};
    out.ResourceSpecificResults = [
      { EvalResourceName: r.resource, EvalResourceDecision: r.decision, MatchedStatements: statements, MissingContextValues: r.missingContextValues, ...boundary },
    ];
  }
  return out;
}

function statementOutput(s: SimulatedStatement): Record<string, unknown> {
  return {
    SourcePolicyId: s.sourcePolicyId,
    SourcePolicyType: s.sourcePolicyType,
    StartPosition: { Line: s.start.line, Column: s.start.column },
    EndPosition: { Line: s.end.line, Column: s.end.column },
  };
}
