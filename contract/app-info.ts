import { z } from 'zod';

export const AppInfoSchema = z.object({
  name: z.string().min(1),
  version: z.string().min(1),
  platform: z.string().min(1),
  arch: z.string().min(1),
  /** Runtime versions; `electron` and `chrome` are absent outside the desktop app. */
  runtime: z.object({
    node: z.string().min(1),
    v8: z.string().min(1),
    electron: z.string().min(1).optional(),
    chrome: z.string().min(1).optional(),
  }),
  /** How the UI reaches the services: Electron IPC in the desktop app, loopback HTTP in preview. */
  transport: z.enum(['ipc', 'http']),
  /** The system's preferred languages, most wanted first (the desktop app's `app.getPreferredSystemLanguages()`); a browser has its own. */
  preferredLanguages: z.array(z.string().max(64)).max(32).optional(),
});

export type AppInfo = z.infer<typeof AppInfoSchema>;
