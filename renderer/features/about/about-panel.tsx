import type { AppInfo } from '../../../contract/app-info';
import { strings } from '../../strings';

export function AboutPanel({ info }: { info: AppInfo }) {
  const runtime: [string, string | undefined][] = [
    ['Electron', info.runtime.electron],
    ['Chromium', info.runtime.chrome],
    ['Node.js', info.runtime.node],
    ['V8', info.runtime.v8],
  ];
  return (
    <section aria-labelledby="about-heading">
      <h2 id="about-heading">{strings.aboutHeading}</h2>
      <dl className="facts">
        <dt>{strings.version}</dt>
        <dd data-testid="app-version">
          {info.name} {info.version}
        </dd>
        <dt>{strings.platform}</dt>
        <dd>
          {info.platform} ({info.arch})
        </dd>
        <dt>{strings.connection}</dt>
        <dd data-testid="transport">{strings.transportNames[info.transport]}</dd>
      </dl>
      <h3>{strings.runtimeHeading}</h3>
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
