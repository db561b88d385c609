import { defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { simulationInput, simulationOutput } from '../simulate-output.js';
import { PolicySourceArn, SimulatePolicyResponse, simulationMembers, type SimulationWireInput } from '../simulate-shapes.js';

/** Authorized on the simulated entity's ARN, as IAM does (it discloses that entity's permissions). */
export const simulatePrincipalPolicy = defineOperation<SimulationWireInput & { PolicySourceArn: string }, IamDeps>({
  name: 'SimulatePrincipalPolicy',
  readOnly: true,
  authorization: { resource: (input) => input.PolicySourceArn },
  input: { type: 'structure', members: { PolicySourceArn, ...simulationMembers(false) } },
  output: SimulatePolicyResponse,
  async handle(input, ctx, { simulator }) {
    const results = await simulator.simulatePrincipal(ctx.scope.accountId, input.PolicySourceArn, simulationInput(input));
    return simulationOutput(results, input.Marker, input.MaxItems);
  },
});
