/**
 * Candor's own privacy policy, shown when the app's vendor ships none. A vendor replaces it with a
 * file named in `candor-vendor.json` (`privacyPolicy: { file, version }`); this text is the model
 * to start from (`candor policy` prints it). Each section heading carries the `{#id}` the app links
 * fields and rights to (`requiredPolicySections`).
 */
export const SEED_POLICY_VERSION = '2026-11-01';

export const SEED_POLICY_TEXT = `# Candor privacy policy

## 1. What this policy covers {#scope}

This policy covers the crash and problem reports that Candor prepares on your computer and, only when you agree, sends to the report server of the app that crashed. Candor sends nothing on its own: every report is shown to you first, byte for byte, and leaves your computer only when you say yes to exactly those bytes.

## 2. What happened: the crash itself {#crash-details}

A report describes the crash: which app and version, which process failed, the error and its stack, and the crash dump if you choose to send it. A full crash dump can hold parts of the app's memory, its environment and its command line; a stack-only dump keeps just the stacks. Text is scrubbed of names, addresses, tokens and similar personal data before you see it.

## 3. Your system {#system-details}

A report can carry the facts support needs to reproduce a crash: the operating system and its version, the processor, memory and graphics, the browsers installed and the .NET versions. Each of these is a section you can leave out.

## 4. What you write {#your-words}

Your comment is sent as you typed it. Your email address is sent only if you give it, so that support can answer you; it is never taken from anywhere else.

## 5. Identifiers and digests {#report-keeping}

Each report has a random identifier, the support code you can read out to an engineer, and the SHA-256 digest of its bytes. They keep a report whole and let you, and only you, ask for it to be deleted. They say nothing about you.

## 6. Your choices {#your-choices}

A report records which sections you left out and the version of this policy you agreed under. When this policy changes, Candor asks again before sending anything, even where you chose "always send".

## 7. Where reports go {#destinations}

Reports go only to the server shown to you before you agree, over an encrypted connection. Candor's consent names that server; a report approved for one server is not sent to another without asking you again.

## 8. Your rights: see, export and delete {#your-rights}

You can see every report Candor prepared or sent, and every decision you made, in History. In Settings, under "Your data", you can:

- export everything Candor keeps on this computer (reports, your decisions, the server's receipts) as one zip file;
- delete everything Candor keeps on this computer;
- ask every server that received a report to delete it.

## 9. Withdrawing your consent {#withdrawing}

You can withdraw your consent at any time in Settings. Candor then stops sending automatically, deletes the reports waiting to be sent and the copies of reports that were never sent, and asks each server that received a report to delete it. Withdrawing does not undo what support has already read.

## 10. How long reports are kept {#retention}

The report server keeps each report until you or the vendor delete it, and no longer than the retention period the server applies; Candor shows that period under "Your data" once a server has received a report. On your computer, a report that cannot be sent is kept for a limited time, and the reports you sent are kept until you delete them.
`;
