// Whose state a file holds: one fingerprint of an API key for every use
// (the shared state, the history, the /credits 403 memory, the account list).
import { createHash } from 'node:crypto';

/**
 * A short, salted, non-secret fingerprint of a key (16 hex digits of a
 * SHA-256). The salt is random per installation (a file beside the shared
 * files), so the fingerprint cannot be matched against a key anywhere else.
 * Surrounding whitespace of the key does not count.
 */
export function keyId(salt: string, key: string): string {
  return createHash('sha256').update(`${salt}\u0000${key.trim()}`, 'utf8').digest('hex').slice(0, 16);
}
