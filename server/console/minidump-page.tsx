import type { ReviewApi } from './review-api';
import { StackSection } from './stack-section';

/** One minidump from crashReporter or Crashpad: its walked stack. */
export function MinidumpPage({ api, id, onFailure }: { api: ReviewApi; id: string; onFailure: (error: unknown) => string }) {
  return (
    <article aria-label="Minidump">
      <p>
        <a href="#/">← All reports</a>
      </p>
      <h2>Minidump {id}</h2>
      <StackSection api={api} kind="minidumps" id={id} onFailure={onFailure} />
    </article>
  );
}
