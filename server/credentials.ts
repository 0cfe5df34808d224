import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../main/report/build-report';
import type { Credential, CredentialKind, ReportStore } from './store/report-store';

/** Secrets are stored only as this hash: a stolen database holds no usable key or token. */
export function hashSecret(secret: string): string {
  return sha256Hex(Buffer.from(secret, 'utf8'));
}

/**
 * What every secret starts with. It says what the secret is where one turns up, and a secret never
 * starts with '-', which a command line (`--key -abc…`) would take for an option.
 */
export const SECRET_PREFIXES: Readonly<Record<CredentialKind, string>> = {
  'ingest-key': 'cik_',
  'reviewer-token': 'crt_',
  'symbols-key': 'csk_',
};

/** Makes a new ingest key or reviewer token; the secret is returned once and never stored. */
export async function issueCredential(
  store: ReportStore,
  kind: CredentialKind,
  label: string,
  now: Date = new Date(),
): Promise<{ credential: Credential; secret: string }> {
  const secret = `${SECRET_PREFIXES[kind]}${randomBytes(24).toString('base64url')}`;
  const credential: Credential = { id: randomBytes(6).toString('hex'), kind, label, createdAt: now.toISOString(), revokedAt: null };
  await store.addCredential(credential, hashSecret(secret));
  return { credential, secret };
}
