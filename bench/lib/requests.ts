/**
 * Turns a job's request sequence into signed requests for one connection: read-only slots are signed once when the
 * connection is set up and replayed (a signature stays valid for Coffer's 15-minute window); PutSecretValue and
 * CreateSecret slots are signed afresh for every request, with a distinct value, token and name each time.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { valueOf, type Template } from './jobs.js';
import { Signer, target, type SignedHeaders } from './sign.js';

export interface WireRequest {
  headers: SignedHeaders;
  body: string;
}

export type Slot = { kind: 'fixed'; request: WireRequest } | { kind: 'fresh'; next: () => WireRequest };

const runTag = randomBytes(4).toString('hex');
let sequenceNumber = 0;

export function slotsForConnection(signer: Signer, sequence: Template[], connection: number): Slot[] {
  return sequence.map((template, slot): Slot => {
    switch (template.kind) {
      case 'static': {
        const body = template.bodies[(connection * sequence.length + slot) % template.bodies.length]!;
        return { kind: 'fixed', request: { headers: signer.sign(target(template.operation), body), body } };
      }
      case 'put':
        return {
          kind: 'fresh',
          next: () => {
            const n = sequenceNumber++;
            const body = JSON.stringify({
              SecretId: template.secretIds[n % template.secretIds.length],
              ClientRequestToken: randomUUID(),
              SecretString: valueOf(`put-${runTag}-${n}`, template.valueBytes),
            });
            return { headers: signer.sign(target('PutSecretValue'), body), body };
          },
        };
      case 'create':
        return {
          kind: 'fresh',
          next: () => {
            const name = `${template.namePrefix}${runTag}-${sequenceNumber++}`;
            const body = JSON.stringify({ Name: name, ClientRequestToken: randomUUID(), SecretString: valueOf(name, template.valueBytes) });
            return { headers: signer.sign(target('CreateSecret'), body), body };
          },
        };
    }
  });
}
