import { useEffect, useState } from 'react';
import type { DiagnosticsSnapshot } from '../../../contract/diagnostics';
import { probeNames } from '../../../contract/probe-names';
import { candor } from '../../candor';
import { summariseProbe } from './summarise';
import { useI18n } from '../../i18n/i18n';

type State = { status: 'collecting' } | { status: 'ready'; snapshot: DiagnosticsSnapshot } | { status: 'failed'; message: string };

export function DiagnosticsPanel() {
  const i18n = useI18n();
  const { t } = i18n;
  const [state, setState] = useState<State>({ status: 'collecting' });

  useEffect(() => {
    let active = true;
    candor()
      .collectDiagnostics()
      .then(
        (snapshot) => {
          if (active) setState({ status: 'ready', snapshot });
        },
        (error: unknown) => {
          if (active) setState({ status: 'failed', message: i18n.failure(error) });
        },
      );
    return () => {
      active = false;
    };
  }, []);

  return (
    <section aria-labelledby="diagnostics-heading" aria-busy={state.status === 'collecting'}>
      <h2 id="diagnostics-heading">{t('diagnosticsHeading')}</h2>
      <p>{t('diagnosticsExplained')}</p>
      {state.status === 'collecting' && <p role="status">{t('collecting')}</p>}
      {state.status === 'failed' && <p role="alert">{state.message}</p>}
      {state.status === 'ready' && (
        <table className="probes">
          <thead>
            <tr>
              <th scope="col">{t('probeColumn')}</th>
              <th scope="col">{t('statusColumn')}</th>
              <th scope="col">{t('findingColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {probeNames
              .filter((name) => state.snapshot.probes[name] !== undefined)
              .map((name) => (
                <tr key={name} data-testid={`probe-${name}`}>
                  <th scope="row">{t(`probeNames.${name}`)}</th>
                  <td>{t(`probeStatus.${state.snapshot.probes[name]?.status ?? 'unavailable'}`)}</td>
                  <td>{summariseProbe(state.snapshot, name, i18n)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
