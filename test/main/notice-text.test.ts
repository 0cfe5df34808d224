import { describe, expect, it } from 'vitest';
import { CandorError } from '../../contract/errors';
import { errorText, noticeText } from '../../main/notice-text';

describe('noticeText', () => {
  it('words a notice in English with the catalogue message the UIs use', () => {
    expect(noticeText({ code: 'server-answered-saying', status: 401, detail: 'a valid ingest key is required' })).toBe(
      'The server answered 401: “a valid ingest key is required”',
    );
    expect(noticeText({ code: 'destination-changed', approved: 'a.example (candor)', current: 'b.example (sentry)' })).toBe(
      'You approved sending it to a.example (candor), but reports now go to b.example (sentry). Approve it again to send it there.',
    );
  });

  it('says an error with a notice by its notice, and any other by its message', () => {
    expect(errorText(new CandorError('not-configured', { code: 'no-destination' }))).toBe(
      'No report server is set, so nothing can be sent. Set one in Settings.',
    );
    expect(errorText(new CandorError('internal', 'the built index.html has no <head>'))).toBe('the built index.html has no <head>');
    expect(errorText('thrown as a string')).toBe('thrown as a string');
  });
});
