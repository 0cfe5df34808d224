import { describe, expect, it } from 'vitest';
import { NoticeSchema, noticeForLog, noticeValues, StoredNoticeSchema } from '../../contract/notice';

describe('notices', () => {
  it('carry a code and exactly the values that code takes', () => {
    expect(NoticeSchema.parse({ code: 'server-answered', status: 503 })).toEqual({ code: 'server-answered', status: 503 });
    expect(NoticeSchema.safeParse({ code: 'server-answered' }).success).toBe(false);
    expect(NoticeSchema.safeParse({ code: 'server-answered', status: 503, words: 'Service Unavailable' }).success).toBe(false);
    expect(NoticeSchema.safeParse({ code: 'made-up' }).success).toBe(false);
    expect(noticeValues({ code: 'unreachable', origin: 'https://r.example', detail: 'ECONNREFUSED' })).toEqual({
      origin: 'https://r.example',
      detail: 'ECONNREFUSED',
    });
  });

  it('read what an older Candor stored as words, as an unexplained notice that keeps them', () => {
    expect(StoredNoticeSchema.parse('the server answered 500')).toEqual({ code: 'unexplained', detail: 'the server answered 500' });
    expect(StoredNoticeSchema.parse({ code: 'server-deleted' })).toEqual({ code: 'server-deleted' });
  });

  it('say in one line for a log what they carry', () => {
    expect(noticeForLog({ code: 'no-destination' })).toBe('no-destination');
    expect(noticeForLog({ code: 'no-valid-receipt', status: 200 })).toBe('no-valid-receipt (status: 200)');
  });
});
