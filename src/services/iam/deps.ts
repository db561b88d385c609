import type { IamEngine } from '../../domain/iam/iam-engine.js';

export interface IamDeps {
  iam: IamEngine;
}
