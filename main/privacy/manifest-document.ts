import {
  ATTACHMENT_MANIFEST,
  PRIVACY_MANIFEST,
  PRIVACY_MANIFEST_VERSION,
  SERVER_RETENTION,
  policyClauses,
  type ManifestEntry,
} from '../../contract/privacy-manifest';

/** Every entry of the manifest: the report's fields, then the attachments. */
export function manifestEntries(): ManifestEntry[] {
  return [...PRIVACY_MANIFEST, ...ATTACHMENT_MANIFEST];
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

function row(entry: ManifestEntry): string {
  const leftOutBy = entry.excludedBy === null ? `always sent: ${entry.alwaysSentBecause ?? ''}` : `“${entry.excludedBy}” left out`;
  return `| \`${entry.path}\` | ${entry.category} | ${entry.personalData ? 'can be' : 'no'} | ${entry.redaction === 'all-rules' ? 'every rule' : '—'} | ${cell(leftOutBy)} | ${cell(entry.purpose)} |`;
}

/**
 * `docs/what-candor-sends.md`, made from the manifest (`candor manifest --markdown`); `npm test`
 * fails when the checked-in file differs from what this makes.
 */
export function manifestDocument(): string {
  const header = '| Field | Category | Personal data | Redaction | Left out by | What it is for |\n|---|---|---|---|---|---|';
  const clauses = Object.entries(policyClauses)
    .map(([id, title]) => `- **${id}**: ${title}`)
    .join('\n');
  const byClause = Object.keys(policyClauses)
    .map((clause) => {
      const entries = PRIVACY_MANIFEST.filter((entry) => entry.policyClause === clause);
      return entries.length === 0
        ? ''
        : `### ${policyClauses[clause as keyof typeof policyClauses]}\n\n${header}\n${entries.map(row).join('\n')}\n`;
    })
    .filter(Boolean)
    .join('\n');
  return `<!-- Made by \`candor manifest --markdown\` from contract/privacy-manifest.ts; npm test fails when it is stale. Do not edit by hand. -->

# What Candor sends

Privacy manifest version ${PRIVACY_MANIFEST_VERSION}. Nothing below leaves your computer until you have seen the
report and said yes to it; "left out by" names the choice in the crash dialog that removes a field. Free text is
redacted by every rule (user and host names, home folders, email and network addresses, credentials and
tokens, card numbers) before you see it. The report server keeps each report whole, ${SERVER_RETENTION}.

Policy clauses:

${clauses}

## The report (candor.report/1)

${byClause}
## Attachments

${header}
${ATTACHMENT_MANIFEST.map(row).join('\n')}
`;
}
