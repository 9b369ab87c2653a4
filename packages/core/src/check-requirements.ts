import type { CustomerState } from "./apply-patch.ts";
import { FieldCode, type FieldError, type Path } from "./errors.ts";
import type { CustomerPatch, RequiredTarget, Requirement, UpsertInput } from "./model.ts";

// UpsertInput.required: a dialect's required fields, checked by core (see Requirement).

/** Where a requirement's error points for one patch. */
export function requirementPath(
  req: Requirement,
  side: "onCreate" | "onUpdate",
): (string | number)[] {
  const p = req.path;
  if (p && !Array.isArray(p)) return [...(p as { onCreate: Path; onUpdate: Path })[side]];
  if (p) return [...(p as Path)];
  const t = req.anyOf[0];
  return typeof t === "string" ? [side, t] : [side, "identifiers"];
}

export const requirementError = (req: Requirement, side: "onCreate" | "onUpdate"): FieldError => {
  const t = req.anyOf[0];
  const name = typeof t === "string" ? t : (t?.identifier.toLowerCase() ?? "value");
  const e: FieldError = {
    path: requirementPath(req, side),
    code: req.code ?? FieldCode.BLANK,
    message: req.message ?? `${name} can't be blank`,
  };
  if (t && typeof t !== "string") e.identifierKind = t.identifier;
  return e;
};

/** A patch that sets a single-field requirement to blank (null after trimming) breaks it. */
export function blanked(
  req: Requirement,
  patch: CustomerPatch,
  side: "onCreate" | "onUpdate",
  errors: FieldError[],
): void {
  const t = req.anyOf.length === 1 ? req.anyOf[0] : undefined;
  if (typeof t === "string" && patch[t] === null) errors.push(requirementError(req, side));
}

const blank = (v: unknown) =>
  v === null || v === undefined || (typeof v === "string" && v.trim() === "");

/** Requirements the result breaks: every one on create; on update, those the patch touches. */
export function missing(
  state: CustomerState,
  input: UpsertInput,
  patch: CustomerPatch,
  side: "onCreate" | "onUpdate",
): FieldError[] {
  if (!input.required) return [];
  const errors: FieldError[] = [];
  for (const req of input.required) {
    if (side === "onUpdate" && !req.anyOf.some((t) => touches(patch, t))) continue;
    const met = req.anyOf.some((t) =>
      typeof t === "string"
        ? !blank(state[t])
        : state.identifiers.some((i) => i.kind === t.identifier),
    );
    if (!met) errors.push(requirementError(req, side));
  }
  return errors;
}

function touches(patch: CustomerPatch, t: RequiredTarget): boolean {
  if (typeof t === "string") return patch[t] !== undefined;
  const k = t.identifier;
  return (
    !!patch.identifiers?.some((i) => i.kind === k) ||
    !!patch.removeIdentifiers?.some((i) => i.kind === k) ||
    !!patch.clearIdentifiers?.some((i) => i.kind === k)
  );
}
