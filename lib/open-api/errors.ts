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
  NotFound: { status: 404, message: 'No such API.' },
  MethodNotAllowed: { status: 405, message: 'The method is not allowed for this API.' },
  ReplayedRequest: {
    status: 409,
    message:
      'This signed request was already received. Sign every state-changing request anew, with a fresh timestamp.',
  },
  TooManyRequests: {
    status: 429,
    message:
      'This AccessKey sent too many requests. Wait the seconds given in Retry-After and try again.',
  },
  PayloadTooLarge: { status: 413, message: 'The request body is larger than 1 MiB.' },
  InternalError: { status: 500, message: 'The request could not be processed. Try again later.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export const API_ERROR_CODES = Object.keys(API_ERRORS) as ApiErrorCode[];

export class ApiError extends Error {
  readonly status: number;

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
