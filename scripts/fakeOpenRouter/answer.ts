// What a route answers (before faults), and OpenRouter's error bodies.

export type Payload = Record<string, unknown>;

/** The answer of a route, before faults. */
export interface Answer {
  status: number;
  payload: Payload;
  headers?: Record<string, string>;
  /** An HTML page instead of the JSON payload. */
  html?: string;
  /** Answer `status` with this Location and no body. */
  location?: string;
}

const ERROR_MESSAGES: Record<number, string> = {
  400: 'Bad Request',
  401: 'User not found.',
  402: 'Insufficient credits. Add more using https://openrouter.ai/credits',
  403: 'Only management keys can perform this operation',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  429: 'Rate limit exceeded',
  500: 'Internal Server Error',
  502: 'Provider returned error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  524: 'Request timed out. Please try again later.',
  529: 'Provider returned error',
};

/** An OpenRouter error body: {"error":{"code":N,"message":"..."}}. */
export function errorBody(code: number, message?: string): { error: { code: number; message: string } } {
  return { error: { code, message: message ?? ERROR_MESSAGES[code] ?? `HTTP ${code}` } };
}

/** An error answer: `status` with OpenRouter's error body. */
export function fail(status: number, message?: string, headers?: Record<string, string>): Answer {
  return headers === undefined ? { status, payload: errorBody(status, message) } : { status, payload: errorBody(status, message), headers };
}

/** 405 with the methods the path allows. */
export function notAllowed(allow: string): Answer {
  return fail(405, undefined, { Allow: allow });
}

/** 403 for a normal key on a management-key route. */
export function managementOnly(): Answer {
  return fail(403, 'Only management keys can perform this operation');
}
