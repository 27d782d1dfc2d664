import type { CreditsErrorKind } from '../../../src/core/openrouter/errors';

/** HTTP status → error kind and retryability: one table for the mapping and the client tests. */
export const STATUS_CASES: ReadonlyArray<[status: number, kind: CreditsErrorKind, retryable: boolean]> = [
  [302, 'redirect', false],
  [400, 'badRequest', false],
  [401, 'invalidKey', false],
  [402, 'outOfCredits', false],
  [403, 'forbidden', false],
  [404, 'notFound', false],
  [408, 'timeout', true],
  [418, 'http', false],
  [422, 'badRequest', false],
  [429, 'rateLimited', true],
  [500, 'serviceError', true],
  [502, 'serviceError', true],
  [503, 'serviceError', true],
  [504, 'serviceError', true],
  [524, 'serviceError', true],
  [529, 'serviceError', true],
];
