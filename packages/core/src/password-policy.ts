/**
 * Password strength rules (the ones storefront vendors configure: Magento's
 * `customer/password/minimum_password_length` and `required_character_classes_number`, its
 * 256-character cap, no edge spaces, not the email). Returns the first rule broken, or null;
 * dialects word each one in their vendor's text.
 */
export const PasswordRule = {
  /** Shorter than the minimum length. */
  TOO_SHORT: "TOO_SHORT",
  /** Longer than the maximum length. */
  TOO_LONG: "TOO_LONG",
  /** Starts or ends with white space. */
  EDGE_SPACE: "EDGE_SPACE",
  /** Fewer character classes (lower, upper, digit, other) than required. */
  TOO_FEW_CLASSES: "TOO_FEW_CLASSES",
  /** Equal to the account's email address. */
  SAME_AS_EMAIL: "SAME_AS_EMAIL",
} as const;
export type PasswordRule = (typeof PasswordRule)[keyof typeof PasswordRule];

export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
  /** Of lower case, upper case, digits and other characters (ASCII classes, as Magento counts them), how many kinds must occur. */
  requiredClasses: number;
}

export function checkPassword(
  password: string,
  policy: PasswordPolicy,
  email?: string | null,
): PasswordRule | null {
  const length = [...password].length;
  if (length > policy.maxLength) return PasswordRule.TOO_LONG;
  if (length < policy.minLength) return PasswordRule.TOO_SHORT;
  if (password.trim() !== password) return PasswordRule.EDGE_SPACE;
  const classes =
    Number(/[a-z]/.test(password)) +
    Number(/[A-Z]/.test(password)) +
    Number(/[0-9]/.test(password)) +
    Number(/[^a-zA-Z0-9]/.test(password));
  if (classes < policy.requiredClasses) return PasswordRule.TOO_FEW_CLASSES;
  if (email && password.toLowerCase() === email.toLowerCase()) return PasswordRule.SAME_AS_EMAIL;
  return null;
}
