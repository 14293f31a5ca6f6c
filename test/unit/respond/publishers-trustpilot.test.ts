/** The Trustpilot reply publisher against a local server shaped like Trustpilot's business API. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../../src/http/client.js';
import type { PublishRequest } from '../../../src/platforms/publisher.js';
import { trustpilotPublisher } from '../../../src/platforms/trustpilot/publisher.js';
import { type TrustpilotSource, trustpilotAdapter } from '../../../src/platforms/trustpilot/source.js';
import type { MarkerData } from '../../../src/record/marker.js';
import { publishFailure, publishRequest } from '../../helpers/publish-request.js';
import {
  startTrustpilotServer,
  TP_BUSINESS_USER,
  TP_REVIEW,
  TRUSTPILOT_ENV,
  type TrustpilotServer,
} from './trustpilot-server.js';

let server: TrustpilotServer;
const http = createHttpClient({ retries: 0 });
const TEXT = 'Sorry about the double charge, Mira: the refund is on its way. — the AcmeCloud team';

beforeAll(async () => {
  server = await startTrustpilotServer();
});
afterAll(async () => server.close());
beforeEach(() => {
  server.replies.length = 0;
  server.tokens.length = 0;
  server.fail = undefined;
});

function request(
  over: {
    source?: Partial<TrustpilotSource>;
    env?: Record<string, string>;
    replyTo?: Record<string, string>;
    credentials?: Record<string, string>;
  } = {},
): PublishRequest<TrustpilotSource> {
  const source = trustpilotAdapter.schema.parse({
    id: 'tp',
    kind: 'trustpilot',
    businessUnitId: '5f1a2b3c4d5e6f7a8b9c0d1e',
    businessUserId: TP_BUSINESS_USER,
    baseUrl: server.url,
    credentials: over.credentials ?? {
      apiKey: 'TP_KEY',
      apiSecret: 'TP_SECRET',
      username: 'TP_USER',
      password: 'TP_PASSWORD',
    },
    ...over.source,
  });
  const env: Record<string, string> = over.env ?? TRUSTPILOT_ENV;
  const marker: MarkerData = {
    key: `trustpilot:${TP_REVIEW}`,
    source: 'tp',
    kind: 'trustpilot',
    url: `https://www.trustpilot.com/reviews/${TP_REVIEW}`,
    author: 'Mira K.',
    replyTo: over.replyTo ?? { reviewId: TP_REVIEW, businessUnitId: '5f1a2b3c4d5e6f7a8b9c0d1e' },
  } as MarkerData;
  return publishRequest({ text: TEXT, marker, source, env, now: new Date('2026-11-20T10:00:00Z'), http });
}

const failure = (req: PublishRequest<TrustpilotSource>) => publishFailure(trustpilotPublisher, req);

describe('Trustpilot publisher', () => {
  it('gets a business-user token (password grant, Basic key:secret) and posts the reply once', async () => {
    const req = request();
    expect(trustpilotPublisher.check(req)).toBeUndefined();
    const result = await trustpilotPublisher.publish(req);
    expect(result).toEqual({ url: `https://www.trustpilot.com/reviews/${TP_REVIEW}` });
    expect(server.tokens).toEqual([
      { grant_type: 'password', username: TRUSTPILOT_ENV.TP_USER, password: TRUSTPILOT_ENV.TP_PASSWORD },
    ]);
    expect(server.replies).toHaveLength(1);
    expect(server.replies[0]?.body).toEqual({ authorBusinessUserId: TP_BUSINESS_USER, message: TEXT });
    expect(server.replies[0]?.headers['content-type']).toMatch(/^application\/json/);
  });

  it('uses the client-credentials grant when no business user is configured', async () => {
    await trustpilotPublisher.publish(request({ credentials: { apiKey: 'TP_KEY', apiSecret: 'TP_SECRET' } }));
    expect(server.tokens).toEqual([{ grant_type: 'client_credentials' }]);
    expect(server.replies).toHaveLength(1);
  });

  it('check names what is missing: the review, the business user id, the credentials', () => {
    expect(trustpilotPublisher.check(request({ replyTo: {} }))).toContain('no Trustpilot review id');
    expect(trustpilotPublisher.check(request({ source: { businessUserId: undefined } }))).toContain(
      'businessUserId',
    );
    expect(trustpilotPublisher.check(request({ env: { TP_KEY: 'k', TP_USER: 'u' } }))).toContain(
      'password (the environment variable TP_PASSWORD is empty)',
    );
    expect(
      trustpilotPublisher.check(request({ env: { TP_KEY: 'k' }, credentials: { apiKey: 'TP_KEY' } })),
    ).toContain("apiSecret (not in the source's credentials:)");
  });

  it('reports a refused password in Trustpilot’s words, posts nothing, and never shows a secret', async () => {
    const e = await failure(request({ env: { ...TRUSTPILOT_ENV, TP_PASSWORD: 'wrong-password' } }));
    expect(e.message).toContain('HTTP 400 to the token request');
    expect(e.message).toContain('the business user or password was refused');
    expect(e.ambiguous).toBe(false);
    expect(server.replies).toHaveLength(0);
    for (const secret of Object.values(TRUSTPILOT_ENV)) expect(e.message).not.toContain(secret);
  });

  it('a refused reply (403, 404) is not ambiguous; a 5xx is', async () => {
    const wrongUser = await failure(request({ source: { businessUserId: 'aaaaaaaaaaaaaaaaaaaaaaaa' } }));
    expect(wrongUser.message).toContain('HTTP 403 to posting the reply');
    expect(wrongUser.message).toContain('does not have access to this review');
    expect(wrongUser.ambiguous).toBe(false);
    const gone = await failure(request({ replyTo: { reviewId: 'ffffffffffffffffffffffff' } }));
    expect(gone.message).toContain('HTTP 404');
    server.fail = { status: 503, body: { message: 'Service Unavailable' } };
    const down = await failure(request());
    expect(down.ambiguous).toBe(true);
    expect(server.replies).toHaveLength(0);
  });

  it('a dropped connection after sending the reply is ambiguous (it may exist)', async () => {
    server.fail = { drop: true };
    const e = await failure(request());
    expect(e.ambiguous).toBe(true);
    expect(e.message).toContain('may have been posted anyway');
  });
});
