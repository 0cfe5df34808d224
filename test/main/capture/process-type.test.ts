import { describe, expect, it } from 'vitest';
import { processTypeName } from '../../../main/capture/process-type';

describe('processTypeName', () => {
  it("gives a gone event's process type and the same process's dump annotation one name, so they join", () => {
    // Electron's child-process-gone says GPU; Crashpad's process_type annotation says gpu-process.
    expect(processTypeName('GPU')).toBe(processTypeName('gpu-process'));
    expect(processTypeName('GPU')).toBe('gpu');
    expect(processTypeName('Utility')).toBe(processTypeName('utility'));
    expect(processTypeName('renderer')).toBe('renderer');
    // The main process's dump carries no process_type (read as browser): it is Candor's main.
    expect(processTypeName('browser')).toBe('main');
  });
});
