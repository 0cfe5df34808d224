import { errorText } from '../notice-text';

/** Bad command-line input: the process prints the message on one line and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Runs a command's main function with the house exit codes: 0, 1 on failure, 2 on bad usage. */
export function runMain(name: string, main: () => Promise<void>): void {
  // A reader that stops early (`| head`) is not a failure of the command.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_OK);
    throw error;
  });
  main().catch((error: unknown) => {
    const message = errorText(error);
    process.stderr.write(`${name}: ${message.split('\n')[0] ?? ''}\n`);
    process.exitCode = error instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
  });
}
