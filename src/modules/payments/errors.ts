/**
 * What can go wrong talking to a gateway. Messages carry gateway codes and field names only, never a payload, so
 * they are safe to log.
 */
export class PaymentError extends Error {
  constructor(
    readonly gateway: string,
    message: string,
  ) {
    super(`${gateway}: ${message}`);
    this.name = new.target.name;
  }
}

/**
 * The gateway did not answer usefully: network error, timeout, 5xx or a maintenance code. The request may still
 * have been processed (a timed-out execute can have captured the money), so the outcome is unknown: reconcile with
 * verify, never mark the attempt failed.
 */
export class GatewayUnavailable extends PaymentError {
  constructor(
    gateway: string,
    readonly reason: 'timeout' | 'network' | 'http_5xx' | 'maintenance',
    detail = '',
  ) {
    super(gateway, `unavailable (${reason}${detail ? `: ${detail}` : ''})`);
  }
}

/** The gateway refused our credentials or terminal: nothing will work until the shop's settings are fixed. */
export class GatewayConfigError extends PaymentError {
  constructor(
    gateway: string,
    readonly code: string,
  ) {
    super(gateway, `configuration refused (code ${code})`);
  }
}

/** The gateway refused this request (duplicate reference, amount out of range, unknown payment…). */
export class GatewayRejected extends PaymentError {
  constructor(
    gateway: string,
    readonly code: string,
  ) {
    super(gateway, `request refused (code ${code})`);
  }
}

/** A notification or return whose signature does not verify, or that names another merchant. */
export class SignatureInvalid extends PaymentError {
  constructor(gateway: string, detail = 'signature does not verify') {
    super(gateway, detail);
  }
}

/** A message without the documented shape (missing field, amount that is not a whole number of minor units). */
export class MalformedMessage extends PaymentError {}

/** A genuine message about a payment that does not match the attempt it names. */
export class PaymentMismatch extends PaymentError {
  constructor(
    gateway: string,
    readonly field: 'amount' | 'currency' | 'reference',
  ) {
    super(gateway, `${field} does not match the attempt`);
  }
}
