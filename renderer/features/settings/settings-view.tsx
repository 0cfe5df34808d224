import { useEffect, useId, useState } from 'react';
import { uploadProtocols, type UploadProtocol } from '../../../contract/destination';
import { consentModeChoices, type ConsentModeChoice, type Settings, type WithdrawResult } from '../../../contract/report-flow';
import { candor } from '../../candor';
import { PrivacyPolicyFold, usePrivacyPolicy } from '../privacy/privacy-policy';
import { WhatCandorCollects } from '../privacy/what-candor-collects';
import { YourData } from './your-data';
import { useI18n } from '../../i18n/i18n';
import { LanguageSelect } from '../../i18n/language-select';

function isProtocol(value: string): value is UploadProtocol {
  return (uploadProtocols as readonly string[]).includes(value);
}

function isConsentModeChoice(value: string): value is ConsentModeChoice {
  return (consentModeChoices as readonly string[]).includes(value);
}

export function SettingsView() {
  const { t, time, failure: describeFailure } = useI18n();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [withdrawn, setWithdrawn] = useState<WithdrawResult | null>(null);
  const [withdrawPlan, setWithdrawPlan] = useState<{ waiting: number; onServers: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [modeChoice, setModeChoice] = useState<ConsentModeChoice>('ask');
  const [protocol, setProtocol] = useState<UploadProtocol>('candor');
  const [url, setUrl] = useState('');
  const [key, setKey] = useState('');
  const ids = { mode: useId(), protocol: useId(), url: useId(), key: useId() };
  const policy = usePrivacyPolicy();

  const load = (): void => {
    candor()
      .getSettings()
      .then(
        (loaded) => {
          setSettings(loaded);
          if (loaded.destination !== null) setProtocol(loaded.destination.protocol);
        },
        (failure: unknown) => setError(describeFailure(failure)),
      );
  };
  useEffect(load, []);

  const act = async (action: () => Promise<void>): Promise<void> => {
    try {
      setError(null);
      await action();
    } catch (failure) {
      setError(describeFailure(failure));
    }
  };
  const withdraw = (): Promise<void> =>
    act(async () => {
      setWithdrawn(await candor().withdrawConsent());
      setWithdrawPlan(null);
      load();
    });
  // Withdraw says what it will do, from History as it is now, and asks once more.
  const planWithdraw = (): Promise<void> =>
    act(async () => {
      const { reports } = await candor().getHistory();
      const waiting = reports.filter((entry) =>
        ['waiting', 'sending', 'failed', 'needs-destination', 'needs-approval', 'set-aside'].includes(entry.state),
      ).length;
      const onServers = reports.filter((entry) => entry.state === 'sent' && entry.receipt?.deletionToken !== undefined).length;
      setWithdrawPlan({ waiting, onServers });
    });
  const changeMode = (): Promise<void> =>
    act(async () => {
      setSettings(await candor().setConsentMode(modeChoice));
    });
  const saveDestination = (event: { preventDefault: () => void }): void => {
    event.preventDefault();
    void act(async () => {
      // An empty key field keeps the key already set for the same server.
      await candor().setDestination({ protocol, url, ...(key === '' ? {} : { ingestKey: key }) });
      setStatus(t('destinationSaved'));
      setKey('');
      load();
    });
  };
  const destination = settings?.destination ?? null;

  return (
    <section aria-labelledby="settings-heading">
      <h2 id="settings-heading">{t('settingsHeading')}</h2>
      {error !== null && <p role="alert">{error}</p>}
      <div role="status" aria-live="polite">
        {status !== null && <p>{status}</p>}
      </div>
      {settings !== null && (
        <dl className="facts">
          <dt>{t('consentModeLabel')}</dt>
          <dd data-testid="consent-mode">
            {settings.alwaysSend === undefined
              ? t(`consentModes.${settings.consentMode}`)
              : t('alwaysSendLine', {
                  mode: t(`consentModes.${settings.consentMode}`),
                  scope:
                    settings.alwaysSend.until !== undefined
                      ? t('alwaysSendUntil', { when: time(settings.alwaysSend.until) })
                      : t('alwaysSendForVersion', { version: settings.alwaysSend.appVersion ?? '' }),
                  what: t('alwaysSendWhat', { dump: t(`dumpAs.${settings.alwaysSend.choices.minidump}`) }),
                })}
          </dd>
          <dt>{t('endpointLabel')}</dt>
          <dd data-testid="destination-setting">
            {destination === null ? (
              t('noEndpoint')
            ) : (
              <>
                {t('destinationSetting', {
                  destination: t('destinationLine', { url: destination.displayUrl, protocol: destination.protocol }),
                  key: destination.keyHint === null ? 'none' : t('keyLine', { hint: destination.keyHint }),
                  source: t(`destinationSources.${destination.source}`),
                })}
              </>
            )}
          </dd>
          <dt>{t('keptLabel')}</dt>
          <dd>{t('keptValue', { count: settings.outboxLimitReports, days: settings.keepUnsentDays })}</dd>
        </dl>
      )}

      <LanguageSelect className="field" />

      <div className="field">
        <label htmlFor={ids.mode}>{t('consentModeLabel')}</label>
        <select
          id={ids.mode}
          value={modeChoice}
          onChange={(event) => {
            if (isConsentModeChoice(event.target.value)) setModeChoice(event.target.value);
          }}
        >
          {consentModeChoices.map((choice) => (
            <option key={choice} value={choice}>
              {t(`consentModeChoices.${choice}`)}
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void changeMode()}>
          {t('changeConsentMode')}
        </button>
      </div>

      <h3>{t('destinationHeading')}</h3>
      {destination?.locked === true ? (
        <p>{t('destinationLocked')}</p>
      ) : (
        <form onSubmit={saveDestination} aria-label={t('destinationHeading')}>
          <div className="field">
            <label htmlFor={ids.protocol}>{t('protocolLabel')}</label>
            <select
              id={ids.protocol}
              value={protocol}
              onChange={(event) => {
                if (isProtocol(event.target.value)) setProtocol(event.target.value);
              }}
            >
              {uploadProtocols.map((name) => (
                <option key={name} value={name}>
                  {t(`protocols.${name}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.url}>{t('urlLabel')}</label>
            <input id={ids.url} type="url" required value={url} onChange={(event) => setUrl(event.target.value)} />
          </div>
          {protocol !== 'sentry' && (
            <div className="field">
              <label htmlFor={ids.key}>{t('keyLabel')}</label>
              <input id={ids.key} type="password" autoComplete="off" value={key} onChange={(event) => setKey(event.target.value)} />
            </div>
          )}
          <button type="submit">{t('saveDestination')}</button>
        </form>
      )}

      <p>{t('withdrawExplained')}</p>
      <button type="button" onClick={() => void planWithdraw()}>
        {t('withdraw')}
      </button>
      {withdrawPlan !== null && (
        <div role="alertdialog" aria-labelledby="withdraw-plan" className="confirm">
          <p id="withdraw-plan">
            {t('withdrawPlan', {
              endsAlwaysSend: settings?.consentMode === 'always-send' ? 'yes' : 'no',
              waiting: withdrawPlan.waiting,
              onServers: withdrawPlan.onServers,
            })}
          </p>
          <button type="button" onClick={() => void withdraw()}>
            {t('confirmWithdraw')}
          </button>
          <button type="button" onClick={() => setWithdrawPlan(null)}>
            {t('cancel')}
          </button>
        </div>
      )}
      <div role="status" aria-live="polite">
        {withdrawn !== null && (
          <p>
            {t('withdrawDone', {
              removed: withdrawn.removedFromOutbox,
              localCopies: withdrawn.removedLocalCopies,
              deleted: withdrawn.deletions.length,
            })}
          </p>
        )}
      </div>
      <YourData />
      <PrivacyPolicyFold policy={policy.policy} error={policy.error} />
      <WhatCandorCollects policy={policy.policy} />
    </section>
  );
}
