import { ANY_RESOURCE, defineOperation } from '../../operation.js';
import type { IamDeps } from '../deps.js';
import { simulationInput, simulationOutput } from '../simulate-output.js';
import { SimulatePolicyResponse, simulationMembers, type SimulationWireInput } from '../simulate-shapes.js';

export const simulateCustomPolicy = defineOperation<SimulationWireInput & { PolicyInputList: string[] }, IamDeps>({
  name: 'SimulateCustomPolicy',
  readOnly: true,
  authorization: ANY_RESOURCE,
  input: { type: 'structure', members: simulationMembers(true) },
  output: SimulatePolicyResponse,
  async handle(input, ctx, { simulator }) {
    const results = simulator.simulateCustom(ctx.scope.accountId, simulationInput(input));
    return simulationOutput(results, input.Marker, input.MaxItems);
  },
});
