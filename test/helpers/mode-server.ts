/**
 * A loopback stand-in of an API whose answer each test picks by a mode ('ok' unless the test sets
 * another): a fresh server before each test, closed after it. Call inside a `describe`.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach } from 'vitest';
import { fixture, type Loopback, type RecordedRequest, startLoopback } from './loopback.js';

export interface ModeServer<M extends string> {
  /** How the next requests are answered; back to the first mode before each test. */
  mode: M;
  /** This test's server. */
  readonly server: Loopback;
}

export function modeServer<M extends string>(
  first: M,
  answer: (mode: M, req: RecordedRequest, res: ServerResponse) => void,
  afterEachTest?: () => void,
): ModeServer<M> {
  let mode = first;
  let server: Loopback | undefined;
  beforeEach(async () => {
    mode = first;
    server = await startLoopback((req, res) => answer(mode, req, res));
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    afterEachTest?.();
  });
  return {
    get mode() {
      return mode;
    },
    set mode(m: M) {
      mode = m;
    },
    get server() {
      if (!server) throw new Error('modeServer: no server outside a test');
      return server;
    },
  };
}

/** A JSON fixture (test/fixtures/<path>), parsed. */
export function jsonFixture(path: string): unknown {
  return JSON.parse(fixture(path).toString('utf8')) as unknown;
}
