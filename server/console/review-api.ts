import { z } from 'zod';
import { noticeForLog, type Notice } from '../../contract/notice';
import {
  MissingSymbolsListSchema,
  ReportListSchema,
  ReviewedReportSchema,
  StackViewSchema,
  type MissingSymbolsList,
  type ReportList,
  type ReviewedReport,
  type ReviewFilter,
  type StackView,
} from '../../contract/review';

/** A refused reviewer token: the console goes back to its sign-in form. */
export class SignedOutError extends Error {}

/** A call the server refused or that never reached it; the console words its notice in the reviewer's language. */
export class ReviewCallError extends Error {
  constructor(readonly notice: Notice) {
    super(noticeForLog(notice));
    this.name = 'ReviewCallError';
  }
}

const ErrorBodySchema = z.object({ error: z.string() });

/** The review API, as a signed-in reviewer calls it; every answer is checked against its schema. */
export class ReviewApi {
  constructor(private readonly token: string) {}

  private async call(path: string, init: RequestInit = {}): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(path, { ...init, headers: { authorization: `Bearer ${this.token}` }, cache: 'no-store' });
    } catch (error) {
      throw new ReviewCallError({ code: 'unreachable', origin: window.location.origin, detail: (error as Error).message });
    }
    if (response.status === 401) throw new SignedOutError('the server refused the reviewer token (401)');
    if (!response.ok) {
      // The server's own words, when it gave them, are quoted inside the reviewer's language.
      const body = ErrorBodySchema.safeParse(await response.json().catch(() => undefined));
      const { status } = response;
      throw new ReviewCallError(
        body.success ? { code: 'server-answered-saying', status, detail: body.data.error } : { code: 'server-answered', status },
      );
    }
    return response;
  }

  async reports(filter: ReviewFilter): Promise<ReportList> {
    const query = new URLSearchParams(Object.entries(filter).filter(([, value]) => value !== ''));
    return ReportListSchema.parse(await (await this.call(`/api/v1/review/reports?${query.toString()}`)).json());
  }

  async report(id: string): Promise<ReviewedReport> {
    return ReviewedReportSchema.parse(await (await this.call(`/api/v1/review/reports/${encodeURIComponent(id)}`)).json());
  }

  async attachment(id: string, name: string): Promise<Blob> {
    return (await this.call(`/api/v1/review/reports/${encodeURIComponent(id)}/attachments/${encodeURIComponent(name)}`)).blob();
  }

  async minidump(id: string): Promise<Blob> {
    return (await this.call(`/api/v1/review/minidumps/${encodeURIComponent(id)}/dump`)).blob();
  }

  /** A report's or a minidump's walked stack. */
  async stack(kind: 'reports' | 'minidumps', id: string): Promise<StackView> {
    return StackViewSchema.parse(await (await this.call(`/api/v1/review/${kind}/${encodeURIComponent(id)}/stack`)).json());
  }

  async missingSymbols(): Promise<MissingSymbolsList> {
    return MissingSymbolsListSchema.parse(await (await this.call('/api/v1/review/missing-symbols')).json());
  }

  async deleteReport(id: string): Promise<void> {
    await this.call(`/api/v1/review/reports/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }

  async deleteMinidump(id: string): Promise<void> {
    await this.call(`/api/v1/review/minidumps/${encodeURIComponent(id)}`, { method: 'DELETE' });
  }
}
