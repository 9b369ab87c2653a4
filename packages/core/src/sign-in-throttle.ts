import { clearSignInFailures, type Db, findSignInLocks, recordSignInFailure } from "@cg/db";
import { createBatcher } from "./upsert-batcher.ts";

/**
 * Whose sign-ins are counted: one login (e.g. a customer's email) of one kind in one tenant. The
 * kind names the counter, so a vendor with several (Magento: the token request throttler by email,
 * the customer account lockout by customer) keeps each under its own kind.
 */
export interface SignInKey {
  tenantId: string;
  /** The dialect's counter, e.g. "magento.token" or "magento.customer". */
  kind: string;
  login: string;
}

export interface ThrottleRule {
  /** Consecutive failures that lock the login. */
  maxFailures: number;
  /** How long the lock lasts. */
  lockSeconds: number;
}

/**
 * Sign-in throttling: consecutive failures of one login are counted in the database (so every
 * gateway process sees them), and at `maxFailures` the login is locked for `lockSeconds`, whatever
 * password comes next. A success clears the count. Dialects answer a locked login the way their
 * vendor does (Magento: the same generic message as a wrong password).
 */
export function createSignInThrottle(db: Db, now: () => number) {
  // Checked on every authenticated storefront request: concurrent checks share one statement
  // (each key as of its own call's time), as concurrent upserts do.
  const locks = createBatcher(
    (keys: (SignInKey & { now: Date })[]) => findSignInLocks(db.sql, keys),
    { maxInFlight: 4 },
  );
  return {
    /** When the login is locked until, or null when a sign-in may be tried. */
    lockedUntil: (k: SignInKey): Promise<Date | null> =>
      locks({ tenantId: k.tenantId, kind: k.kind, login: k.login, now: new Date(now()) }),
    /** Counts a failure; answers when the login is now locked until (null: not locked). */
    failed: (k: SignInKey, rule: ThrottleRule): Promise<Date | null> =>
      recordSignInFailure(db.sql, k, new Date(now()), rule),
    succeeded: (k: SignInKey): Promise<void> => clearSignInFailures(db.sql, k),
  };
}
