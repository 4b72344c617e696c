/** Every error the Open API answers with: HTTP status and the default whole-sentence message. */
export const API_ERRORS = {
  InvalidParameter: { status: 400, message: 'The request parameters are not valid.' },
  MissingAuthorization: {
    status: 401,
    message:
      'The request is not signed. Send Authorization, x-cnc-accessKey and x-cnc-timestamp headers as the CNC-HMAC-SHA256 scheme describes.',
  },
  InvalidAccessKeyId: { status: 401, message: 'The AccessKey ID does not exist.' },
  SignatureDoesNotMatch: {
    status: 401,
    message:
      'The request signature does not match. Check the AccessKey Secret and how the request is signed.',
  },
  RequestExpired: {
    status: 401,
    message:
      'The request timestamp is more than 5 minutes away from the server time. Sign the request again with the current time.',
  },
  AccessKeyExpired: {
    status: 401,
    message:
      'The AccessKey has expired. Create a new AccessKey in AccessKey Management and move your programs to it.',
  },
  AccessKeyDisabled: {
    status: 403,
    message: 'The AccessKey is disabled. Enable it in AccessKey Management to use it.',
  },
  ProgrammaticAccessDenied: {
    status: 403,
    message:
      'The account does not have Programmatic Access. An administrator must grant it before its AccessKeys can be used.',
  },
  AccountDisabled: { status: 403, message: 'The account that owns this AccessKey is disabled.' },
  SourceIpDenied: {
    status: 403,
    message:
      "This AccessKey may be used only from the addresses in its IP allow-list, and this request came from another one. Add the address to the key's allow-list in AccessKey Management, or call from an allowed address.",
  },
  Forbidden: { status: 403, message: 'Only administrators can call this API.' },
  ProductAccessDenied: {
    status: 403,
    message:
      'This AccessKey is not allowed to call this product. Add the product to the key in AccessKey Management.',
  },
  NotFound: { status: 404, message: 'No such API.' },
  ProductNotFound: { status: 404, message: 'No enabled product has this slug.' },
  MethodNotAllowed: { status: 405, message: 'The method is not allowed for this API.' },
  ReplayedRequest: {
    status: 409,
    message:
      'This signed request was already received. Sign every state-changing request anew, with a fresh timestamp.',
  },
  Conflict: {
    status: 409,
    message: 'The change conflicts with the current state of the resource.',
  },
  RequestBodyNotForwarded: {
    status: 400,
    message:
      'The original request may carry a body that the proxy did not pass along, and the signature covers the body. Pass the body to /api/v1/authorize (Envoy: with_request_body) or send the request through /gateway/{slug}/.',
  },
  TooManyRequests: {
    status: 429,
    message:
      'This AccessKey sent too many requests. Wait the seconds given in Retry-After and try again.',
  },
  PayloadTooLarge: {
    status: 413,
    message:
      "The request body is larger than the limit: 1 MiB for the Open API, the product's limit for the gateway.",
  },
  InternalError: { status: 500, message: 'The request could not be processed. Try again later.' },
  UpstreamUnavailable: {
    status: 502,
    message: "The product's upstream refused or dropped the connection. Try again later.",
  },
  UpstreamTimeout: {
    status: 504,
    message: "The product's upstream did not answer within the product's timeout.",
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export const API_ERROR_CODES = Object.keys(API_ERRORS) as ApiErrorCode[];

export class ApiError extends Error {
  readonly status: number;
  /** The key whose call this refuses, once its signature verified (for the request's outcome). */
  accessKeyId?: string;
  /** That key's row (access_keys.id): usage counts the refused call against it. */
  keyId?: number;

  constructor(
    readonly code: ApiErrorCode,
    message: string = API_ERRORS[code].message,
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    // An ApiError is an answer, not a fault: skipping the stack trace keeps a flood of rejected
    // requests as cheap as accepted ones.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.status = API_ERRORS[code].status;
  }
}

/** Names the verified key on an ApiError thrown while `work` runs, so the outcome can count it. */
export async function onBehalfOf<T>(
  key: { keyId: number; accessKeyId: string },
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ApiError && error.accessKeyId === undefined) {
      error.accessKeyId = key.accessKeyId;
      error.keyId = key.keyId;
    }
    throw error;
  }
}
