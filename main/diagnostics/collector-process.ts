import { collectDiagnostics } from './collect';
import { CollectRequestSchema } from './collect-request';

/**
 * The collector's own process: it receives one request, collects, answers and exits, so that
 * systeminformation's synchronous child processes never stall the caller's event loop. It runs
 * as a Node child process (`process.send`) or an Electron utility process (`process.parentPort`).
 */
interface MessagePortLike {
  on(event: 'message', listener: (message: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: MessagePortLike }).parentPort;

async function handle(message: unknown, reply: (answer: unknown) => void): Promise<void> {
  const request = CollectRequestSchema.safeParse(message);
  if (!request.success) {
    reply({ ok: false, error: `invalid collect request: ${request.error.issues[0]?.message ?? 'unknown'}` });
    return;
  }
  reply({ ok: true, snapshot: await collectDiagnostics(request.data) });
}

if (parentPort !== undefined) {
  parentPort.on('message', (message) => {
    void handle(message.data, (answer) => {
      parentPort.postMessage(answer);
      process.exit(0);
    });
  });
} else if (process.send !== undefined) {
  // The caller is gone (quit, killed): nobody will read the answer, so nothing more is written.
  process.once('disconnect', () => process.exit(0));
  process.once('message', (message: unknown) => {
    void handle(message, (answer) => {
      process.send?.(answer, () => process.exit(0));
    });
  });
} else {
  process.stderr.write('The Candor collector runs as a child process; use `candor collect`.\n');
  process.exitCode = 2;
}
