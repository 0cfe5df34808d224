import { useCallback, useEffect, useState } from 'react';
import type { StackView } from '../../contract/review';
import type { StackFrameRow, StackModule, WalkedThreadRows } from '../../contract/stackwalk';
import { useI18n } from '../../renderer/i18n/i18n';
import type { ReviewApi } from './review-api';

/** What "Found by" and "Symbols" say come from the catalogue, by these keys. */
type Trust = StackFrameRow['trust'];
type SymbolStatus = StackModule['symbols'];

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

function FrameTable({ thread, label }: { thread: WalkedThreadRows; label: string }) {
  const { t } = useI18n();
  const howFound = (trust: Trust): string => t(`console.trust.${trust}`);
  return (
    <div className="table-scroll">
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col">{t('console.frameNumber')}</th>
            <th scope="col">{t('console.function')}</th>
            <th scope="col">{t('console.fileLine')}</th>
            <th scope="col">{t('console.module')}</th>
            <th scope="col">{t('console.foundBy')}</th>
          </tr>
        </thead>
        <tbody>
          {thread.frames.map((frame, index) => (
            <tr key={index} data-testid="stack-frame">
              <td>{index}</td>
              <td className="signature">{frame.function ?? t('console.unknown')}</td>
              <td title={frame.file}>
                {frame.file === undefined
                  ? t('console.unknown')
                  : t('console.fileAndLine', { file: baseName(frame.file), line: frame.line ?? t('console.unknown') })}
              </td>
              <td>
                {frame.module === undefined
                  ? (frame.address ?? t('console.unknown'))
                  : t('console.moduleAndOffset', { module: frame.module, offset: frame.moduleOffset ?? t('console.unknown') })}
              </td>
              <td>{howFound(frame.trust)}</td>
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
  const { t } = useI18n();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const load = useCallback(() => {
    api.stack(kind, id).then(
      (view) => setLoaded({ status: 'ready', view }),
      (error: unknown) => setLoaded({ status: 'failed', message: onFailure(error) }),
    );
  }, [api, kind, id, onFailure]);
  useEffect(load, [load]);

  if (loaded.status === 'loading') return <p role="status">{t('console.stackLoading')}</p>;
  if (loaded.status === 'failed') return <p role="alert">{t('console.stackNotLoaded', { reason: loaded.message })}</p>;
  const { view } = loaded;
  if (view.status === 'no-dump') return null;
  if (view.status === 'pending') {
    return (
      <section aria-label={t('console.stack')}>
        <h3>{t('console.stack')}</h3>
        <p role="status">
          {t('console.stackPending')}
          <button type="button" onClick={load}>
            {t('console.lookAgain')}
          </button>
        </p>
      </section>
    );
  }
  if (view.status === 'failed' || view.analysis === undefined) {
    return (
      <section aria-label={t('console.stack')}>
        <h3>{t('console.stack')}</h3>
        <p role="alert">{t('console.stackFailed', { reason: view.error ?? t('console.noAnalysis') })}</p>
      </section>
    );
  }
  const { analysis } = view;
  const crashing = analysis.crashingThread === undefined ? undefined : analysis.threads[analysis.crashingThread];
  const others = analysis.threads.filter((thread) => thread !== crashing);
  return (
    <section aria-label={t('console.stack')}>
      <h3>{t('console.stack')}</h3>
      <dl className="facts">
        <div className="fact">
          <dt>{t('console.crash')}</dt>
          <dd>
            {analysis.crashReason === undefined
              ? t('console.noException')
              : analysis.crashAddress === undefined
                ? analysis.crashReason
                : t('console.reasonAtAddress', { reason: analysis.crashReason, address: analysis.crashAddress })}
          </dd>
        </div>
        <div className="fact">
          <dt>{t('console.signature')}</dt>
          <dd className="signature" data-testid="stack-signature">
            {analysis.signature ?? t('console.unknown')}
          </dd>
        </div>
      </dl>
      {crashing !== undefined && (
        <>
          <h4>{t('console.crashingThread', { id: crashing.id })}</h4>
          <FrameTable thread={crashing} label={t('console.crashingThreadLabel')} />
        </>
      )}
      {others.length > 0 && (
        <>
          <h4>{t('console.otherThreads', { count: others.length })}</h4>
          {others.map((thread) => (
            <details key={thread.id}>
              <summary>{t('console.threadSummary', { id: thread.id, frames: thread.frames.length })}</summary>
              <FrameTable thread={thread} label={t('console.thread', { id: thread.id })} />
            </details>
          ))}
        </>
      )}
      <details>
        <summary>
          {t('console.modulesSummary', {
            count: analysis.modules.length,
            missing: analysis.modules.filter((module) => module.symbols === 'missing').length,
          })}
        </summary>
        <div className="table-scroll">
          <table aria-label={t('console.modules')}>
            <thead>
              <tr>
                <th scope="col">{t('console.module')}</th>
                <th scope="col">{t('console.debugFile')}</th>
                <th scope="col">{t('console.debugId')}</th>
                <th scope="col">{t('console.symbols')}</th>
              </tr>
            </thead>
            <tbody>
              {analysis.modules.map((module) => (
                <tr key={`${module.name}@${module.base}`}>
                  <td>{module.name}</td>
                  <td>{module.debugFile ?? t('console.unknown')}</td>
                  <td className="signature">{module.debugId ?? t('console.unknown')}</td>
                  <td>{t(`console.symbolStatus.${module.symbols satisfies SymbolStatus}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}
