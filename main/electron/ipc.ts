import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { apiCallNames, apiEventNames, channelOf, type Unsubscribe } from '../../contract/api';
import { CandorError, serializeError, type CallOutcome } from '../../contract/errors';
import type { ApiEventHub } from '../api/event-hub';
import type { ApiHandlers } from '../api/handlers';
import { invokeApiCall } from '../api/invoke';

export interface ApiIpcOptions {
  ipcMain: Pick<IpcMain, 'handle'>;
  handlers: ApiHandlers;
  isTrusted: (event: IpcMainInvokeEvent) => boolean;
}

/** Registers one `candor:<method>` channel per API call, each behind the sender check. */
export function registerApiIpc({ ipcMain, handlers, isTrusted }: ApiIpcOptions): void {
  for (const name of apiCallNames) {
    ipcMain.handle(channelOf(name), async (event, args: unknown): Promise<CallOutcome> => {
      if (!isTrusted(event)) {
        const error = new CandorError('untrusted-sender', `Refused ${name}: the caller is not a Candor window`);
        return { ok: false, error: serializeError(error) };
      }
      return invokeApiCall(handlers, name, args);
    });
  }
}

/** Forwards every service event to the trusted windows alive at that moment. */
export function forwardApiEvents(events: ApiEventHub, targets: () => Iterable<WebContents>): Unsubscribe {
  const unsubscribes = apiEventNames.map((name) =>
    events.subscribe(name, (payload) => {
      for (const contents of targets()) {
        if (!contents.isDestroyed()) contents.send(channelOf(name), payload);
      }
    }),
  );
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
