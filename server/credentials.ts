import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../main/report/build-report';
import type { Credential, CredentialKind, ReportStore } from './store/report-store';

/** Secrets are stored only as this hash: a stolen database holds no usable key or token. */
export function hashSecret(secret: string): string {
  return sha256Hex(Buffer.from(secret, 'utf8'));
}

/** Makes a new ingest key or reviewer token; the secret is returned once and never stored. */
export async function issueCredential(
  store: ReportStore,
  kind: CredentialKind,
  label: string,
  now: Date = new Date(),
): Promise<{ credential: Credential; secret: string }> {
  const secret = randomBytes(24).toString('base64url');
  const credential: Credential = { id: randomBytes(6).toString('hex'), kind, label, createdAt: now.toISOString(), revokedAt: null };
  await store.addCredential(credential, hashSecret(secret));
  return { credential, secret };
}
