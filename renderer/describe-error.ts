import { isSerializedError } from '../contract/errors';

/** The message of whatever a failed call rejected with: the plain `{ code, name, message }` shape or an Error. */
export function describeError(error: unknown): string {
  if (isSerializedError(error) || error instanceof Error) return error.message;
  return String(error);
}
