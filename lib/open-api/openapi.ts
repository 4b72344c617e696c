import { z } from 'zod';
import { API_ERRORS, type ApiErrorCode } from './errors';
import {
  LEAK_REPORT_PATH,
  LEAK_REPORTS_PER_WINDOW,
  MAX_LEAK_REPORT_BYTES,
} from './leaked-credentials';
import { ROUTES, type Route } from './routes';
import { apiSchemas, leakReceiptSchema, leakReportSchema } from './schemas';

/** Answers every signed call can get, whatever the route. */
export const SIGNED_CALL_ERRORS: readonly ApiErrorCode[] = [
  'MissingAuthorization',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'RequestExpired',
  'AccessKeyExpired',
  'AccessKeyDisabled',
  'ProgrammaticAccessDenied',
  'AccountDisabled',
  'SourceIpDenied',
  'PayloadTooLarge',
  'InternalError',
];

const SIGNING_DESCRIPTION = `Every call under /api/v1 except this document is signed with an AccessKey as the provider's official SDKs sign (CNC-HMAC-SHA256):

\`\`\`
HashedPayload    = lowercase hex SHA-256 of the body ("" for GET or no body)
CanonicalRequest = METHOD \\n path \\n URL-decoded query ("" for POST) \\n
                   name ":" lowercase(value) \\n  for each signed header, sorted
                   \\n
                   signed header names, lowercase, sorted, ";"-joined \\n
                   HashedPayload
StringToSign     = "CNC-HMAC-SHA256" \\n x-cnc-timestamp \\n lowercase hex SHA-256(CanonicalRequest)
Signature        = lowercase hex HMAC-SHA256(AccessKey Secret, StringToSign)
\`\`\`

Send \`Authorization: CNC-HMAC-SHA256 Credential=<AccessKey ID>, SignedHeaders=content-type;host, Signature=<hex>\` with the x-cnc-accessKey, x-cnc-timestamp and x-cnc-auth-method headers. SignedHeaders may name any set of headers that includes host. The timestamp must be within 5 minutes of the server's clock; a state-changing request (POST, PUT, PATCH, DELETE) is accepted once, so sign each anew.`;

const HEADER_PARAMETERS = [
  {
    name: 'x-cnc-accessKey',
    in: 'header',
    required: true,
    description: 'The AccessKey ID, the same as the Credential in Authorization.',
    schema: { type: 'string' },
  },
  {
    name: 'x-cnc-timestamp',
    in: 'header',
    required: true,
    description: 'Signing time in Unix seconds; within 5 minutes of the server clock.',
    schema: { type: 'string', pattern: '^[0-9]{1,12}$' },
  },
  {
    name: 'x-cnc-auth-method',
    in: 'header',
    required: false,
    description: 'AKSK, as the SDKs send it.',
    schema: { type: 'string', const: 'AKSK' },
  },
  {
    name: 'Content-Type',
    in: 'header',
    required: false,
    description: 'Signed by default; the SDKs send application/json.',
    schema: { type: 'string', default: 'application/json' },
  },
];

const REQUEST_ID_HEADER = {
  description: 'Identifies this answer; quote it when reporting a problem.',
  schema: { type: 'string' },
};

type JsonSchema = Record<string, unknown>;

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const named = apiSchemas.get(schema)?.id;
  if (named !== undefined) return { $ref: `#/components/schemas/${named}` };
  return withoutSchemaIds(z.toJSONSchema(schema, { io, override: dropDateTimePattern }));
}

/** Components live inside the document, so they carry no $schema or $id of their own. */
function withoutSchemaIds(schema: object): JsonSchema {
  const copy: JsonSchema = { ...schema };
  delete copy.$schema;
  delete copy.$id;
  return copy;
}

function dropDateTimePattern(ctx: { jsonSchema: JsonSchema }) {
  if (ctx.jsonSchema.format === 'date-time') delete ctx.jsonSchema.pattern;
}

function errorResponses(codes: readonly ApiErrorCode[]) {
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of codes) {
    const status = API_ERRORS[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      String(status),
      {
        description: list.map((code) => `${code}: ${API_ERRORS[code].message}`).join('\n\n'),
        headers: { 'x-cnc-request-id': REQUEST_ID_HEADER },
        content: {
          'application/json': {
            schema: {
              allOf: [
                { $ref: '#/components/schemas/Error' },
                { properties: { code: { enum: list } } },
              ],
            },
          },
        },
      },
    ]),
  );
}

function operation(route: Route) {
  const parameters: JsonSchema[] = [...HEADER_PARAMETERS];
  for (const [name, schema] of Object.entries(route.params ?? {})) {
    parameters.push({ name, in: 'path', required: true, schema: toSchema(schema, 'input') });
  }
  for (const [name, schema] of Object.entries(route.query?.shape ?? {})) {
    const field = schema as z.ZodType;
    parameters.push({
      name,
      in: 'query',
      required: !field.safeParse(undefined).success,
      description: field.description,
      schema: toSchema(field, 'input'),
    });
  }
  const codes = new Set<ApiErrorCode>([...SIGNED_CALL_ERRORS, ...route.errors]);
  return {
    operationId: `${route.method.toLowerCase()}${route.path
      .replace('/api/v1', '')
      .replace(/\{|\}/g, '')
      .split(/[/-]/)
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join('')}`,
    summary: route.summary,
    security: [{ CncHmacSha256: [] }],
    parameters,
    ...(route.body && {
      requestBody: {
        required: true,
        content: { 'application/json': { schema: toSchema(route.body, 'input') } },
      },
    }),
    responses: {
      '200': {
        description: 'Success.',
        headers: { 'x-cnc-request-id': REQUEST_ID_HEADER },
        content: { 'application/json': { schema: toSchema(route.response, 'output') } },
      },
      ...errorResponses([...codes]),
    },
  };
}

function buildDocument() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = operation(route);
  }
  paths[LEAK_REPORT_PATH] = {
    post: {
      operationId: 'postLeakedCredentials',
      summary:
        'Report leaked AccessKey Secrets. Needs no signature: each Secret that belongs to a key disables it at once and its owner is mailed.',
      description: `Up to 100 reports, at most ${MAX_LEAK_REPORT_BYTES / 1024} KiB, at most ${LEAK_REPORTS_PER_WINDOW} requests per source address per 5 minutes. The answer is the same 202 whether or not anything matched.`,
      security: [],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: toSchema(leakReportSchema, 'input') } },
      },
      responses: {
        '202': {
          description: 'Received. Says nothing about whether a Secret matched a key.',
          headers: { 'x-cnc-request-id': REQUEST_ID_HEADER },
          content: { 'application/json': { schema: toSchema(leakReceiptSchema, 'output') } },
        },
        ...errorResponses([
          'InvalidParameter',
          'MethodNotAllowed',
          'PayloadTooLarge',
          'TooManyRequests',
          'InternalError',
        ]),
      },
    },
  };
  const authorize = (method: string) => ({
    operationId: `${method}Authorize`,
    summary:
      'Forward-auth for the gateway an operator already runs (nginx auth_request, Traefik forwardAuth, Caddy forward_auth, Envoy ext_authz).',
    description:
      "The proxy passes the client request's signing headers, names the original request (X-Original-Method and X-Original-URI, or X-Forwarded-Method and X-Forwarded-Uri; Envoy sends the original method and path after /api/v1/authorize) and the product (X-Gateway-Product). The signature is checked against the original request exactly as for the gateway. 200 carries the identity headers to copy upstream. POST, PUT and PATCH need the body passed along, since the signature covers it.",
    security: [{ CncHmacSha256: [] }],
    parameters: [
      ...HEADER_PARAMETERS,
      {
        name: 'X-Gateway-Product',
        in: 'header',
        required: true,
        description: 'The slug of the product the original request is for.',
        schema: { type: 'string' },
      },
    ],
    responses: {
      '200': {
        description: 'The request may pass.',
        headers: Object.fromEntries(
          [
            'X-AccessKey-Id',
            'X-Account-Id',
            'X-Account-Email',
            'X-Account-Role',
            'X-Request-Id',
            'X-Gateway-Timestamp',
            'X-Gateway-Signature',
          ].map((name) => [name, { schema: { type: 'string' } }]),
        ),
      },
      ...errorResponses([
        ...SIGNED_CALL_ERRORS,
        'InvalidParameter',
        'ProductNotFound',
        'ProductAccessDenied',
        'RequestBodyNotForwarded',
        'ReplayedRequest',
        'TooManyRequests',
      ]),
    },
  });
  paths['/api/v1/authorize'] = { get: authorize('get'), post: authorize('post') };
  paths['/api/v1/openapi.json'] = {
    get: {
      operationId: 'getOpenApiDocument',
      summary: 'This document. Needs no signature.',
      security: [],
      responses: {
        '200': { description: 'The OpenAPI 3.1 document.', content: { 'application/json': {} } },
      },
    },
  };
  const { schemas } = z.toJSONSchema(apiSchemas, {
    uri: (id) => `#/components/schemas/${id}`,
    override: dropDateTimePattern,
  });
  return {
    openapi: '3.1.0',
    info: {
      title: 'AccessKey Console Open API',
      version: '1.0.0',
      description: SIGNING_DESCRIPTION,
    },
    servers: [{ url: '/' }],
    security: [{ CncHmacSha256: [] }],
    paths,
    components: {
      securitySchemes: {
        CncHmacSha256: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description:
            'CNC-HMAC-SHA256 Credential=<AccessKey ID>, SignedHeaders=<names>, Signature=<hex>. See the description of this API for the signing steps.',
        },
      },
      schemas: Object.fromEntries(
        Object.entries(schemas).map(([id, schema]) => [id, withoutSchemaIds(schema)]),
      ),
    },
    'x-error-codes': Object.fromEntries(
      Object.entries(API_ERRORS).map(([code, { status, message }]) => [code, { status, message }]),
    ),
  };
}

let document: string | undefined;

/** The serialised document, built once from the route table and its zod schemas. */
export function openApiDocument(): string {
  document ??= JSON.stringify(buildDocument());
  return document;
}
