import { CrashStore } from '../../../../main/capture/crash-store';
import { installProcessHooks } from '../../../../main/capture/process-hooks';

/**
 * A program that installs Candor's process hooks and then fails the way it is told:
 * `node crashing-child.mjs <crash folder> throw|reject|reject-string|reject-object`.
 */
const [folder = '', mode = 'throw'] = process.argv.slice(2);
const store = new CrashStore(folder);
installProcessHooks(process, {
  store,
  app: { name: 'Crashing Child', version: '1.0.0' },
  onFatal: () => process.exit(70),
});

function readSettings(): never {
  throw new TypeError('settings.json is not valid');
}

setTimeout(() => {
  switch (mode) {
    case 'throw':
      readSettings();
      break;
    case 'reject':
      void Promise.reject(new RangeError('index 7 is out of range'));
      break;
    case 'reject-string':
      // Programs do reject with non-Errors; that is what this case is about.
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      void Promise.reject('plain string reason');
      break;
    case 'reject-object':
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      void Promise.reject({ code: 42, detail: 'not an Error' });
      break;
    default:
      process.exit(2);
  }
  // A rejection is recorded and the program goes on; it leaves on its own.
  setTimeout(() => process.exit(0), 50);
}, 0);
