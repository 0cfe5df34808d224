import { manifestDocument, manifestEntries } from '../../privacy/manifest-document';
import { formatTable } from '../format';
import { parseCommandLine } from '../parse-options';
import { UsageError } from '../usage-error';

export const manifestUsage = 'candor manifest [--json | --markdown]';

/** Prints the privacy manifest: a table, JSON (an array of entries), or the Markdown of docs/what-candor-sends.md. */
export function runManifest(argv: string[]): void {
  const { values, positionals } = parseCommandLine({
    args: argv,
    options: { json: { type: 'boolean' }, markdown: { type: 'boolean' } },
    allowPositionals: true,
  });
  if (positionals.length > 0 || (values.json === true && values.markdown === true)) throw new UsageError(`usage: ${manifestUsage}`);
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify(manifestEntries(), null, 2)}\n`);
  } else if (values.markdown === true) {
    process.stdout.write(manifestDocument());
  } else {
    const rows = [
      ['Field', 'Personal data', 'Left out by', 'Purpose'],
      ...manifestEntries().map((entry) => [
        entry.path,
        entry.personalData ? 'can be' : 'no',
        entry.excludedBy ?? 'always sent',
        entry.purpose,
      ]),
    ];
    process.stdout.write(`${formatTable(rows)}\n`);
  }
}
