import { useCallback, useEffect, useState } from 'react';
import type { StackView } from '../../contract/review';
import type { StackFrameRow, StackModule, WalkedThreadRows } from '../../contract/stackwalk';
import type { ReviewApi } from './review-api';

const HOW_FOUND: Readonly<Record<StackFrameRow['trust'], string>> = {
  context: 'crash context',
  cfi: 'call frame info',
  'frame-pointer': 'frame pointer',
  scan: 'stack scanning',
  inline: 'inlined',
};

const SYMBOL_STATUS: Readonly<Record<StackModule['symbols'], string>> = {
  loaded: 'symbols loaded',
  missing: 'symbols missing',
  unidentified: 'no debug id in the dump',
};

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

function FrameTable({ thread, label }: { thread: WalkedThreadRows; label: string }) {
  return (
    <div className="table-scroll">
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Function</th>
            <th scope="col">File : line</th>
            <th scope="col">Module</th>
            <th scope="col">Found by</th>
          </tr>
        </thead>
        <tbody>
          {thread.frames.map((frame, index) => (
            <tr key={index} data-testid="stack-frame">
              <td>{index}</td>
              <td className="signature">{frame.function ?? '—'}</td>
              <td title={frame.file}>{frame.file === undefined ? '—' : `${baseName(frame.file)} : ${frame.line ?? '?'}`}</td>
              <td>{frame.module === undefined ? (frame.address ?? '—') : `${frame.module} + ${frame.moduleOffset ?? '?'}`}</td>
              <td>{HOW_FOUND[frame.trust]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type Loaded = { status: 'loading' } | { status: 'ready'; view: StackView } | { status: 'failed'; message: string };

/** A native crash's walked stack: the crash, the crashing thread's frames, the other threads folded, the modules. */
export function StackSection({
  api,
  kind,
  id,
  onFailure,
}: {
  api: ReviewApi;
  kind: 'reports' | 'minidumps';
  id: string;
  onFailure: (error: unknown) => string;
}) {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const load = useCallback(() => {
    api.stack(kind, id).then(
      (view) => setLoaded({ status: 'ready', view }),
      (error: unknown) => setLoaded({ status: 'failed', message: onFailure(error) }),
    );
  }, [api, kind, id, onFailure]);
  useEffect(load, [load]);

  if (loaded.status === 'loading') return <p role="status">Loading the stack…</p>;
  if (loaded.status === 'failed') return <p role="alert">The stack could not be loaded: {loaded.message}</p>;
  const { view } = loaded;
  if (view.status === 'no-dump') return null;
  if (view.status === 'pending') {
    return (
      <section aria-label="Stack">
        <h3>Stack</h3>
        <p role="status">
          The server has not walked this crash's stack yet; it does so within seconds of receiving it.{' '}
          <button type="button" onClick={load}>
            Look again
          </button>
        </p>
      </section>
    );
  }
  if (view.status === 'failed' || view.analysis === undefined) {
    return (
      <section aria-label="Stack">
        <h3>Stack</h3>
        <p role="alert">The stack could not be walked: {view.error ?? 'no analysis'}</p>
      </section>
    );
  }
  const { analysis } = view;
  const crashing = analysis.crashingThread === undefined ? undefined : analysis.threads[analysis.crashingThread];
  const others = analysis.threads.filter((thread) => thread !== crashing);
  return (
    <section aria-label="Stack">
      <h3>Stack</h3>
      <dl className="facts">
        <div className="fact">
          <dt>Crash</dt>
          <dd>
            {analysis.crashReason ?? 'no exception in the dump'}
            {analysis.crashAddress === undefined ? '' : ` at ${analysis.crashAddress}`}
          </dd>
        </div>
        <div className="fact">
          <dt>Signature</dt>
          <dd className="signature" data-testid="stack-signature">
            {analysis.signature ?? '—'}
          </dd>
        </div>
      </dl>
      {crashing !== undefined && (
        <>
          <h4>Crashing thread {crashing.id}</h4>
          <FrameTable thread={crashing} label="Crashing thread" />
        </>
      )}
      {others.length > 0 && (
        <>
          <h4>Other threads ({others.length})</h4>
          {others.map((thread) => (
            <details key={thread.id}>
              <summary>
                Thread {thread.id} ({thread.frames.length} frames)
              </summary>
              <FrameTable thread={thread} label={`Thread ${thread.id}`} />
            </details>
          ))}
        </>
      )}
      <details>
        <summary>
          Modules ({analysis.modules.length}; {analysis.modules.filter((module) => module.symbols === 'missing').length} without symbols)
        </summary>
        <div className="table-scroll">
          <table aria-label="Modules">
            <thead>
              <tr>
                <th scope="col">Module</th>
                <th scope="col">Debug file</th>
                <th scope="col">Debug id</th>
                <th scope="col">Symbols</th>
              </tr>
            </thead>
            <tbody>
              {analysis.modules.map((module) => (
                <tr key={`${module.name}@${module.base}`}>
                  <td>{module.name}</td>
                  <td>{module.debugFile ?? '—'}</td>
                  <td className="signature">{module.debugId ?? '—'}</td>
                  <td>{SYMBOL_STATUS[module.symbols]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
