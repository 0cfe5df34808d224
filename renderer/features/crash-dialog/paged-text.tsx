import { useState } from 'react';
import { useI18n } from '../../i18n/i18n';

/** Characters shown at once: a large report or log stays responsive, the rest is a click away. */
const PAGE_CHARS = 20_000;

export function PagedText({ text, label, testId }: { text: string; label: string; testId?: string }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(PAGE_CHARS);
  return (
    <div>
      <pre className="bytes" aria-label={label} data-testid={testId} tabIndex={0}>
        {text.slice(0, shown)}
      </pre>
      {shown < text.length && (
        <button type="button" onClick={() => setShown((current) => current + PAGE_CHARS)}>
          {t('showMoreCount', { count: text.length - shown })}
        </button>
      )}
    </div>
  );
}
