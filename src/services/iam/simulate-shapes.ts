/** Input and output shapes of the policy simulator operations (botocore iam 2010-05-08). */
import type { Member, Shape, StructureShape } from '../../protocol/shape.js';
import * as S from './shapes.js';

const PolicyDocument: Shape = { type: 'string', min: 1, max: 131072 };
const PolicyList: Shape = { type: 'list', member: PolicyDocument };
const ResourceName: Shape = { type: 'string', min: 1, max: 2048 };
export const PolicySourceArn: Member = { type: 'string', min: 20, max: 2048, required: true };

const CONTEXT_KEY_TYPES = ['string', 'stringList', 'numeric', 'numericList', 'boolean', 'booleanList', 'ip', 'ipList', 'binary', 'binaryList', 'date', 'dateList'];
const ContextEntry: StructureShape = {
  type: 'structure',
  members: {
    ContextKeyName: { type: 'string', min: 5, max: 256 },
    ContextKeyValues: { type: 'list', member: { type: 'string' } },
    ContextKeyType: { type: 'string', enum: CONTEXT_KEY_TYPES },
  },
};

/** Members shared by SimulatePrincipalPolicy and SimulateCustomPolicy. */
export const simulationMembers = (policyInputListRequired: boolean): Record<string, Member> => ({
  PolicyInputList: { ...PolicyList, ...(policyInputListRequired ? { required: true } : {}) },
  PermissionsBoundaryPolicyInputList: PolicyList,
  ActionNames: { type: 'list', member: { type: 'string', min: 3, max: 128 }, required: true },
  ResourceArns: { type: 'list', member: ResourceName },
  ResourcePolicy: PolicyDocument,
  ResourceOwner: ResourceName,
  CallerArn: ResourceName,
  ContextEntries: { type: 'list', member: ContextEntry },
  ResourceHandlingOption: { type: 'string', min: 1, max: 64 },
  MaxItems: S.MaxItems,
  Marker: S.Marker,
});

export const PolicyInputList: Shape = PolicyList;

const Position: StructureShape = { type: 'structure', members: { Line: { type: 'integer' }, Column: { type: 'integer' } } };
const Statement: StructureShape = {
  type: 'structure',
  members: { SourcePolicyId: { type: 'string' }, SourcePolicyType: { type: 'string' }, StartPosition: Position, EndPosition: Position },
};
const StatementList: Shape = { type: 'list', member: Statement };
const KeyNames: Shape = { type: 'list', member: { type: 'string' } };
const DecisionDetails: Shape = { type: 'map', key: { type: 'string' }, value: { type: 'string' } };
const BoundaryDetail: StructureShape = { type: 'structure', members: { AllowedByPermissionsBoundary: { type: 'boolean' } } };

const ResourceSpecificResult: StructureShape = {
  type: 'structure',
  members: {
    EvalResourceName: { type: 'string' },
    EvalResourceDecision: { type: 'string' },
    MatchedStatements: StatementList,
    MissingContextValues: KeyNames,
    EvalDecisionDetails: DecisionDetails,
    PermissionsBoundaryDecisionDetail: BoundaryDetail,
  },
};

const EvaluationResult: StructureShape = {
  type: 'structure',
  members: {
    EvalActionName: { type: 'string' },
    EvalResourceName: { type: 'string' },
    EvalDecision: { type: 'string' },
    MatchedStatements: StatementList,
    MissingContextValues: KeyNames,
    OrganizationsDecisionDetail: { type: 'structure', members: { AllowedByOrganizations: { type: 'boolean' } } },
    PermissionsBoundaryDecisionDetail: BoundaryDetail,
    EvalDecisionDetails: DecisionDetails,
    ResourceSpecificResults: { type: 'list', member: ResourceSpecificResult },
  },
};

export const SimulatePolicyResponse: StructureShape = {
  type: 'structure',
  members: { EvaluationResults: { type: 'list', member: EvaluationResult }, IsTruncated: { type: 'boolean' }, Marker: { type: 'string' } },
};

export const GetContextKeysForPolicyResponse: StructureShape = { type: 'structure', members: { ContextKeyNames: KeyNames } };

/** The wire form of SimulatePrincipalPolicy / SimulateCustomPolicy input, as the operations receive it. */
export interface SimulationWireInput {
  PolicyInputList?: string[];
  PermissionsBoundaryPolicyInputList?: string[];
  ActionNames: string[];
  ResourceArns?: string[];
  ResourcePolicy?: string;
  ResourceOwner?: string;
  CallerArn?: string;
  ContextEntries?: { ContextKeyName?: string; ContextKeyValues?: string[]; ContextKeyType?: string }[];
  ResourceHandlingOption?: string;
  MaxItems?: number;
  Marker?: string;
}
