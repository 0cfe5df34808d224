/** Every user-facing string, in one place for translation. English first. */
export const strings = {
  appTitle: 'Candor',
  tagline: 'Crash reports you can read before they are sent.',
  loading: 'Loading…',
  aboutHeading: 'About this app',
  version: 'Version',
  platform: 'Platform',
  runtimeHeading: 'Runtime',
  connection: 'Connected through',
  transportNames: { ipc: 'the desktop app', http: 'the local preview bridge' },
  pendingCrashHeading: 'A crash is waiting for your decision',
  noPendingCrash: 'No crash is waiting. Nothing has been collected or sent.',
  errorHeading: 'Candor could not load',
} as const;
