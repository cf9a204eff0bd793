import { easternWallTimeToUtc } from "./eastern-time.js";

/** Standard equity options stop trading at the 16:00 ET close of their expiration date. */
export const OPTION_EXPIRY_HOUR_ET = 16;

/**
 * The instant an option stops trading. Pass `closeOnExpirationDay` when the caller has the calendar's
 * close for that very day (an early close moves the expiry with it); otherwise 16:00 ET is assumed.
 */
export function optionExpiresAt(expiration: string, closeOnExpirationDay?: Date | null): Date {
  return closeOnExpirationDay ?? easternWallTimeToUtc(expiration, OPTION_EXPIRY_HOUR_ET, 0);
}
