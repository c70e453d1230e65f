import {
  browserUrl,
  exposureWarning,
  hostCheck,
  isLoopback,
  sameOrigin,
} from '../../../src/channels/web/address';

describe('loopback and the exposure warning', () => {
  test.each([
    '127.0.0.1',
    '127.3.2.1',
    'localhost',
    'LOCALHOST',
    'app.localhost',
    '::1',
    '[::1]',
    '[::1]:3000',
    'localhost:3000',
    '127.0.0.1:80',
  ])('%s is loopback: no warning', (host) => {
    expect(isLoopback(host)).toBe(true);
    expect(exposureWarning(host)).toBeNull();
  });

  test.each([
    '0.0.0.0',
    '::',
    '192.168.1.20',
    'example.com',
    'localhost.example.com',
    '128.0.0.1',
    '10.0.0.5:3000',
  ])('%s is not loopback: the warning names the host and says why', (host) => {
    expect(isLoopback(host)).toBe(false);
    const warning = exposureWarning(host) ?? '';
    expect(warning).toContain(`ADVISOR_WEB_HOST=${host}`);
    expect(warning).toMatch(/trusts the browser id/);
    expect(warning).toMatch(/no login/);
  });
});

describe('browserUrl', () => {
  test.each([
    ['127.0.0.1', 3000, 'http://127.0.0.1:3000/'],
    ['localhost', 8080, 'http://localhost:8080/'],
    ['::1', 3000, 'http://[::1]:3000/'],
    ['0.0.0.0', 3000, 'http://127.0.0.1:3000/'],
    ['::', 3000, 'http://127.0.0.1:3000/'],
    ['192.168.1.20', 3000, 'http://192.168.1.20:3000/'],
  ])('%s:%d -> %s', (host, port, url) => {
    expect(browserUrl(host, port)).toBe(url);
  });
});

describe('hostCheck', () => {
  test('on loopback only loopback names are answered (DNS rebinding is turned away)', () => {
    const allow = hostCheck('127.0.0.1');
    expect(allow('127.0.0.1:3000')).toBe(true);
    expect(allow('localhost:3000')).toBe(true);
    expect(allow('[::1]:3000')).toBe(true);
    expect(allow('attacker.example:3000')).toBe(false);
    expect(allow('127.0.0.1.attacker.example')).toBe(false);
    expect(allow(undefined)).toBe(false);
  });

  test('served beyond loopback on purpose, any name is answered', () => {
    const allow = hostCheck('0.0.0.0');
    expect(allow('advisor.lan:3000')).toBe(true);
    expect(allow('192.168.1.20:3000')).toBe(true);
    expect(allow('')).toBe(false);
    expect(allow(undefined)).toBe(false);
  });
});

describe('sameOrigin', () => {
  test('the page itself may open the socket', () => {
    expect(sameOrigin('http://127.0.0.1:3000', '127.0.0.1:3000')).toBe(true);
    expect(sameOrigin('http://localhost:3000', 'LOCALHOST:3000')).toBe(true);
    expect(sameOrigin('http://[::1]:3000', '[::1]:3000')).toBe(true);
  });

  test('another site, another port, no origin or an odd scheme may not', () => {
    expect(sameOrigin('http://evil.example', '127.0.0.1:3000')).toBe(false);
    expect(sameOrigin('http://127.0.0.1:4000', '127.0.0.1:3000')).toBe(false);
    expect(sameOrigin(undefined, '127.0.0.1:3000')).toBe(false);
    expect(sameOrigin('null', '127.0.0.1:3000')).toBe(false);
    expect(sameOrigin('file://127.0.0.1:3000', '127.0.0.1:3000')).toBe(false);
    expect(sameOrigin('http://127.0.0.1:3000', undefined)).toBe(false);
  });
});
