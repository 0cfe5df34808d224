import { useEffect, useState } from 'react';
import { policyIn, sameLanguage, type PolicySection, type PrivacyPolicy } from '../../../contract/privacy-policy';
import { candor } from '../../candor';
import { useI18n, useLocaleChoice, type Translate } from '../../i18n/i18n';

/** The policy in effect, in the reader's language when it has a translation into it; fetched once per component, null until it arrives. */
export function usePrivacyPolicy(): { policy: PrivacyPolicy | null; error: string | null } {
  const { locale } = useLocaleChoice();
  const [policy, setPolicy] = useState<PrivacyPolicy | null>(null);
  // The failure itself is kept, and worded as it is shown, so a change of language words it anew.
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  const { failure: describeFailure } = useI18n();
  useEffect(() => {
    let active = true;
    candor()
      .getPrivacyPolicy()
      .then(
        (loaded) => active && setPolicy(loaded),
        (error: unknown) => active && setFailure({ error }),
      );
    return () => {
      active = false;
    };
  }, []);
  return {
    policy: policy === null ? null : policyIn(policy, locale),
    error: failure === null ? null : describeFailure(failure.error),
  };
}

/** "§8 Your rights", as a field or right refers to the words that cover it. */
export function sectionLabel(section: PolicySection, t: Translate): string {
  return section.number === '' ? section.title : t('policySectionLabel', { number: section.number, title: section.title });
}

/** The policy's own words, section by section; its text is shown as text, never as markup. */
function PolicyText({ policy }: { policy: PrivacyPolicy }) {
  const { t } = useI18n();
  const { locale } = useLocaleChoice();
  // A reader without a translation into their language is told which language the text is in.
  const writtenIn = sameLanguage(policy.language, locale)
    ? null
    : (new Intl.DisplayNames([locale], { type: 'language' }).of(policy.language) ?? policy.language);
  return (
    <div className="policy-text" data-testid="privacy-policy-text">
      <p className="hint">
        {policy.source === 'vendor' ? t('policyFromVendor') : t('policyFromCandor')} {t('policyVersionLine', { version: policy.version })}
      </p>
      {writtenIn !== null && (
        <p className="hint" data-testid="policy-language">
          {t('policyWrittenIn', { language: writtenIn })}
        </p>
      )}
      <div lang={policy.language} dir="auto">
        {policy.sections.map((section) => (
          <section key={section.id} id={`privacy-policy-${section.id}`} aria-label={sectionLabel(section, t) || policy.title}>
            {section.title !== '' && <h4>{sectionLabel(section, t)}</h4>}
            {section.blocks.map((block, index) =>
              block.kind === 'paragraph' ? (
                <p key={index}>{block.text}</p>
              ) : (
                <ul key={index}>
                  {block.items.map((item, itemIndex) => (
                    <li key={itemIndex}>{item}</li>
                  ))}
                </ul>
              ),
            )}
          </section>
        ))}
      </div>
    </div>
  );
}

/**
 * "Read the privacy policy": the policy's text itself, with its version, folded until opened. The
 * crash dialog and Settings both show it.
 */
export function PrivacyPolicyFold({ policy, error }: { policy: PrivacyPolicy | null; error: string | null }) {
  const { t } = useI18n();
  return (
    <details className="privacy-policy" id="privacy-policy" data-testid="privacy-policy">
      <summary>{policy === null ? t('policyLink') : t('policyLinkWithVersion', { title: policy.title, version: policy.version })}</summary>
      {error !== null && <p role="alert">{error}</p>}
      {policy === null ? error === null && <p>{t('loading')}</p> : <PolicyText policy={policy} />}
    </details>
  );
}
