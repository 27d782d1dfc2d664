// A fake OpenRouter account API (GET /api/v1/key, /credits, /keys, /activity,
// /generation; GET and PATCH /keys/{hash}) and its OAuth PKCE sign-in
// (GET /auth, POST /api/v1/auth/keys), for the unit, integration and e2e
// tests and for the `npm start` demo (scripts/demo/).
//
// The account: the management key spends nothing itself (its /key usage is 0);
// the account's spend is in its keys (GET /keys, usage per key) and in its
// activity (GET /activity, per day, model and provider endpoint). Answers pass
// both the shared OpenAPI file (Ajv) and the @openrouter/sdk validators
// (test/unit/fakeServer.schema.test.ts, test/unit/sdkOracle.test.ts).
//
// Node built-ins only: the integration tests bundle this folder with esbuild
// into a VS Code extension host, so no third-party imports here.
//
//   server.ts       FakeOpenRouter: the HTTP server, the request record, the routing
//   state.ts        the account in memory and the methods that shape it
//   routes/         one file per route family: keyAndCredits, keys, activity, auth
//   data.ts         builders of key states and key list items; the reference account
//   activityData.ts builders of activity rows and generations
//   faults.ts       fault rules and how they bend an answer on the wire
//   drain.ts        spending, and the drain simulation

export {
  ACTIVITY_DAYS,
  ACTIVITY_PATH,
  AUTH_CODE_TTL_MS,
  AUTH_KEYS_PATH,
  AUTH_PATH,
  CREDITS_PATH,
  FAKE_GENERATION_IDS,
  FAKE_KEYS,
  FAKE_USER_ID,
  FAKE_WORKSPACE_ID,
  GENERATION_PATH,
  ISSUED_KEY_LIMIT,
  KEYS_PAGE_SIZE,
  KEYS_PATH,
  KEY_PATCH_FIELDS,
  KEY_PATH,
  LIMIT_RESETS,
  keyPath,
} from './constants';
export { errorBody } from './answer';
export { roundUsd } from './util';
export {
  defaultAccountKeys,
  defaultKeyStates,
  fakeKeyData,
  fakeListedKey,
  maskedKeyLabel,
  tiedListedKey,
  type FakeAccount,
  type FakeCredits,
  type FakeKeyState,
  type FakeListedKey,
} from './data';
export {
  completedUtcDays,
  defaultActivity,
  defaultGenerations,
  fakeActivityRow,
  fakeGenerationData,
  type FakeActivity,
  type FakeActivityRow,
} from './activityData';
export { limitRemainingOf, parseKeyPatch } from './routes/keys';
export type { IssuedKey } from './routes/auth';
export type { FaultRule } from './faults';
export { FakeOpenRouter, type FakeOpenRouterOptions, type RecordedRequest } from './server';
