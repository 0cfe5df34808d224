import { useEffect, useState } from 'react';
import type { DiagnosticsSnapshot } from '../../../contract/diagnostics';
import { probeNames } from '../../../contract/probe-names';
import { candor } from '../../candor';
import { describeError } from '../../describe-error';
import { strings } from '../../strings';
import { summariseProbe } from './summarise';

type State = { status: 'collecting' } | { status: 'ready'; snapshot: DiagnosticsSnapshot } | { status: 'failed'; message: string };

export function DiagnosticsPanel() {
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
          if (active) setState({ status: 'failed', message: describeError(error) });
        },
      );
    return () => {
      active = false;
    };
  }, []);

  return (
    <section aria-labelledby="diagnostics-heading" aria-busy={state.status === 'collecting'}>
      <h2 id="diagnostics-heading">{strings.diagnosticsHeading}</h2>
      <p>{strings.diagnosticsExplained}</p>
      {state.status === 'collecting' && <p role="status">{strings.collecting}</p>}
      {state.status === 'failed' && <p role="alert">{state.message}</p>}
      {state.status === 'ready' && (
        <table className="probes">
          <thead>
            <tr>
              <th scope="col">{strings.probeColumn}</th>
              <th scope="col">{strings.statusColumn}</th>
              <th scope="col">{strings.findingColumn}</th>
            </tr>
          </thead>
          <tbody>
            {probeNames
              .filter((name) => state.snapshot.probes[name] !== undefined)
              .map((name) => (
                <tr key={name} data-testid={`probe-${name}`}>
                  <th scope="row">{strings.probeNames[name]}</th>
                  <td>{strings.probeStatus[state.snapshot.probes[name]?.status ?? 'unavailable']}</td>
                  <td>{summariseProbe(state.snapshot, name)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
