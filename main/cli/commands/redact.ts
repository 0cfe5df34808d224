import os from 'node:os';
import { redactText } from '../../privacy/redact';

export const redactUsage = 'candor redact < input > output';

/** Standard input to standard output, personal data replaced; what was removed goes to standard error. */
export async function runRedact(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const { text, counts } = redactText(Buffer.concat(chunks).toString('utf8'), {
    identity: { userName: os.userInfo().username, homeDir: os.homedir(), hostName: os.hostname() },
  });
  process.stdout.write(text);
  const removed = Object.entries(counts).map(([kind, count]) => `${count} ${kind}`);
  process.stderr.write(`candor redact: removed ${removed.length === 0 ? 'nothing' : removed.join(', ')}\n`);
}
