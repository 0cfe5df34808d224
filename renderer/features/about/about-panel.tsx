import type { AppInfo } from '../../../contract/app-info';
import { useI18n } from '../../i18n/i18n';

export function AboutPanel({ info }: { info: AppInfo }) {
  const { t } = useI18n();
  const runtime: [string, string | undefined][] = [
    ['Electron', info.runtime.electron],
    ['Chromium', info.runtime.chrome],
    ['Node.js', info.runtime.node],
    ['V8', info.runtime.v8],
  ];
  return (
    <section aria-labelledby="about-heading">
      <h2 id="about-heading">{t('aboutHeading')}</h2>
      <dl className="facts">
        <dt>{t('version')}</dt>
        <dd data-testid="app-version">{t('appAndVersion', { name: info.name, version: info.version })}</dd>
        <dt>{t('platform')}</dt>
        <dd>{t('platformAndArch', { platform: info.platform, arch: info.arch })}</dd>
        <dt>{t('connection')}</dt>
        <dd data-testid="transport">{t(`transportNames.${info.transport}`)}</dd>
      </dl>
      <h3>{t('runtimeHeading')}</h3>
      <dl className="facts">
        {runtime
          .filter((entry): entry is [string, string] => entry[1] !== undefined)
          .map(([name, version]) => (
            <div key={name} className="fact">
              <dt>{name}</dt>
              <dd data-testid={`runtime-${name}`}>{version}</dd>
            </div>
          ))}
      </dl>
    </section>
  );
}
