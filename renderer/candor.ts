import type { CandorApi } from '../contract/api';

declare global {
  interface Window {
    /** Provided by the Electron preload or, in preview, by the HTTP bridge client. */
    readonly candor?: CandorApi;
  }
}

export function candor(): CandorApi {
  if (window.candor === undefined) {
    throw new Error('window.candor is missing: the page was opened without the Candor preload or bridge');
  }
  return window.candor;
}
