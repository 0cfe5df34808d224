import { useEffect, useState } from 'react';
import type { Settings, WithdrawResult } from '../../../contract/report-flow';
import { candor } from '../../candor';
import { describeError } from '../../describe-error';
import { strings } from '../../strings';

export function SettingsView() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [withdrawn, setWithdrawn] = useState<WithdrawResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = (): void => {
    candor()
      .getSettings()
      .then(setSettings, (failure: unknown) => setError(describeError(failure)));
  };
  useEffect(load, []);
  const withdraw = async (): Promise<void> => {
    try {
      setWithdrawn(await candor().withdrawConsent());
      load();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  return (
    <section aria-labelledby="settings-heading">
      <h2 id="settings-heading">{strings.settingsHeading}</h2>
      {error !== null && <p role="alert">{error}</p>}
      {settings !== null && (
        <dl className="facts">
          <dt>{strings.consentModeLabel}</dt>
          <dd data-testid="consent-mode">{strings.consentModes[settings.consentMode]}</dd>
          <dt>{strings.endpointLabel}</dt>
          <dd>{settings.endpoint ?? strings.noEndpoint}</dd>
          <dt>{strings.keptLabel}</dt>
          <dd>{strings.keptValue(settings.outboxLimitReports, settings.keepUnsentDays)}</dd>
        </dl>
      )}
      <p>{strings.withdrawExplained}</p>
      <button type="button" onClick={() => void withdraw()}>
        {strings.withdraw}
      </button>
      <div role="status" aria-live="polite">
        {withdrawn !== null && <p>{strings.withdrawDone(withdrawn.removedFromOutbox, withdrawn.deletions.length)}</p>}
      </div>
    </section>
  );
}
