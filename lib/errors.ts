/**
 * A refusal whose message is a whole sentence written for the person using the console. Server
 * actions answer it as it is (lib/actions/validated-action.ts); any other error is logged and
 * answered with one fixed sentence, so no database or provider message reaches the browser.
 */
export class UserFacingError extends Error {}
