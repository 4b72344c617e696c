import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALGORITHM,
  EMPTY_PAYLOAD_HASH,
  canonicalRequest,
  hashPayload,
  parseAuthorization,
  signRequest,
  signature,
  stringToSign,
  verifySignature,
} from './signing';

const AK = 'AKEXAMPLE';
const SK = 'SKEXAMPLE';
const TIMESTAMP = 1700000000;
const BASE = 'https://api.cdnetworks.com';
const HEADERS = { 'content-type': 'application/json', host: 'api.cdnetworks.com' };
const SIGNED = ['content-type', 'host'];
const PURGE_BODY = '{"urls":["http://www.example.com/a.jpg"]}';
const GET_SIGNATURE = '7695f6a94b90e1e019f5ddc93a3a9acfd823c198589f60dcd6da21e54dcb4fbc';
const POST_SIGNATURE = 'ef8e308582c211e66200334c112a13bc9df9467cbee56077508f315aa25ea718';

function signatureOf(headers: Record<string, string>) {
  const parsed = parseAuthorization(headers.Authorization);
  if (!parsed) throw new Error(`unparseable Authorization: ${headers.Authorization}`);
  return parsed.signature;
}

function sign(method: string, pathWithQuery: string, body?: string | Uint8Array) {
  return signRequest({
    accessKeyId: AK,
    secret: SK,
    method,
    url: BASE + pathWithQuery,
    body,
    timestamp: TIMESTAMP,
  });
}

/** What a server sees: split path and query, lowercase header names, Host from the URL. */
function received(method: string, url: string, sent: Record<string, string>, body?: string) {
  const parsedUrl = new URL(url);
  const headers: Record<string, string> = { host: parsedUrl.host };
  for (const [name, value] of Object.entries(sent)) headers[name.toLowerCase()] = value;
  const auth = parseAuthorization(headers.authorization);
  if (!auth) throw new Error('unparseable Authorization');
  return {
    secret: SK,
    method,
    path: parsedUrl.pathname,
    query: parsedUrl.search.slice(1),
    headers,
    signedHeaders: auth.signedHeaders,
    timestamp: headers['x-cnc-timestamp'],
    payloadHash: hashPayload(body, method),
    signature: auth.signature,
  };
}

describe('known answers', () => {
  it('signs GET /user/control-groups like the SDK', () => {
    expect(signatureOf(sign('GET', '/user/control-groups'))).toBe(GET_SIGNATURE);
  });

  it('signs POST /ccm/purge/ItemIdReceiver like the SDK', () => {
    expect(signatureOf(sign('POST', '/ccm/purge/ItemIdReceiver', PURGE_BODY))).toBe(POST_SIGNATURE);
  });

  it('builds the same answers from the primitives', () => {
    const canonical = canonicalRequest({
      method: 'POST',
      path: '/ccm/purge/ItemIdReceiver',
      query: '',
      headers: HEADERS,
      signedHeaders: SIGNED,
      payloadHash: hashPayload(PURGE_BODY, 'POST'),
    });
    expect(signature(SK, stringToSign(String(TIMESTAMP), canonical))).toBe(POST_SIGNATURE);
  });

  it('sends the full SDK header set', () => {
    expect(sign('GET', '/user/control-groups')).toEqual({
      'Content-Type': 'application/json',
      'x-cnc-accessKey': AK,
      'x-cnc-timestamp': '1700000000',
      'x-cnc-auth-method': 'AKSK',
      Authorization: `${ALGORITHM} Credential=${AK}, SignedHeaders=content-type;host, Signature=${GET_SIGNATURE}`,
    });
  });
});

describe('canonicalRequest', () => {
  const base = {
    method: 'GET',
    path: '/p',
    query: '',
    headers: HEADERS,
    signedHeaders: SIGNED,
    payloadHash: EMPTY_PAYLOAD_HASH,
  };

  it('lays out the request with a blank line after the headers', () => {
    expect(canonicalRequest(base)).toBe(
      `GET\n/p\n\ncontent-type:application/json\nhost:api.cdnetworks.com\n\ncontent-type;host\n${EMPTY_PAYLOAD_HASH}`,
    );
  });

  it('URL-decodes the query, "+" included', () => {
    expect(canonicalRequest({ ...base, query: 'a=%2Fx%20y&b=1' }).split('\n')[2]).toBe(
      'a=/x y&b=1',
    );
    expect(canonicalRequest({ ...base, query: 'q=a+b%2Bc' }).split('\n')[2]).toBe('q=a b+c');
    expect(canonicalRequest({ ...base, query: 'name=%E4%B8%AD' }).split('\n')[2]).toBe('name=中');
  });

  it('refuses a malformed escape instead of signing an empty query', () => {
    expect(() => canonicalRequest({ ...base, query: 'a=%zz' })).toThrow(TypeError);
    expect(() => canonicalRequest({ ...base, query: 'a=%4' })).toThrow(TypeError);
    expect(() => canonicalRequest({ ...base, query: 'a=%FF' })).toThrow(TypeError);
  });

  it('leaves the query of a POST out, but not of PUT or DELETE', () => {
    expect(sign('POST', '/p?x=1', PURGE_BODY)).toEqual(sign('POST', '/p', PURGE_BODY));
    expect(canonicalRequest({ ...base, method: 'POST', query: 'a=%zz' }).split('\n')[2]).toBe('');
    expect(sign('PUT', '/p?x=1', PURGE_BODY)).not.toEqual(sign('PUT', '/p', PURGE_BODY));
    expect(sign('DELETE', '/p?x=1')).not.toEqual(sign('DELETE', '/p'));
  });

  it('lowercases header values without trimming them', () => {
    const mixed = { 'content-type': 'Application/JSON', host: 'API.CDNetworks.com' };
    expect(canonicalRequest({ ...base, headers: mixed })).toBe(canonicalRequest(base));
    const padded = { ...HEADERS, host: ' api.cdnetworks.com' };
    expect(canonicalRequest({ ...base, headers: padded })).not.toBe(canonicalRequest(base));
  });

  it('sorts the signed headers whatever order they are listed in', () => {
    const reversed = canonicalRequest({ ...base, signedHeaders: ['Host', 'Content-Type'] });
    expect(reversed).toBe(canonicalRequest(base));
    expect(reversed.indexOf('content-type:')).toBeLessThan(reversed.indexOf('host:'));
  });

  it('includes the port in the signed host when it is not the default', () => {
    const withPort = signRequest({
      accessKeyId: AK,
      secret: SK,
      method: 'GET',
      url: 'http://localhost:3000/user/control-groups',
      timestamp: TIMESTAMP,
    });
    expect(
      verifySignature(received('GET', 'http://localhost:3000/user/control-groups', withPort)),
    ).toBe(true);
    expect(signatureOf(sign('GET', ':443/user/control-groups'))).toBe(GET_SIGNATURE);
  });
});

describe('hashPayload', () => {
  it('treats no body, an empty body and any GET body as the empty payload', () => {
    expect(EMPTY_PAYLOAD_HASH).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(hashPayload(undefined)).toBe(EMPTY_PAYLOAD_HASH);
    expect(hashPayload('')).toBe(EMPTY_PAYLOAD_HASH);
    expect(hashPayload(new Uint8Array())).toBe(EMPTY_PAYLOAD_HASH);
    expect(hashPayload(PURGE_BODY, 'GET')).toBe(EMPTY_PAYLOAD_HASH);
    expect(hashPayload(PURGE_BODY, 'POST')).not.toBe(EMPTY_PAYLOAD_HASH);
  });

  it('hashes strings as UTF-8, the same as their bytes', () => {
    const body = '{"name":"中文"}';
    expect(hashPayload(body)).toBe(hashPayload(new TextEncoder().encode(body)));
  });

  it('hashes a pretty-printed body byte for byte, so a re-serialised one fails', () => {
    const pretty = JSON.stringify({ urls: ['http://www.example.com/a.jpg'] }, null, '\t');
    const url = `${BASE}/ccm/purge/ItemIdReceiver`;
    const sent = sign('POST', '/ccm/purge/ItemIdReceiver', pretty);
    const asBytes = {
      ...received('POST', url, sent),
      payloadHash: hashPayload(Buffer.from(pretty)),
    };
    expect(verifySignature(asBytes)).toBe(true);
    const reserialised = JSON.stringify(JSON.parse(pretty));
    expect(verifySignature(received('POST', url, sent, reserialised))).toBe(false);
  });
});

describe('parseAuthorization', () => {
  const valid = `${ALGORITHM} Credential=${AK}, SignedHeaders=content-type;host, Signature=${GET_SIGNATURE}`;

  it('accepts the SDK format', () => {
    expect(parseAuthorization(valid)).toEqual({
      accessKeyId: AK,
      signedHeaders: ['content-type', 'host'],
      signature: GET_SIGNATURE,
    });
  });

  it('tolerates extra spaces and header-name case', () => {
    const spaced = `  ${ALGORITHM}   Credential = ${AK} ,SignedHeaders= Host ; Content-Type ,  Signature=${GET_SIGNATURE}  `;
    expect(parseAuthorization(spaced)).toEqual({
      accessKeyId: AK,
      signedHeaders: ['host', 'content-type'],
      signature: GET_SIGNATURE,
    });
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['the algorithm alone', ALGORITHM],
    ['another algorithm', valid.replace(ALGORITHM, 'AWS4-HMAC-SHA256')],
    ['a lowercase algorithm', valid.replace(ALGORITHM, ALGORITHM.toLowerCase())],
    ['no space after the algorithm', valid.replace(`${ALGORITHM} `, ALGORITHM)],
    ['a missing Credential', `${ALGORITHM} SignedHeaders=host, Signature=${GET_SIGNATURE}`],
    ['an empty Credential', valid.replace(`Credential=${AK}`, 'Credential=')],
    ['a Credential with spaces', valid.replace(`Credential=${AK}`, 'Credential=AK EXAMPLE')],
    ['a missing Signature', `${ALGORITHM} Credential=${AK}, SignedHeaders=host`],
    ['a short signature', valid.slice(0, -1)],
    ['a long signature', `${valid}0`],
    ['a non-hex signature', valid.replace(/.$/, 'g')],
    ['an uppercase signature', valid.replace(GET_SIGNATURE, GET_SIGNATURE.toUpperCase())],
    ['SignedHeaders without host', valid.replace('content-type;host', 'content-type')],
    ['an empty header name', valid.replace('content-type;host', 'content-type;;host')],
    ['a trailing semicolon', valid.replace('content-type;host', 'content-type;host;')],
    ['a duplicate header name', valid.replace('content-type;host', 'host;content-type;HOST')],
    ['an invalid header name', valid.replace('content-type;host', 'content type;host')],
    ['a duplicated part', `${valid}, Signature=${GET_SIGNATURE}`],
    ['an unknown part', valid.replace('SignedHeaders=', 'Headers=')],
    ['a part without "="', valid.replace('Credential=', 'Credential ')],
    ['over 4096 characters', valid + ' '.repeat(4097 - valid.length)],
  ])('rejects %s', (_, header) => {
    expect(parseAuthorization(header)).toBeNull();
  });

  it('accepts up to 4096 characters', () => {
    expect(parseAuthorization(valid + ' '.repeat(4096 - valid.length))).not.toBeNull();
  });

  it('never throws, and whatever it accepts is well formed', () => {
    const fragments = fc.constantFrom(
      ALGORITHM,
      ' ',
      '\t',
      ',',
      '=',
      ';',
      'Credential',
      'SignedHeaders',
      'Signature',
      'host',
      'content-type',
      AK,
      GET_SIGNATURE,
      'a',
      '0',
    );
    const candidates = fc.oneof(
      fc.string(),
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: fragments }),
    );
    fc.assert(
      fc.property(candidates, (header) => {
        const parsed = parseAuthorization(header);
        if (parsed === null) return;
        expect(parsed.signature).toMatch(/^[0-9a-f]{64}$/);
        expect(parsed.signedHeaders).toContain('host');
        expect(new Set(parsed.signedHeaders).size).toBe(parsed.signedHeaders.length);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('verifySignature', () => {
  const url = `${BASE}/ccm/purge/ItemIdReceiver?scope=a%20b`;
  const sent = signRequest({
    accessKeyId: AK,
    secret: SK,
    method: 'PUT',
    url,
    body: PURGE_BODY,
    timestamp: TIMESTAMP,
  });
  const request = received('PUT', url, sent, PURGE_BODY);

  it('accepts what signRequest produced', () => {
    expect(verifySignature(request)).toBe(true);
  });

  it('accepts the known-answer GET as the server receives it', () => {
    const getUrl = `${BASE}/user/control-groups`;
    expect(verifySignature(received('GET', getUrl, sign('GET', '/user/control-groups')))).toBe(
      true,
    );
  });

  it('rejects one flipped signature character', () => {
    const last = request.signature.at(-1) === '0' ? '1' : '0';
    expect(verifySignature({ ...request, signature: request.signature.slice(0, -1) + last })).toBe(
      false,
    );
  });

  it('rejects another secret, timestamp, method, path, query or body', () => {
    expect(verifySignature({ ...request, secret: 'SKOTHER' })).toBe(false);
    expect(verifySignature({ ...request, timestamp: String(TIMESTAMP + 1) })).toBe(false);
    expect(verifySignature({ ...request, method: 'DELETE' })).toBe(false);
    expect(verifySignature({ ...request, path: '/ccm/purge/Other' })).toBe(false);
    expect(verifySignature({ ...request, query: 'scope=a%20c' })).toBe(false);
    expect(verifySignature({ ...request, payloadHash: hashPayload('{}') })).toBe(false);
  });

  it('fails rather than throws on a missing or repeated signed header', () => {
    const withoutHost: Record<string, string> = { ...request.headers };
    delete withoutHost.host;
    expect(verifySignature({ ...request, headers: withoutHost })).toBe(false);
    const twoHosts = { ...request.headers, host: ['api.cdnetworks.com', 'api.cdnetworks.com'] };
    expect(verifySignature({ ...request, headers: twoHosts })).toBe(false);
    const blankContentType = { ...request.headers, 'content-type': undefined };
    expect(verifySignature({ ...request, headers: blankContentType })).toBe(false);
  });

  it('fails rather than throws on a malformed signature or query', () => {
    expect(verifySignature({ ...request, signature: 'abc' })).toBe(false);
    expect(verifySignature({ ...request, signature: request.signature.toUpperCase() })).toBe(false);
    expect(verifySignature({ ...request, signature: 'z'.repeat(64) })).toBe(false);
    expect(verifySignature({ ...request, query: 'scope=%zz' })).toBe(false);
  });
});
