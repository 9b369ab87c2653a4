import { FieldCode, type FieldError } from "./errors.ts";

export interface PageArgs {
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}

/** Relay argument rules every paginated read shares: one of first/last, no first+before or last+after, 0..max. */
export function checkPageArgs(a: PageArgs, max = 100): FieldError[] {
  const errors: FieldError[] = [];
  if (a.first != null && a.last != null)
    errors.push({
      path: ["first"],
      code: FieldCode.INVALID,
      message: "Pass either first or last, not both",
    });
  if (a.first != null && a.before != null)
    errors.push({
      path: ["before"],
      code: FieldCode.INVALID,
      message: "first cannot be combined with before",
    });
  if (a.last != null && a.after != null)
    errors.push({
      path: ["after"],
      code: FieldCode.INVALID,
      message: "last cannot be combined with after",
    });
  for (const f of ["first", "last"] as const) {
    const v = a[f];
    if (v != null && (!Number.isInteger(v) || v < 0 || v > max))
      errors.push({
        path: [f],
        code: FieldCode.INVALID,
        message: `${f} must be between 0 and ${max}`,
      });
  }
  return errors;
}
